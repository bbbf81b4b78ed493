"""Settings for Tin Cơ Sở, read from the environment.

Two profiles share this file: development (default: SQLite in ./var, a secret
key generated once into ./var) and production (``TINCOSO_ENV=production``:
secrets required, secure cookies and headers, HSTS). The scale-out profile is
production plus ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``. Every variable
is listed in .env.example.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tincoso import taskbackend
from tincoso.core.clientip import parse_networks
from tincoso.core.env import env_bool, env_int, env_list, env_str, kept_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TINCOSO_VAR_DIR") or BASE_DIR / "var")

TINCOSO_ENV = env_str("TINCOSO_ENV", "development")
if TINCOSO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("TINCOSO_ENV must be 'development' or 'production'")
PRODUCTION = TINCOSO_ENV == "production"


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if PRODUCTION and len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    # Development: generate once and keep it, so sessions survive restarts.
    return kept_secret(VAR_DIR / "secret_key")


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and source to anyone who triggers an error.
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0)")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Public holidays for working-day deadlines (access.workdays); default: the shipped file.
ACCESS_HOLIDAYS_FILE = env_str("ACCESS_HOLIDAYS_FILE", "")
# CAP <sender> of the province's alerts: unique to the province, e.g. its domain.
CAP_SENDER = env_str("CAP_SENDER", "tincoso.local")

INSTALLED_APPS = [
    # First, so its templates win over the admin's registration/ pages (password reset):
    # otherwise the admin's versions are served, e.g. an invalid reset link titled
    # "Đặt lại mật khẩu thành công" by Django's Vietnamese translation.
    "tincoso.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "treebeard",
    "axes",
    "auditlog",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # the queue of the RQ task backend (scale-out profile)
    "tincoso.units",
    "tincoso.search",
    "tincoso.documents",
    "tincoso.documents.exchange",
    "tincoso.publishing",
    "tincoso.outreach",
    "tincoso.feedback",
    "tincoso.broadcast",
    "tincoso.alerts",
    "tincoso.opinion",
    "tincoso.access",
    "tincoso.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that it sees every staff page's final response (errors and redirects too).
    "tincoso.core.middleware.PrivateAppPagesMiddleware",
    "tincoso.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tincoso.core.middleware.NulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tincoso.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "tincoso.core.middleware.DomainErrorMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tincoso.urls"
WSGI_APPLICATION = "tincoso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tincoso.core.registry.nav",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'tincoso.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _default_db, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
# Connections are kept between requests (per worker thread), checked before reuse.
# For SQLite too: opening one runs the PRAGMAs below, about 10 ms on a busy disk,
# which capped the whole app at tens of requests a second when done per request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    if not env_str("DATABASE_URL"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Roll-up aggregates look "expensive" to the planner, which then spends longer
    # JIT-compiling them than running them; this workload is short queries.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# "default" may be per process (page copies); "shared" is one store for every worker
# and server, for counters that must add up: feedback rate limits, log-in slow-down.
# Without Redis it is a database table (created by the core migration 0003_shared_cache_table).
REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": _redis, "shared": {**_redis, "KEY_PREFIX": "shared"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tincoso_cache",
            # Culling at the default 300 entries would drop live counters under load.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
RATELIMIT_USE_CACHE = "shared"

# /metrics answers loopback only, or anyone sending "Authorization: Bearer <token>".
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# Proxies whose X-Forwarded-For is believed (addresses or networks): see core.clientip.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
parse_networks(TRUSTED_PROXIES)  # fail loudly on a bad entry at start

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Before the one that checks passwords (core.loginguard).
    "tincoso.core.loginguard.SlowDownBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lock an account+address pair out after repeated failures, for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Keyed on account AND address, so a stranger elsewhere cannot lock a person out; the
# address is the client's through TRUSTED_PROXIES, not the proxy's (everyone's).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tincoso.core.clientip.client_address"
# Guesses spread over many addresses never lock: past this many failures for one
# account (per LOGIN_CEILING_WINDOW_SECONDS), each further try for it must wait,
# 2, 4, 8 … up to LOGIN_SLOWDOWN_MAX_SECONDS after the last failure (core.loginguard).
LOGIN_ACCOUNT_CEILING = env_int("LOGIN_ACCOUNT_CEILING", 20)
LOGIN_CEILING_WINDOW_SECONDS = env_int("LOGIN_CEILING_WINDOW_SECONDS", 60 * 60)
LOGIN_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_SLOWDOWN_MAX_SECONDS", 60)
# Password-reset requests (each may send a mail): per client address, per e-mail typed.
PASSWORD_RESET_RATE = env_str("PASSWORD_RESET_RATE", "5/h") or "5/h"
PASSWORD_RESET_EMAIL_RATE = env_str("PASSWORD_RESET_EMAIL_RATE", "3/h") or "3/h"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Sessions end after two idle hours and always when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Production hardening ---------------------------------------------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers ask over plain HTTP on the private network (core.health).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
# Scripts only from our own static files (none inline; the API docs load theirs from a
# URL too). Styles allow inline attributes, which the templates and htmx use. Images
# only from this site: a Markdown image on another server cannot track readers.
# Workers (PDF.js draws a document's original in one) only from our own files too.
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY") or (
    "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; media-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Email ------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    # Without a mail server, development keeps each mail as a file in var/mail/
    # (printing them would bury the log-ins and the address `make run` shows).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH") or VAR_DIR / "mail")
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or EMAIL_BACKEND  # e.g. the dummy one for benchmarks
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tin Cơ Sở <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language, time ---------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "tincoso" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Without collectstatic (tests, first start) WhiteNoise serves from the app folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Scale-out: media on an S3-compatible store (MinIO, Ceph, a cloud's S3) shared by
# every app server, instead of MEDIA_ROOT. Objects stay private (no ACL, no public
# URL): the app's views check access and stream them (core.mediastore); feedback
# photos go under their own prefix ("private/"), the rest under "media/".
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    _s3_options = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
        "default_acl": None,
        "querystring_auth": True,
        # Two uploads named alike get two names, as on disk; never one over the other.
        "file_overwrite": False,
        # A file read whole (a download) spools to disk past 5 MiB, not all in memory.
        "max_memory_size": 5 * 1024 * 1024,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "private"},
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Extra CA certificates (PEM/DER) for verifying signed PDFs, beside the pinned ones
# shipped in tincoso/documents/signatures/trust/: the official files from ca.gov.vn.
DOCUMENT_TRUST_DIR = env_str("DOCUMENT_TRUST_DIR")

# --- Background tasks ---------------------------------------------------------
# Django's task API (django-tasks backport), backend chosen by TASKS_BACKEND (see
# tincoso.taskbackend): the database by default, whose worker `tincoso serve` starts;
# with REDIS_URL (scale-out) RQ on that Redis, worked by `tincoso worker` processes.
TASKS = {"default": {"BACKEND": taskbackend.backend(os.environ), "QUEUES": ["default"]}}
if TASKS["default"]["BACKEND"] == taskbackend.BACKENDS["rq"] and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL")
# django-rq's queue (used by the RQ backend only). A job may run this long (OCR of a
# 200-page scan takes ~20 min); results are kept a day for the pages that poll them.
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": env_int("TASK_TIMEOUT_SECONDS", 3600),
        "DEFAULT_RESULT_TTL": 24 * 3600,
    }
}
# No RQ dashboard in the admin: it would add pages (and a stats API with its own access
# rules) outside the role checks; queue depth is in /metrics' work waiting.
RQ_SHOW_ADMIN_LINK = False
# A document import whose worker stops answering (killed, machine lost) for this long
# is queued again (documents.leases); its worker renews the lease while it reads.
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 60)

# --- Loudspeaker speech and audio ---------------------------------------------
# A Piper voice model (.onnx) the operator supplies; unset: espeak-ng's voices only.
PIPER_MODEL = env_str("PIPER_MODEL", "") or ""
PIPER_BINARY = env_str("PIPER_BINARY", "piper") or "piper"
# Document exchange (edXML, docs/document-exchange.md): the transports to use, by name
# ("filedrop", "http"), the file drop's directory (outbox/, inbox/, processed/, failed/),
# the gateway's base URL and its bearer token, and the largest envelope taken in.
DOCUMENT_EXCHANGE_TRANSPORTS = env_list("DOCUMENT_EXCHANGE_TRANSPORTS", [])
DOCUMENT_EXCHANGE_DIR = env_str("DOCUMENT_EXCHANGE_DIR") or str(VAR_DIR / "exchange")
DOCUMENT_EXCHANGE_URL = env_str("DOCUMENT_EXCHANGE_URL", "") or ""
DOCUMENT_EXCHANGE_TOKEN = env_str("DOCUMENT_EXCHANGE_TOKEN", "") or ""
DOCUMENT_EXCHANGE_MAX_BYTES = env_int("DOCUMENT_EXCHANGE_MAX_BYTES", 64 * 1024 * 1024)
DOCUMENT_EXCHANGE_RETRIES = env_int("DOCUMENT_EXCHANGE_RETRIES", 3)
BULLETIN_UPLOAD_MAX_BYTES = env_int("BULLETIN_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
BULLETIN_MAX_SECONDS = env_int("BULLETIN_MAX_SECONDS", 30 * 60)

# --- Devices (docs/device-protocol.md) ---------------------------------------
# Rate limits of the device protocol, per device ("120/m" …; "off" turns one off).
DEVICE_FETCH_RATE = env_str("DEVICE_FETCH_RATE", "") or "120/m"
DEVICE_UPLINK_RATE = env_str("DEVICE_UPLINK_RATE", "") or "12/m"
DEVICE_ENROL_RATE = env_str("DEVICE_ENROL_RATE", "") or "10/h"  # per network address
# The folder each device's signed manifest is published in for nginx (§4.5; the
# scale-out profile); empty: manifests are answered by the app only.
DEVICE_MANIFEST_DIR = env_str("DEVICE_MANIFEST_DIR", "") or ""

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "tincoso.core.api.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "tincoso.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tin Cơ Sở API",
    "DESCRIPTION": "API of the grassroots information platform. Every endpoint applies the "
    "same unit-subtree permission checks as the web UI.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "tincoso.units.models.UnitKind",
        "ItemKindEnum": "tincoso.publishing.models.Item.Kind",
        "ReporterKindEnum": "tincoso.outreach.models.ReporterKind",
        "LanguageEnum": "tincoso.publishing.models.LANGUAGES",
        "BulletinVariantLanguageEnum": "tincoso.broadcast.bulletins.models.VARIANT_LANGUAGES",
        "BulletinStatusEnum": "tincoso.broadcast.bulletins.models.Bulletin.Status",
        "BulletinKindEnum": "tincoso.broadcast.bulletins.models.Bulletin.Kind",
        "BulletinAudioStateEnum": "tincoso.broadcast.bulletins.models.Bulletin.AudioState",
        "DeviceKindEnum": "tincoso.broadcast.devices.models.Device.Kind",
        "AlertCategoryEnum": "tincoso.alerts.models.Category",
        "CategoryEnum": "tincoso.feedback.models.Category",  # the name it had before alerts
    },
    # Request bodies get their own components, without the read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's error responses, documented in one place (core.api_schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tincoso.core.api_schema.document_errors",
    ],
}

# --- Audit log ----------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Opinion: a topic is "emerging" when, in one week, it rises in at least MIN_UNITS units,
# each with a signal of at least MIN_SIGNAL and FACTOR times the week before
# (``opinion.trends``); the guiding board is then told once.
OPINION_EMERGING_MIN_UNITS = env_int("OPINION_EMERGING_MIN_UNITS", 3)
OPINION_EMERGING_MIN_SIGNAL = env_int("OPINION_EMERGING_MIN_SIGNAL", 2)
OPINION_EMERGING_FACTOR = env_int("OPINION_EMERGING_FACTOR", 2)
