"""The programme's dashboard (targets against goals, per year and per district) and the
districts' quotas (目标分解) the leadership group sets and the district pages measure against."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.accounts.models import District, User
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import BadQuery, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import selectors, services
from .filters import ProgrammeQuery
from .forms import QuotaForm
from .models import Programme, Target
from .numbers import format_number
from .progress import district_limit, programme_progress
from .views import STAFF, _as_of


def _district_cell(p: Any, code: str, name: str) -> dict[str, Any]:
    """One cell of the district heatmap: a count target's cell is the district's share of the
    city goal, a percentage target's the district's own rate; the colour is capped at 100."""
    value = float(p.per_district.get(code, 0))
    target = p.target
    if target.is_percentage:
        shown = round(value)
        text = bi(
            f"{name}:{format_number(p.per_district.get(code, 0))}%(全市目标 {target.goal_text})",
            f"{name}: {format_number(p.per_district.get(code, 0))}% (city goal {target.goal_text})",
        )
    else:
        goal = float(target.goal_min)
        shown = round(value / goal * 100) if goal else 0
        unit_zh, unit_en = target.unit_zh, target.unit_en
        text = bi(
            f"{name}:{format_number(p.per_district.get(code, 0))} {unit_zh},占全市目标 {shown}%",
            f"{name}: {format_number(p.per_district.get(code, 0))} {unit_en}, "
            f"{shown}% of the city goal",
        )
    return {"value": min(shown, 100), "label": f"{shown}%", "text": text}


def _chart_data(progress: list[Any], programme: Any, user: User) -> dict[str, Any]:
    # the districts that existed during the programme (the dated map, docs/programme.md)
    districts = District.objects.filter(region=programme.region).valid_between(
        programme.start, programme.end
    )
    limit = district_limit(user)
    if limit is not None:
        districts = districts.filter(pk=limit)
    return {
        "targets": [
            {
                "key": p.target.key,
                "url": reverse("programme:target_records", args=[p.target.pk]),
                "name": bi(p.target.name_zh, p.target.name_en),
                "value": float(p.value),
                "goal": float(p.goal_value),
                "goal_text": p.goal_text,
                "percent": p.percent,
                "elapsed": round(p.elapsed * 100),
                "status": p.status,
                "percentage": p.target.is_percentage,
                "unit": "%" if p.target.is_percentage else bi(p.target.unit_zh, p.target.unit_en),
                "per_year": [float(p.per_year.get(y, 0)) for y in programme.years],
                # the running total (a rate: that year's rate) in the target's own unit
                "cumulative": [
                    float(p.cumulative[y]) if y in p.cumulative else None for y in programme.years
                ],
                "districts": [
                    _district_cell(p, d.code, bi(d.name_zh, d.name_en)) for d in districts
                ],
            }
            for p in progress
        ],
        "years": programme.years,
        "districts": [bi(d.name_zh, d.name_en) for d in districts],
        "district_codes": [d.code for d in districts],
        "labels": {
            "goal": bi("目标", "goal"),
            "elapsed": bi("时间进度", "time elapsed"),
            "done": bi("完成率 %", "% of goal"),
            "cumulative": bi("累计", "cumulative"),
        },
    }


@roles_required(*STAFF)
def dashboard(request: AuthedRequest) -> HttpResponse:
    try:
        programme = selectors.current_programme(read_query(request, ProgrammeQuery).programme)
    except BadQuery:
        raise
    except DomainError:
        return render(request, "programme/dashboard.html", {"programme": None})
    as_of = _as_of(request)
    progress = programme_progress(programme, as_of=as_of, user=request.user)
    limit = district_limit(request.user)
    shown = District.objects.filter(pk=limit).first() if limit is not None else None
    return render(
        request,
        "programme/dashboard.html",
        {
            "programme": programme,
            "progress": progress,
            "as_of": as_of,
            "elapsed": round(progress[0].elapsed * 100) if progress else 0,
            "behind": [p for p in progress if p.status in {"behind", "missed"}],
            "ended": as_of > programme.end,
            "late_tasks": selectors.late_tasks(request.user)[:20],
            "chart_data": _chart_data(progress, programme, request.user),
            "programmes": Programme.objects.all(),
            "shown_district": shown,
            "has_quotas": any(p.basis == "quota" for p in progress),
            "contribution_only": bool(progress)
            and all(p.basis == "contribution" for p in progress),
        },
    )


@roles_required(*STAFF)
def quotas(request: AuthedRequest) -> HttpResponse:
    """The districts' quotas of each target (目标分解): the bureau sets them, a district
    officer reads the own district's."""
    try:
        programme = selectors.current_programme(read_query(request, ProgrammeQuery).programme)
    except BadQuery:
        raise
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    districts = District.objects.filter(region=programme.region).order_by("code")
    limit = district_limit(request.user)
    if limit is not None:
        districts = districts.filter(pk=limit)
    by_cell = {
        (q.target_id, q.district_id): q for q in selectors.visible_quotas(request.user, programme)
    }
    rows = [
        {
            "target": target,
            "cells": [by_cell.get((target.pk, d.pk)) for d in districts],
        }
        for target in programme.targets.all()
    ]
    return render(
        request,
        "programme/quotas.html",
        {
            "programme": programme,
            "districts": districts,
            "rows": rows,
            "can_set": services.can_set_quotas(request.user),
        },
    )


@bureau_required
def quota_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = Target.objects.select_related("programme").filter(pk=pk).first()
    if target is None:
        raise Http404
    districts = District.objects.filter(region_id=target.programme.region_id).order_by("code")
    current = {
        q.district_id: q.quota
        for q in selectors.visible_quotas(request.user, target.programme)
        if q.target_id == target.pk
    }
    form = QuotaForm(target, districts, current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_district_quotas(request.user, target, form.quotas())
        except DomainError as exc:
            form.add_error(None, exc.message())
        else:
            messages.success(request, bi("分解目标已保存。", "The quotas are saved."))
            return redirect(reverse("programme:quotas") + f"?programme={target.programme.slug}")
    return render(request, "programme/quota_form.html", {"target": target, "form": form})
