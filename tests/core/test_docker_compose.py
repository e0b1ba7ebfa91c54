"""There is no Docker engine here, so docker-compose.yml is kept right by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Names the container itself reads, not Django settings.
NOT_SETTINGS = {
    "DJANGO_SETTINGS_MODULE",
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "GUNICORN_CMD_ARGS",
}


def _names_read_by_settings() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / "ietp" / "settings").glob("*.py"))
    pattern = r'(?:env(?:\.\w+)?|env_int|_required)\(\s*"([A-Z][A-Z0-9_]+)"'
    return set(re.findall(pattern, text))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in services[name], name
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")


def test_every_environment_name_in_compose_is_a_setting():
    known = _names_read_by_settings()
    compose = _compose()
    shared = compose.get("x-app-environment", {})
    for name, service in compose["services"].items():
        environment = {**shared, **(service.get("environment") or {})}
        unknown = set(environment) - known - NOT_SETTINGS
        assert not unknown, f"{name} sets {sorted(unknown)}, which no setting reads"


def test_app_services_run_production_settings():
    compose = _compose()
    env = compose["x-app-environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "ietp.settings.production"
    assert env["DATABASE_URL"].startswith("postgres")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")


def test_readme_lists_every_setting_read_from_the_environment():
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in _names_read_by_settings() if f"`{n}`" not in readme)
    assert not missing, f"README does not document {missing}"
