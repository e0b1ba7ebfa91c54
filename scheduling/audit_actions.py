"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("scheduling.visit.scheduled", _("Scheduled (draft)"), True),
    ("scheduling.visit.notice_overridden", _("Short notice approved"), True),
    ("scheduling.visit.announced", _("Announced to the factory"), True),
    ("scheduling.visit.rescheduled", _("Rescheduled"), True),
    ("scheduling.visit.reconfirmation_needed", _("Needs a new acknowledgement"), True),
    ("scheduling.visit.acknowledged", _("Acknowledged by the factory"), True),
    ("scheduling.visit.cancelled", _("Cancelled"), True),
    ("scheduling.visitor.changed", _("Visitor's base city or may-lead changed"), False),
    ("scheduling.visitor.unavailable_added", _("Unavailable days added"), False),
    ("scheduling.visitor.unavailable_removed", _("Unavailable days removed"), False),
]
