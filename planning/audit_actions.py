"""The planning app's audit actions: (code, label for people, shown on a visit timeline)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("planning.plan.created", _("Visit plan created"), False),
    ("planning.plan.solved", _("Visit plan proposed"), False),
    ("planning.plan.failed", _("Visit plan could not be solved"), False),
    ("planning.plan.commit_requested", _("Visits of a plan requested"), False),
    ("planning.plan.commit_failed", _("Visits of a plan not created"), False),
    ("planning.plan.committed", _("Visits created from a plan"), False),
    ("planning.plan.visit_moved", _("Planned visit moved"), False),
    ("planning.plan.visit_dropped", _("Planned visit dropped"), False),
    ("planning.plan.visit_restored", _("Planned visit put back"), False),
    ("planning.plan.requeued", _("Visit plan solved again"), False),
]
