"""Starter guidance for the demo (``seed_demo`` calls ``seed_guidance``): idempotent by title."""

from __future__ import annotations

from typing import Any

from guidance.models import GuidanceArticle
from guidance.services import article_create
from visits.models import ChecklistSection

ARTICLES = [
    (
        5,
        "Planning peak season without excessive overtime",
        "Plan production with sales so weekly hours stay within the legal and program limits.",
        "Ask sales for a 12-week order forecast and turn it into a staffing plan.\n\n"
        "Track hours per worker every week, not every month, and act when a line trends high.\n\n"
        "Agree overtime with workers in advance and record their consent.",
    ),
    (
        6,
        "Pay slips workers can check",
        "Show hours, overtime hours and rates on every pay slip, in a language workers read.",
        "List normal and overtime hours separately with their rates.\n\n"
        "Explain every deduction by name and amount; keep a signed copy for two years.",
    ),
    (
        10,
        "Worker committees that work",
        "Elected committees that meet monthly and publish minutes build trust both ways.",
        "Let workers elect members without management choosing candidates.\n\n"
        "Post minutes in the canteen and follow up on every item at the next meeting.",
    ),
    (
        12,
        "Fire drills on every shift",
        "Drill every shift at least twice a year and keep a signed log.",
        "Night and weekend shifts are often missed: plan their drills first.\n\n"
        "Time the evacuation, note blocked routes and fix them the same week.\n\n"
        "Check daily that every exit is unlocked and clear during working hours.",
    ),
    (
        13,
        "Daily exit and machine-guard checks",
        "A short signed checklist per shift catches most life-threatening hazards early.",
        "Supervisors walk the floor at the start of each shift: exits, guards, PPE.\n\n"
        "A locked or blocked exit is a Zero Tolerance issue: unlock it at once.",
    ),
    (
        14,
        "Dormitories that meet the checklist",
        "Space, privacy, separate floors by gender and working fire protection.",
        "Keep dormitories separate from production and storage buildings.\n\n"
        "Inspect monthly with a worker representative and record repairs.",
    ),
]


def seed_guidance(*, by: Any) -> int:
    """Publish the starter articles that are missing; returns how many were created."""
    sections = {
        s.number: s
        for s in ChecklistSection.objects.filter(version__version="2.0").order_by("number")
    }
    existing = set(GuidanceArticle.objects.values_list("title", flat=True))
    created = 0
    for number, title, summary, body in ARTICLES:
        if title in existing or number not in sections:
            continue
        article_create(
            section=sections[number], title=title, summary=summary, body=body, publish=True, by=by
        )
        created += 1
    return created
