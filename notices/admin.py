from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "visit", "kind", "sequence", "email", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "error"]
    list_select_related = ["visit__factory"]
