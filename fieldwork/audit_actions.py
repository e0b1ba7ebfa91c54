"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("fieldwork.visit.started", _("Visit started"), True),
    ("fieldwork.visit.submitted", _("Report submitted"), True),
    ("fieldwork.visit.returned", _("Report returned to the visitors"), True),
    # Saved as the visitors type: kept in the record, never a row on the timeline.
    ("fieldwork.visit.notes_saved", _("Visit notes saved"), False),
    ("fieldwork.section.reviewed", _("Agenda section marked"), False),
    ("fieldwork.finding.recorded", _("Finding recorded"), False),
    ("fieldwork.finding.updated", _("Finding edited"), False),
    ("fieldwork.finding.conflict", _("Finding edit refused: someone saved first"), False),
    ("fieldwork.finding.corrected", _("Published finding corrected"), False),
    ("fieldwork.evidence.added", _("Evidence file added"), False),
]
