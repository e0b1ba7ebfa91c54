from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactoriesConfig(AppConfig):
    name = "factories"
    verbose_name = _("Factories")

    def ready(self) -> None:
        from .generations import connect

        connect()
