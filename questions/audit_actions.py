"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("questions.question.asked", _("Question sent by the factory"), False),
    ("questions.question.edited", _("Question edited by the factory"), False),
    ("questions.question.answered", _("Question answered"), False),
]
