"""Pages of the public portal. Every view here is open to anonymous visitors on purpose: each
reads public data only, through the ``public_*`` selectors (and the catalogue's, whose data is
public), and its templates show no enterprise, alert, profile, watch list or user."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from biaozhun.catalogue import selectors as catalogue
from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.search import SearchFilters, search_standards
from biaozhun.catalogue.timeline import timeline_svg
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import PageFilter, read_query
from biaozhun.common.i18n import bi
from biaozhun.consult.enquiries import selectors as kb
from biaozhun.programme import selectors as programme
from biaozhun.tbt import selectors as tbt
from biaozhun.tbt.summary import chinese_text, entry_into_force, member_name_zh

from .filters import PublicSearchPage, PublicStandardPage

PER_PAGE = 20


def label(choice: str) -> str:
    """A choice label ``"现行 current"`` in the active language."""
    zh, _, en = str(choice).partition(" ")
    return bi(zh, en or zh)


def _not_found(exc: DomainError) -> Http404:
    return Http404(exc.message())


def portal(request: HttpRequest) -> HttpResponse:
    """The portal's front page: search, the latest notifications, news, events, answers."""
    latest = list(tbt.public_notifications()[:6])
    return render(
        request,
        "public/portal.html",
        {
            "notifications": [(n, chinese_text(n)) for n in latest],
            "news": programme.public_news()[:5],
            "events": programme.public_events()[:5],
            "answers": kb.public_knowledge_base()[:5],
            "catalogue_date": catalogue.catalogue_date(),
            "standards_count": Standard.objects.filter(status=Standard.Status.CURRENT).count(),
        },
    )


def standards(request: HttpRequest) -> HttpResponse:
    f = read_query(request, PublicStandardPage)
    status = f.status if f.status in Standard.Status.values else ""
    result = None
    error = ""
    if f.q or status:
        try:
            result = search_standards(
                f.q,
                SearchFilters(status=status),
                limit=PER_PAGE,
                offset=(f.page - 1) * PER_PAGE,
            )
        except DomainError as exc:
            error = exc.message()
    rows = []
    if result is not None:
        rows = [
            {"hit": hit, "status": label(Standard.Status(hit.status).label)} for hit in result.items
        ]
    pages = max(1, -(-(result.count if result else 0) // PER_PAGE))
    return render(
        request,
        "public/standards.html",
        {
            "q": f.q,
            "status": status,
            "statuses": [(value, label(text)) for value, text in Standard.Status.choices],
            "result": result,
            "rows": rows,
            "error": error,
            "page": f.page,
            "pages": pages,
            "catalogue_date": catalogue.catalogue_date(),
        },
    )


def standard(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = catalogue.get_standard(pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    history = catalogue.edition_history(item)
    adopts, adopted_by = catalogue.adoption_links(item)
    title_zh, _source = catalogue.chinese_title(item, adopted_by)
    amendments = sorted(
        catalogue.amendments_of(item),
        key=lambda a: (a.published_on or datetime.date.min, a.canonical),
    )
    return render(
        request,
        "public/standard.html",
        {
            "standard": item,
            "status": label(Standard.Status(item.status).label),
            "level": label(Standard.Level(item.level).label),
            "title_zh": title_zh,
            "timeline": timeline_svg(history, current_pk=item.pk, link="public:standard"),
            "replaces": list(item.replaces.all()),
            "amendments": amendments,
            "adopts": adopts,
            "adopted_by": adopted_by,
            "ics_paths": catalogue.ics_paths(item),
        },
    )


def notifications(request: HttpRequest) -> HttpResponse:
    f = read_query(request, PublicSearchPage)
    page = Paginator(tbt.public_notifications(f.q), PER_PAGE).get_page(f.page)
    rows = [{"n": n, "zh": chinese_text(n), "member": member_name_zh(n)} for n in page]
    return render(request, "public/notifications.html", {"page_obj": page, "rows": rows, "q": f.q})


def notification(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        n = tbt.get_public_notification(pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    links = [link for link in n.links or [] if _public_link(link)]
    return render(
        request,
        "public/notification.html",
        {
            "n": n,
            "zh": chinese_text(n),
            "member": member_name_zh(n),
            "force": entry_into_force(n),
            "links": links,
        },
    )


def _public_link(link: Any) -> bool:
    url = link.get("url", "") if isinstance(link, dict) else str(link)
    return url.startswith(("https://", "http://"))


def knowledge_base(request: HttpRequest) -> HttpResponse:
    f = read_query(request, PublicSearchPage)
    page = Paginator(kb.public_knowledge_base(f.q), PER_PAGE).get_page(f.page)
    return render(request, "public/kb.html", {"page_obj": page, "q": f.q})


def kb_entry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        entry = kb.get_public_kb_entry(pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    return render(request, "public/kb_entry.html", {"e": entry})


def publicity(request: HttpRequest) -> HttpResponse:
    f = read_query(request, PageFilter)
    page = Paginator(programme.public_news(), PER_PAGE).get_page(f.page)
    events = [
        {"event": e, "kind": label(e.get_kind_display())} for e in programme.public_events()[:50]
    ]
    return render(request, "public/publicity.html", {"page_obj": page, "events": events})


def news(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        post = programme.get_public_news(pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    return render(request, "public/news.html", {"post": post})


def how_to_register(request: HttpRequest) -> HttpResponse:
    return render(request, "public/register.html")
