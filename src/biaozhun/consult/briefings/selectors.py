"""The reads behind TBT briefings (TBT 简报): every figure is computed from the data, per industry, export group or market (or
all notifications), for a month, a quarter or a year.

Counted: *regular* notifications (通报; addenda, corrigenda and revisions are counted apart as
"modifying documents") distributed in the period whose effective classification contains the
industry / export group, or whose notifying member is covered by the market (``EU`` covers the
Union and its 27 states). Enterprises hit are the distinct enterprises with an alert on those
notifications that still applies (a withdrawn alert does not count); comments sent are
comments merged into a submission that was sent.

Briefings are city-wide figures, the same for everyone signed in: the alert counts here are
not scoped to the reader (``alerts.selectors`` offers only scoped alert reads, so the two
unscoped counts are written here for now).
"""

from __future__ import annotations

import calendar as cal
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet

from biaozhun.accounts.models import User
from biaozhun.alerts.models import Alert
from biaozhun.alerts.reference import market_name, members
from biaozhun.common.errors import DomainError
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES, SECTORS
from biaozhun.core.members import GROUPS
from biaozhun.enterprises.profiles.services import clean_market
from biaozhun.tbt.models import Member, Notification

from ..models import Briefing, BriefingSubscription, Comment, Submission
from ..station import deadlines_for, desk_row

PERIODS = {
    "month": ("月度", "Monthly"),
    "quarter": ("季度", "Quarterly"),
    "year": ("年度", "Yearly"),
}
KINDS = {
    "all": ("全部通报", "All notifications"),
    "industry": ("行业", "Industry"),
    "export_group": ("出口产品组", "Export group"),
    "market": ("市场", "Market"),
}
TOP = 10
#: The years a briefing may cover (the WTO's first year to a bound far ahead): a briefing
#: reads two years back, and dates outside the calendar must not reach the database.
YEARS = range(1995, 2101)


@dataclass(frozen=True)
class Period:
    period: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.period == "month":
            return f"{self.start:%Y-%m}"
        if self.period == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def previous(self) -> Period:
        return period_of(self.period, self.start - timedelta(days=1))


def _month_end(d: date) -> date:
    return d.replace(day=cal.monthrange(d.year, d.month)[1])


def period_of(period: str, day: date) -> Period:
    """The month, quarter or year containing ``day``."""
    if period == "month":
        start = day.replace(day=1)
        return Period(period, start, _month_end(start))
    if period == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        start = date(day.year, first, 1)
        return Period(period, start, _month_end(date(day.year, first + 2, 1)))
    if period == "year":
        return Period(period, date(day.year, 1, 1), date(day.year, 12, 31))
    raise DomainError(
        "bad_period",
        "周期应为月度、季度或年度。",
        "The period must be month, quarter or year.",
        {"field": "period"},
    )


def parse_period(period: str, text: str) -> Period:
    """``2026-03`` (month), ``2026Q1`` / ``2026-Q1`` (quarter), ``2026`` (year), or an ISO
    date inside the period."""
    raw = (text or "").strip().upper().replace("-Q", "Q")
    try:
        if not raw.isascii():
            raise ValueError(raw)
        if "Q" in raw:
            year, q = raw.split("Q")
            day = date(int(year), (int(q) - 1) * 3 + 1, 1)
        elif len(raw) == 4:
            day = date(int(raw), 1, 1)
        elif len(raw) == 7:
            day = date.fromisoformat(raw + "-01")
        else:
            day = date.fromisoformat(raw)
        if day.year not in YEARS:
            raise ValueError(raw)
        return period_of(period, day)
    except (ValueError, TypeError) as exc:
        raise DomainError(
            "bad_period_start",
            f"无法识别周期“{text}”(例:2026-03、2026Q1、2026;年份 1995–2100)。",
            f"Cannot read the period {text!r} (e.g. 2026-03, 2026Q1, 2026; years 1995-2100).",
            {"field": "at"},
        ) from exc


def requested_period(period: str, at: str, day: date) -> Period:
    """The period a briefing query names: ``at`` (``2026-03``, ``2026Q1``...) in ``period``'s
    kind (``month`` when blank), or else the last complete one before ``day`` (the briefing
    opens on a finished month, not on one two days old with empty tiles: issue 16 §3)."""
    period = period or "month"
    return parse_period(period, at) if at else period_of(period, day).previous()


def check_key(kind: str, key: str) -> str:
    if kind not in KINDS:
        raise DomainError("bad_kind", "简报类型无效。", "Unknown briefing kind.", {"field": "kind"})
    if kind == "all":
        return ""
    key = (key or "").strip()
    if kind == "industry" and key in {s.slug for s in INDUSTRIES}:
        return key
    if kind == "export_group" and key in {s.slug for s in EXPORT_GROUPS}:
        return key
    if kind == "market":
        try:
            return clean_market(key)
        except DomainError as exc:
            exc.details["field"] = "key"
            raise
    raise DomainError(
        "bad_key",
        f"“{key}”不是有效的{KINDS[kind][0]}。",
        f"{key!r} is not a valid {KINDS[kind][1].lower()}.",
        {"field": "key"},
    )


def key_label(kind: str, key: str) -> tuple[str, str]:
    if kind == "all" or not key:
        return KINDS["all"]
    if kind in {"industry", "export_group"}:
        sector = SECTORS.get(key)
        return (sector.name_zh, sector.name_en) if sector else (key, key)
    group = GROUPS.get(key)
    if group:
        return group.name_zh, group.name_en
    return market_name(key), market_name(key, english=True)


def _matcher(kind: str, key: str) -> Any:
    if kind == "all":
        return lambda n: True
    if kind == "industry":
        return lambda n: key in n.industry_slugs
    if kind == "export_group":
        return lambda n: key in n.export_group_slugs
    try:
        covered = members().expand(key)
    except KeyError:
        covered = frozenset({key})
    return lambda n: n.member_code in covered


def _month_starts(end: date, count: int) -> list[date]:
    out: list[date] = []
    y, m = end.year, end.month
    for _ in range(count):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return list(reversed(out))


def member_names() -> dict[str, tuple[str, str]]:
    names = {m.code: (m.name_zh, m.name_en) for m in Member.objects.all()}
    names.update({g.code: (g.name_zh, g.name_en) for g in GROUPS.values()})
    return names


def enterprises_hit_by_notification(ids: list[int]) -> dict[int, int]:
    """Notification id -> distinct enterprises with an open alert on it (city-wide)."""
    return dict(
        Alert.objects.open()
        .filter(notification_id__in=ids)
        .values("notification_id")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("notification_id", "n")
    )


def enterprises_hit_count(ids: list[int]) -> int:
    """Distinct enterprises with an open alert on any of the notifications (city-wide)."""
    return (
        Alert.objects.open().filter(notification_id__in=ids).values("enterprise").distinct().count()
    )


def subscriptions_of(user: User) -> QuerySet[BriefingSubscription]:
    return BriefingSubscription.objects.filter(user=user)


def archive(limit: int = 24) -> QuerySet[Briefing]:
    """The stored monthly briefings, newest first."""
    return Briefing.objects.order_by("-start", "kind", "key")[:limit]


def subscribers() -> dict[tuple[str, str], list[User]]:
    """(kind, key) -> the active users subscribed to that briefing."""
    groups: dict[tuple[str, str], list[User]] = {}
    for sub in BriefingSubscription.objects.select_related("user").filter(user__is_active=True):
        groups.setdefault((sub.kind, sub.key), []).append(sub.user)
    return groups


def compute_briefing(kind: str, key: str, p: Period, today: date) -> dict[str, Any]:
    """Every figure of the briefing as plain JSON-ready data."""
    key = check_key(kind, key)
    match = _matcher(kind, key)
    months = _month_starts(p.end, 12)
    window_start = min(months[0].replace(year=months[0].year - 1), p.previous().start)
    docs = [
        n
        for n in Notification.objects.filter(
            distributed_on__gte=window_start, distributed_on__lte=p.end
        ).only(
            "id",
            "symbol",
            "kind",
            "member_code",
            "title",
            "title_zh",
            "distributed_on",
            "comment_deadline",
            "industries",
            "export_groups",
        )
        if match(n)
    ]
    regular = [n for n in docs if n.kind == Notification.Kind.REGULAR]
    in_period = [n for n in regular if p.start <= n.distributed_on <= p.end]
    prev = p.previous()
    prev_total = sum(1 for n in regular if prev.start <= n.distributed_on <= prev.end)
    modifying = sum(
        1
        for n in docs
        if n.kind != Notification.Kind.REGULAR and p.start <= n.distributed_on <= p.end
    )

    def month_count(items: list[Notification], m: date) -> int:
        return sum(
            1
            for n in items
            if n.distributed_on.year == m.year and n.distributed_on.month == m.month
        )

    trend = {
        "labels": [f"{m:%Y-%m}" for m in months],
        "counts": [month_count(regular, m) for m in months],
        "previous_year": [month_count(regular, m.replace(year=m.year - 1)) for m in months],
    }
    names = member_names()
    members = [
        {
            "code": code,
            "name_zh": names.get(code, (code, code))[0],
            "name_en": names.get(code, (code, code))[1],
            "count": count,
        }
        for code, count in sorted(
            Counter(n.member_code for n in in_period).items(), key=lambda kv: (-kv[1], kv[0])
        )[:TOP]
    ]
    ids = [n.pk for n in in_period]
    hits = enterprises_hit_by_notification(ids)
    enterprises_hit = enterprises_hit_count(ids)
    ref = today if p.start <= today <= p.end else (p.end if today > p.end else p.start)
    upcoming = sorted(
        (n for n in in_period if n.comment_deadline and n.comment_deadline >= ref),
        key=lambda n: (n.comment_deadline, n.symbol),
    )[:TOP]

    desk = desk_row()

    def row(n: Notification) -> dict[str, Any]:
        d = deadlines_for(n, desk)
        return {
            "id": n.pk,
            "symbol": n.symbol,
            "member": n.member_code,
            "title": n.title_zh or n.title,
            "comment_deadline": d.wto.isoformat() if d.wto else None,
            "internal_deadline": d.internal.isoformat() if d.internal else None,
            "enterprises_hit": hits.get(n.pk, 0),
        }

    most_hit = sorted(in_period, key=lambda n: (-hits.get(n.pk, 0), n.symbol))
    comments = Comment.objects.filter(notification_id__in=ids)
    sent_comments = comments.filter(state=Comment.State.MERGED, submission__state__in=_SENT_STATES)
    outcomes = dict(
        Submission.objects.filter(notification_id__in=ids)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    heat = Counter((slug, n.member_code) for n in in_period for slug in n.industry_slugs)
    heat_markets = [
        c
        for c, _ in sorted(
            Counter(n.member_code for n in in_period).items(), key=lambda kv: (-kv[1], kv[0])
        )[:TOP]
    ]
    heat_industries = [s.slug for s in INDUSTRIES if any(heat[(s.slug, m)] for m in heat_markets)]
    label_zh, label_en = key_label(kind, key)
    return {
        "kind": kind,
        "key": key,
        "label_zh": label_zh,
        "label_en": label_en,
        "period": p.period,
        "period_label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "total": len(in_period),
        "previous_total": prev_total,
        "change": round((len(in_period) - prev_total) / prev_total, 3) if prev_total else None,
        "modifying_documents": modifying,
        "trend": trend,
        "members": members,
        "deadlines": [row(n) for n in upcoming],
        "most_hit": [row(n) for n in most_hit[:TOP] if hits.get(n.pk, 0)],
        "enterprises_hit": enterprises_hit,
        "notifications_with_hits": sum(1 for i in ids if hits.get(i)),
        "comments": {
            "written": comments.exclude(state=Comment.State.WITHDRAWN).count(),
            "sent": sent_comments.count(),
            "sources": sent_comments.exclude(enterprise=None)
            .values("enterprise")
            .distinct()
            .count(),
        },
        "outcomes": {state: outcomes.get(state, 0) for state in Submission.State.values},
        "heatmap": {
            "industries": heat_industries,
            "industry_labels": [SECTORS[s].name_zh for s in heat_industries],
            "markets": heat_markets,
            "values": [
                [x, y, heat[(slug, m)]]
                for y, slug in enumerate(heat_industries)
                for x, m in enumerate(heat_markets)
            ],
        },
    }


_SENT_STATES = [
    Submission.State.SENT,
    Submission.State.ACKNOWLEDGED,
    Submission.State.ANSWERED,
    Submission.State.CHANGED,
    Submission.State.UNCHANGED,
]
