"""Corrective action emails go out through the outbox."""

from .notify import ACTION_UPDATE_KIND

KINDS = [ACTION_UPDATE_KIND]
