from django.urls import path

from . import views

app_name = "questions"

# Under /factories/: the factory asks from its view of the visit.
urlpatterns = [
    path("visits/<int:pk>/questions/", views.question_new, name="new"),
    path("questions/<int:pk>/edit/", views.question_change, name="edit"),
]
