from django.urls import path

from . import search_views, views, visitor_views

app_name = "scheduling"

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("calendar/", views.visit_calendar, name="calendar"),
    path("schedule/", views.visit_schedule_view, name="schedule"),
    path("search/factories/", search_views.search_factories, name="search_factories"),
    path("search/visitors/", search_views.search_visitors, name="search_visitors"),
    path("search/organisations/", search_views.search_organisations, name="search_organisations"),
    path("assigned/", views.assigned_visits, name="assigned"),
    path("visitors/", visitor_views.visitor_list, name="visitors"),
    path("visitors/<int:pk>/", visitor_views.visitor_detail, name="visitor"),
    path(
        "visitors/<int:pk>/unavailable/",
        visitor_views.visitor_unavailable_add,
        name="visitor_unavailable_add",
    ),
    path(
        "visitors/<int:pk>/unavailable/<int:row>/remove/",
        visitor_views.visitor_unavailable_remove,
        name="visitor_unavailable_remove",
    ),
    path("<int:pk>/announce/", views.visit_announce_view, name="announce"),
    path("<int:pk>/reschedule/", views.visit_reschedule_view, name="reschedule"),
    path("<int:pk>/cancel/", views.visit_cancel_view, name="cancel"),
    path("<int:pk>/acknowledge/", views.visit_acknowledge_view, name="acknowledge"),
]
