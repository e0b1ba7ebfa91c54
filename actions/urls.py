from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/progress/", views.action_progress, name="progress"),
    path("<int:pk>/verify/", views.action_verify_view, name="verify"),
    path("<int:pk>/return/", views.action_return_view, name="return"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
