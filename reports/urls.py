from django.urls import path

from . import review_views, views

app_name = "reports"

urlpatterns = [
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/<int:pk>/", review_views.visit_review, name="review"),
    path("review/<int:pk>/return/", review_views.visit_return_view, name="return"),
    path("review/<int:pk>/publish/", review_views.visit_publish_view, name="publish"),
    path("visit/<int:pk>/", views.visit_reports, name="visit"),
    path("visit/<int:pk>/panel/", views.report_panel, name="panel"),
    path("visit/<int:pk>/generate/", views.report_generate, name="generate"),
    path("<int:pk>/download/", views.report_download, name="download"),
]
