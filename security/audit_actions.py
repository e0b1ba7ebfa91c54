"""Audit action codes written by the security app (the lead wires these into the registry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("security.login.locked_out", _("Login locked after repeated wrong passwords"), False),
    ("security.login.unlocked", _("Login unlocked by program staff"), False),
    ("security.two_factor.enrolled", _("Two-factor authentication set up"), False),
    ("security.two_factor.recovery_codes_created", _("New two-factor recovery codes made"), False),
    ("security.two_factor.disabled", _("Two-factor authentication turned off"), False),
]
