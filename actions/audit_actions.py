"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("actions.corrective_action.created_for_visit", _("Corrective actions created"), True),
    ("actions.corrective_action.updated", _("Progress reported by the factory"), False),
    ("actions.corrective_action.verified", _("Verified and closed by staff"), False),
    ("actions.corrective_action.returned", _("Sent back to the factory"), False),
]
