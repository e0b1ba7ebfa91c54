from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import FindingConflict, FindingCorrection, ReviewComment, SectionReview


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
