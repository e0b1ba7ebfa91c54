"""Bad input is answered with a 4xx and a reason before any view or database sees it."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from fieldwork.models import Finding
from ietp.core.uploads import checked_content_type
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_query_string_is_a_400_with_the_reason(client):
    answer = client.get("/accounts/login/?next=%00")
    assert answer.status_code == 400
    assert "control characters" in answer.content.decode()


def test_a_nul_byte_in_the_path_is_a_400(client, staff):
    client.force_login(staff)
    assert client.get("/visits/%00/").status_code == 400


def test_control_characters_in_a_form_field_are_refused_for_anonymous_people_too(client):
    answer = client.post(reverse("login"), {"username": "staff\x00", "password": "x"})
    assert answer.status_code == 400
    answer = client.post(reverse("password_reset"), {"email": "a\x1b@example.com"})
    assert answer.status_code == 400


def test_tabs_and_line_breaks_in_text_are_fine(client):
    answer = client.post(reverse("login"), {"username": "a\tb", "password": "line\r\nbreak"})
    assert answer.status_code == 200


def test_a_json_body_with_a_nul_byte_or_that_is_not_json_is_a_400(client, staff):
    client.force_login(staff)
    for body in (json.dumps({"note": "a\u0000b"}), "{not json"):
        answer = client.post("/visits/", body, content_type="application/json")
        assert answer.status_code == 400


def test_an_over_long_value_is_refused(client, settings):
    settings.INPUT_MAX_CHARS = 1000
    answer = client.get("/accounts/login/", {"next": "x" * 1001})
    assert answer.status_code == 400
    assert "longer than 1,000 characters" in answer.content.decode()


def test_an_id_beyond_64_bits_in_a_url_is_a_404(client, staff):
    client.force_login(staff)
    for path in ("/visits/99999999999999999999/", "/factories/18446744073709551616/"):
        assert client.get(path).status_code == 404, path


def test_nothing_is_saved_from_a_refused_request(client, visitor, visit):
    visit.status = VisitStatus.IN_PROGRESS
    visit.save()
    client.force_login(visitor.user)
    answer = client.post(
        reverse("fieldwork:finding_draft", args=[visit.pk]),
        {"title": "Blocked exit\x00", "description": "x", "severity": "minor"},
    )
    assert answer.status_code == 400
    assert not Finding.objects.filter(visit=visit).exists()


def _png(width: int, height: int) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("1", (width, height)).save(data, "PNG")
    data.seek(0)
    data.name = "photo.png"
    data.size = len(data.getvalue())
    return data


def test_an_image_with_too_many_pixels_is_refused_with_a_message(settings):
    from django.core.exceptions import ValidationError

    settings.UPLOAD_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as refused:
        checked_content_type(_png(2000, 1000))
    assert refused.value.code == "too_many_pixels"
    assert "the limit is 1 megapixels" in refused.value.messages[0]
    assert checked_content_type(_png(1000, 1000)) == "image/png"


def test_the_calendar_at_the_end_of_time_shows_today_instead_of_failing(client, staff):
    client.force_login(staff)
    for query in ("date=9999-12&view=month", "date=9999-12-31&view=week", "date=0001-01"):
        assert client.get(f"/visits/calendar/?{query}").status_code == 200, query


def test_a_date_outside_what_the_app_can_compute_is_a_field_error(client, staff):
    client.force_login(staff)
    answer = client.get("/visits/", {"starts_from": "9999-12-31"})
    assert answer.status_code == 200
    assert "Enter a date between 1900 and 2199." in answer.content.decode()


def test_a_photo_with_too_many_pixels_is_refused_on_the_findings_form(
    client, visitor, factory_, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.builders import in_progress_visit
    from tests.fieldwork.test_views import _finding_post

    settings.UPLOAD_MAX_PIXELS = 1_000_000
    visit = in_progress_visit(lead_visitor=visitor, factory=factory_)
    client.force_login(visitor.user)
    bomb = SimpleUploadedFile("bomb.png", _png(4000, 4000).getvalue())
    answer = client.post(
        reverse("fieldwork:finding_new", args=[visit.pk]), {**_finding_post(), "evidence": [bomb]}
    )
    assert answer.status_code == 400
    assert "bomb.png has too many pixels" in " ".join(answer.context["form"].errors["evidence"])
    assert not Finding.objects.filter(visit=visit).exists()
