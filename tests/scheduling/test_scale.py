"""Program scale on the planner: search boxes instead of option lists, a calendar that shows a
few visits a day with "+N more" and a day view, and pages whose rows are one page's worth."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.builders import FactoryBuilder, VisitBuilder, VisitorBuilder
from tests.scheduling.conftest import local
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def _options(html: str) -> int:
    return len(re.findall(r"<option\b", html))


def test_filters_ship_no_factory_visitor_or_organisation_options(client, staff, settings):
    factories = FactoryBuilder.create_batch(30)
    VisitorBuilder.create_batch(5)
    client.force_login(staff)

    for name in ("scheduling:list", "scheduling:calendar"):
        html = client.get(reverse(name)).content.decode()
        assert factories[0].name not in html
        # Only the fixed choices (status, country, kind) remain as options.
        assert _options(html) < 30


def test_the_chosen_factory_round_trips_with_its_label(client, staff, factory_, visitor):
    VisitBuilder(factory=factory_, lead_visitor=visitor)
    client.force_login(staff)

    html = client.get(reverse("scheduling:list"), {"factory": factory_.pk}).content.decode()

    assert f'name="factory" value="{factory_.pk}"' in html
    assert f'value="{factory_.name} ({factory_.seal_number})"' in html


def test_factory_search_finds_by_name_or_seal_and_lists_at_most_the_limit(client, staff, settings):
    settings.SEARCH_MATCHES_MAX = 5
    FactoryBuilder.create_batch(8, name="Lucky Star Toys")
    wanted = FactoryBuilder(name="Golden Bear Plastics", seal_number="C123987")
    client.force_login(staff)
    url = reverse("scheduling:search_factories")

    many = client.get(url, {"q": "lucky"}).content.decode()
    assert many.count("data-search-option") == 5
    assert "type more" in many
    by_seal = client.get(url, {"q": "123987"}).content.decode()
    assert f'data-value="{wanted.pk}"' in by_seal and by_seal.count("data-search-option") == 1
    assert "Nothing matches" in client.get(url, {"q": "zzz-none"}).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "scheduling:search_factories",
        "scheduling:search_visitors",
        "scheduling:search_organisations",
    ],
)
def test_search_boxes_answer_staff_only(client, factory_manager, visitor, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        assert client.get(url, {"q": "a"}).status_code == 403


def test_visitor_and_organisation_search(client, staff):
    ana = VisitorBuilder(user__first_name="Ana", user__last_name="Moreno")
    VisitorBuilder(user__first_name="Bo", user__last_name="Li")
    client.force_login(staff)

    visitors = client.get(reverse("scheduling:search_visitors"), {"q": "moreno"}).content.decode()
    assert f'data-value="{ana.pk}"' in visitors and visitors.count("data-search-option") == 1
    organisations = client.get(
        reverse("scheduling:search_organisations"), {"q": ana.organisation.name[:5]}
    ).content.decode()
    assert f'data-value="{ana.organisation_id}"' in organisations


def test_the_schedule_form_searches_factories_instead_of_listing_them(client, staff):
    factories = FactoryBuilder.create_batch(25)
    client.force_login(staff)

    html = client.get(reverse("scheduling:schedule")).content.decode()

    assert reverse("scheduling:search_factories") in html
    assert all(f.name not in html for f in factories)


def test_a_busy_day_shows_a_few_visits_and_links_the_rest_to_the_day_view(
    client, staff, factory_, settings
):
    settings.CALENDAR_VISITS_PER_DAY = 2
    day = local(factory_, 20)
    for n in range(5):
        VisitBuilder(
            factory=FactoryBuilder(time_zone=factory_.time_zone),
            starts_at=day.replace(hour=8 + n),
            status=VisitStatus.ANNOUNCED,
        )
    client.force_login(staff)

    month = client.get(reverse("scheduling:calendar"), {"date": day.date().isoformat()})
    html = month.content.decode()
    assert html.count('class="cal-visit') == 2
    assert "+3 more" in html
    assert f"view=day&date={day.date().isoformat()}" in html

    day_view = client.get(
        reverse("scheduling:calendar"), {"view": "day", "date": day.date().isoformat()}
    )
    assert day_view.status_code == 200
    assert day_view.content.decode().count("<tr>") - 1 == 5  # header row + five visits


def test_visits_sit_on_their_factory_local_day_in_the_calendar(client, staff):
    # 00:30 in Shanghai is 16:30 UTC the day before: the visit belongs to the Shanghai day.
    shanghai = FactoryBuilder(time_zone="Asia/Shanghai")
    early = local(shanghai, 20, hour=0, minute=30)
    VisitBuilder(factory=shanghai, starts_at=early, status=VisitStatus.ANNOUNCED)
    client.force_login(staff)
    url = reverse("scheduling:calendar")

    on_the_day = client.get(url, {"view": "day", "date": early.date().isoformat()})
    day_before = (early.date() - timedelta(days=1)).isoformat()
    before = client.get(url, {"view": "day", "date": day_before})

    assert shanghai.name in on_the_day.content.decode()
    assert shanghai.name not in before.content.decode()


def test_the_visit_list_renders_one_page_of_rows(client, staff, factory_, settings):
    settings.LIST_PAGE_SIZE = 5
    for n in range(12):
        VisitBuilder(factory=factory_, starts_at=local(factory_, 20 + n))
    client.force_login(staff)

    html = client.get(reverse("scheduling:list")).content.decode()

    assert html.count('class="text-nowrap stack-title"') == 5
    assert "Page 1 of 3" in html


def test_kept_filter_forms_and_navigation_follow_the_query_and_the_page(client, staff):
    """The filter form and the navigation are drawn once and kept (issue 14): each query keeps
    its own form (its choices selected), each page its own current link."""
    factory = FactoryBuilder(name="Lotus Toys")
    client.force_login(staff)
    url = reverse("scheduling:list")

    def selected(query: str) -> list[str]:
        form = client.get(url + query).content.decode().split('aria-label="Filter visits"')[1]
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', form.split("</form>")[0])
        return [value for value in chosen if value]  # (the empty "any" of the other fields)

    assert selected("?status=published&country=VN") == ["published", "VN"]
    assert selected("?status=draft") == ["draft"]
    assert selected("?status=published&country=VN") == ["published", "VN"]  # kept, still its own
    chosen = client.get(f"{url}?factory={factory.pk}").content.decode()
    assert "Lotus Toys" in chosen.split('aria-label="Filter visits"')[1].split("</form>")[0]

    for name in ("scheduling:list", "scheduling:calendar", "scheduling:list"):
        page = client.get(reverse(name)).content.decode()
        nav = page.split('<ul class="navbar-nav')[1].split('<div class="d-flex')[0]
        assert f'aria-current="page" href="{reverse(name)}"' in nav
        assert nav.count('aria-current="page"') == 1
