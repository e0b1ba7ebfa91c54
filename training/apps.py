from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training programmes")

    def ready(self) -> None:
        # The staff factory page keeps its training panel (programme titles and dates).
        from factories.generations import watch

        from .models import TrainingEnrolment, TrainingProgramme

        watch(TrainingEnrolment)
        watch(
            TrainingProgramme,
            lambda programme: list(programme.enrolments.values_list("factory_id", flat=True)),
        )
