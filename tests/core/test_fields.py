from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ietp.core.fields import ModelMultipleChoiceField
from visits.models import ChecklistSection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("forged", ["99999999999999999999", "1; drop table", "-"])
def test_a_forged_id_is_a_field_error_not_a_server_error(forged):
    field = ModelMultipleChoiceField(queryset=ChecklistSection.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean([forged])
    assert "is not a valid value" in str(refused.value)


def test_real_ids_still_work():
    section = ChecklistSection.objects.first()
    field = ModelMultipleChoiceField(queryset=ChecklistSection.objects.all())
    assert list(field.clean([str(section.pk)])) == [section]
