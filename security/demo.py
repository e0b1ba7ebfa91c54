"""The demo staff login's second factor: a PUBLISHED secret, so a reviewer can log in.

The key is RFC 6238's own test secret ("12345678901234567890"); it protects nothing and only the
demo data uses it. `manage.py demo_code` prints the current code for a device with this key and
for no other.
"""

from __future__ import annotations

import base64
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import demo_two_factor

DEMO_TOTP_KEY = b"12345678901234567890"
DEMO_TOTP_KEY_HEX = DEMO_TOTP_KEY.hex()
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(DEMO_TOTP_KEY).decode()


def seed_demo_two_factor(user: Any) -> TOTPDevice:
    return demo_two_factor(user=user, key_hex=DEMO_TOTP_KEY_HEX)


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key == DEMO_TOTP_KEY_HEX
