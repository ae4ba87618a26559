"""Settings for running on the RQ backend: the project's settings with TASKS pointing at RQ
and `biaozhun worker` running an RQ worker. Use DJANGO_SETTINGS_MODULE=biaozhun.notify.settings_rq
(until settings.py offers BIAOZHUN_TASK_BACKEND=rq; see docs/operations.md)."""

import os

from biaozhun.settings import *  # noqa: F403
from biaozhun.settings import REDIS_URL

TASKS = {
    "default": {
        "BACKEND": "biaozhun.notify.rq_backend.RQBackend",
        "OPTIONS": {  # type: ignore[dict-item]
            "URL": REDIS_URL,
            "QUEUE": os.environ.get("BIAOZHUN_RQ_QUEUE", "biaozhun"),
        },
    }
}
TASK_BACKEND = "rq"  # `biaozhun worker` then runs BIAOZHUN_WORKER_COMMAND
BIAOZHUN_WORKER_COMMAND = "notify_rq_worker"
