"""The three roles, as groups with permissions, and the checks views use.

Program staff run the program; factory managers see their own factory; visitors see the visits
they are assigned to. Which rows a user may read is decided by each app's selectors.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

PROGRAM_STAFF = "Program staff"
FACTORY_MANAGERS = "Factory managers"
VISITORS = "Visitors"

# app_label.codename; "view_"/"change_" etc. are Django's model permissions.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    PROGRAM_STAFF: [
        "factories.view_factory",
        "factories.add_factory",
        "factories.change_factory",
        "factories.view_blackoutperiod",
        "factories.add_blackoutperiod",
        "factories.change_blackoutperiod",
        "factories.delete_blackoutperiod",
        "factories.view_factorymembership",
        "factories.add_factorymembership",
        "factories.delete_factorymembership",
        "visits.view_visitingorganisation",
        "visits.add_visitingorganisation",
        "visits.change_visitingorganisation",
        "visits.view_visitor",
        "visits.add_visitor",
        "visits.change_visitor",
        "visits.view_checklistversion",
        "visits.view_visit",
        "visits.add_visit",
        "visits.change_visit",
        "visits.schedule_visit",
        "visits.override_notice_period",
        "visits.publish_visit",
        "fieldwork.view_finding",
        "actions.view_correctiveaction",
        "actions.change_correctiveaction",
        "questions.view_factoryquestion",
        "certification.view_certification",
        "certification.view_certificationdecision",
        "certification.decide_certification",
        "certification.view_zerotolerancecase",
        "training.view_trainingprogramme",
        "training.add_trainingprogramme",
        "training.change_trainingprogramme",
        "training.view_trainingenrolment",
        "training.add_trainingenrolment",
        "training.change_trainingenrolment",
        "core.view_auditlogentry",
        "guidance.view_guidancearticle",
        "guidance.add_guidancearticle",
        "guidance.change_guidancearticle",
        "actions.view_correctiveactionupdate",
        "actions.view_correctiveactionevidence",
        "reports.view_reportversion",
        "reports.add_reportversion",
        "reports.view_reportdownload",
        "fieldwork.view_sectionreview",
        "fieldwork.view_reviewcomment",
        "fieldwork.view_findingconflict",
        "fieldwork.view_findingcorrection",
    ],
    FACTORY_MANAGERS: [
        "factories.view_factory",
        "visits.view_visit",
        "visits.acknowledge_visit",
        "fieldwork.view_finding",
        "actions.view_correctiveaction",
        "questions.view_factoryquestion",
        "questions.add_factoryquestion",
        "questions.change_factoryquestion",
        "certification.view_certification",
        "training.view_trainingprogramme",
        "training.view_trainingenrolment",
        "guidance.view_guidancearticle",
        "actions.view_correctiveactionupdate",
        "actions.add_correctiveactionupdate",
        "actions.view_correctiveactionevidence",
        "actions.add_correctiveactionevidence",
        "reports.view_reportversion",
    ],
    VISITORS: [
        "factories.view_factory",
        "visits.view_visit",
        "visits.record_findings",
        "fieldwork.view_finding",
        "fieldwork.add_finding",
        "fieldwork.change_finding",
        "questions.view_factoryquestion",
        "reports.view_reportversion",
    ],
}


def ensure_role_groups(**kwargs: Any) -> None:
    """Create the role groups and give them exactly their permissions (idempotent)."""
    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    if len(perms) < len(wanted):
        return  # not every app is migrated yet; the last post_migrate call completes it
    for name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([perms[c] for c in codes])


def _group_names(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def is_program_staff(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or PROGRAM_STAFF in _group_names(user)


def is_factory_manager(user: Any) -> bool:
    return FACTORY_MANAGERS in _group_names(user)


def is_visitor(user: Any) -> bool:
    return VISITORS in _group_names(user)


def role_of(user: Any) -> str | None:
    """The user's main role, staff first: decides the landing page and the navigation."""
    if is_program_staff(user):
        return "staff"
    if is_factory_manager(user):
        return "factory_manager"
    if is_visitor(user):
        return "visitor"
    return None
