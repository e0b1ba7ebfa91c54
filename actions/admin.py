from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import CorrectiveAction, CorrectiveActionEvidence, CorrectiveActionUpdate


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "owner", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["action", "owner"]


@admin.register(CorrectiveActionUpdate)
class CorrectiveActionUpdateAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "from_status", "to_status", "by"]
    list_filter = ["to_status"]
    list_select_related = ["action", "by"]


@admin.register(CorrectiveActionEvidence)
class CorrectiveActionEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "original_name", "content_type", "size", "action"]
    list_select_related = ["action"]
    exclude = ["file"]
