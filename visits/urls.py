from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("assigned/", views.assigned_visits, name="assigned"),
    path("<int:pk>/", views.visit_detail, name="detail"),
]
