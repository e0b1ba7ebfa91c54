from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import Plan, VisitorUnavailability


@admin.register(VisitorUnavailability)
class VisitorUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["visitor", "starts_on", "ends_on", "reason"]
    list_filter = ["visitor__organisation"]
    search_fields = ["visitor__user__first_name", "visitor__user__last_name", "reason"]
    autocomplete_fields = ["visitor"]
    list_select_related = ["visitor__user", "visitor__organisation"]
    date_hierarchy = "starts_on"


# A plan changes only through its services (solving, creating the visits): shown, not edited.
@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "starts_on", "ends_on", "status", "progress", "created_by"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["created_by"]
