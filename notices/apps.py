from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Visit notices")

    def ready(self) -> None:
        # The staff factory page keeps its notice log (bulk writes bump in the services).
        from factories.generations import watch

        from .models import Notice

        watch(Notice)
