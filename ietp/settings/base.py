"""Settings shared by every environment.

Every value a deployment may change is read from the environment with a default that runs on a
laptop (SQLite, Celery eager, email to the console). README lists them all.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """An integer setting; a bad value names the variable instead of failing later."""
    try:
        value = env.int(name, default=default)
    except (ValueError, environ.ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return value


SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    # The apps bottom to top, in their layer order (README's layout; pyproject's contracts).
    "ietp.core",
    "factories",
    "visits",
    "certification",
    "notices",
    "training",
    "questions",
    "scheduling",
    "fieldwork",
    "actions",
    "guidance",
    "reports",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ietp.urls"
WSGI_APPLICATION = "ietp.wsgi.application"

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
                "ietp.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", 60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured("TIME_ZONE must be an IANA time zone name")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console by default so a laptop needs no mail server.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IETP Progress Visits <noreply@ietp.local>")
PROGRAM_STAFF_EMAIL = env("PROGRAM_STAFF_EMAIL", default="progress-visits@ietp.local")

# Celery: with no broker configured tasks run eagerly in the web process (laptop default);
# with CELERY_BROKER_URL set they go to the broker (Redis) and a worker runs them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Never connected to: eager tasks run in-process. Naming it keeps kombu from warning that
    # no host was given every time a task is queued.
    CELERY_BROKER_URL = "memory://localhost/"
# On a laptop an eager task that fails (a mail server down) is logged, not turned into a 500 in
# the request that queued it; tests set this to True to see failures.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
# The longest countdown we schedule is a retry backoff capped at CELERY_MAX_RETRY_BACKOFF; Redis
# redelivers unacknowledged tasks after the visibility timeout, so it must be well above both.
CELERY_MAX_RETRY_BACKOFF = env_int("CELERY_MAX_RETRY_BACKOFF", 600, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(3600, 2 * (CELERY_MAX_RETRY_BACKOFF + CELERY_TASK_TIME_LIMIT)),
}
CELERY_BEAT_SCHEDULE: dict = {}
# Visit reminders go out VISIT_REMINDER_DAYS before the day; hourly so every zone is covered.
CELERY_BEAT_SCHEDULE["notices-visit-reminders"] = {
    "task": "notices.tasks.send_visit_reminders",
    "schedule": 3600,
}

# Program rules that are ours, not the program's: defaults, all settings (docs/domain.md).
VISIT_NOTICE_DAYS = env_int("VISIT_NOTICE_DAYS", 14)
VISIT_REMINDER_DAYS = env_int("VISIT_REMINDER_DAYS", 3)
ZT_REVIEW_DAYS = env_int("ZT_REVIEW_DAYS", 10, minimum=1)
# Due date of a corrective action created at publication when the visitor suggested none.
CORRECTIVE_ACTION_DUE_DAYS = env_int("CORRECTIVE_ACTION_DUE_DAYS", 30, minimum=1)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Visit reports: evidence photos are resized to at most this many pixels on their long side.
REPORT_IMAGE_MAX_PX = env_int("REPORT_IMAGE_MAX_PX", 800, minimum=100)
# Thumbnails of evidence photos on pages (made once by the worker, like the print size).
THUMBNAIL_MAX_PX = env_int("THUMBNAIL_MAX_PX", 320, minimum=32)

# Program scale (issue 14): search boxes list at most SEARCH_MATCHES_MAX matches; the month
# calendar shows CALENDAR_VISITS_PER_DAY visits a day and "+N more"; calendar feeds cover
# FEED_DAYS_BACK days back to FEED_DAYS_AHEAD days ahead; lists show LIST_PAGE_SIZE rows a page.
SEARCH_MATCHES_MAX = env_int("SEARCH_MATCHES_MAX", 20, minimum=1)
CALENDAR_VISITS_PER_DAY = env_int("CALENDAR_VISITS_PER_DAY", 4, minimum=1)
FEED_DAYS_BACK = env_int("FEED_DAYS_BACK", 60)
FEED_DAYS_AHEAD = env_int("FEED_DAYS_AHEAD", 180, minimum=1)
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 25, minimum=5)
FINDINGS_PAGE_SIZE = env_int("FINDINGS_PAGE_SIZE", 40, minimum=5)

PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
