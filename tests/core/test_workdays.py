"""Working days: public holidays of the factory's country, China's make-up working weekends,
and the program's own non-working days."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from ietp.core.workdays import (
    add_working_days,
    describe_deadline,
    is_working_day,
    latest_start_already_late,
    working_days_between,
)


def test_a_report_due_seven_working_days_after_a_visit_before_chinese_new_year_2027():
    # Visit ends Wed 3 Feb 2027; Spring Festival holidays run Fri 5 – Wed 10 Feb (with the weekend).
    # Thu 4, then Thu 11, Fri 12, Mon 15 … Thu 18.
    assert add_working_days(date(2027, 2, 3), 7, "CN") == date(2027, 2, 18)
    # The same days in a country without those holidays: weekends only.
    assert add_working_days(date(2027, 2, 3), 7, "XX") == date(2027, 2, 12)


def test_national_day_week_is_not_counted_in_china():
    # Ends Wed 30 Sep 2026: 1–7 Oct are holidays and Sat 10 Oct is a make-up working day.
    assert not is_working_day(date(2026, 10, 7), "CN")
    assert is_working_day(date(2026, 10, 10), "CN")
    assert add_working_days(date(2026, 9, 30), 5, "CN") == date(2026, 10, 13)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 13), "CN") == 5


def test_vietnamese_holidays_tet_and_national_day():
    # Tết 2027: 4–10 Feb are holidays in Vietnam.
    assert add_working_days(date(2027, 2, 3), 1, "VN") == date(2027, 2, 11)
    # National Day 2 and 3 Sep 2027 (Thu, Fri): a CAP due 5 working days after Tue 31 Aug.
    assert add_working_days(date(2027, 8, 31), 5, "VN") == date(2027, 9, 9)
    assert add_working_days(date(2027, 8, 31), 5, "CN") == date(2027, 9, 7)


def test_program_non_working_days_count_everywhere(settings):
    settings.PROGRAM_NON_WORKING_DAYS = ["2027-03-01"]
    assert not is_working_day(date(2027, 3, 1), "CN")
    assert add_working_days(date(2027, 2, 26), 1, "XX") == date(2027, 3, 2)


@pytest.mark.parametrize("country", ["CN", "VN", "ID", "IN", "MY", "TH", "XX"])
def test_between_is_the_inverse_of_add(country):
    start = date(2027, 1, 28)
    for n in (0, 1, 5, 7, 20):
        assert working_days_between(start, add_working_days(start, n, country), country) == n


def test_late_is_one_date_comparison_per_country():
    today = date(2027, 2, 19)
    cutoff = latest_start_already_late(today, 7, "CN")
    assert add_working_days(cutoff, 7, "CN") < today
    assert add_working_days(cutoff + (date(2027, 1, 2) - date(2027, 1, 1)), 7, "CN") >= today


def test_deadlines_in_words():
    with translation.override("en"):
        assert describe_deadline(date(2026, 12, 8), date(2026, 12, 1), "CN") == (
            "due Tue 8 Dec (5 working days)"
        )
        assert describe_deadline(date(2026, 12, 1), date(2026, 12, 1), "CN") == "due today"
        assert describe_deadline(date(2026, 12, 1), date(2026, 12, 3), "CN") == (
            "2 working days overdue"
        )
        assert describe_deadline(date(2026, 12, 2), date(2026, 12, 3), "CN") == (
            "1 working day overdue"
        )
