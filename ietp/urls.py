from django.contrib import admin
from django.urls import include, path

from ietp.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("ietp.core.urls")),
    path("factories/", include("factories.urls")),
    path("visits/", include("visits.urls")),
    path("certification/", include("certification.urls")),
    path("notices/", include("notices.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("actions/", include("actions.urls")),
    path("guidance/", include("guidance.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
]
