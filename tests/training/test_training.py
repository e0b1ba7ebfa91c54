from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import FactoryBuilder, TrainingProgrammeBuilder
from training.models import TrainingEnrolment, TrainingProgramme
from training.services import (
    TrainingError,
    enrolment_accept,
    enrolment_approve,
    enrolment_decline,
    enrolment_invite,
    enrolment_request,
)

pytestmark = pytest.mark.django_db


def test_an_invited_factory_accepts_and_is_enrolled(staff, factory_manager, factory_):
    programme = TrainingProgrammeBuilder()
    enrolment = enrolment_invite(programme=programme, factory=factory_, by=staff)
    enrolment_accept(enrolment=enrolment, by=factory_manager)
    assert enrolment.status == "enrolled" and enrolment.updated_by == factory_manager


def test_a_request_needs_staff_approval_and_respects_capacity(staff, factory_, factory_manager):
    programme = TrainingProgrammeBuilder(capacity=1)
    taken = FactoryBuilder()
    TrainingEnrolment.objects.create(programme=programme, factory=taken, status="enrolled")
    enrolment = enrolment_request(programme=programme, factory=factory_, by=factory_manager)
    assert enrolment.status == "requested"
    with pytest.raises(TrainingError, match="full"):
        enrolment_approve(enrolment=enrolment, by=staff)


def test_a_started_programme_takes_no_new_requests(factory_, factory_manager):
    programme = TrainingProgrammeBuilder(starts_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(TrainingError, match="already started"):
        enrolment_request(programme=programme, factory=factory_, by=factory_manager)


def test_a_declined_factory_may_ask_again_but_not_twice(factory_, factory_manager):
    programme = TrainingProgrammeBuilder()
    enrolment = enrolment_request(programme=programme, factory=factory_, by=factory_manager)
    with pytest.raises(TrainingError, match="already on this programme"):
        enrolment_request(programme=programme, factory=factory_, by=factory_manager)
    enrolment_decline(enrolment=enrolment, by=factory_manager)
    again = enrolment_request(programme=programme, factory=factory_, by=factory_manager)
    assert again.pk == enrolment.pk and again.status == "requested"


def test_staff_create_a_programme_with_linked_sections(client, staff):
    from tests.builders import item

    client.force_login(staff)
    starts = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("training:new"),
        {
            "title_en": "Fair pay",
            "topic_en": "Compensation",
            "format": "online",
            "starts_on": starts.isoformat(),
            "ends_on": starts.isoformat(),
            "sections": [item("6.4.1").section.pk],
        },
    )
    assert response.status_code == 302
    programme = TrainingProgramme.objects.get()
    assert [s.number for s in programme.sections.all()] == [6]


def test_manager_requests_a_place_and_sees_it(client, factory_manager, factory_):
    programme = TrainingProgrammeBuilder(title="Fire drills")
    client.force_login(factory_manager)
    response = client.post(
        reverse("training:request", args=[programme.pk]), {"factory": factory_.pk}
    )
    assert response.status_code == 302
    assert TrainingEnrolment.objects.get().status == "requested"
    body = client.get(reverse("training:list")).content.decode()
    assert "Fire drills" in body and "Place requested" in body


def test_a_forged_factory_id_in_the_request_form_is_404(client, factory_manager, other_factory):
    programme = TrainingProgrammeBuilder()
    client.force_login(factory_manager)
    response = client.post(
        reverse("training:request", args=[programme.pk]), {"factory": other_factory.pk}
    )
    assert response.status_code == 404
    assert not TrainingEnrolment.objects.exists()


def test_a_manager_cannot_answer_another_factorys_invitation(
    client, staff, other_factory_manager, factory_
):
    programme = TrainingProgrammeBuilder()
    enrolment = enrolment_invite(programme=programme, factory=factory_, by=staff)
    client.force_login(other_factory_manager)
    url = reverse("training:enrolment_move", args=[enrolment.pk, "accept"])
    assert client.post(url).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "invited"


def test_managers_cannot_use_staff_moves_or_create_programmes(
    client, factory_manager, factory_, visitor
):
    programme = TrainingProgrammeBuilder()
    enrolment = TrainingEnrolment.objects.create(
        programme=programme, factory=factory_, status="requested"
    )
    client.force_login(factory_manager)
    url = reverse("training:enrolment_move", args=[enrolment.pk, "approve"])
    assert client.post(url).status_code == 403
    assert client.get(reverse("training:new")).status_code == 403
    client.force_login(visitor.user)
    assert client.get(reverse("training:list")).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == "requested"


def test_staff_approve_a_request_from_the_programme_page(client, staff, factory_):
    programme = TrainingProgrammeBuilder()
    enrolment = TrainingEnrolment.objects.create(
        programme=programme, factory=factory_, status="requested"
    )
    client.force_login(staff)
    assert (
        factory_.name
        in client.get(reverse("training:detail", args=[programme.pk])).content.decode()
    )
    url = reverse("training:enrolment_move", args=[enrolment.pk, "approve"])
    assert client.post(url).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
