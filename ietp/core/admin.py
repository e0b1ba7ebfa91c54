from __future__ import annotations

from django.contrib import admin

from .models import AuditLogEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through services: staff may look, never edit here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "object_repr", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
