"""Test settings: fast hashing, mail to memory, tasks eager unless a test starts a real worker.

DATABASE_URL picks the database: SQLite when unset, PostgreSQL in CI (.ci/run sets it).
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = BASE_DIR / ".test-media"
# The same compressed, fingerprinted static files as every other setting; tests/conftest.py runs
# collectstatic into this folder once per run.
STATIC_ROOT = BASE_DIR / ".test-static"
ALLOWED_HOSTS = ["*"]
# Tests that need a live worker read the broker from here (set by .ci/run in CI).
TEST_CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
