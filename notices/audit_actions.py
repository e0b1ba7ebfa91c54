"""The audit actions this app writes: key, label for people, shown on a visit timeline."""

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("notices.feed_token.reset", _("Calendar feed link reset"), False),
]
