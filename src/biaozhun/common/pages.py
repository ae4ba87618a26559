"""Page helpers every app shares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import DomainError
from .forms import ImportForm


def import_page(
    request: HttpRequest,
    template: str,
    run: Callable[[Any, dict[str, Any]], Any],
    *,
    form_class: type[forms.Form] = ImportForm,
    headers: Sequence[str] = (),
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one import page: on a valid POST, ``run(upload, cleaned_data)`` imports the file
    and returns the report (``total``, ``created``, ``updated``, ``unchanged``, ``errors``), or
    a response that is returned as is (e.g. the redirect to a background import job); a
    :class:`DomainError` (unreadable file, too big...) is shown on the file field.
    ``template`` extends ``web/import_page.html``."""
    form = form_class(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = run(upload, form.cleaned_data)
        except DomainError as exc:
            form.add_error("file", exc.message())
    if isinstance(report, HttpResponse):
        return report
    return render(
        request,
        template,
        {"form": form, "report": report, "headers": list(headers), **(context or {})},
    )
