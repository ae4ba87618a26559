"""WSGI entry point for deployments behind a WSGI server."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biaozhun.settings")
application = get_wsgi_application()

if settings.WARM_START:
    from biaozhun.web.warm import warm_process

    warm_process()  # before the server takes requests (biaozhun/web/warm.py)
