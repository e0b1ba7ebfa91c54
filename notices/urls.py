from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("calendar-feed/", views.feed_settings, name="feed_settings"),
    path("calendar-feed/reset/", views.feed_reset, name="feed_reset"),
    path("calendar-feed/<str:token>.ics", views.feed, name="feed"),
]
