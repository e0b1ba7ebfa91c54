"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("training.programme.created", _("Training programme created"), False),
    ("training.programme.updated", _("Training programme edited"), False),
    ("training.enrolment.invited", _("Factory invited to training"), False),
    ("training.enrolment.requested", _("Factory asked for a training place"), False),
    ("training.enrolment.accepted", _("Training invitation accepted"), False),
    ("training.enrolment.declined", _("Training invitation declined"), False),
    ("training.enrolment.approved", _("Training request approved"), False),
    ("training.enrolment.refused", _("Training request refused"), False),
    ("training.enrolment.completed", _("Training completed"), False),
]
