"""Every email the program sends is written in its recipient's language: the Zero Tolerance
alert, corrective action updates and the password reset, as well as the visit notices
(tests/scheduling/test_notice_languages.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions.services import action_return, action_verify
from certification.services import zero_tolerance_case_open
from ietp.core.languages import user_language_set
from tests.builders import (
    CorrectiveActionBuilder,
    FindingBuilder,
    VisitBuilder,
    manager_of,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _to(mailoutbox, address):
    [message] = [m for m in mailoutbox if address in m.to]
    return message


def test_the_zero_tolerance_alert_reaches_each_staff_member_in_their_language(
    factory_, visitor, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAM_STAFF_EMAIL = "alerts@ietp.test"
    chinese_staff = staff_user(username="staff.zh")
    vietnamese_staff = staff_user(username="staff.vi")
    user_language_set(user=chinese_staff, language="zh-hans")
    user_language_set(user=vietnamese_staff, language="vi")
    finding = FindingBuilder(
        visit=VisitBuilder(factory=factory_, lead_visitor=visitor, status="in_progress"),
        severity="zero_tolerance",
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = zero_tolerance_case_open(finding=finding, by=visitor.user)
    ref = f"ZT-{case.pk:05d}"

    assert len(mailoutbox) == 3  # one copy per language, each address once
    chinese = _to(mailoutbox, chinese_staff.email)
    assert chinese.subject == f"Sunrise Toys 的零容忍发现项（案件 {ref}）"
    assert "在 Sunrise Toys" in chinese.body and "审阅截止日期" in chinese.body
    assert "认证没有变更。" in chinese.body and "Review due" not in chinese.body
    vietnamese = _to(mailoutbox, vietnamese_staff.email)
    assert vietnamese.subject == f"Phát hiện Không khoan nhượng tại Sunrise Toys (vụ việc {ref})"
    assert "Hạn xem xét" in vietnamese.body
    english = _to(mailoutbox, "alerts@ietp.test")
    assert set(english.to) == {"alerts@ietp.test", staff.email}  # mailbox: default language
    assert english.subject == f"Zero Tolerance finding at Sunrise Toys (case {ref})"


def test_corrective_action_emails_reach_each_manager_in_their_language(
    factory_, factory_manager, staff, mailoutbox, django_capture_on_commit_callbacks
):
    vietnamese_manager = manager_of(factory_, username="manager.vi")
    user_language_set(user=factory_manager, language="zh-hans")
    user_language_set(user=vietnamese_manager, language="vi")
    action = CorrectiveActionBuilder(
        finding__visit=VisitBuilder(factory=factory_, status="published"), status="done"
    )
    with django_capture_on_commit_callbacks(execute=True):
        action_return(action=action, note="Send the signed drill log", by=staff)
    chinese = _to(mailoutbox, factory_manager.email)
    assert chinese.subject == "纠正措施已退回：仍有内容欠缺"
    assert "Send the signed drill log" in chinese.body  # staff's own words stay as written
    vietnamese = _to(mailoutbox, vietnamese_manager.email)
    assert vietnamese.subject == "Hành động khắc phục bị gửi trả lại: vẫn còn thiếu"

    mailoutbox.clear()
    action.refresh_from_db()
    action.status = "done"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        action_verify(action=action, by=staff)
    assert _to(mailoutbox, factory_manager.email).subject == "纠正措施已核实并关闭"
    assert (
        _to(mailoutbox, vietnamese_manager.email).subject
        == "Hành động khắc phục đã được xác minh và đóng"
    )


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("zh-hans", "重置您的 IETP 进度访问密码", "如果不是您本人操作，请忽略此邮件"),
        ("vi", "Đặt lại mật khẩu IETP – Chuyến thăm tiến độ", "Nếu không phải quý vị"),
    ],
)
def test_the_password_reset_is_in_the_account_owners_language(
    client,
    factory_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
    language,
    subject,
    sentence,
):
    user_language_set(user=factory_manager, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        # Asked for from an English browser: the email still follows the owner's choice.
        client.post(
            reverse("password_reset"), {"email": factory_manager.email}, HTTP_ACCEPT_LANGUAGE="en"
        )
    [message] = mailoutbox
    assert message.subject == subject
    assert sentence in message.body
    html, _mimetype = message.alternatives[0]
    assert sentence in html
