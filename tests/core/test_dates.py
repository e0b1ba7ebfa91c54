"""Dates and times written the way each language writes them, the time zone named in the
reader's language, and never two languages in one phrase ("valid until 31 十月 2027")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation

from certification.models import Certification
from ietp.core.dates import format_date, format_in_zone, zone_label
from ietp.core.languages import user_language_set
from tests.builders import VisitBuilder

# Monday 21 December 2026, 09:00 in Shanghai.
MOMENT = datetime(2026, 12, 21, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Mon 21 Dec 2026, 09:00 (Asia/Shanghai)"),
        ("zh-hans", "2026年12月21日 星期一 09:00（中国时间）"),
        ("vi", "Thứ Hai, 21/12/2026, 09:00 (Giờ Trung Quốc)"),
    ],
)
def test_a_visit_time_reads_naturally_in_each_language(language, expected):
    with translation.override(language):
        assert format_in_zone(MOMENT, "Asia/Shanghai") == expected


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "31 Oct 2027", "December 2026"),
        ("zh-hans", "2027年10月31日", "2026年12月"),
        ("vi", "31/10/2027", "Tháng 12/2026"),
    ],
)
def test_dates_and_months_follow_the_language(language, day, month):
    with translation.override(language):
        assert format_date(date(2027, 10, 31)) == day
        assert format_date(MOMENT, "YEAR_MONTH_FORMAT") == month


@pytest.mark.parametrize(
    ("language", "shanghai", "saigon"),
    [
        ("en", "Asia/Shanghai", "Asia/Ho_Chi_Minh"),
        ("zh-hans", "中国时间", "越南时间"),
        ("vi", "Giờ Trung Quốc", "Giờ Việt Nam"),
    ],
)
def test_the_time_zone_is_named_in_the_readers_language(language, shanghai, saigon):
    with translation.override(language):
        assert zone_label("Asia/Shanghai") == shanghai
        assert zone_label("Asia/Ho_Chi_Minh") == saigon
        assert zone_label("UTC") == "UTC"


def test_the_template_helpers_take_format_names():
    template = Template(
        "{% load pv %}{% local_datetime when 'Asia/Ho_Chi_Minh' 'TIME_FORMAT' %}|"
        "{{ day|ldate }}|{{ day|ldate:'WEEKDAY_DATE_FORMAT' }}|{{ 'Asia/Ho_Chi_Minh'|zone_name }}"
    )
    context = Context({"when": MOMENT, "day": date(2026, 12, 21)})
    with translation.override("vi"):
        assert template.render(context) == (
            "08:00 (Giờ Việt Nam)|21/12/2026|Thứ Hai, 21/12/2026|Giờ Việt Nam"
        )
    with translation.override("zh-hans"):
        assert template.render(context) == (
            "08:00（越南时间）|2026年12月21日|2026年12月21日 星期一|越南时间"
        )


def test_date_inputs_keep_iso_values_in_every_language():
    """<input type="date"> needs YYYY-MM-DD whatever the page's language."""

    class DayForm(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    for language in ("en", "zh-hans", "vi"):
        with translation.override(language):
            assert 'value="2026-12-21"' in str(DayForm(initial={"day": date(2026, 12, 21)})["day"])
            assert DayForm({"day": "2026-12-21"}).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "phrase"),
    [("zh-hans", "有效期至 2027年10月31日"), ("vi", "có hiệu lực đến 31/10/2027")],
)
def test_the_factory_home_never_mixes_two_languages_in_a_date(
    client, factory_, factory_manager, visitor, language, phrase
):
    Certification.objects.filter(factory=factory_).update(valid_until=date(2027, 10, 31))
    VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status="announced",
        starts_at=timezone.now() + timedelta(days=20),
    )
    user_language_set(user=factory_manager, language=language)
    client.force_login(factory_manager)
    page = client.get("/factories/mine/").content.decode()
    assert phrase in page
    # No English month or weekday anywhere on the page, and no Chinese month names either.
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", page)
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", page)
    assert "十月" not in page and "十二月" not in page
