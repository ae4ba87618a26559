"""Catalogue endpoints: search (``GET /api/catalogue/standards/``) and one standard
(``GET /api/catalogue/standards/{id}``). Public data for any authenticated user."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from . import search, selectors
from .filters import ChangeWindow, StandardWindow

router = Router(tags=["catalogue 标准目录"])


class StandardHit(Schema):
    id: int
    canonical: str
    title_zh: str
    title_en: str
    status: str
    level: str
    published_on: datetime.date | None
    is_example: bool
    exact: bool


class SearchOut(Schema):
    items: list[StandardHit]
    count: int
    facets: dict[str, dict[str, int]]


class EditionOut(Schema):
    id: int
    canonical: str
    status: str
    published_on: datetime.date | None


class DrafterOut(Schema):
    name: str
    rank: int
    is_city_enterprise: bool


class AdoptionOut(Schema):
    designation: str
    degree: str | None
    standard_id: int | None


class StandardOut(Schema):
    id: int
    canonical: str
    key: str
    prefix: str
    publisher: str
    number: str
    part: str
    year: int | None
    level: str
    doc_type: str
    title_zh: str
    title_en: str
    title_fr: str
    status: str
    source_status: str
    published_on: datetime.date | None
    implemented_on: datetime.date | None
    withdrawn_on: datetime.date | None
    ics_codes: list[str]
    ccs_codes: list[str]
    committee: str
    replaced_by: EditionOut | None
    editions: list[EditionOut]
    amendments: list[EditionOut]
    adoptions: list[AdoptionOut]
    adopted_by: list[AdoptionOut]
    industries: list[str]
    drafters: list[DrafterOut]
    source: str
    source_ref: str
    is_example: bool
    catalogue_date: datetime.date | None


def _edition(s: object) -> dict[str, object]:
    return {
        "id": s.pk,  # type: ignore[attr-defined]
        "canonical": s.canonical,  # type: ignore[attr-defined]
        "status": s.status,  # type: ignore[attr-defined]
        "published_on": s.published_on,  # type: ignore[attr-defined]
    }


@router.get("/standards/", response=SearchOut, summary="Search standards 标准检索")
def search_standards(request: HttpRequest, params: Query[StandardWindow]) -> dict[str, object]:
    result = search.search_standards(
        params.q,
        search.SearchFilters(
            level=params.level,
            status=params.status,
            ics=params.ics,
            ccs=params.ccs,
            industry=params.industry,
            published_from=params.published_from,
            published_to=params.published_to,
        ),
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "items": [hit.as_dict() for hit in result.items],
        "count": result.count,
        "facets": result.facets,
    }


class ChangeOut(Schema):
    id: int
    detected_on: datetime.date
    kind: str
    old_status: str
    new_status: str
    standard: EditionOut
    replaced_by: EditionOut | None
    details: dict[str, object]


class ChangeList(Schema):
    items: list[ChangeOut]
    count: int


@router.get("/changes/", response=ChangeList, summary="Catalogue changes 标准动态")
def list_changes(request: HttpRequest, params: Query[ChangeWindow]) -> dict[str, object]:
    qs = selectors.recent_changes(kind=params.kind, since=params.since, level=params.level)
    limit, offset = params.limit, params.offset
    return {
        "items": [
            {
                "id": c.pk,
                "detected_on": c.detected_on,
                "kind": c.kind,
                "old_status": c.old_status,
                "new_status": c.new_status,
                "standard": _edition(c.standard),
                "replaced_by": _edition(c.standard.replaced_by) if c.standard.replaced_by else None,
                "details": c.details,
            }
            for c in qs[offset : offset + limit]
        ],
        "count": qs.count(),
    }


@router.get("/standards/{standard_id}", response=StandardOut, summary="One standard 标准详情")
def get_standard(request: HttpRequest, standard_id: int) -> dict[str, object]:
    s = selectors.get_standard(standard_id)
    adopts, adopted_by = selectors.adoption_links(s)
    return {
        "id": s.pk,
        "canonical": s.canonical,
        "key": s.key,
        "prefix": s.prefix,
        "publisher": s.publisher,
        "number": s.number,
        "part": s.part,
        "year": s.year,
        "level": s.level,
        "doc_type": s.doc_type,
        "title_zh": s.title_zh,
        "title_en": s.title_en,
        "title_fr": s.title_fr,
        "status": s.status,
        "source_status": s.source_status,
        "published_on": s.published_on,
        "implemented_on": s.implemented_on,
        "withdrawn_on": s.withdrawn_on,
        "ics_codes": s.ics_codes,
        "ccs_codes": s.ccs_codes,
        "committee": s.committee,
        "replaced_by": _edition(s.replaced_by) if s.replaced_by else None,
        "editions": [_edition(e) for e in selectors.edition_history(s)],
        "amendments": [_edition(a) for a in selectors.amendments_of(s)],
        "adoptions": [
            {
                "designation": a.designation,
                "degree": a.degree,
                "standard_id": a.standard.pk if a.standard else None,
            }
            for a in adopts
        ],
        "adopted_by": [
            {
                "designation": a.designation,
                "degree": a.degree,
                "standard_id": a.standard.pk if a.standard else None,
            }
            for a in adopted_by
        ],
        "industries": [i.slug for i in s.industries.all()],
        "drafters": [
            {"name": d.name, "rank": d.rank, "is_city_enterprise": d.enterprise_id is not None}
            for d in s.drafters.all()
        ],
        "source": s.source,
        "source_ref": s.source_ref,
        "is_example": s.is_example,
        "catalogue_date": selectors.catalogue_date(),
    }
