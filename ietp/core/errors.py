"""Domain errors: a rule said no. Views turn them into a message and a 4xx, never a 500."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the change; ``str(error)`` is safe to show the user."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
