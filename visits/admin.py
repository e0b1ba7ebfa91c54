from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import (
    ChecklistItem,
    ChecklistSection,
    ChecklistVersion,
    Visit,
    VisitingOrganisation,
    Visitor,
)


class VisitorInline(admin.TabularInline):
    model = Visitor
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(VisitingOrganisation)
class VisitingOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "accreditation_reference", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "accreditation_reference"]
    inlines = [VisitorInline]


@admin.register(Visitor)
class VisitorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "base_city", "may_lead", "apsca_number", "is_active"]
    list_filter = ["organisation__kind", "organisation", "may_lead", "is_active"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "apsca_number",
        "base_city",
    ]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "organisation"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "effective_date"]


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version"]
    list_filter = ["version"]
    inlines = [ChecklistItemInline]


# Visits change only through services (status moves, scheduling rules), so the admin shows
# them and edits nothing. fieldwork's admin adds the findings inline.
@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "factory", "organisation", "starts_at", "status"]
    list_filter = ["status", "organisation__kind", "organisation", "factory__country"]
    search_fields = ["factory__name", "factory__seal_number", "organisation__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["factory", "organisation"]
