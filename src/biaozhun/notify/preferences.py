"""A user's channel settings: which channels carry which messages, quiet hours and the
digest mode, and the robots / webhooks (endpoints) a user or an enterprise adds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, NotFound, PermissionDenied
from biaozhun.common.validation import clean_text

from . import outbound
from .channels import ROBOT_KEY, robot_url
from .models import URGENCY_RANK, ChannelEndpoint, Preference
from .services import ALL_CHANNELS, ROBOT_CHANNELS


def _validate_rules(rules: Any) -> list[dict[str, Any]]:
    if not isinstance(rules, list) or len(rules) > 100:
        raise DomainError("bad_rules", "渠道规则格式无效。", "The channel rules are invalid.")
    clean = []
    for index, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict):
            raise DomainError(
                "bad_rules",
                f"第 {index} 条规则无效。",
                f"Rule {index} is invalid.",
                {"rule": index},
            )
        urgency = rule.get("urgency", "*")
        channels = rule.get("channels", [])
        if not isinstance(channels, list) or not isinstance(urgency, str):
            raise DomainError(
                "bad_rules",
                f"第 {index} 条规则无效。",
                f"Rule {index} is invalid.",
                {"rule": index},
            )
        unknown = [str(c) for c in channels if not isinstance(c, str) or c not in ALL_CHANNELS]
        if (
            (urgency != "*" and urgency not in URGENCY_RANK)
            or unknown
            or not isinstance(channels, list)
        ):
            raise DomainError(
                "bad_rules",
                f"第 {index} 条规则的紧急程度或渠道无效。",
                f"Rule {index} names an unknown urgency or channel.",
                {"rule": index, "unknown": unknown},
            )
        kind = clean_text(str(rule.get("kind", "*")), "rules", 100) or "*"
        clean.append({"kind": kind, "urgency": urgency, "channels": channels})
    return clean


@transaction.atomic
def update_preference(
    user: User,
    *,
    rules: Any = None,
    quiet_start: dt.time | None = None,
    quiet_end: dt.time | None = None,
    red_overrides_quiet: bool = True,
    mode: str = "instant",
) -> Preference:
    if mode not in Preference.Mode.values:
        raise DomainError("bad_mode", "推送方式无效。", "Unknown delivery mode.", {"field": "mode"})
    if (quiet_start is None) != (quiet_end is None) or (
        quiet_start is not None and quiet_start == quiet_end
    ):
        raise DomainError(
            "bad_quiet_hours",
            "免打扰时段需同时填写开始和结束时间,且两者不同。",
            "Quiet hours need both a start and a different end.",
            {"field": "quiet_start"},
        )
    pref, _ = Preference.objects.get_or_create(user=user)
    pref.rules = _validate_rules(rules if rules is not None else pref.rules)
    pref.quiet_start, pref.quiet_end = quiet_start, quiet_end
    pref.red_overrides_quiet = red_overrides_quiet
    pref.mode = mode
    pref.save()
    record_audit(
        user,
        "notification.preference",
        pref,
        {"mode": mode, "quiet": [str(quiet_start), str(quiet_end)], "rules": pref.rules},
    )
    return pref


def _refused(exc: outbound.RefusedTarget) -> DomainError:
    zh, en = outbound.ERRORS.get(exc.code, outbound.ERRORS["refused_target"])
    return DomainError(
        "bad_endpoint_target",
        f"无法使用该地址:{zh}。",
        f"This address cannot be used: {en}.",
        {"field": "target", "reason": exc.code},
    )


def _check_target(kind: str, target: str, secret: str) -> None:
    """The address must pass the outbound rules (public addresses only, https, the robots'
    official hosts, or a host the operator allows): see :mod:`.outbound`."""
    target = target.strip()
    if kind not in ROBOT_CHANNELS:
        raise DomainError(
            "bad_endpoint_kind", "渠道类型无效。", "Unknown channel kind.", {"field": "kind"}
        )
    if kind == "webhook":
        if not target.startswith(("https://", "http://")):
            raise DomainError(
                "bad_endpoint_target",
                "Webhook 地址必须以 https:// 开头。",
                "A webhook address must start with https://.",
                {"field": "target"},
            )
        if len(secret) < 16:
            raise DomainError(
                "weak_secret",
                "Webhook 签名密钥至少 16 个字符。",
                "A webhook signing secret needs at least 16 characters.",
                {"field": "secret"},
            )
    elif not target.startswith(("https://", "http://")) and not ROBOT_KEY.match(target):
        raise DomainError(
            "bad_endpoint_target",
            "请填写机器人的 Webhook 地址或密钥(key / access_token)。",
            "Give the robot's webhook address or key (key / access_token).",
            {"field": "target"},
        )
    try:
        if kind == "webhook":
            outbound.check(target, kind)
        else:  # the official hosts need no look-up here (they are checked at each send)
            outbound.check(robot_url(kind, target), kind, resolve=False)
    except outbound.RefusedTarget as exc:
        raise _refused(exc) from exc


@transaction.atomic
def add_endpoint(
    actor: User,
    *,
    kind: str,
    target: str,
    secret: str = "",
    label: str = "",
    min_urgency: str = "info",
    for_enterprise: bool = False,
) -> ChannelEndpoint:
    """A robot or webhook for the actor, or (``for_enterprise``) for the actor's enterprise."""
    target = clean_text(target, "target", 500)
    secret = clean_text(secret, "secret", 200)
    label = clean_text(str(label)[:100], "label", 100)
    _check_target(kind, target, secret)
    if min_urgency not in URGENCY_RANK:
        raise DomainError(
            "bad_urgency", "紧急程度无效。", "Unknown urgency.", {"field": "min_urgency"}
        )
    if for_enterprise and not getattr(actor, "enterprise_id", None):
        raise PermissionDenied(
            "只有企业用户可以为本企业添加渠道。",
            "Only an enterprise's users can add a channel for their enterprise.",
        )
    endpoint = ChannelEndpoint.objects.create(
        kind=kind,
        target=target.strip(),
        secret=secret.strip(),
        label=label.strip()[:100],
        min_urgency=min_urgency,
        user=None if for_enterprise else actor,
        enterprise_id=actor.enterprise_id if for_enterprise else None,
    )
    record_audit(
        actor,
        "notification.endpoint_add",
        endpoint,
        {"kind": kind, "label": endpoint.label, "enterprise": for_enterprise},
    )
    return endpoint


@transaction.atomic
def remove_endpoint(actor: User, endpoint_id: int) -> None:
    endpoint = ChannelEndpoint.objects.filter(
        Q(user=actor) | Q(enterprise_id=actor.enterprise_id, enterprise__isnull=False),
        pk=endpoint_id,
    ).first()
    if endpoint is None:
        raise NotFound("渠道", "channel")
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    record_audit(actor, "notification.endpoint_remove", endpoint, {"kind": endpoint.kind})
