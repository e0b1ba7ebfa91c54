from django.contrib import admin

from .models import VisitorUnavailability


@admin.register(VisitorUnavailability)
class VisitorUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["visitor", "starts_on", "ends_on", "reason"]
    list_filter = ["visitor__organisation"]
    search_fields = ["visitor__user__first_name", "visitor__user__last_name", "reason"]
    autocomplete_fields = ["visitor"]
    list_select_related = ["visitor__user", "visitor__organisation"]
    date_hierarchy = "starts_on"
