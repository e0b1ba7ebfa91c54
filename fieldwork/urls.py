from django.urls import path

from .views import app, correct, evidence, findings, start, visit

app_name = "fieldwork"

urlpatterns = [
    path("", visit.my_visits, name="my_visits"),
    path("sw.js", app.service_worker, name="sw"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("visits/<int:pk>/", visit.visit_page, name="visit"),
    path("visits/<int:pk>/start/", visit.visit_start_view, name="start"),
    path(
        "visits/<int:pk>/start-off-schedule/",
        start.visit_start_off_schedule,
        name="start_off_schedule",
    ),
    path("visits/<int:pk>/notes/", visit.notes_save, name="notes"),
    path("visits/<int:pk>/questions/<int:question_pk>/", visit.answer_save_view, name="answer"),
    path("visits/<int:pk>/sections/<int:section_pk>/", visit.section_review, name="section"),
    path("visits/<int:pk>/submit/", visit.submit, name="submit"),
    path("visits/<int:pk>/findings/new/", findings.finding_new, name="finding_new"),
    path("visits/<int:pk>/findings/draft/", findings.finding_draft, name="finding_draft"),
    path("findings/<int:pk>/", findings.finding_edit, name="finding"),
    path("findings/<int:pk>/autosave/", findings.finding_autosave, name="finding_autosave"),
    path("findings/<int:pk>/evidence/", findings.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence"),
    path("evidence/<int:pk>/thumbnail/", evidence.evidence_thumbnail, name="thumbnail"),
    path("findings/<int:pk>/correct/", correct.finding_correct_view, name="correct"),
]
