from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Progress Visits")

    def ready(self) -> None:
        from .generations import connect

        connect()
