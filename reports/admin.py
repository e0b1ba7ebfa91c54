from django.contrib import admin

from ietp.core.admin import ReadOnlyAdmin

from .models import ReportDownload, ReportVersion


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["visit", "language", "version", "status", "page_count", "size", "generated_at"]
    list_filter = ["status", "language"]
    list_select_related = ["visit__factory"]


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    list_display = ["report", "user", "downloaded_at", "ip_address"]
    list_select_related = ["report", "user"]
