"""Load a checklist version from its data module. Used by the data migration and the tests."""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import Any


def load_checklist(data: ModuleType, *, version_model: Any, section_model: Any, item_model: Any):
    """Create (or complete) the version, its sections and items; running it twice adds nothing.

    Takes the model classes so a migration can pass its historical models.
    """
    version, _ = version_model.objects.get_or_create(
        version=data.VERSION, defaults={"effective_date": date.fromisoformat(data.EFFECTIVE_DATE)}
    )
    for number, title, items in data.SECTIONS:
        section, _ = section_model.objects.get_or_create(
            version=version, number=number, defaults={"title": title}
        )
        for position, (code, item_title, severity) in enumerate(items):
            item_model.objects.get_or_create(
                section=section,
                code=code,
                defaults={
                    "title": item_title,
                    "default_severity": severity,
                    "position": position,
                },
            )
    return version
