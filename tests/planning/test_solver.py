"""The planner on small rounds whose best plan is known; pure Python, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from planning import problem as rules
from planning.problem import FactoryInput, Limits, PlanningProblem, VisitorInput, city_changes
from planning.solver import solve

MONDAY = date(2027, 3, 1)  # a Monday; "now" is far enough ahead that notice never binds
NOW = datetime(2027, 1, 1, tzinfo=UTC)
DONGGUAN, SHENZHEN, SUZHOU = "Dongguan", "Shenzhen", "Suzhou"
COORDINATES = {
    DONGGUAN: (23.02, 113.75),
    SHENZHEN: (22.54, 114.06),
    SUZHOU: (31.30, 120.59),
}


def week(monday: date = MONDAY, days: int = 5) -> frozenset[date]:
    return frozenset(monday + timedelta(days=i) for i in range(days))


def round_of(factories, visitors, *, weeks: int = 1, limits: Limits | None = None, **kwargs):
    return PlanningProblem(
        factories=tuple(factories),
        visitors=tuple(visitors),
        first_day=MONDAY,
        last_day=MONDAY + timedelta(weeks=weeks, days=-1),
        now=kwargs.pop("now", NOW),
        limits=limits or Limits(visits_per_week=5, team_size=1),
        city_coordinates=COORDINATES,
        **kwargs,
    )


def plan(problem: PlanningProblem):
    return solve(problem, time_limit=5, workers=2)


def test_a_program_blackout_moves_the_visit_to_the_free_week():
    problem = round_of(
        [FactoryInput(1, DONGGUAN)],
        [VisitorInput(10, organisation=1, base_city=DONGGUAN)],
        weeks=2,
        program_blackout_days=week(),
    )
    result = plan(problem)
    [visit] = result.visits
    assert visit.day in week(MONDAY + timedelta(weeks=1))
    assert result.unplaced == []


def test_a_blackout_over_the_whole_window_names_the_blackout():
    program = round_of(
        [FactoryInput(1, DONGGUAN)],
        [VisitorInput(10, organisation=1)],
        program_blackout_days=week(),
    )
    assert [u.rule for u in plan(program).unplaced] == [rules.PROGRAM_BLACKOUT]
    own = round_of(
        [FactoryInput(1, DONGGUAN, blackout_days=week())], [VisitorInput(10, organisation=1)]
    )
    assert [u.rule for u in plan(own).unplaced] == [rules.FACTORY_BLACKOUT]


def test_two_visitors_share_three_factories_in_one_city_evenly():
    factories = [FactoryInput(i, DONGGUAN) for i in (1, 2, 3)]
    visitors = [VisitorInput(10, 1, DONGGUAN), VisitorInput(11, 1, DONGGUAN)]
    result = plan(round_of(factories, visitors))
    assert sorted(v.factory for v in result.visits) == [1, 2, 3]
    loads = sorted(result.stats["load_per_visitor"].values())
    assert loads == [1, 2]
    for member in (10, 11):
        days = [v.day for v in result.visits if member in v.team]
        assert len(days) == len(set(days)), "a visitor is never booked twice on one day"


def test_two_visitors_as_one_team_visit_the_three_factories_on_three_days():
    factories = [FactoryInput(i, DONGGUAN) for i in (1, 2, 3)]
    visitors = [VisitorInput(10, 1, DONGGUAN, can_lead=False), VisitorInput(11, 1, DONGGUAN)]
    result = plan(round_of(factories, visitors, limits=Limits(visits_per_week=5, team_size=2)))
    assert len(result.visits) == 3
    assert {v.team for v in result.visits} == {(11, 10)}, "the one who may lead leads"
    assert len({v.day for v in result.visits}) == 3


def test_an_unavailable_day_is_never_planned():
    unavailable = week(days=4)  # Monday to Thursday
    result = plan(
        round_of(
            [FactoryInput(1, DONGGUAN)],
            [VisitorInput(10, 1, DONGGUAN, unavailable_days=unavailable)],
        )
    )
    assert [v.day for v in result.visits] == [MONDAY + timedelta(days=4)]


def test_a_visitor_unavailable_all_window_leaves_the_factory_unplaced_with_the_reason():
    result = plan(
        round_of(
            [FactoryInput(1, DONGGUAN)], [VisitorInput(10, 1, DONGGUAN, unavailable_days=week())]
        )
    )
    assert result.visits == []
    assert [u.rule for u in result.unplaced] == [rules.VISITORS_UNAVAILABLE]


def test_the_notice_period_counts_from_today_in_the_factorys_zone():
    # 23:30 UTC on Saturday 13 Feb is already Sunday 14 Feb in Shanghai: sixteen days on, the
    # first possible day is Tuesday 2 March in Shanghai but Monday 1 March in London.
    now = datetime(2027, 2, 13, 23, 30, tzinfo=UTC)
    only_monday = VisitorInput(10, 1, unavailable_days=week() - {MONDAY})
    london = round_of([FactoryInput(1, DONGGUAN, time_zone="Europe/London")], [only_monday])
    shanghai = round_of([FactoryInput(2, DONGGUAN, time_zone="Asia/Shanghai")], [only_monday])
    assert [v.day for v in plan(replace(london, now=now, notice_days=16)).visits] == [MONDAY]
    refused = plan(replace(shanghai, now=now, notice_days=16))
    assert refused.visits == []
    assert [u.rule for u in refused.unplaced] == [rules.VISITORS_UNAVAILABLE]
    too_late = plan(replace(shanghai, now=now, notice_days=30))
    assert [u.rule for u in too_late.unplaced] == [rules.NOTICE]


def test_existing_bookings_are_never_double_booked():
    factory = FactoryInput(1, DONGGUAN, busy_days=frozenset({MONDAY}))
    # The visitor is booked elsewhere all Tuesday (Shanghai time).
    tuesday = datetime(2027, 3, 2, 0, 0, tzinfo=UTC)
    visitor = VisitorInput(10, 1, busy=((tuesday, tuesday + timedelta(hours=12)),))
    result = plan(round_of([factory], [visitor]))
    [visit] = result.visits
    assert visit.day not in {MONDAY, MONDAY + timedelta(days=1)}


def test_weekly_limit_leaves_what_does_not_fit_unplaced_for_capacity():
    factories = [FactoryInput(i, DONGGUAN) for i in (1, 2, 3)]
    result = plan(
        round_of(factories, [VisitorInput(10, 1)], limits=Limits(visits_per_week=2, team_size=1))
    )
    assert len(result.visits) == 2
    assert [u.rule for u in result.unplaced] == [rules.CAPACITY]


def test_no_team_without_someone_who_may_lead():
    result = plan(
        round_of(
            [FactoryInput(1, DONGGUAN)],
            [VisitorInput(10, 1, can_lead=False)],
            limits=Limits(visits_per_week=5, team_size=1, lead_required=True),
        )
    )
    assert [u.rule for u in result.unplaced] == [rules.NO_TEAM]


def test_a_team_finishes_a_city_before_travelling_to_the_next():
    factories = [FactoryInput(1, DONGGUAN), FactoryInput(2, SUZHOU)]
    factories += [FactoryInput(3, DONGGUAN), FactoryInput(4, SUZHOU)]
    result = plan(round_of(factories, [VisitorInput(10, 1, DONGGUAN)], weeks=2))
    assert len(result.visits) == 4
    city_of = {f.id: f.city for f in factories}
    assert city_changes(result.visits, city_of) == {10: 1}


def test_nearby_cities_share_a_week_far_ones_do_not():
    factories = [FactoryInput(1, DONGGUAN), FactoryInput(2, SHENZHEN), FactoryInput(3, SUZHOU)]
    visitors = [VisitorInput(10, 1, DONGGUAN)]
    result = plan(round_of(factories, visitors, weeks=2, nearby_km=80))
    weeks = {v.factory: v.day - timedelta(days=v.day.weekday()) for v in result.visits}
    assert weeks[1] == weeks[2] != weeks[3]


def test_load_is_balanced_across_visitors_of_several_organisations():
    factories = [FactoryInput(i, DONGGUAN if i % 2 else SHENZHEN) for i in range(12)]
    visitors = [VisitorInput(10 + i, organisation=i % 2, base_city=DONGGUAN) for i in range(4)]
    result = plan(round_of(factories, visitors, weeks=2))
    assert len(result.visits) == 12
    loads = result.stats["load_per_visitor"].values()
    assert max(loads) - min(loads) <= 1
    for visit in result.visits:
        assert len({m % 2 for m in visit.team}) == 1, "a team comes from one organisation"
