from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        # The staff factory page keeps its certification panel and Zero Tolerance banner.
        from factories.generations import watch

        from .models import Certification, CertificationDecision, ZeroToleranceCase

        for model in (Certification, CertificationDecision, ZeroToleranceCase):
            watch(model)
