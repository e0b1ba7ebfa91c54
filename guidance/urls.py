from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("", views.library, name="library"),
    path("progress-visits-qa/", views.pv_qa, name="pv_qa"),
    path("new/", views.article_new, name="new"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/publish/", views.article_publish_view, name="publish"),
    path("<int:pk>/unpublish/", views.article_unpublish_view, name="unpublish"),
]
