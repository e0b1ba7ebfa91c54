"""A language per person: chosen in the navigation's switcher (a plain POST form, the URL does
not change), stored on the account, taken from the browser at first login, and used on every
page whatever the browser says afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ietp.core.languages import language_of, user_language_set
from ietp.core.models import UserPreference
from security.testing import verify_session
from tests.builders import PASSWORD
from visits.models import ChecklistItem, ChecklistSection

pytestmark = pytest.mark.django_db

# A sentence each persona's landing page shows, in each language.
LANDINGS = {
    "staff": (
        "/visits/",
        {
            "en": "All Progress Visits",
            "zh-hans": "全部进度访问",
            "vi": "Tất cả Chuyến thăm tiến độ",
        },
    ),
    "factory_manager": (
        "/factories/mine/",
        {
            "en": "Open corrective actions",
            "zh-hans": "待完成的纠正措施",
            "vi": "Các hành động khắc phục đang mở",
        },
    ),
    "visitor": (
        "/fieldwork/",
        {"en": "Your visits", "zh-hans": "您的访问", "vi": "Các chuyến thăm của quý vị"},
    ),
}


def _user(request, persona):
    user = request.getfixturevalue(persona)
    return getattr(user, "user", user)


def _log_in(client, user, **headers):
    """The real login form (it sets the first language), then the second factor staff enter."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, **headers
    )
    verify_session(client, user)
    if response.status_code != 302:
        return response
    return client.get(response["Location"], follow=True, **headers)


def _switch(client, language, next_url):
    return client.post(reverse("language_switch"), {"language": language, "next": next_url})


@pytest.mark.parametrize("persona", ["staff", "factory_manager", "visitor"])
@pytest.mark.parametrize("language", ["zh-hans", "vi"])
def test_each_persona_switches_language_and_keeps_it_on_the_account(
    client, request, persona, language
):
    user = _user(request, persona)
    landing, sentence = LANDINGS[persona]
    _log_in(client, user, HTTP_ACCEPT_LANGUAGE="en")
    assert sentence["en"] in client.get(landing).content.decode()

    response = _switch(client, language, landing)
    assert response.status_code == 302 and response["Location"] == landing  # same page again
    page = client.get(landing).content.decode()
    assert sentence[language] in page and sentence["en"] not in page
    assert f'<html lang="{language}">' in page
    assert UserPreference.objects.get(user=user).language == language

    # Next time, from an English browser, the stored choice still wins.
    client.post(reverse("logout"))
    _log_in(client, user, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert sentence[language] in client.get(landing).content.decode()


def test_the_switcher_is_in_the_navigation_as_a_form_that_works_without_javascript(
    client, factory_manager
):
    client.force_login(factory_manager)
    page = client.get("/factories/mine/?page=2").content.decode()
    form = page[page.index('action="/accounts/language/"') - 40 :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and 'type="submit"' in form
    assert 'name="next" value="/factories/mine/?page=2"' in form
    # Each language is offered in its own name, so anyone can find theirs.
    for code, name in (("en", "English"), ("zh-hans", "简体中文"), ("vi", "Tiếng Việt")):
        assert f'value="{code}" lang="{code}"' in form and name in form


def test_first_login_takes_the_language_the_browser_asks_for(client, factory_manager):
    response = _log_in(client, factory_manager, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.5")
    assert "Các hành động khắc phục đang mở" in response.content.decode()
    assert language_of(factory_manager) == "vi"


def test_first_login_from_a_chinese_browser_stores_simplified_chinese(client, staff):
    _log_in(client, staff, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert UserPreference.objects.get(user=staff).language == "zh-hans"


def test_a_browser_that_states_no_language_leaves_nothing_stored(client, visitor):
    response = _log_in(client, visitor.user)
    assert "Your visits" in response.content.decode()
    assert not UserPreference.objects.filter(user=visitor.user).exists()
    assert language_of(visitor.user) == settings.LANGUAGE_CODE


def test_a_choice_made_on_the_login_page_becomes_the_persons_language(client, factory_manager):
    login_page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'action="/accounts/language/"' in login_page.content.decode()
    response = _switch(client, "zh-hans", reverse("login"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "登录进度访问平台" in client.get(reverse("login")).content.decode()
    _log_in(client, factory_manager, HTTP_ACCEPT_LANGUAGE="en")
    assert language_of(factory_manager) == "zh-hans"


def test_a_stored_language_wins_over_the_browser_at_login(client, factory_manager):
    user_language_set(user=factory_manager, language="vi")
    response = _log_in(client, factory_manager, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "Các hành động khắc phục đang mở" in response.content.decode()


def test_an_unknown_language_changes_nothing(client, factory_manager):
    client.force_login(factory_manager)
    response = _switch(client, "fr", "/factories/mine/")
    assert response["Location"] == "/factories/mine/"
    assert not UserPreference.objects.filter(user=factory_manager).exists()


def test_the_switcher_never_sends_anyone_to_another_site(client, factory_manager):
    client.force_login(factory_manager)
    response = _switch(client, "vi", "https://evil.example/phish")
    assert response["Location"] == "/"


def test_the_switcher_only_takes_a_post(client, factory_manager):
    client.force_login(factory_manager)
    assert client.get(reverse("language_switch"), {"language": "vi"}).status_code == 405


def test_the_service_refuses_a_language_the_site_does_not_offer(factory_manager):
    with pytest.raises(ValueError):
        user_language_set(user=factory_manager, language="de")
    assert user_language_set(user=factory_manager, language="zh-Hans").language == "zh-hans"


def test_error_pages_follow_the_persons_language(client, factory_manager):
    user_language_set(user=factory_manager, language="zh-hans")
    client.force_login(factory_manager)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "找不到页面" in response.content.decode()
    with translation.override("vi"):
        page = render_to_string("500.html")
    assert '<html lang="vi">' in page and "Đã xảy ra lỗi từ phía chúng tôi" in page


def test_the_shipped_checklist_reads_in_the_persons_language(client, factory_manager, visit):
    item = ChecklistItem.objects.get(section__version__version="2.0", code="5.1.2")
    with translation.override("zh-hans"):
        assert str(item) == "5.1.2 加班超过法定或项目上限"
        assert str(item.section) == "5. 工作时间"
    with translation.override("vi"):
        assert str(item.section) == "5. Thời giờ làm việc"
    visit.agenda_sections.set([item.section])
    visit.status = "announced"
    visit.save()
    user_language_set(user=factory_manager, language="zh-hans")
    client.force_login(factory_manager)
    page = client.get(f"/factories/visits/{visit.pk}/").content.decode()
    assert "5. 工作时间" in page and "Working Hours" not in page


def test_a_checklist_title_typed_by_staff_shows_as_typed(visit):
    section = ChecklistSection.objects.filter(version__version="2.0").first()
    section.title = "Chemical storage (pilot)"
    with translation.override("zh-hans"):
        assert section.display_title == "Chemical storage (pilot)"
