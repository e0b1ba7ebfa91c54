from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("factories/", views.factory_list, name="factory_list"),
    path("factories/mine/", views.factory_home, name="factory_home"),
    path("factories/<int:pk>/", views.factory_detail, name="factory_detail"),
    path("factories/visits/<int:pk>/", views.factory_visit, name="factory_visit"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
]
