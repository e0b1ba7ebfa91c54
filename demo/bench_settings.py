"""Settings of the server ``manage.py benchmark_pages --serve`` starts: the laptop settings
with debug off and the benchmark's URLconf (the floor view lives there, never in the app)."""

from ietp.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "demo.bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
