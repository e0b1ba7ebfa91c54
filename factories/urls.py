from django.urls import path

from . import views

app_name = "factories"

# Under /factories/, beside the portal's factory pages.
urlpatterns = [
    path("<int:pk>/location/", views.factory_location, name="location"),
]
