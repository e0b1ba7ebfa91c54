from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import FactoryQuestion


@admin.register(FactoryQuestion)
class FactoryQuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "visit", "created_at", "answered_at"]
    search_fields = ["question", "answer"]
