from django.contrib import admin

from .models import BlackoutPeriod, Factory, FactoryMembership


class MembershipInline(admin.TabularInline):
    model = FactoryMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Factory)
class FactoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "seal_number",
        "country",
        "province",
        "city",
        "time_zone",
        "headcount",
        "report_language",
        "cert_status",
    ]
    list_filter = ["country", "province", "report_language", "certification__status"]
    search_fields = ["name", "seal_number", "city", "contact_name", "contact_email"]
    list_select_related = ["certification"]
    inlines = [MembershipInline]

    def save_model(self, request, obj: Factory, form, change) -> None:
        # An empty choice means the country's language; store it so the list shows it.
        obj.report_language = obj.report_language_code
        super().save_model(request, obj, form, change)

    @admin.display(description="Certification", ordering="certification__status")
    def cert_status(self, obj: Factory) -> str:
        certification = getattr(obj, "certification", None)
        return certification.get_status_display() if certification else "—"


@admin.register(BlackoutPeriod)
class BlackoutPeriodAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "ends_on", "scope", "reason"]
    list_filter = [("factory", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "factory__name"]
    autocomplete_fields = ["factory"]
    list_select_related = ["factory"]

    @admin.display(description="Applies to")
    def scope(self, obj: BlackoutPeriod) -> str:
        return obj.factory.name if obj.factory_id else "Program-wide"
