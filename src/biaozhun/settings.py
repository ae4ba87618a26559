"""Settings, read from the environment and validated at start.

Development (the default, ``BIAOZHUN_ENV=development``) runs on an embedded SQLite database under
``var/`` with the database task queue. Any other environment refuses to start without a real
``SECRET_KEY`` and explicit ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the repository root
VAR_DIR = Path(os.environ.get("BIAOZHUN_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("BIAOZHUN_DATA_DIR", BASE_DIR / "data"))

ENVIRONMENT = os.environ.get("BIAOZHUN_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"BIAOZHUN_ENV must be development, test or production, not {ENVIRONMENT!r}. "
        f"BIAOZHUN_ENV 只能是 development、test 或 production。"
    )
IS_PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "development-only-secret-do-not-use-in-production"
_PLACEHOLDER_SECRETS = {"", _DEV_SECRET, "changeme", "change-me", "secret", "django-insecure"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, lowest: int, highest: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and lowest <= int(value) <= highest):
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {lowest} to {highest}, not {value!r}. / "
            f"{name} 必须是 {lowest} 到 {highest} 之间的整数。"
        )
    return int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "" if IS_PRODUCTION else _DEV_SECRET)
if IS_PRODUCTION and (
    SECRET_KEY in _PLACEHOLDER_SECRETS
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 32
):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or a placeholder: set a random value of at least 32 characters "
        "before starting in production. / 生产环境必须设置 SECRET_KEY(至少 32 个随机字符),"
        "不能使用缺省值或占位值。"
    )

DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if IS_PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host names in production. / "
        "生产环境必须设置 ALLOWED_HOSTS。"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # First, so its registration/ templates win over the admin's.
    "biaozhun.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "biaozhun.accounts",
    "biaozhun.enterprises",
    "biaozhun.catalogue",
    "biaozhun.validity",
    "biaozhun.tbt",
    "biaozhun.alerts",
    "biaozhun.consult",
    "biaozhun.notify",
    "biaozhun.incentives",
    "biaozhun.programme",
    "biaozhun.public",
]

MIDDLEWARE = [
    "biaozhun.web.timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "biaozhun.common.requestguard.RefuseNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "biaozhun.accounts.middleware.AccountGateMiddleware",
    "biaozhun.common.errorpages.PlatformErrorPagesMiddleware",
]
# A Server-Timing header on every response (wait, page, cpu, db, queries): off unless asked
# for; the load benchmark's server has it (docs/benchmarks/load.md, biaozhun/web/timing.py).
SERVER_TIMING = env_bool("BIAOZHUN_SERVER_TIMING", False)
# A web process loads its URLs, templates, translations and reference data when the ASGI/WSGI
# application is imported, then freezes them for the garbage collector (biaozhun/web/warm.py):
# no user's request pays the first-use cost (~1.8 s a process).
WARM_START = env_bool("BIAOZHUN_WARM_START", True)
CSRF_FAILURE_VIEW = "biaozhun.common.errorpages.csrf_failure"

ROOT_URLCONF = "biaozhun.urls"
WSGI_APPLICATION = "biaozhun.wsgi.application"
ASGI_APPLICATION = "biaozhun.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "biaozhun.web.context.navigation",
                "biaozhun.web.context.query_values",
            ],
            "builtins": ["biaozhun.web.templatetags.bz"],
        },
    },
]

# Database: SQLite (WAL) under var/ by default, anything dj-database-url reads otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'biaozhun.sqlite3'}")
# No persistent connections: under ASGI (`biaozhun serve`) each request runs in its own context,
# and a connection kept open there is never reused: with 32 concurrent users on two web
# processes PostgreSQL refused new clients ("too many clients already", bench load) within
# seconds. Django's advice for ASGI: CONN_MAX_AGE 0 (a local connection costs a few ms).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
# A connection pool in the web processes on PostgreSQL (psycopg_pool through Django): a new
# connection costs about 5.5 ms here (a server process forked), as much as a third of a page.
# `biaozhun serve` sets BIAOZHUN_DB_POOL for the web processes it starts; the task workers and
# commands connect per use. BIAOZHUN_DB_POOL_SIZE: the most connections a web process keeps.
DB_POOL_OPTIONS = {
    "min_size": 1,
    "max_size": env_int("BIAOZHUN_DB_POOL_SIZE", 8, 1, 100),
    "timeout": 10,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "BIAOZHUN_DB_POOL", False
):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = dict(DB_POOL_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed (IP
# addresses or networks, comma-separated). Empty (the default): no forwarded header is
# believed, the client address is the socket's peer. See docs/operations.md.
TRUSTED_PROXIES = env_list("BIAOZHUN_TRUSTED_PROXIES", [])


# Web worker processes `biaozhun serve` starts: one per core this process may run on, unless
# BIAOZHUN_WEB_WORKERS (1-256, or `serve --workers`) says otherwise.
def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


WEB_WORKERS = env_int("BIAOZHUN_WEB_WORKERS", 0, 1, 256) or _cores()

# The CPU priority of `biaozhun worker` processes (Unix nice value, 0-19; default 10): background
# work — an alert storm's matching and mail, imports, big 查新 lists — gives way to the web
# processes serving people when both want the same cores, and takes every idle cycle otherwise
# (docs/operations.md, docs/benchmarks/storm.md). 0 keeps the normal priority.
WORKER_NICE = env_int("BIAOZHUN_WORKER_NICE", 10, 0, 19)

# Login throttling: 5 failures lock the user name (whatever the address, in any letter case)
# for 15 minutes; the client address comes from the socket or a trusted proxy only.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "biaozhun.accounts.throttling.client_ip"
AXES_USERNAME_CALLABLE = "biaozhun.accounts.throttling.login_username"

# Rate limits (count, window in seconds) on what sends mail or creates accounts.
RATE_LIMITS = {
    "password_reset_address": (
        int(os.environ.get("BIAOZHUN_RESET_MAILS_PER_ADDRESS", "3")),
        3600,
    ),
    "password_reset_ip": (int(os.environ.get("BIAOZHUN_RESET_MAILS_PER_IP", "10")), 3600),
    "registration_ip": (int(os.environ.get("BIAOZHUN_REGISTRATIONS_PER_IP", "10")), 3600),
}

# Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: same-origin scripts only, inline scripts need the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, path)
    for prefix, path in [
        ("vendor/tabler", _NODE / "@tabler" / "core" / "dist"),
        ("vendor/htmx", _NODE / "htmx.org" / "dist"),
        ("vendor/echarts", _NODE / "echarts" / "dist"),
    ]
    if path.is_dir()
]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Uploaded tables (every importer and the 查新 upload): the largest file, the most rows and the
# most unpacked bytes of an .xlsx (a zip: 67 KB can hold 200,000 rows).
IMPORT_MAX_BYTES = int(os.environ.get("BIAOZHUN_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("BIAOZHUN_IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("BIAOZHUN_IMPORT_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024))
)
# Uploads larger than this (bytes) are processed by the task worker, with a progress page.
IMPORT_BACKGROUND_BYTES = int(os.environ.get("BIAOZHUN_IMPORT_BACKGROUND_BYTES", str(256 * 1024)))
# The longest CSV field accepted (characters); a longer one is refused with a clear error.
IMPORT_MAX_FIELD_CHARS = int(os.environ.get("BIAOZHUN_IMPORT_MAX_FIELD_CHARS", "131072"))

# E-mail
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("EMAIL_PORT", "1025")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "biaozhun <noreply@biaozhun.local>")

# Background work: the database backend by default; BIAOZHUN_TASK_BACKEND selects another.
TASK_BACKEND = os.environ.get("BIAOZHUN_TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    # RQ on Redis for scale: `biaozhun worker` then runs RQ workers (see docs/operations.md).
    "rq": {
        "BACKEND": "biaozhun.notify.rq_backend.RQBackend",
        "OPTIONS": {"URL": "", "QUEUE": os.environ.get("BIAOZHUN_RQ_QUEUE", "biaozhun")},
    },
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"BIAOZHUN_TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASK_BACKEND!r}."
    )
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS["rq"]["OPTIONS"]["URL"] = REDIS_URL  # type: ignore[index]
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
if TASK_BACKEND == "rq":
    BIAOZHUN_WORKER_COMMAND = "notify_rq_worker"

# The city the platform serves (districts are data: see accounts/fixtures and load_region).
BIAOZHUN_CITY = os.environ.get("BIAOZHUN_CITY", "yangzhou")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every line a second time
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
    },
}
