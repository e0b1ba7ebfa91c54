"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("reports.visit.published", _("Report published"), True),
    ("reports.report.queued", _("PDF report queued"), False),
    ("reports.report.rendered", _("PDF report ready"), False),
    ("reports.report.failed", _("PDF report failed"), False),
]
