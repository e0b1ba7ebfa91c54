"""Visit notices go out in each recipient's own language: for the same visit a manager reads
Chinese, another Vietnamese, and the visitor English — subject, headings, dates, the time zone
and the calendar invitation alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from ietp.core.languages import user_language_set
from scheduling.services import visit_announce, visit_cancel, visit_reschedule
from tests.builders import manager_of
from tests.scheduling.conftest import local

pytestmark = pytest.mark.django_db


def _to(mailoutbox, user):
    [message] = [m for m in mailoutbox if m.to == [user.email]]
    return message


def _summary(message) -> str:
    [event] = Calendar.from_ical(message.attachments[0][1]).events
    return str(event["summary"])


@pytest.fixture
def readers(factory_, factory_manager, visitor):
    """The factory's two managers read Chinese and Vietnamese; the visitor has chosen nothing."""
    vietnamese_manager = manager_of(factory_, username="manager.vi")
    user_language_set(user=factory_manager, language="zh-hans")
    user_language_set(user=vietnamese_manager, language="vi")
    return {"zh": factory_manager, "vi": vietnamese_manager, "en": visitor.user}


def test_one_announcement_reaches_each_person_in_their_language(
    plan, staff, readers, mailoutbox, django_capture_on_commit_callbacks
):
    visit = plan(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
    day = visit.local_starts_at()

    chinese = _to(mailoutbox, readers["zh"])
    assert chinese.subject == (
        f"进度访问 {visit.reference} 已通知 — Sunrise Toys, "
        f"{day.year}年{day.month}月{day.day}日（中国时间）"
    )
    for heading in ("访问机构", "来访人员", "议程", "准备事项", "请确认您已收到此通知："):
        assert heading in chinese.body
    assert "ICTI 道德玩具计划将对贵厂进行一次提前通知的进度访问" in chinese.body
    assert (
        f"{day.year}年{day.month}月{day.day}日" in chinese.body
        and "09:00（中国时间）" in chinese.body
    )
    assert "Agenda" not in chinese.body and "Starts" not in chinese.body
    html, _mimetype = chinese.alternatives[0]
    assert "议程" in html and "Agenda" not in html
    assert _summary(chinese) == f"进度访问 {visit.reference}：Sunrise Toys"

    vietnamese = _to(mailoutbox, readers["vi"])
    assert vietnamese.subject.startswith(f"Thông báo Chuyến thăm tiến độ {visit.reference}")
    assert f"{day:%d/%m/%Y}" in vietnamese.subject and "(Giờ Trung Quốc)" in vietnamese.subject
    for heading in ("Tổ chức thực hiện chuyến thăm", "Chương trình làm việc", "Cần chuẩn bị"):
        assert heading in vietnamese.body
    assert _summary(vietnamese) == f"Chuyến thăm tiến độ {visit.reference}: Sunrise Toys"

    english = _to(mailoutbox, readers["en"])
    assert english.subject.startswith(f"Progress Visit {visit.reference} announced")
    assert "You are assigned to the Progress Visit below." in english.body
    assert "Agenda" in english.body and "(Asia/Shanghai)" in english.body
    assert "议程" not in english.body


def test_a_reschedule_says_old_and_new_time_in_the_readers_language(
    plan, staff, factory_, readers, mailoutbox, django_capture_on_commit_callbacks
):
    visit = plan(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
    mailoutbox.clear()
    new_start = local(factory_, 33, hour=13)
    with django_capture_on_commit_callbacks(execute=True):
        visit_reschedule(
            visit=visit, starts_at=new_start, ends_at=new_start + timedelta(hours=3), by=staff
        )
    chinese = _to(mailoutbox, readers["zh"])
    assert chinese.subject.startswith(f"已更新：进度访问 {visit.reference}")
    moved = next(line for line in chinese.body.splitlines() if line.startswith("已改期"))
    assert "09:00（中国时间） → " in moved and "13:00（中国时间）" in moved
    english = _to(mailoutbox, readers["en"])
    assert "Moved: " in english.body and "13:00 (Asia/Shanghai)" in english.body


def test_a_cancellation_reaches_each_person_in_their_language(
    plan, staff, readers, mailoutbox, django_capture_on_commit_callbacks
):
    visit = plan(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_cancel(visit=visit, reason="Factory closed for repairs", by=staff)
    assert _to(mailoutbox, readers["zh"]).subject.startswith(f"已取消：进度访问 {visit.reference}")
    assert _to(mailoutbox, readers["vi"]).subject.startswith(
        f"Đã hủy: Chuyến thăm tiến độ {visit.reference}"
    )
    assert _to(mailoutbox, readers["en"]).subject.startswith(
        f"Cancelled: Progress Visit {visit.reference}"
    )
