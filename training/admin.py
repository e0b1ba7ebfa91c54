from django.contrib import admin

from .models import TrainingEnrolment, TrainingProgramme


class EnrolmentInline(admin.TabularInline):
    model = TrainingEnrolment
    extra = 0
    autocomplete_fields = ["factory"]
    exclude = ["updated_by"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "format", "starts_on", "ends_on", "capacity"]
    list_filter = ["format"]
    search_fields = ["title", "topic"]
    filter_horizontal = ["sections"]
    inlines = [EnrolmentInline]
