from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin
from visits.admin import VisitAdmin
from visits.models import Visit

from .models import (
    Finding,
    FindingConflict,
    FindingCorrection,
    FindingEvidence,
    ReviewComment,
    SectionReview,
)


# Findings change only through services (the Zero Tolerance case a finding opens, the version
# check, corrections with a reason), so the admin shows them and edits nothing.
class FindingInline(admin.TabularInline):
    model = Finding
    fields = ["checklist_item", "topic", "severity", "description"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(Visit)


@admin.register(Visit)
class VisitWithFindingsAdmin(VisitAdmin):
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "visit", "severity", "created_at"]
    list_filter = ["severity"]
    search_fields = ["description", "topic", "checklist_item__code"]
    list_select_related = ["visit__factory", "checklist_item"]


@admin.register(FindingEvidence)
class FindingEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "finding", "content_type", "size", "uploaded_at"]


@admin.register(SectionReview)
class SectionReviewAdmin(ReadOnlyAdmin):
    list_display = ["visit", "section", "status", "updated_at"]
    list_select_related = ["visit__factory", "section"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["visit", "created_by", "created_at"]
    list_select_related = ["visit__factory", "created_by"]


@admin.register(FindingConflict)
class FindingConflictAdmin(ReadOnlyAdmin):
    list_display = ["finding", "user", "base_version", "current_version", "created_at"]
    list_select_related = ["finding__checklist_item", "user"]


@admin.register(FindingCorrection)
class FindingCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["finding", "corrected_by", "corrected_at"]
    list_select_related = ["finding__checklist_item", "corrected_by"]
