from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("visit/<int:pk>/", views.visit_reports, name="visit"),
    path("visit/<int:pk>/panel/", views.report_panel, name="panel"),
    path("visit/<int:pk>/generate/", views.report_generate, name="generate"),
    path("<int:pk>/download/", views.report_download, name="download"),
]
