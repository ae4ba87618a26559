"""Request types for views behind ``login_required`` (the user is a real ``User``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from biaozhun.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    htmx: HtmxDetails
