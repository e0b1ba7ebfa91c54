from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import action_label, declared_actions
from .models import AuditLogEntry, OutboxMessage, UserPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through services: staff may look, never edit here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(a.key, a.label) for a in declared_actions()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "what", "object_repr", "actor"]
    list_filter = [ActionFilter, "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    @admin.display(description=_("action"), ordering="action")
    def what(self, entry: AuditLogEntry) -> str:
        return action_label(entry.action)


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    """Staff can see and correct the language someone reads emails in."""

    list_display = ["user", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Every side effect and how its delivery went; "Send again" is on /deliveries/."""

    list_display = ["created_at", "kind", "summary", "status", "attempts", "due_at", "done_at"]
    list_filter = ["status", "kind"]
    search_fields = ["summary", "object_id", "last_error"]
    date_hierarchy = "created_at"
