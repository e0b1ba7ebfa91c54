from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import Certification, CertificationDecision, ZeroToleranceCase


# Certification changes only through certification.services, so every admin here is read-only:
# a status edited in a form would be a change with no recorded decision.
@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ["factory", "status", "valid_from", "valid_until", "updated_at"]
    list_filter = ["status"]
    search_fields = ["factory__name", "factory__seal_number"]
    list_select_related = ["factory"]


@admin.register(CertificationDecision)
class CertificationDecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "decided_at",
        "factory",
        "from_status",
        "to_status",
        "decided_by",
        "zero_tolerance_case",
    ]
    list_filter = ["to_status", "from_status"]
    search_fields = ["factory__name", "reason"]
    list_select_related = ["factory", "decided_by", "zero_tolerance_case"]
    date_hierarchy = "decided_at"


@admin.register(ZeroToleranceCase)
class ZeroToleranceCaseAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "factory", "opened_at", "review_due_on", "status", "outcome"]
    list_filter = ["status", "outcome"]
    search_fields = ["factory__name", "finding__description"]
    list_select_related = ["factory"]
