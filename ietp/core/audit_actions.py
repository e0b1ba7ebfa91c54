"""The audit actions core writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("core.delivery.resent", _("Delivery sent again"), False),
]
