from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import Plan


# A plan changes only through its services (solving, creating the visits): shown, not edited.
@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "starts_on", "ends_on", "status", "progress", "created_by"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["created_by"]
