"""What an alert page tells the enterprise: what to do and by when (the pure plan of
:func:`biaozhun.core.tbt_summary.action_plan` with the platform's links), and why the alert
has its colour (the factors of :func:`biaozhun.core.alerting.assess_risk`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from biaozhun.core import tbt_summary
from biaozhun.core.alerting import RiskAssessment, assess_risk

from .desk import desk_calendar
from .models import Alert


@dataclass(frozen=True)
class Step:
    step: tbt_summary.ActionStep
    url: str = ""
    post_url: str = ""  # a one-click action (a POST form)
    external: bool = False


def entry_into_force(alert: Alert) -> tbt_summary.DateReadingText:
    """The alert's proposed entry into force (the family's latest date), with the Member's
    wording where it is vague and still the notification's."""
    n = alert.notification
    same = alert.entry_into_force == n.entry_into_force
    return tbt_summary.date_reading(alert.entry_into_force, n.entry_into_force_text if same else "")


def risk_of(alert: Alert, today: date) -> RiskAssessment:
    return assess_risk(alert.score, alert.comment_deadline, alert.entry_into_force, today)


def steps_for(alert: Alert, today: date) -> tuple[bool, list[Step]]:
    """The plan with its links: the notified document (the Member's link, else the
    notification's page), feedback on this page, 评议 (a comment on the notification), 查新
    of the enterprise's watched standards (its products' standards)."""
    n = alert.notification
    closed, plan = tbt_summary.action_plan(
        today=today,
        comment_deadline=alert.comment_deadline,
        internal_deadline=alert.internal_deadline,
        entry_into_force=entry_into_force(alert),
        calendar=desk_calendar(),
    )
    out = []
    for s in plan:
        if s.key == "read":
            link = next((str(u) for u in (n.links or []) if str(u).startswith("http")), "")
            out.append(Step(s, link or reverse("tbt:detail", args=[n.pk]), external=bool(link)))
        elif s.key == "tell_desk":
            out.append(Step(s, "#feedback"))
        elif s.key == "comment":
            out.append(Step(s, reverse("consult:comment_create", args=[n.pk])))
        elif s.key == "check_standards":
            out.append(
                Step(
                    s,
                    reverse("validity:watchlist_detail", args=[alert.enterprise_id]),
                    post_url=reverse("validity:watchlist_check", args=[alert.enterprise_id]),
                )
            )
        else:
            out.append(Step(s, reverse("tbt:detail", args=[n.pk])))
    return closed, out
