"""URL reversal for pages that link every row.

Django's ``reverse`` walks the URL patterns again for each call: about 30 µs a link on the
machines we measure on, so a page of 50 rows with two links each spends 3 ms on it. For a
view name and a number of integer arguments the answer is always the same text with the
numbers in it, so :func:`fast_reverse` works out that text once (per view name, argument
count, current app, URLconf, script prefix and language) and fills the numbers in.

The shape is trusted only after it has been checked: the URL is reversed for four probe
values (0, 7, a ten-digit and an eighteen-digit number) and each must give the same text
around the numbers. Anything else (keyword arguments, a value that is not a non-negative int
below 10**18, a pattern the probes do not fit) goes to ``reverse`` itself, so the answer is
always the one ``reverse`` gives, errors included.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language

#: probe values, one list per argument position: small, one digit, ten and eighteen digits
_PROBES = (0, 7, 1_000_003_917, 100_000_000_000_000_003)
#: the largest id the platform's ``<id:...>`` converter accepts is 18 digits
_LIMIT = 10**18

_SHAPES: dict[tuple[Any, ...], tuple[str, ...] | None] = {}


def _probe_args(count: int, probe: int) -> list[int]:
    # distinct values per position so that each can be found in the text
    return [probe + position * 11 for position in range(count)]


def _fill(shape: tuple[str, ...], args: list[int] | tuple[int, ...]) -> str:
    if len(args) == 1:
        return shape[0] + str(args[0]) + shape[1]
    parts = [shape[0]]
    for value, after in zip(args, shape[1:], strict=True):
        parts.append(str(value))
        parts.append(after)
    return "".join(parts)


def _shape(view_name: str, count: int, current_app: str | None) -> tuple[str, ...] | None:
    """The text between the arguments (``count + 1`` pieces), or None where the probes do not
    agree or the view does not reverse."""
    try:
        if count == 0:
            return (reverse(view_name, current_app=current_app),)
        # the shape from the ten-digit probe, whose digits cannot be mistaken for the rest
        args = _probe_args(count, _PROBES[2])
        rest = reverse(view_name, args=args, current_app=current_app)
        pieces: list[str] = []
        for value in args:
            text = str(value)
            if rest.count(text) != 1:
                return None
            before, rest = rest.split(text, 1)
            pieces.append(before)
        pieces.append(rest)
        shape = tuple(pieces)
        for probe in _PROBES:
            args = _probe_args(count, probe)
            if _fill(shape, args) != reverse(view_name, args=args, current_app=current_app):
                return None
    except NoReverseMatch:
        return None
    return shape


_UNSET: Any = object()
_LOCALE_PREFIXED: dict[str, bool] = {}


def _language_in_urls(urlconf: str) -> bool:
    """Whether the URLconf has ``i18n_patterns`` (a language prefix in its URLs): only then is
    the language part of the key (the platform has none; asking costs 9 µs a call)."""
    if urlconf not in _LOCALE_PREFIXED:
        _LOCALE_PREFIXED[urlconf] = any(
            isinstance(getattr(entry, "pattern", None), LocalePrefixPattern)
            for entry in get_resolver(urlconf).url_patterns
        )
    return _LOCALE_PREFIXED[urlconf]


def fast_reverse(
    view_name: str,
    args: list[Any] | tuple[Any, ...] = (),
    current_app: str | None = None,
    urlconf: str | None = _UNSET,
) -> str:
    """``reverse(view_name, args=args, current_app=current_app)``, without walking the URL
    patterns again for integer arguments. ``urlconf``: the request's (``request.urlconf``,
    None for the project's) where the caller knows it, else the current thread's is asked."""
    if not all(type(value) is int and 0 <= value < _LIMIT for value in args):
        return reverse(view_name, args=list(args), current_app=current_app)
    if urlconf is _UNSET:
        urlconf = get_urlconf()
    urlconf = urlconf or settings.ROOT_URLCONF
    language = get_language() if _language_in_urls(urlconf) else None
    key = (view_name, len(args), current_app, urlconf, get_script_prefix(), language)
    try:
        shape = _SHAPES[key]
    except KeyError:
        shape = _SHAPES[key] = _shape(view_name, len(args), current_app)
    if shape is None:
        return reverse(view_name, args=list(args), current_app=current_app)
    return _fill(shape, args)


@receiver(setting_changed)
def forget_shapes(*, setting: str = "ROOT_URLCONF", **kwargs: Any) -> None:
    """Drop what was worked out when the URL configuration changes (``override_settings``)."""
    if setting == "ROOT_URLCONF":
        _SHAPES.clear()
        _LOCALE_PREFIXED.clear()
