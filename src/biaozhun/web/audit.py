"""Audit events as sentences (issue 16 §2): "王科长 批准了 奖励申请「JL-2014-0001」", with the
changed values as "状态:市局审核 → 已批准" — never the raw key (``notification.endpoint_remove``)
or a Python dict.

The action ``"<noun>.<verb>"`` (``programme.<registry>.<verb>``) names the object and the verb
from the tables below; a changed field is named by the audited model's field (its choices give
the value's label) or by ``KEYS``. What none of them knows is still written in words ("更新了",
"其他"), so a new action never shows code; add it to the tables to name it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from biaozhun.common.choices import bilingual, split_label
from biaozhun.common.i18n import bi

NOUNS: dict[str, tuple[str, str]] = {
    "alert": ("通报提醒", "alert"),
    "api_token": ("接口令牌", "API token"),
    "briefing": ("通报简报", "briefing"),
    "catalogue": ("标准目录", "catalogue"),
    "comment": ("评议意见", "comment"),
    "consult_settings": ("咨询站设置", "enquiry station settings"),
    "contact": ("联系人", "contact"),
    "desk_settings": ("评议台设置", "comment desk settings"),
    "enquiry": ("咨询", "enquiry"),
    "enterprise": ("企业", "enterprise"),
    "export_profile": ("出口档案", "export profile"),
    "import_job": ("导入任务", "import job"),
    "incentive_application": ("奖励申请", "incentive application"),
    "incentive_award": ("奖励发放记录", "incentive awards"),
    "incentive_budget": ("奖励预算", "incentive budget"),
    "incentive_policy": ("奖励政策", "incentive policy"),
    "notification": ("WTO 通报", "WTO notification"),
    "regulation": ("技术法规", "technical regulation"),
    "submission": ("评议汇总", "comment submission"),
    "translation": ("通报译文", "translation"),
    "user": ("用户", "user"),
    "validity_check": ("标准查新", "validity check"),
    "watch_alert": ("关注标准提醒", "watch-list alert"),
    "watched_standard": ("关注标准", "watched standard"),
    # programme.<part>
    "task": ("交办任务", "task"),
    "event": ("宣传活动", "event"),
    "group_member": ("领导小组成员", "leadership group member"),
    "news": ("工作动态", "news item"),
    "inspection": ("督查记录", "inspection"),
}

VERBS: dict[str, tuple[str, str]] = {
    "create": ("新建了", "created"),
    "update": ("修改了", "updated"),
    "delete": ("删除了", "deleted"),
    "import": ("导入了", "imported"),
    "import_create": ("通过导入新建了", "created by import"),
    "import_update": ("通过导入更新了", "updated by import"),
    "register": ("注册了", "registered"),
    "approve": ("批准了", "approved"),
    "reject": ("驳回了", "rejected"),
    "submit": ("提交了", "submitted"),
    "withdraw": ("撤回了", "withdrew"),
    "accept": ("受理了", "accepted"),
    "return": ("退回了", "returned"),
    "forward": ("报送市局:", "forwarded to the bureau"),
    "pay": ("登记了支付:", "recorded the payment of"),
    "payment": ("登记了部分支付:", "recorded a part payment of"),
    "attach": ("上传了附件:", "attached a file to"),
    "acknowledge": ("确认收到了", "acknowledged"),
    "read": ("阅读了", "read"),
    "read_all": ("全部标为已读:", "marked all read:"),
    "feedback": ("反馈了", "gave feedback on"),
    "match": ("匹配并提醒了", "matched and alerted"),
    "refresh_risks": ("重新评估了风险:", "re-assessed the risks of"),
    "revoke": ("吊销了", "revoked"),
    "subscribe": ("订阅了", "subscribed to"),
    "transitions": ("更新了状态变化:", "recorded status changes in"),
    "transition": ("更新了状态:", "changed the state of"),
    "evidence": ("补充了证据:", "added evidence to"),
    "merge": ("汇总了", "merged"),
    "answer": ("答复了", "answered"),
    "ask": ("提出了", "asked"),
    "assign": ("分派了", "assigned"),
    "publish": ("公开了", "published"),
    "unpublish": ("撤下了", "unpublished"),
    "rate": ("评价了", "rated"),
    "year_list": ("登记了年度名单:", "listed for a year:"),
    "add_product": ("添加了出口产品:", "added a product to"),
    "remove_product": ("移除了出口产品:", "removed a product from"),
    "set_market": ("设置了出口市场:", "set a market of"),
    "remove_market": ("移除了出口市场:", "removed a market from"),
    "replace": ("整体更新了", "replaced"),
    "set": ("设定了", "set"),
    "endpoint_add": ("添加了接收渠道:", "added a delivery channel for"),
    "endpoint_remove": ("移除了接收渠道:", "removed a delivery channel of"),
    "preference": ("修改了提醒偏好:", "changed the alert preferences for"),
    "reclassify": ("重新分类了", "reclassified"),
    "correct_classification": ("更正了分类:", "corrected the classification of"),
    "reset_classification": ("恢复了自动分类:", "reset the classification of"),
    "desk_retried": ("重新投递了", "retried the delivery of"),
    "desk_dismissed": ("忽略了投递失败:", "dismissed the failed delivery of"),
    "write": ("撰写了", "wrote"),
    "progress": ("报送了进展:", "reported progress on"),
}

#: actions whose object is not what their prefix names: the notify app's channels and
#: deliveries are audited as "notification.*" like the WTO notifications
ACTIONS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "notification.endpoint_add": (("通知渠道", "notification channel"), ("添加了", "added")),
    "notification.endpoint_remove": (("通知渠道", "notification channel"), ("停用了", "removed")),
    "notification.preference": (
        ("通知接收方式", "notification preferences"),
        ("修改了", "changed"),
    ),
    "notification.desk_retried": (("失败的投递", "failed delivery"), ("重新投递了", "retried")),
    "notification.desk_dismissed": (("失败的投递", "failed delivery"), ("忽略了", "dismissed")),
}

#: names of changed values that are not fields of the audited model
KEYS: dict[str, tuple[str, str]] = {
    "state": ("状态", "state"),
    "status": ("状态", "status"),
    "confirmation": ("确认状态", "confirmation"),
    "note": ("说明", "note"),
    "amount": ("金额(元)", "amount (yuan)"),
    "counts": ("数量", "counts"),
    "lines": ("行数", "lines"),
    "added": ("新增", "added"),
    "skipped": ("跳过", "skipped"),
    "created": ("新建", "created"),
    "updated": ("更新", "updated"),
    "unchanged": ("未变", "unchanged"),
    "realerted": ("再次提醒", "re-alerted"),
    "records": ("记录", "records"),
    "trigger": ("触发", "trigger"),
    "check": ("查新编号", "check"),
    "products": ("出口产品", "products"),
    "markets": ("出口市场", "markets"),
    "all_markets": ("全部市场", "all markets"),
    "listed": ("列入", "listed"),
    "year": ("年度", "year"),
    "kind": ("类别", "kind"),
    "format": ("格式", "format"),
    "response_hours": ("答复用时(小时)", "response time (hours)"),
    "anonymise": ("匿名公开", "anonymised"),
    "expert": ("专家", "expert"),
    "topic": ("主题", "topic"),
    "role": ("角色", "role"),
    "task": ("待办编号", "task"),
    "credit_code": ("统一社会信用代码", "credit code"),
    "symbol": ("通报编号", "symbol"),
    "market": ("市场", "market"),
    "subject": ("项目", "subject"),
    "voucher_number": ("凭证号", "voucher number"),
    "paid_on": ("支付日期", "paid on"),
    "current": ("现行", "current"),
    "upcoming": ("即将实施", "upcoming"),
    "replaced": ("被代替", "replaced"),
    "withdrawn": ("废止", "withdrawn"),
    "unknown": ("未找到", "not found"),
}


def _noun_verb(action: str) -> tuple[tuple[str, str], tuple[str, str]]:
    if action in ACTIONS:
        return ACTIONS[action]
    parts = action.split(".")
    verb = parts[-1] if len(parts) > 1 else ""
    if parts[0] == "programme" and len(parts) >= 3:
        from biaozhun.programme.registries import REGISTRIES

        registry = REGISTRIES.get(parts[1])
        noun = (registry.title_zh, registry.title_en) if registry else NOUNS.get(parts[1])
    else:
        noun = NOUNS.get(parts[0])
    return (
        noun or ("记录", "record"),
        VERBS.get(verb, ("更新了", "updated")),
    )


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: Any, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _key_label(model: Any, key: str) -> str:
    if key in KEYS:
        return bi(*KEYS[key])
    field = _field(model, key)
    verbose = str(getattr(field, "verbose_name", "") or "")
    pair = split_label(verbose)
    if pair:
        return bi(*pair)
    if verbose and (verbose != key.replace("_", " ")):
        return verbose
    return bi("其他", "other")


def _choice_label(model: Any, key: str, value: Any, siblings: tuple[Any, ...]) -> str | None:
    """The label of ``value`` among the choices of the field ``key``: the audited model's, else
    that of the model whose field ``key`` knows ``value`` and its ``siblings`` (both ends of a
    state change)."""
    wanted = {str(v) for v in (value, *siblings) if v not in (None, "")}
    fields = [_field(model, key)]
    if key in {"state", "status", "confirmation", "kind", "role", "topic", "format", "level"}:
        fields += [f for m in apps.get_models() for f in m._meta.fields if f.name == key]
    for field in fields:
        choices = {str(c): label for c, label in getattr(field, "flatchoices", None) or []}
        if choices and wanted <= set(choices):
            return str(bilingual(choices[str(value)]))
    return None


def _value(model: Any, key: str, value: Any, siblings: tuple[Any, ...] = ()) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return bi("是", "yes") if value else bi("否", "no")
    if isinstance(value, dict):
        return ",".join(
            f"{_key_label(None, str(k))} {_value(model, str(k), v)}" for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        if key in {"state", "status", "confirmation", "expert"} and len(value) == 2:
            pair = tuple(value)
            return f"{_value(model, key, value[0], pair)} → {_value(model, key, value[1], pair)}"
        return "、".join(_value(model, key, v) for v in value) or "—"
    label = _choice_label(model, key, value, siblings)
    if label is not None:
        return label
    return str(value)


def sentence(event: Any) -> str:
    """ "{who} {verb} {object}「{name}」" in the active language."""
    (noun_zh, noun_en), (verb_zh, verb_en) = _noun_verb(event.action)
    who = event.actor_label if event.actor_label and event.actor_label != "system" else ""
    who = who or bi("系统", "The system")
    name = event.object_repr
    return bi(f"{who} {verb_zh}{noun_zh}「{name}」", f"{who} {verb_en} the {noun_en} “{name}”")


def changes(event: Any) -> list[tuple[str, str]]:
    """The changed values as (label, value) pairs."""
    if not isinstance(event.changes, dict):
        return []
    model = _model(event.object_type)
    return [(_key_label(model, str(k)), _value(model, str(k), v)) for k, v in event.changes.items()]
