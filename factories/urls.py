from django.urls import path

from . import question_views, views

app_name = "factories"

urlpatterns = [
    path("", views.factory_list, name="list"),
    path("mine/", views.factory_home, name="home"),
    path("<int:pk>/", views.factory_detail, name="detail"),
    path("visits/<int:pk>/", views.factory_visit, name="visit"),
    path("visits/<int:pk>/questions/", question_views.question_new, name="question_new"),
    path("questions/<int:pk>/edit/", question_views.question_change, name="question_edit"),
]
