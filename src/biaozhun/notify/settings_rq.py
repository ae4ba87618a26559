"""The project's settings on the RQ backend: the same as ``BIAOZHUN_TASK_BACKEND=rq``
(``TASKS`` points at RQ on ``REDIS_URL``, queue ``BIAOZHUN_RQ_QUEUE``, and ``biaozhun worker``
runs an RQ worker). Kept for ``DJANGO_SETTINGS_MODULE=biaozhun.notify.settings_rq``."""

import os

os.environ["BIAOZHUN_TASK_BACKEND"] = "rq"

from biaozhun.settings import *  # noqa: F403
