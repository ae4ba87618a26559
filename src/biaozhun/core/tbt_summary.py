"""A Chinese title and summary of a WTO notification, composed from its structured fields.

Until the translation desk writes a Chinese title and summary, every page and message shows
one composed here from what the notification says in codes and dates (never from its English
prose): the notifying Member's Chinese name, the products (HS chapters / headings and ICS
fields named in Chinese), the objectives (the WTO's objective categories in Chinese), the kind
of document, and the dates with the days left. The text is labelled as generated
(:data:`GENERATED_LABEL_ZH`); the desk's text replaces it.

Also here, because every page must show them the same way:

* :func:`deadline_status`: "剩余 N 个工作日" / "今日截止" / "已过期" of a deadline;
* :func:`date_reading`: a proposed date as the Member wrote it where it is vague, with the
  platform's reading beside it;
* :func:`action_plan`: what an enterprise alerted to a notification should do, and by when.

Pure module (no Django): names of codes come from callables (``hs_name``, ``ics_name``), by
default :mod:`biaozhun.core.classify.names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from biaozhun.core.classify import names
from biaozhun.core.workdays import WorkCalendar, china_calendar, working_days_between

__all__ = [
    "GENERATED_LABEL_EN",
    "GENERATED_LABEL_ZH",
    "KIND_ZH",
    "OBJECTIVES",
    "ActionStep",
    "DateReadingText",
    "DeadlineStatus",
    "SummaryInput",
    "action_plan",
    "compose",
    "date_reading",
    "date_zh",
    "days_left_zh",
    "deadline_status",
    "objectives_zh",
    "products_zh",
]

GENERATED_LABEL_ZH = "机器生成:系统根据通报要素生成,待人工翻译"
GENERATED_LABEL_EN = "Generated from the notification's fields, awaiting the desk's translation"

#: document kinds (``tbt.Notification.Kind`` values) in Chinese
KIND_ZH: dict[str, str] = {
    "regular": "通报",
    "addendum": "增补",
    "revision": "修订",
    "corrigendum": "勘误",
    "supplement": "补遗",
}

COMMITTEE_ZH: dict[str, str] = {"TBT": "技术性贸易措施(TBT)", "SPS": "卫生与植物卫生措施(SPS)"}

#: the WTO's objective categories (ePing, TBT and SPS), each as (patterns, zh, en); a
#: notification's ``objective`` lists them separated by ";"
OBJECTIVES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("food safety",), "食品安全", "Food safety"),
    (("animal health",), "动物健康", "Animal health"),
    (("plant protection",), "植物保护", "Plant protection"),
    (("protect humans from animal", "pest or disease"), "保护人类免受动植物有害生物或疾病危害",
     "Protect humans from animal/plant pest or disease"),
    (("protect territory",), "保护国家领土免受有害生物的其他损害",
     "Protect territory from other damage from pests"),
    (("human health", "health or safety"), "保护人类健康或安全",
     "Protection of human health or safety"),
    (("animal or plant", "animal and plant"), "保护动植物生命或健康",
     "Protection of animal or plant life or health"),
    (("environment",), "保护环境", "Protection of the environment"),
    (("deceptive",), "防止欺诈行为、保护消费者",
     "Prevention of deceptive practices and consumer protection"),
    (("consumer information", "labelling", "labeling"), "消费者信息、标签",
     "Consumer information, labelling"),
    (("quality",), "质量要求", "Quality requirements"),
    (("harmoni",), "协调统一", "Harmonization"),
    (("national security",), "国家安全要求", "National security requirements"),
    (("reducing trade barriers", "facilitating trade"), "减少贸易壁垒、便利贸易",
     "Reducing trade barriers and facilitating trade"),
    (("cost saving", "productivity"), "节约成本、提高生产率",
     "Cost saving and productivity enhancement"),
    (("not stated", "not specified", "not applicable"), "未说明", "Not stated"),
    (("other",), "其他", "Other"),
)  # fmt: skip

#: how many product names a title lists before "等"
TITLE_PRODUCTS = 3


def date_zh(value: date) -> str:
    """``2026年4月10日``."""
    return f"{value.year}年{value.month}月{value.day}日"


def days_left_zh(value: date, today: date) -> str:
    """Calendar days to a date: ``剩余 12 天`` / ``今日截止`` / ``已过期``."""
    days = (value - today).days
    if days < 0:
        return "已过期"
    if days == 0:
        return "今日截止"
    return f"剩余 {days} 天"


@dataclass(frozen=True)
class DeadlineStatus:
    """A deadline seen from ``today``, in working days (Chinese calendar)."""

    due: date
    working_days: int  # working days left in (today, due]; negative once passed
    passed: bool
    zh: str
    en: str

    @property
    def urgent(self) -> bool:
        return not self.passed and self.working_days <= 5


def deadline_status(due: date, today: date, calendar: WorkCalendar | None = None) -> DeadlineStatus:
    """``剩余 N 个工作日`` until ``due`` (``due`` itself counts), ``今日截止`` on the day,
    ``已过期`` after it."""
    if due < today:
        return DeadlineStatus(due, working_days_between(today, due, calendar), True, "已过期",
                              "passed")  # fmt: skip
    if due == today:
        return DeadlineStatus(due, 0, False, "今日截止", "due today")
    n = working_days_between(today, due, calendar or china_calendar())
    return DeadlineStatus(due, n, False, f"剩余 {n} 个工作日", f"{n} working days left")


@dataclass(frozen=True)
class DateReadingText:
    """A proposed date as shown everywhere: ``raw`` is the Member's text when it is not
    simply the date (vague wording such as "6 months after publication"), ``reading`` the
    platform's reading of it."""

    value: date | None
    raw: str
    reading_zh: str
    reading_en: str
    #: whether the Chinese page quotes ``raw``: not when it is a numeric date whose day and
    #: month could be swapped ("10/04/2026"), whose readings the Chinese text names instead
    raw_in_zh: bool = True

    @property
    def vague(self) -> bool:
        return bool(self.raw)

    @property
    def zh(self) -> str:
        if not self.raw or not self.raw_in_zh:
            return self.reading_zh
        return f"原文:“{self.raw}”;平台解读:{self.reading_zh}"

    @property
    def en(self) -> str:
        if not self.raw:
            return self.reading_en
        return f"As notified: “{self.raw}”; read as: {self.reading_en}"


_ISO_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def _numeric_readings(raw: str) -> list[date]:
    """The dates "10/04/2026" may mean: day first (the WTO's order) and month first."""
    m = _NUMERIC_DATE.match(raw)
    if not m:
        return []
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    found: list[date] = []
    for month, day in ((b, a), (a, b)):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d not in found:
            found.append(d)
    return found


#: set phrases of the WTO forms that give no date: shown in Chinese, not as raw text
STOCK_PHRASES: dict[str, tuple[str, str]] = {
    "not applicable": ("不适用", "not applicable"),
    "n/a": ("不适用", "not applicable"),
    "na": ("不适用", "not applicable"),
    "to be determined": ("待定", "to be determined"),
    "tbd": ("待定", "to be determined"),
    "not stated": ("通报未注明", "not stated"),
    "not specified": ("通报未注明", "not stated"),
    "not known": ("未知", "not known"),
    "unknown": ("未知", "not known"),
}


def date_reading(value: date | None, text: str = "") -> DateReadingText:
    """One proposed date (entry into force, adoption, final date for comments) as every page
    shows it. ``text`` is the Member's wording as imported; it is shown only when it is more
    than the date itself."""
    raw = (text or "").strip()
    if value is not None and (not raw or _ISO_TEXT.match(raw) or raw == date_zh(value)):
        raw = ""
    if value is not None:
        return DateReadingText(value, raw, date_zh(value), value.isoformat())
    stock = STOCK_PHRASES.get(raw.lower().rstrip(". "))
    if stock:
        return DateReadingText(None, "", stock[0], stock[1])
    readings = _numeric_readings(raw)
    if len(readings) == 1:
        return DateReadingText(None, raw, date_zh(readings[0]), readings[0].isoformat(), False)
    if readings:
        return DateReadingText(
            None,
            raw,
            "或".join(date_zh(d) for d in readings) + "(日、月顺序不明,请以通报原文为准)",
            " or ".join(d.isoformat() for d in readings) + " (day and month order unclear)",
            raw_in_zh=False,
        )
    if raw:
        return DateReadingText(None, raw, "日期未能确定,请以原文为准", "no date could be read")
    return DateReadingText(None, "", "通报未注明", "not stated")


def objectives_zh(objective: str) -> list[str]:
    """The WTO objective categories named in ``objective`` (";"-separated), in Chinese, in
    the order given; a part that is no category is reported once as 其他(见原文)."""
    out: list[str] = []
    unknown = False
    for part in re.split(r"[;;\n]+", objective or ""):
        low = part.strip().lower()
        if not low:
            continue
        for patterns, zh, _en in OBJECTIVES:
            if any(p in low for p in patterns):
                if zh not in out:
                    out.append(zh)
                break
        else:
            unknown = True
    if unknown and "其他(见原文)" not in out:
        out.append("其他(见原文)")
    return out


def _short(name: str) -> str:
    """A chapter's or heading's name up to its first "；" (chapter names list many goods)."""
    return re.split(r"[；;]", name, maxsplit=1)[0].strip()


def _default_hs_name(code: str) -> str:
    return names.hs_names_zh().get(code, "")


def _default_ics_name(code: str) -> str:
    return names.ics_fields_zh().get(code[:2], "")


@dataclass(frozen=True)
class Product:
    name_zh: str
    code: str  # "HS 8507", "ICS 29"
    predicted: bool = False


def products_zh(
    hs_codes: Sequence[str],
    ics_codes: Sequence[str],
    *,
    predicted_hs: Sequence[str] = (),
    predicted_ics: Sequence[str] = (),
    hs_name: Callable[[str], str] | None = None,
    ics_name: Callable[[str], str] | None = None,
) -> list[Product]:
    """The products named in Chinese: the given HS codes at heading level (a heading without
    a Chinese name as its chapter, ``HS 85``), then the ICS fields; the classifier's predictions only
    when the notification gives no code of that system. One entry per name."""
    hs_name = hs_name or _default_hs_name
    ics_name = ics_name or _default_ics_name
    out: list[Product] = []
    seen: set[str] = set()
    hs_given = [c for c in hs_codes if c]
    ics_given = [c for c in ics_codes if c]
    hs_list = [(c, False) for c in hs_given] or [(c, True) for c in predicted_hs if c]
    ics_list = [(c, False) for c in ics_given] or [(c, True) for c in predicted_ics if c]
    for code, predicted in hs_list:
        key = code[:4] if len(code) >= 4 else code
        name = _short(hs_name(key))
        if not name:  # a heading without a Chinese name of its own: its chapter
            key = code[:2]
            name = _short(hs_name(key))
        if name and name not in seen:
            seen.add(name)
            out.append(Product(name, f"HS {key}", predicted))
    for code, predicted in ics_list:
        name = _short(ics_name(code[:2]))
        if name and name not in seen:
            seen.add(name)
            out.append(Product(name, f"ICS {code[:2]}", predicted))
    return out


@dataclass(frozen=True)
class SummaryInput:
    """What the composition reads of a notification (``tbt.Notification`` has all of it)."""

    symbol: str
    kind: str
    committee: str
    member_code: str
    member_name_zh: str
    distributed_on: date
    hs_codes: Sequence[str] = ()
    ics_codes: Sequence[str] = ()
    predicted_hs: Sequence[str] = ()
    predicted_ics: Sequence[str] = ()
    objective: str = ""
    comment_deadline: date | None = None
    comment_deadline_text: str = ""
    adoption_date: date | None = None
    adoption_date_text: str = ""
    entry_into_force: date | None = None
    entry_into_force_text: str = ""
    parent_symbol: str = ""


@dataclass(frozen=True)
class Composed:
    title_zh: str
    summary_zh: str
    products: list[Product] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)


def _member(data: SummaryInput) -> str:
    return data.member_name_zh or data.member_code


def _measure(data: SummaryInput) -> str:
    committee = "TBT" if data.committee != "SPS" else "SPS"
    kind = KIND_ZH.get(data.kind, "通报")
    return f"{committee}通报" if kind == "通报" else f"{committee}通报{kind}"


def compose_title(data: SummaryInput, products: Sequence[Product] | None = None) -> str:
    """``欧盟TBT通报:涉及蓄电池、电气工程等`` (no dates: the title stays the same from day
    to day, so a message can be matched to it later)."""
    if products is None:
        products = products_zh(
            data.hs_codes, data.ics_codes,
            predicted_hs=data.predicted_hs, predicted_ics=data.predicted_ics,
        )  # fmt: skip
    names = [p.name_zh for p in products[:TITLE_PRODUCTS]]
    more = "等" if len(products) > TITLE_PRODUCTS else ""
    what = f"涉及{'、'.join(names)}{more}" if names else "涉及产品见通报原文"
    return f"{_member(data)}{_measure(data)}:{what}"


def compose(data: SummaryInput, today: date) -> Composed:
    """The generated Chinese title and summary (one line per element)."""
    products = products_zh(
        data.hs_codes, data.ics_codes,
        predicted_hs=data.predicted_hs, predicted_ics=data.predicted_ics,
    )  # fmt: skip
    objectives = objectives_zh(data.objective)
    lines = [f"通报成员:{_member(data)}"]
    kind = KIND_ZH.get(data.kind, "通报")
    measure = COMMITTEE_ZH.get(data.committee, COMMITTEE_ZH["TBT"])
    if kind == "通报":
        lines.append(f"文件类型:{measure}通报")
    else:
        of = f"(修改 {data.parent_symbol})" if data.parent_symbol else ""
        lines.append(f"文件类型:{measure}通报的{kind}{of}")
    if products:
        parts = [f"{p.name_zh}({p.code}{',系统推断' if p.predicted else ''})" for p in products]
        lines.append(f"涉及产品:{'、'.join(parts)}")
    else:
        lines.append("涉及产品:通报未列明 HS/ICS 编码,请阅读通报原文")
    lines.append(f"目的:{'、'.join(objectives) if objectives else '通报未说明'}")
    lines.append(f"分发日期:{date_zh(data.distributed_on)}")
    for label, value, text in (
        ("评议截止", data.comment_deadline, data.comment_deadline_text),
        ("拟批准日期", data.adoption_date, data.adoption_date_text),
        ("拟生效日期", data.entry_into_force, data.entry_into_force_text),
    ):
        reading = date_reading(value, text)
        if value is None and not reading.raw:
            continue
        left = f"({days_left_zh(value, today)})" if value is not None else ""
        lines.append(f"{label}:{reading.zh}{left}")
    return Composed(compose_title(data, products), "\n".join(lines), products, objectives)


@dataclass(frozen=True)
class ActionStep:
    """One thing the enterprise should do: ``key`` names it for the page (``read``,
    ``tell_desk``, ``comment``, ``check_standards``, ``prepare``)."""

    key: str
    zh: str
    en: str
    due: date | None = None
    status: DeadlineStatus | None = None


def action_plan(
    *,
    today: date,
    comment_deadline: date | None,
    internal_deadline: date | None,
    entry_into_force: DateReadingText,
    calendar: WorkCalendar | None = None,
) -> tuple[bool, list[ActionStep]]:
    """What to do about an alert, and by when. Returns ``(comment_period_closed, steps)``.

    While comments are open: read the notified document; tell the desk whether the
    enterprise is affected by the internal deadline (the final date for comments minus the
    enquiry point's lead time); join the comment round by the final date; check the
    standards of its products. Once the final date passed: say so, and what is still
    possible (prepare for the entry into force, watch later documents, raise a specific
    trade concern through the enquiry point)."""
    cal = calendar or china_calendar()
    closed = comment_deadline is not None and comment_deadline < today
    steps = [ActionStep("read", "阅读通报原文,确认涉及的产品和要求", "Read the notified document")]
    if not closed:
        internal = internal_deadline or comment_deadline
        steps.append(
            ActionStep(
                "tell_desk",
                "告知评议中心本企业是否受影响(在下方“是否相关”中反馈)",
                "Tell the desk whether you are affected (feedback below)",
                internal,
                deadline_status(internal, today, cal) if internal else None,
            )
        )
        steps.append(
            ActionStep(
                "comment",
                "如有意见,参加评议并提交评议意见",
                "Join the comment round and submit your comments",
                comment_deadline,
                deadline_status(comment_deadline, today, cal) if comment_deadline else None,
            )
        )
    steps.append(
        ActionStep(
            "check_standards",
            "核查本企业产品所执行标准的有效性(标准查新)",
            "Check the standards your products apply",
        )
    )
    if closed:
        force = entry_into_force
        steps.append(
            ActionStep(
                "prepare",
                f"评议期已结束,仍可:在拟生效日期({force.zh})前完成产品合规调整;"
                "关注后续修订、增补通报;通过 WTO/TBT 咨询点反映特别贸易关注",
                f"The comment period closed; still possible: adapt the products before the "
                f"entry into force ({force.en}), watch later documents, raise a specific trade "
                "concern through the enquiry point",
                force.value,
                deadline_status(force.value, today, cal) if force.value else None,
            )
        )
    return closed, steps
