"""Reads of WTO notifications. Notifications are public WTO documents: everyone signed in may
read them; anonymous users see nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from biaozhun.common.codes import clean_hs, clean_ics
from biaozhun.common.errors import NotFound
from biaozhun.common.filters import ListFilter, OptBool, OptDate, PageFilter, Text, WindowFilter
from biaozhun.core.codes import hs_ancestors, ics_ancestors

from .models import Notification
from .services import parse_symbol

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


def visible_notifications(user: User) -> QuerySet[Notification]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.all()


class NotificationFilter(ListFilter):
    """The notification list's filter (desk page and API)."""

    q: Text = ""
    member: Text = ""
    committee: Text = ""
    kind: Text = ""
    industry: Text = ""
    export_group: Text = ""
    hs: Text = ""
    ics: Text = ""
    distributed_from: OptDate = None
    distributed_to: OptDate = None
    deadline_from: OptDate = None
    deadline_to: OptDate = None
    flagged: OptBool = None
    example: OptBool = None


class NotificationPage(NotificationFilter, PageFilter):
    pass


class NotificationWindow(NotificationFilter, WindowFilter):
    pass


def _code_q(field: str, value: str) -> Q:
    return Q(**{f"{field}__icontains": f'"code": "{value}"'})


def search_notifications(user: User, f: NotificationFilter) -> QuerySet[Notification]:
    """The one filter the desk list page and the API share."""
    qs = visible_notifications(user)
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(symbol__icontains=q)
            | Q(title__icontains=q)
            | Q(title_zh__icontains=q)
            | Q(products_text__icontains=q)
            | Q(description__icontains=q)
            | Q(summary_zh__icontains=q)
        )
    if f.member:
        qs = qs.filter(member_code=f.member.strip().upper())
    if f.committee:
        qs = qs.filter(committee=f.committee)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.industry:
        qs = qs.filter(_code_q("industries", f.industry))
    if f.export_group:
        qs = qs.filter(_code_q("export_groups", f.export_group))
    if f.hs:
        code = clean_hs(f.hs, field="hs", known=False)
        cond = Q(hs_codes__icontains=f'"{code}') | _code_q("hs_headings", code[:4])
        for broader in hs_ancestors(code):
            cond |= Q(hs_codes__icontains=f'"{broader}"')
        qs = qs.filter(cond)
    if f.ics:
        ics = clean_ics(f.ics, field="ics", known=False)
        cond = Q(ics_codes__icontains=f'"{ics}') | Q(ics_predicted__icontains=f'"code": "{ics}')
        for broader in ics_ancestors(ics):
            cond |= Q(ics_codes__icontains=f'"{broader}"') | _code_q("ics_predicted", broader)
        qs = qs.filter(cond)
    if f.distributed_from:
        qs = qs.filter(distributed_on__gte=f.distributed_from)
    if f.distributed_to:
        qs = qs.filter(distributed_on__lte=f.distributed_to)
    if f.deadline_from:
        qs = qs.filter(comment_deadline__gte=f.deadline_from)
    if f.deadline_to:
        qs = qs.filter(comment_deadline__lte=f.deadline_to)
    if f.flagged is not None:
        qs = qs.filter(dates_flagged=f.flagged)
    if f.example is not None:
        qs = qs.filter(is_example=f.example)
    return qs


def get_notification(user: User, pk: int) -> Notification:
    n = visible_notifications(user).select_related("base", "parent").filter(pk=pk).first()
    if n is None:
        raise NotFound("通报", "notification")
    return n


def get_by_symbol(user: User, symbol: str) -> Notification:

    canonical = parse_symbol(symbol).canonical
    n = visible_notifications(user).filter(symbol=canonical).first()
    if n is None:
        raise NotFound("通报", "notification")
    return n


def related_documents(n: Notification) -> QuerySet[Notification]:
    """Every document about the same base notification (the base included), in symbol order."""
    return Notification.objects.filter(base_symbol=n.base_symbol).exclude(pk=n.pk)


def public_notifications(q: str = "") -> QuerySet[Notification]:
    """The WTO notifications for the public portal: public documents of the WTO, read by
    anyone; only the notification's own fields are shown there (no alert, no enterprise)."""
    qs = Notification.objects.select_related("parent")
    if q:
        term = q.strip()
        qs = qs.filter(
            Q(symbol__icontains=term)
            | Q(title__icontains=term)
            | Q(title_zh__icontains=term)
            | Q(summary_zh__icontains=term)
            | Q(member_code__iexact=term)
            | Q(member_name_zh__icontains=term)
        )
    return qs


def get_public_notification(pk: int) -> Notification:
    n = public_notifications().filter(pk=pk).first()
    if n is None:
        raise NotFound("通报", "notification")
    return n
