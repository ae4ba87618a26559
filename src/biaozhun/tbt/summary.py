"""The Chinese title and summary a notification shows: the desk's (published through the
translation desk, or entered with the notification) where there is one, else the one
:mod:`biaozhun.core.tbt_summary` composes from its structured fields, labelled as generated.

Every page, message and digest reads them from here (``{% load tbt_tags %}`` in templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from biaozhun.common import reference
from biaozhun.core import tbt_summary
from biaozhun.core.alerting import predicted_codes
from biaozhun.core.members import HISTORICAL_CODES

from .models import Notification


def member_name_zh(n: Notification) -> str:
    """The Member's Chinese name: as recorded, else from ``data/wto/members.csv``."""
    if n.member_name_zh:
        return n.member_name_zh
    member = reference.members().get(HISTORICAL_CODES.get(n.member_code, n.member_code))
    return member.name_zh if member else ""


def summary_input(n: Notification, *, parent: bool = True) -> tbt_summary.SummaryInput:
    """The fields the composition reads (``parent=False``: not the parent's symbol, which
    only the summary names; lists build titles without the extra query)."""
    parent_symbol = n.parent.symbol if parent and n.parent_id and n.parent else ""
    return tbt_summary.SummaryInput(
        symbol=n.symbol,
        kind=n.kind,
        committee=n.committee,
        member_code=n.member_code,
        member_name_zh=member_name_zh(n),
        distributed_on=n.distributed_on,
        hs_codes=list(n.hs_codes or ()),
        ics_codes=list(n.ics_codes or ()),
        predicted_hs=predicted_codes(n.hs_headings),
        predicted_ics=predicted_codes(n.ics_predicted),
        objective=n.objective,
        comment_deadline=n.comment_deadline,
        comment_deadline_text=n.comment_deadline_text,
        adoption_date=n.adoption_date,
        adoption_date_text=n.adoption_date_text,
        entry_into_force=n.entry_into_force,
        entry_into_force_text=n.entry_into_force_text,
        parent_symbol=parent_symbol,
    )


@dataclass(frozen=True)
class ChineseText:
    """What a page shows as the notification's Chinese title and summary."""

    title: str
    summary: str
    title_generated: bool
    summary_generated: bool

    @property
    def generated(self) -> bool:
        return self.title_generated or self.summary_generated


def chinese_text(n: Notification, today: date | None = None) -> ChineseText:
    """The desk's title and summary, each replaced by the generated one while it is empty."""
    title, summary = n.title_zh.strip(), n.summary_zh.strip()
    if title and summary:
        return ChineseText(title, summary, False, False)
    composed = tbt_summary.compose(summary_input(n), today or timezone.localdate())
    return ChineseText(
        title or composed.title_zh,
        summary or composed.summary_zh,
        not title,
        not summary,
    )


def generated_title(n: Notification) -> str:
    """The generated title (no dates in it: it stays the same from day to day)."""
    return tbt_summary.compose_title(summary_input(n, parent=False))


def chinese_title(n: Notification) -> tuple[str, bool]:
    """The Chinese title to show and whether it is generated."""
    title = n.title_zh.strip()
    return (title, False) if title else (generated_title(n), True)


def entry_into_force(n: Notification) -> tbt_summary.DateReadingText:
    """The proposed entry into force as every page shows it."""
    return tbt_summary.date_reading(n.entry_into_force, n.entry_into_force_text)
