"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("guidance.article.created", _("Guidance article written"), False),
    ("guidance.article.updated", _("Guidance article edited"), False),
    ("guidance.article.published", _("Guidance article published"), False),
    ("guidance.article.unpublished", _("Guidance article withdrawn"), False),
]
