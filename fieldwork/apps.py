from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "fieldwork"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from .generations import connect

        connect()
