from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Staff dashboard and program analytics")

    def ready(self) -> None:
        # The staff dashboard keeps its counts under PROGRAM_ACTIVITY (dashboard.selectors).
        from actions.models import CorrectiveAction, CorrectiveActionUpdate
        from certification.models import ZeroToleranceCase
        from ietp.core.generations import PROGRAM_ACTIVITY, bump_on_writes
        from notices.models import Notice
        from visits.models import Visit, VisitingOrganisation

        for model in (
            Visit,
            VisitingOrganisation,
            CorrectiveAction,
            CorrectiveActionUpdate,
            Notice,
            ZeroToleranceCase,
        ):
            bump_on_writes(model, PROGRAM_ACTIVITY)
