"""ASGI entry point (the server `biaozhun serve` runs; needed for server-sent events)."""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biaozhun.settings")
django_application = get_asgi_application()


def _die_with_server() -> None:
    # Django is set up first (settings) before this loads
    from biaozhun.web.management.commands.serve import die_with_server

    die_with_server()  # a web worker of `biaozhun serve --workers N` stops when the server dies


_die_with_server()


def _warm() -> None:
    # Django is set up first (settings) before these load
    from django.conf import settings

    from biaozhun.web.warm import warm_process

    if settings.WARM_START:
        warm_process()  # before the server accepts connections (biaozhun/web/warm.py)


def _with_static(app: Any) -> Any:
    # Django is set up first (settings) before these load
    from asgiref.sync import sync_to_async
    from django.conf import settings
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.exceptions import SuspiciousOperation
    from django.http import Http404

    from biaozhun.common.errorpages import error_page

    class StaticFiles(ASGIStaticFilesHandler):
        """Django's static handler, but a missing file answers the platform's 404 page (not the
        DEBUG page) and ``/static/../x`` its 400 page instead of escaping as an unhandled
        SuspiciousFileOperation (a 500)."""

        async def get_response_async(self, request: Any) -> Any:
            try:
                return await sync_to_async(self.serve, thread_sensitive=False)(request)
            except Http404:
                return await sync_to_async(error_page, thread_sensitive=False)(request, 404)
            except SuspiciousOperation:
                return await sync_to_async(error_page, thread_sensitive=False)(request, 400)

    return StaticFiles(app) if settings.STATICFILES_DIRS or settings.DEBUG else app


def _stamped(app: Any) -> Any:
    # Django is set up first (settings) before these load
    from django.conf import settings

    from biaozhun.web.timing import stamp

    return stamp(app) if settings.SERVER_TIMING else app


application = _stamped(_with_static(django_application))
_warm()
