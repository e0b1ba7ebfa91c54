"""The Zero Tolerance alert goes out through the outbox."""

from .alerts import ZT_ALERT_KIND

KINDS = [ZT_ALERT_KIND]
