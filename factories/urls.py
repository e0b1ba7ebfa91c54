from django.urls import path

from . import views

app_name = "factories"

urlpatterns = [
    path("", views.factory_list, name="list"),
    path("mine/", views.factory_home, name="home"),
    path("<int:pk>/", views.factory_detail, name="detail"),
]
