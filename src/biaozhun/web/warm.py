"""Warm a web process before it takes its first request.

Django loads most of a site on first use: the URL configuration (every view module, the API's
schemas), each template the first time a page renders it, the translation catalogues, the
reference trees. In a web process of ``biaozhun serve`` that first use is a user's request:
measured on the demo city (2026-12-03), the first request of a fresh process took ~1.3 s of CPU
(URLs 1.3 s, of which the API's schemas 0.9 s) and each page's first rendering compiled its
templates (all 134 of the platform's: ~0.47 s). Under the load benchmark with think time a web
process that the warm-up had not reached served its first request 2.2 s late, and the requests
queued behind it in that process with it.

:func:`warm_process` does that work once, when the ASGI (or WSGI) application is imported —
before the server accepts connections — then collects the garbage and **freezes** what is left
(``gc.freeze()``): the ~240,000 objects a warmed process holds are permanent (modules,
compiled templates, URL patterns, schemas), and Python's full collections would otherwise walk
all of them again and again (a full collection of a warm process after the main pages:
108-149 ms, paid by whichever request triggered it; after the freeze: ~1 ms). The database is
not touched: a web process may start before its database answers.

Off with ``BIAOZHUN_WARM_START=0`` (the ``WARM_START`` setting), e.g. for a process that serves
only a few requests.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

#: the files of the platform's own template directories that are templates
TEMPLATE_SUFFIXES = frozenset({".html", ".txt", ".xml", ".svg"})


def template_names() -> Iterator[str]:
    """The names of the platform's own templates (``<app>/templates/**``), by directory order;
    Django's and the libraries' templates load on first use as before."""
    # Django is set up before this runs
    import biaozhun

    root = Path(biaozhun.__file__).parent
    for directory in sorted(root.glob("*/templates")):
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
                yield path.relative_to(directory).as_posix()


def _urls() -> int:
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view and the API's schemas
    # builds the reverse lookup of every named route, by namespace
    return len(resolver.reverse_dict) + len(resolver.namespace_dict)


def _templates() -> int:
    from django.template.loader import get_template

    count = 0
    for name in template_names():
        get_template(name)  # compiled and kept by Django's cached template loader
        count += 1
    return count


def _translations() -> int:
    from django.conf import settings
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # loads the language's catalogues
    return len(settings.LANGUAGES)


def _reference() -> int:
    from biaozhun.common import reference

    return len(reference.members()) + len(reference.ics_tree()) + len(reference.hs_tree())


STEPS: tuple[tuple[str, Callable[[], int]], ...] = (
    ("urls", _urls),
    ("templates", _templates),
    ("translations", _translations),
    ("reference", _reference),
)


def warm_process(*, freeze: bool = True) -> dict[str, float]:
    """Load what the first requests would load (URLs, templates, translations, reference
    data); with ``freeze``, collect the garbage and move every object left to the collector's
    permanent generation. Returns the milliseconds of each step (and ``frozen``: objects
    frozen). A step that fails is logged and skipped: the request that needs it will load it
    (and show the error) as it would have without the warm-up."""
    timings: dict[str, float] = {}
    for name, step in STEPS:
        started = time.perf_counter()
        try:
            step()
        except Exception:  # an optimisation only: the page that needs it reports the error
            logger.exception("warm-up step %s failed", name)
            continue
        timings[name] = round((time.perf_counter() - started) * 1000, 1)
    if freeze:
        started = time.perf_counter()
        gc.collect()
        gc.freeze()
        timings["gc"] = round((time.perf_counter() - started) * 1000, 1)
        timings["frozen"] = float(gc.get_freeze_count())
    logger.info("web process warmed: %s", timings)
    return timings
