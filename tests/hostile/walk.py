"""Walking every page: the URL patterns from the resolver with their parameters filled, the
query parameters and form fields each page really has (read from its HTML), and a battery of
hostile values (issue 15 §7)."""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

#: Values a careless user or an attacker types: non-ASCII digits that ``isdigit()`` accepts,
#: numbers out of every range, dates past the calendar, NUL bytes, over-long text, markup.
HOSTILE = [
    "²",
    "٣",
    "1e20",
    "-1",
    "99999999999999999999",
    "9999-12-31",
    "0000-00-00",
    "NaN",
    "\x00",
    "x" * 3000,
    "<script>alert(1)</script>",
    "[]",
]

#: Query parameters tried on every page besides those its own forms and links name.
COMMON_PARAMS = ["page", "year", "month", "q", "offset", "limit", "day", "deadline", "status"]

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")

SKIP_PREFIXES = ("admin/", "api/", "static/", "media/")


@dataclass(frozen=True)
class Route:
    template: str
    name: str

    def fill(self, values: dict[str, str]) -> str:
        def sub(match: re.Match[str]) -> str:
            return values.get(match.group("name"), "1")

        return "/" + _PARAM.sub(sub, self.template)

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m.group("conv") or "str", m.group("name")) for m in _PARAM.finditer(self.template)]


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                template = prefix + str(pattern.pattern)
                if template.startswith(SKIP_PREFIXES) or template.startswith("^"):
                    continue
                if inspect.iscoroutinefunction(pattern.callback):
                    # an async view (the live feed) runs on another thread whose end closes the
                    # connection that holds this module's world; tests/notify walks it.
                    continue
                found.append(Route(template, f"{namespace}{pattern.name or ''}"))

    walk(get_resolver().url_patterns, "", "")
    return found


def fillings(route: Route, slugs: dict[str, list[str]]) -> Iterator[str]:
    """The route with real-looking ids (1, 2), an id past every integer column, and unknown
    slugs and strings."""
    params = route.params
    if not params:
        yield route.fill({})
        return
    variants: list[dict[str, str]] = [{}, {}, {}]
    for conv, name in params:
        if conv in ("int", "id"):
            options = ["1", "2", "99999999999999999999"]
        elif conv == "slug":
            real = slugs.get(name, [])
            options = [real[0] if real else "x", real[-1] if real else "y", "no-such-slug"]
        else:
            options = ["pdf", "docx", "x\u00a0y"]
        for variant, value in zip(variants, options, strict=True):
            variant[name] = value
    for variant in variants:
        yield route.fill(variant)


class _Forms(HTMLParser):
    """The query parameters (GET forms, links to the same page) and the POST forms of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.get_params: set[str] = set()
        self.post_forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._method = "get"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._method = a.get("method", "get").lower()
            self._form = {"__action__": a.get("action", "")}
            if self._method == "post":
                self.post_forms.append(self._form)
        elif tag in ("input", "select", "textarea") and a.get("name"):
            name = a["name"]
            if name == "csrfmiddlewaretoken":
                return
            if self._method == "get":
                self.get_params.add(name)
            elif self._form is not None:
                self._form[name] = a.get("type", tag)
        elif tag == "a" and "?" in a.get("href", ""):
            query = a["href"].split("?", 1)[1].split("#", 1)[0]
            for part in query.split("&"):
                if "=" in part:
                    self.get_params.add(part.split("=", 1)[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
            self._method = "get"


def forms_of(html: str) -> _Forms:
    parser = _Forms()
    with contextlib.suppress(Exception):  # a page that is not HTML (a file): no forms
        parser.feed(html)
    return parser
