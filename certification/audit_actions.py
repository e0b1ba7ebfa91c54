"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("certification.started", _("Certification status set"), False),
    ("certification.decided", _("Certification decision recorded"), False),
    ("certification.zt_case.opened", _("Zero Tolerance case opened"), True),
    ("certification.zt_case.decided", _("Zero Tolerance case decided"), True),
]
