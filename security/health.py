"""The health endpoint for the load balancer and the compose health checks (django-health-check).

Anonymous callers get the status code and "ok" or "unavailable"; program staff see each check.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from health_check.views import HealthCheckView

from ietp.core.roles import is_program_staff


def health_checks() -> list:
    """The database always; the Redis broker and a Celery worker when tasks go to a broker."""
    checks: list = ["health_check.checks.Database"]
    if not settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("redis"):
        from redis.asyncio import Redis

        url = settings.CELERY_BROKER_URL
        checks.append(
            ("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(url)})
        )
        if settings.HEALTH_CHECK_CELERY_WORKER:
            checks.append("health_check.contrib.celery.Ping")
    return checks


def _may_see_details(request: HttpRequest) -> bool:
    user = request.user
    return is_program_staff(user) and (
        user.is_verified() or not settings.TWO_FACTOR_REQUIRED_FOR_STAFF
    )


class HealthView(HealthCheckView):
    @property
    def checks(self) -> list:  # type: ignore[override]
        return health_checks()

    async def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = await super().get(request, *args, **kwargs)
        if await sync_to_async(_may_see_details)(request):
            return response
        healthy = response.status_code == 200
        return HttpResponse(
            "ok\n" if healthy else "unavailable\n",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )
