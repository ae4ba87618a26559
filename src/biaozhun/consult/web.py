"""What the station's pages share: the roles that may open them and turning a DomainError into
a 404 / a flash message / a form error. Query parameters are read through the lists' filters
(:mod:`.filters`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404

from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest

DESK = ("bureau_admin", "bureau_staff")
COMMENT_ROLES = (*DESK, "enterprise_user", "district_officer")
ENQUIRY_ROLES = (*DESK, "enterprise_user", "district_officer", "expert")


def not_found(exc: DomainError) -> Http404:
    return Http404(exc.message())


def fail(request: AuthedRequest, exc: DomainError) -> None:
    """A refused action: 404 if the object is out of reach, else a flash message."""
    if exc.status == 404:
        raise not_found(exc)
    messages.error(request, exc.message())


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Show a refusal on the field it names, or above the form when the form has no such
    field (``comments_closed`` names the notification, which the comment form does not show)."""
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, exc.message())
