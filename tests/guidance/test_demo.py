from __future__ import annotations

import pytest

from demo.guidance_content import ARTICLES, seed_guidance
from guidance.models import GuidanceArticle

pytestmark = pytest.mark.django_db


def test_starter_guidance_is_published_once(staff):
    assert seed_guidance(by=staff) == len(ARTICLES)
    assert seed_guidance(by=staff) == 0
    assert GuidanceArticle.objects.filter(status="published").count() == len(ARTICLES)
