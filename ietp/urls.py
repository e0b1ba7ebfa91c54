from django.contrib import admin
from django.urls import include, path, reverse_lazy

from ietp.core import views as core_views
from ietp.core.forms import QueuedPasswordResetForm
from security.health import HealthView
from security.views import ThrottledPasswordResetView

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/password-reset/",
        ThrottledPasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            email_template_name="emails/password-reset-body.txt",
            html_email_template_name="emails/password-reset-body.html",
            subject_template_name="emails/password-reset-subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path("accounts/", include("security.urls")),
    path("accounts/", include("ietp.core.urls")),
    path("health/", HealthView.as_view(), name="health"),
    path("deliveries/", core_views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/resend/", core_views.delivery_resend, name="delivery_resend"),
    path("", include("portal.urls")),
    path("factories/", include("questions.urls")),
    path("factories/", include("factories.urls")),
    path("visits/", include("scheduling.urls")),
    path("certification/", include("certification.urls")),
    path("notices/", include("notices.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("actions/", include("actions.urls")),
    path("guidance/", include("guidance.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("reports.urls")),
    path("planning/", include("planning.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
]
