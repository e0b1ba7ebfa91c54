"""Every write the security features make: lockouts, unlocks, two-factor devices and codes.

Each writes its audit row in the same transaction (ietp.core.audit.log_action).
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.models import AuditLogEntry
from ietp.core.roles import is_program_staff

LOCKED_OUT = "security.login.locked_out"
UNLOCKED = "security.login.unlocked"
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def _user_named(username: str) -> Any | None:
    return get_user_model().objects.filter(username=username).first()


def login_lockout_record(*, username: str, ip_address: str) -> AuditLogEntry | None:
    """Write a lockout to the audit log, once per lockout (axes signals every refused try)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    last = (
        AuditLogEntry.objects.filter(
            action__in=[LOCKED_OUT, UNLOCKED], data__username=username, created_at__gte=since
        )
        .order_by("-created_at", "-id")
        .values_list("action", flat=True)
        .first()
    )
    if last == LOCKED_OUT:
        return None
    target = _user_named(username) or (
        AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    )
    if target is None:
        return None
    return log_action(
        actor=None,
        action=LOCKED_OUT,
        obj=target,
        data={"username": username, "ip_address": ip_address},
    )


def login_unlock(*, username: str, by: Any) -> int:
    """Clear the failed attempts that lock ``username``; returns how many records were cleared."""
    with transaction.atomic():
        target = _user_named(username) or (
            AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
        )
        if target is None:
            raise DomainError(_("There is no locked login with that username."), code="not_found")
        cleared = reset(username=username)
        log_action(
            actor=by, action=UNLOCKED, obj=target, data={"username": username, "cleared": cleared}
        )
    return cleared


def two_factor_required(user: Any) -> bool:
    """Program staff, and anyone who may open the admin, must use two-factor (a setting)."""
    return bool(settings.TWO_FACTOR_REQUIRED_FOR_STAFF) and (
        is_program_staff(user) or bool(getattr(user, "is_staff", False))
    )


def two_factor_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_start(*, user: Any) -> TOTPDevice:
    """The not yet confirmed authenticator device to show as a QR code (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def two_factor_confirm(*, user: Any, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns the recovery codes (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError(_("Start the set-up again."), code="stale")
    if not device.verify_token(token.strip()):
        raise DomainError(
            _("That code is not right. Check the time on your phone and enter the newest code."),
            code="bad_code",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        log_action(actor=user, action="security.two_factor.enrolled", obj=user, data={})
    return codes


def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """Replace the user's recovery codes; the old ones stop working."""
    if not two_factor_enrolled(user):
        raise DomainError(_("Set up two-factor authentication first."), code="not_enrolled")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        log_action(
            actor=user, action="security.two_factor.recovery_codes_created", obj=user, data={}
        )
    return codes


def two_factor_disable(*, user: Any) -> None:
    """Turn two-factor off for someone who may go without it."""
    if two_factor_required(user):
        raise DomainError(_("Program staff must use two-factor authentication."), code="required")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log_action(actor=user, action="security.two_factor.disabled", obj=user, data={})


def two_factor_verify(*, user: Any, token: str) -> Any | None:
    """The device (authenticator, else a one-time recovery code) that accepts ``token``.

    Each device throttles wrong codes itself (django-otp), so guessing gets slower and slower.
    """
    token = token.strip().replace(" ", "")
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)]
    devices += [*StaticDevice.objects.filter(user=user, confirmed=True)]
    for device in devices:
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def demo_two_factor(*, user: Any, key_hex: str) -> TOTPDevice:
    """The demo staff's authenticator with a published secret (demo data only, idempotent)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=TOTP_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device
