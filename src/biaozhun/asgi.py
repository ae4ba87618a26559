"""ASGI entry point (the server `biaozhun serve` runs; needed for server-sent events)."""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biaozhun.settings")
django_application = get_asgi_application()


def _with_static(app: Any) -> Any:
    from django.conf import settings
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    return ASGIStaticFilesHandler(app) if settings.STATICFILES_DIRS or settings.DEBUG else app


application = _with_static(django_application)
