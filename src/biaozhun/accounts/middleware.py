"""The account gate: one rule, for pages and the API alike, on who may reach which route.

- A signed-in enterprise user whose enterprise is not approved yet (pending or rejected) may
  open only their own registration, sign-in/out, password and language routes
  (``PENDING_ALLOWED``); every other page answers 403 and every API operation 403 with the JSON
  error shape. Bearer tokens are refused the same way in ``biaozhun.api.TokenAuth``.
- Posting the password-reset form and the self-registration form is rate-limited per address
  (and per e-mail address for the reset), see ``RATE_LIMITS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import LazyObject, empty

from biaozhun.common.errorpages import error_page
from biaozhun.common.errors import DomainError

from .throttling import RateLimited, client_ip, hit

# Route names (``namespace:name``) a not-yet-approved enterprise user may open.
PENDING_ALLOWED = frozenset(
    {
        "home",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "enterprises:mine",
        "enterprises:detail",
        "enterprises:register",
        "api:openapi-json",
        "api:openapi-view",
        # the public portal (/public/), open to anonymous visitors too
        "public:home",
        "public:standards",
        "public:standard",
        "public:notifications",
        "public:notification",
        "public:kb",
        "public:kb_entry",
        "public:publicity",
        "public:news",
        "public:register",
    }
)


class PendingAccount(DomainError):
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "account_pending",
            "企业注册尚未通过审核:审核通过前只能查看本企业的注册信息。",
            "Your enterprise's registration is not approved yet: until it is, you can only "
            "see your own registration.",
        )


def refusal(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The response for a refusal: the JSON error shape under /api/, the platform page else."""
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=error.status)

    return error_page(request, error.status, error.message())


def _throttle(request: HttpRequest, route: str) -> None:
    if request.method != "POST":
        return
    if route == "password_reset":
        email = str(request.POST.get("email", "")).strip().lower()
        hit("password_reset_ip", client_ip(request))
        if email:
            hit("password_reset_address", email)
    elif route == "enterprises:register":
        hit("registration_ip", client_ip(request))


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        route = match.view_name if match is not None else ""
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "is_pending", False)
            and route not in PENDING_ALLOWED
        ):
            return refusal(request, PendingAccount())
        if isinstance(user, LazyObject) and user._wrapped is not empty:
            # The user is loaded by now: the page reads it directly, not through the lazy
            # wrapper (one extra call each of the 100-300 times a page reads ``user.…``).
            request.user = user._wrapped
        try:
            _throttle(request, route)
        except RateLimited as exc:
            return refusal(request, exc)
        return None
