from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("due/", views.due_list, name="due"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/progress/", views.plan_progress, name="progress"),
    path("<int:pk>/commit/", views.plan_commit_view, name="commit"),
    path("<int:pk>/solve-again/", views.plan_solve_again_view, name="solve_again"),
    path("<int:pk>/visits/<int:factory_id>/move/", views.plan_visit_move_view, name="move"),
    path("<int:pk>/visits/<int:factory_id>/drop/", views.plan_visit_drop_view, name="drop"),
    path(
        "<int:pk>/visits/<int:factory_id>/restore/",
        views.plan_visit_restore_view,
        name="restore",
    ),
]
