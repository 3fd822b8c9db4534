"""Claimtrack settings: one module, driven by environment variables.

With no environment at all the project runs in its embedded shape: SQLite next to the
code, tasks run in-process, DEBUG on. Production values come from the environment and
bad values fail at start-up with a message that names the variable.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {raw!r}")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0, positive: bool = False) -> float:
    """A number of seconds (or a rate): `minimum` or more, more than 0 when `positive`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None
    # float() reads "nan" and "inf": a timeout of either breaks every fetch, not the start.
    if not math.isfinite(value):
        raise ImproperlyConfigured(f"{name} must be a finite number, not {raw!r}")
    if positive and value <= 0:
        raise ImproperlyConfigured(f"{name} must be more than 0, not {raw!r}")
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum:g} or more, not {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required whenever DEBUG is off: "
            "set SECRET_KEY to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "claimtrack-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# An uploaded file over the ingest form's limit is not stored (sources/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "sources.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, fragments, feeds, the API and the exports are sent gzip-compressed to a client
    # that accepts it (the timeline's chart over a year of claims is ~180 KB of SVG, ~15 KB
    # compressed). Static files are not: WhiteNoise, above, answers them with its own
    # pre-compressed copies first. Against BREACH, Django masks the CSRF token anew in every
    # response and pads every compressed response with random bytes; the admin, which shows
    # API token keys beside its echoed search, is not compressed (config/compression.py).
    "config.compression.GZipExceptAdminMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.abilities",
                "claims.context_processors.login_next",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:port/name) or, when absent, the embedded
# SQLite file. PostgreSQL is the production database and the one the tests run on.
_SQLITE_PATH = Path(env_str("CLAIMTRACK_SQLITE_PATH", str(BASE_DIR / "claimtrack.sqlite3")))
DATABASE_URL = env_str("DATABASE_URL")
try:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        if DATABASE_URL
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_SQLITE_PATH)}
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL I understand: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (runserver, an ingest command) may write to the embedded file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL (or the broker) is Redis, so that robots.txt and per-host
# politeness are shared by every worker; an in-process cache in the embedded shape.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
REDIS_URL = env_str("REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages and the API miss rather than fail while Redis cannot be reached; a
            # fetch's host turns still need it (config/cache.py).
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CLAIMTRACK_CACHE_PREFIX", "claimtrack"),
            # A Redis that does not answer costs a page a second at most, not a hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Without a broker the tasks run in-process, eagerly, with the same code.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CLAIMTRACK_TASK_SOFT_TIME_LIMIT", 150, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CLAIMTRACK_TASK_TIME_LIMIT", 180, minimum=1)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fix-up closes the database connection before and after every task unless
# this is set; then it closes it only every this many tasks. Between those, config/celery.py
# applies Django's own rules around each task (CONN_MAX_AGE, CONN_HEALTH_CHECKS, a broken
# connection dropped), as Django does around each request: a task no longer pays for a new
# PostgreSQL connection (~3 ms of worker time and a server backend started each time).
CELERY_DB_REUSE_MAX = 1000
# A message a dead worker had taken comes back after this many seconds (Redis transport).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CLAIMTRACK_BROKER_VISIBILITY_TIMEOUT", 600, minimum=1)
}
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Claim extraction (spaCy) is CPU- and memory-heavy and slower than fetching: it has its own
# queue so that operators can run NLP workers apart (`celery -A config worker -Q claims`)
# and ingest workers that never wait behind it (`-Q default`). A plain worker, without -Q,
# consumes both queues declared here.
# Each queue bound by its own name as routing key (a bare Queue("claims") is declared with
# the default queue's key, "default").
CELERY_TASK_QUEUES = [
    Queue("default", routing_key="default"),
    Queue("claims", routing_key="claims"),
]
CELERY_TASK_ROUTES = {"claims.*": {"queue": "claims"}}
# celery beat: feeds are polled on their own intervals (the minute tick only finds the due
# ones); lost jobs are looked for every few minutes.
CELERY_BEAT_SCHEDULE = {
    "feeds-poll-due": {"task": "sources.feeds_poll_due", "schedule": 60.0},
    "articles-recover-stalled": {"task": "sources.articles_recover_stalled", "schedule": 180.0},
    "claims-recover-stalled": {
        "task": "claims.articles_recover_stalled_extractions",
        "schedule": 180.0,
    },
}

# Fetching: how Claimtrack introduces itself to the sites it reads, and its limits.
CLAIMTRACK_CONTACT_URL = env_str(
    "CLAIMTRACK_CONTACT_URL", "https://github.com/claimtrack/claimtrack#crawler"
)
CLAIMTRACK_USER_AGENT = env_str(
    "CLAIMTRACK_USER_AGENT", f"Claimtrack/0.1 (+{CLAIMTRACK_CONTACT_URL})"
)
CLAIMTRACK_FETCH_ALLOW_PRIVATE = env_bool("CLAIMTRACK_FETCH_ALLOW_PRIVATE", default=False)
CLAIMTRACK_FETCH_CONNECT_TIMEOUT = env_float("CLAIMTRACK_FETCH_CONNECT_TIMEOUT", 5.0, positive=True)
CLAIMTRACK_FETCH_READ_TIMEOUT = env_float("CLAIMTRACK_FETCH_READ_TIMEOUT", 30.0, positive=True)
CLAIMTRACK_FETCH_DEADLINE = env_float("CLAIMTRACK_FETCH_DEADLINE", 60.0, positive=True)
CLAIMTRACK_FETCH_MAX_BYTES = env_int("CLAIMTRACK_FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
CLAIMTRACK_FETCH_MAX_DECOMPRESSED_BYTES = env_int(
    "CLAIMTRACK_FETCH_MAX_DECOMPRESSED_BYTES", 20 * 1024 * 1024, minimum=1
)
CLAIMTRACK_FETCH_HOST_INTERVAL = env_float("CLAIMTRACK_FETCH_HOST_INTERVAL", 1.0)
CLAIMTRACK_FETCH_MAX_TRIES = env_int("CLAIMTRACK_FETCH_MAX_TRIES", 4, minimum=1)
CLAIMTRACK_FETCH_BACKOFF_BASE = env_float("CLAIMTRACK_FETCH_BACKOFF_BASE", 2.0)
CLAIMTRACK_FETCH_BACKOFF_MAX = env_float("CLAIMTRACK_FETCH_BACKOFF_MAX", 300.0)
CLAIMTRACK_ROBOTS_CACHE_SECONDS = env_int("CLAIMTRACK_ROBOTS_CACHE_SECONDS", 3600, minimum=0)
# A job held longer than this by a worker that has gone away is picked up again.
CLAIMTRACK_JOB_LEASE_SECONDS = env_int("CLAIMTRACK_JOB_LEASE_SECONDS", 300, minimum=1)
# A claims task takes along up to this many articles in all (its own included) that wait
# for extraction, and at most this much text (bytes), their NLP run as one batch; 1 turns
# batching off. A batch must end well within the task time limit.
CLAIMTRACK_EXTRACT_BATCH = env_int("CLAIMTRACK_EXTRACT_BATCH", 16)
CLAIMTRACK_EXTRACT_BATCH_BYTES = env_int("CLAIMTRACK_EXTRACT_BATCH_BYTES", 200_000)
if CLAIMTRACK_EXTRACT_BATCH < 1 or CLAIMTRACK_EXTRACT_BATCH_BYTES < 0:
    raise ImproperlyConfigured(
        "CLAIMTRACK_EXTRACT_BATCH must be 1 or more (1: one article per task) and "
        "CLAIMTRACK_EXTRACT_BATCH_BYTES 0 or more, not "
        f"{CLAIMTRACK_EXTRACT_BATCH} and {CLAIMTRACK_EXTRACT_BATCH_BYTES}"
    )
CLAIMTRACK_FEED_UNHEALTHY_AFTER = env_int("CLAIMTRACK_FEED_UNHEALTHY_AFTER", 3, minimum=1)

# The API (/api/v1/): token or session authentication, one error format for every failure,
# keyset pagination, anonymous reads throttled per client address in the shared cache.
CLAIMTRACK_API_ANON_RATE = env_str("CLAIMTRACK_API_ANON_RATE", "120/min")
if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", CLAIMTRACK_API_ANON_RATE):
    raise ImproperlyConfigured(
        "CLAIMTRACK_API_ANON_RATE must look like 120/min (a number, then /sec, /min, /hour "
        f"or /day), not {CLAIMTRACK_API_ANON_RATE!r}"
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write is told 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "claims.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.AnonReadThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "claims.api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Behind N trusted proxies the client address is the Nth from the right in
    # X-Forwarded-For; 0 trusts only the socket address, so a client cannot dodge throttling.
    "NUM_PROXIES": env_int("CLAIMTRACK_API_NUM_PROXIES", 0, minimum=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimtrack API",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page (templates/api/docs.html) loads the copy vendored under static/vendor/;
    # these keep drf-spectacular's own views off its CDN default too.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    # No deep links: with them each operation's path is a link inside the button that opens
    # it, a control inside a control (a screen reader may never reach the link; axe-core
    # nested-interactive, serious, on every operation).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "StanceEnum": "claims.models.Mention.Stance",
        "ArticleStateEnum": "sources.models.Article.State",
        "SourceKindEnum": "sources.models.Source.Kind",
        "DatePrecisionEnum": "claims.models.DatePrecision",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.document_common_errors",
    ],
}
# ClaimReview (schema.org) names the organization that publishes the verdicts.
CLAIMTRACK_ORGANIZATION_NAME = env_str("CLAIMTRACK_ORGANIZATION_NAME", "Claimtrack")
# Its home page; empty means the site the request came to.
CLAIMTRACK_ORGANIZATION_URL = env_str("CLAIMTRACK_ORGANIZATION_URL", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "sources": {"level": LOG_LEVEL},
        "claims": {"level": LOG_LEVEL},
        "celery": {"level": LOG_LEVEL},
    },
}
