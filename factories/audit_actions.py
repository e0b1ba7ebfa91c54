"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("factories.factory.created", _("Factory registered"), False),
    ("factories.manager.added", _("Factory manager added"), False),
    ("factories.blackout.added", _("Blackout period added"), False),
    ("factories.factory.located", _("Factory location recorded"), False),
]
