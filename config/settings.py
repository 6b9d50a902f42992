"""gongkai settings, read from environment variables (documented in .env.example).

Everything the instance writes lives under GONGKAI_DATA_DIR: the SQLite database,
the search index, uploaded files, generated sites and exports.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "gongkai"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", "var")).resolve()

DEBUG = _env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if not SECRET_KEY:
    # An instance without a configured key gets one generated into its data
    # directory, so that sessions survive restarts and no key is shipped.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        from django.core.management.utils import get_random_secret_key

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = get_random_secret_key()
        _key_file.write_text(SECRET_KEY, encoding="utf-8")
        _key_file.chmod(0o600)

ALLOWED_HOSTS = _env_list("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开")
# Link hosts the compliance gate does not report as "outside" ("*.x" = x and below).
TRUSTED_LINK_HOSTS = _env_list("GONGKAI_TRUSTED_LINK_HOSTS", "*.gov.cn")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.organizations",
    "gongkai.calendars",
    "gongkai.publications",
    "gongkai.disclosures",
    "gongkai.search",
    "gongkai.ledger",
    "gongkai.reporting",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "gongkai.sqlite3"),
            # Kept between requests, as the PostgreSQL connections are: opening
            # the file, the PRAGMAs and reading the schema cost 1.5–2 ms a request.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.Staff"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.core.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "gongkai.core.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "gongkai.core.validators.CommonPasswordValidator"},
    {"NAME": "gongkai.core.validators.NumericPasswordValidator"},
]
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "workbench:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = _env_bool("GONGKAI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "workbench/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GONGKAI_MAX_UPLOAD_BYTES = (
    int(os.environ.get("GONGKAI_MAX_UPLOAD_MB", "50")) * 1024 * 1024
)
# Static files are served from the package by whitenoise; `collectstatic` fills
# STATIC_ROOT for nginx in deployments.
WHITENOISE_USE_FINDERS = True
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "GONGKAI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

# The search index (derived from the database; `gongkai search reindex` rebuilds it).
GONGKAI_SEARCH_INDEX_DIR = Path(
    os.environ.get("GONGKAI_SEARCH_INDEX_DIR") or DATA_DIR / "index"
).resolve()

# The public address (https://域名, no path): absolute links in feeds, the sitemap and
# the static site. Default: the address of the request.
GONGKAI_PUBLIC_URL = os.environ.get("GONGKAI_PUBLIC_URL", "")
# Publish the static site incrementally after every public change (the worker does it),
# into GONGKAI_STATIC_SITE_DIR (default DATA_DIR/site).
GONGKAI_STATIC_SITE = _env_bool("GONGKAI_STATIC_SITE", False)
GONGKAI_STATIC_SITE_DIR = os.environ.get("GONGKAI_STATIC_SITE_DIR", "")
# How long a cached public page may outlive a change made outside gongkai (seconds;
# 0 turns the page cache off). Changes made through gongkai show at once.
GONGKAI_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300"))

# A file cache shared by all web processes (rate limits of the public forms).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}
GONGKAI_APPLICATIONS_PER_HOUR = int(
    os.environ.get("GONGKAI_APPLICATIONS_PER_HOUR", "5")
)
GONGKAI_TRACKING_FAILURES_PER_HOUR = int(
    os.environ.get("GONGKAI_TRACKING_FAILURES_PER_HOUR", "20")
)

# E-mail: the daily deadline digests to staff. Set GONGKAI_EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and the SMTP server below.
EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("GONGKAI_EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = _env_bool("GONGKAI_EMAIL_USE_SSL", False)  # implicit TLS, port 465
# Seconds to wait for the SMTP server: a dead server must not hold up the worker.
EMAIL_TIMEOUT = int(os.environ.get("GONGKAI_EMAIL_TIMEOUT", "20"))
# The address staff open the workbench at (links in e-mails), e.g. https://gk.example.gov.cn.
# Default: the public address (setting GONGKAI_PUBLIC_URL) when set, else http:// and
# the first of GONGKAI_ALLOWED_HOSTS.
GONGKAI_WORKBENCH_URL = os.environ.get("GONGKAI_WORKBENCH_URL", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING"),
    },
}
