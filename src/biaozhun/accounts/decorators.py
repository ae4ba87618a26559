"""View decorators for roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def roles_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed-in users with one of ``roles`` (superusers always) may open the view; others get
    403, anonymous users the login page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_superuser or getattr(user, "role", None) in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # what the shell reads to show a link or button only to those who may open it
        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def may_open(user: Any, view: Callable[..., Any]) -> bool:
    """Whether ``user`` passes ``view``'s role check (``roles_required``); a view without one
    is open to every signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = getattr(view, "allowed_roles", None)
    return roles is None or bool(user.is_superuser) or getattr(user, "role", None) in roles


bureau_required = roles_required("bureau_admin", "bureau_staff")
staff_required = roles_required("bureau_admin", "bureau_staff", "district_officer")
