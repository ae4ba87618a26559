"""Per-request memoisation: a value several parts of one page need (the home page's cards and
charts both read the programme's progress) is computed once per request.

The value is kept on an object that lives for one request only — the signed-in user that
Django's authentication middleware loads for each request — so nothing outlives the request
and nothing is shared between users."""

from __future__ import annotations

from collections.abc import Callable

_ATTRIBUTE = "_biaozhun_request_memo"


def once_per_request[T](owner: object, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``key`` is asked for on ``owner``, the kept value after."""
    memo: dict[str, object] | None = getattr(owner, _ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(owner, _ATTRIBUTE, memo)
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]
