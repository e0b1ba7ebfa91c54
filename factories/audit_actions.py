"""Audit actions the factories app adds (the registry is being wired in by the restructure)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("factories.factory.located", _("Factory location recorded"), False),
]
