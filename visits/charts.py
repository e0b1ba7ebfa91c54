"""How severities are drawn in charts (the factory's progress, program analytics)."""

from __future__ import annotations

from .models import Severity

# Colours for charts; each is also named in the legend and the table (colour is never the only
# signal).
SEVERITY_COLOURS = {
    Severity.ZERO_TOLERANCE: "#7f1d1d",
    Severity.CRITICAL: "#dc3545",
    Severity.MAJOR: "#fd7e14",
    Severity.MINOR: "#ffc107",
    Severity.OBSERVATION: "#6c757d",
    Severity.GOOD_PRACTICE: "#198754",
}


def severity_series() -> list[tuple[str, str, str]]:
    return [(s.value, str(s.label), SEVERITY_COLOURS[s]) for s in Severity]
