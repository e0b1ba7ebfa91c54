"""Settings shared by every environment.

Every value a deployment may change is read from the environment with a default that runs on a
laptop (SQLite, Celery eager, email to the console). README lists them all.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

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
    # Before the admin: guidance and training text in each language (<app>/translation.py).
    "modeltranslation",
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "health_check",
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
    "planning",
    "security",
    "portal",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale so its 400 page is in the reader's language, before anything reads input.
    "security.middleware.RejectBadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ietp.core.middleware.UserLanguageMiddleware",
    "security.middleware.StaffTwoFactorMiddleware",
    "security.middleware.PrivatePagesNoStoreMiddleware",
    "security.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ietp.core.outbox.WaitingDeliveriesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it turns a refused login (its backend flags the request) into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "ietp.core.context_processors.late_alerts",
            ],
            "builtins": ["ietp.core.templatetags.icons"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", 60))
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # The app's queries are short and read through indexes; PostgreSQL's parallel workers only
    # take cores from the other requests (measured at program scale on 2 cores: the staff
    # action list's count 0.10x -> 0.16x the floor's throughput, the heaviest analytics
    # 0.75 s -> 0.93 s once per publication). A bigger database server may want some.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _parallel = f"-c max_parallel_workers_per_gather={env_int('DB_PARALLEL_WORKERS', 0)}"
    _options["options"] = f"{_options.get('options', '')} {_parallel}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (``Index(include=...)``) are PostgreSQL's; on a laptop's SQLite the same
# index simply has no extra columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username/address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Each person reads the product in their own language (stored on the user, see
# ietp.core.middleware); the switcher shows each language in its own name.
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# What staff write (guidance articles, training programmes) in each language: one column per
# language (title_en, title_zh_hans, title_vi); an empty translation shows the English text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans", "vi")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Dates and times per language (ietp/formats/<locale>/formats.py), e.g. 2026年12月21日 星期一 09:00.
FORMAT_MODULE_PATH = ["ietp.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
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
# Static files are compressed (gzip and Brotli) and fingerprinted in every setting, not only in
# production, so a visitor's phone downloads them once: `collectstatic` builds them (`make run`
# and the test suite run it), WhiteNoise serves names with a hash as immutable for a year.
# `make backup` writes its dated archives here (`make restore` reads one back).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "ietp.core.staticstorage.StaticFilesStorage"},
}

# Source maps are for developer tools only: not worth compressing on every collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

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
# Outbox (ietp/core/outbox.py): a handed-over message belongs to its worker for this long before
# the sweep hands it over again (a worker killed mid-render is noticed after it); it must be
# longer than the hard time limit so a task still running is never handed over twice.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 60, minimum=1)
if OUTBOX_LEASE_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("OUTBOX_LEASE_SECONDS must be longer than CELERY_TASK_TIME_LIMIT")
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 60, minimum=1)
OUTBOX_LATE_MINUTES = env_int("OUTBOX_LATE_MINUTES", 30, minimum=1)
ZT_ALERT_LATE_MINUTES = env_int("ZT_ALERT_LATE_MINUTES", 5, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(
        3600, 2 * (CELERY_MAX_RETRY_BACKOFF + CELERY_TASK_TIME_LIMIT + OUTBOX_LEASE_SECONDS)
    ),
    # A broker that is away must fail a hand-over fast, not hold the request.
    "socket_connect_timeout": 3,
}
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["core-outbox-sweep"] = {
    "task": "ietp.core.tasks.outbox_dispatch",
    "schedule": OUTBOX_SWEEP_SECONDS,
}
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

# Season planner: a factory is due a Progress Visit this many days after its last one (once per
# certification year); the solver stops after PLANNER_TIME_LIMIT_SECONDS with the best plan found.
PV_FREQUENCY_DAYS = env_int("PV_FREQUENCY_DAYS", 365, minimum=1)
PLANNER_TIME_LIMIT_SECONDS = env_int("PLANNER_TIME_LIMIT_SECONDS", 40, minimum=1)
PLANNER_WORKERS = env_int("PLANNER_WORKERS", 2, minimum=1)
# Cities closer than this (km) count as nearby: a team may move between them within a week.
PLANNER_NEARBY_KM = env_int("PLANNER_NEARBY_KM", 60)
# Planned visits start at this local hour and last this many hours.
PLANNER_VISIT_START_HOUR = env_int("PLANNER_VISIT_START_HOUR", 9)
PLANNER_VISIT_HOURS = env_int("PLANNER_VISIT_HOURS", 8, minimum=1)
if PLANNER_VISIT_START_HOUR > 23:
    raise ImproperlyConfigured("PLANNER_VISIT_START_HOUR must be an hour of the day (0-23)")

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
# The program analytics are cached until a report is published (or this many seconds pass).
ANALYTICS_CACHE_SECONDS = env_int("ANALYTICS_CACHE_SECONDS", 3600, minimum=0)
# Findings a page on the visitor's, the reviewer's and the factory's visit pages: a visitor on a
# phone with a weak connection gets ~45 KB for 25 full findings (with guidance, actions and
# photo thumbnails) instead of ~70 KB for 40, and the page renders in about two thirds the time.
FINDINGS_PAGE_SIZE = env_int("FINDINGS_PAGE_SIZE", 25, minimum=5)

# Program deadlines, counted in working days of the factory's country (ietp/core/workdays.py).
REPORT_DUE_WORKING_DAYS = env_int("REPORT_DUE_WORKING_DAYS", 7, minimum=1)
CAP_DUE_WORKING_DAYS = env_int("CAP_DUE_WORKING_DAYS", 5, minimum=1)
NOTICE_ACK_OVERDUE_DAYS = env_int("NOTICE_ACK_OVERDUE_DAYS", 3, minimum=1)
# An Excel export is built in the request (openpyxl, ~2,500 rows/s): longer ones are cut; CSV isn't.
EXPORT_XLSX_MAX_ROWS = env_int("EXPORT_XLSX_MAX_ROWS", 100_000, minimum=1)


def _iso_dates(name: str) -> list[str]:
    from datetime import date

    values = env.list(name, default=[])
    try:
        return [date.fromisoformat(value.strip()).isoformat() for value in values if value.strip()]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be ISO dates separated by commas") from exc


# Days the whole program does not work (e.g. a program-wide closure), on top of public holidays.
PROGRAM_NON_WORKING_DAYS = _iso_dates("PROGRAM_NON_WORKING_DAYS")

PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- Security: throttled logins, two-factor, sessions, headers, bad input (README: Security) ---
# Caches hold the password-reset throttle counters; one process on a laptop, Redis in production.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ietp")}

# Logins (django-axes): after LOGIN_FAILURE_LIMIT failures for a username from one address, or for
# a username from anywhere, that login is refused for LOGIN_COOLOFF_MINUTES; staff can unlock it.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.lockout_response"
AXES_VERBOSE = False
# Behind TRUSTED_PROXY_COUNT reverse proxies the client address is read from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "security.clients.client_address"
# Password reset requests: at most this many per address and per email address in an hour.
PASSWORD_RESET_RATE = f"{env_int('PASSWORD_RESET_PER_HOUR', 5, minimum=1)}/h"

# Two-factor (django-otp): program staff must use it; everyone else may.
TWO_FACTOR_REQUIRED_FOR_STAFF = env.bool("TWO_FACTOR_REQUIRED_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = "IETP Progress Visits"
TWO_FACTOR_RECOVERY_CODES = 10

# Sessions: ended after SESSION_IDLE_MINUTES without a request; use moves the end (to the minute,
# security.middleware.SessionIdleMiddleware).
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 30, minimum=1)

# Headers. CSP: scripts and styles from our own origin only (no inline code); Bootstrap's CSS
# draws a few icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Nothing here needs a device feature: photos come through the file picker, not the camera API.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The health endpoint also asks a Celery worker to answer a ping (when tasks go to a broker).
HEALTH_CHECK_CELERY_WORKER = env.bool("HEALTH_CHECK_CELERY_WORKER", default=True)
AXES_ENABLE_ADMIN = False  # unlocking goes through the recorded staff page, not a delete

# Bad input: uploaded images above this many pixels are refused (decompression bombs).
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000, minimum=1_000_000)
# The longest text any single form field or query parameter may carry.
INPUT_MAX_CHARS = env_int("INPUT_MAX_CHARS", 100_000, minimum=1_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
