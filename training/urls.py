from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_edit, name="new"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/invite/", views.programme_invite, name="invite"),
    path("<int:pk>/request/", views.programme_request, name="request"),
    path("enrolments/<int:pk>/<slug:move>/", views.enrolment_move, name="enrolment_move"),
]
