from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("zero-tolerance/", views.zero_tolerance_cases, name="zt_cases"),
    path("zero-tolerance/<int:pk>/", views.zero_tolerance_case, name="zt_case"),
]
