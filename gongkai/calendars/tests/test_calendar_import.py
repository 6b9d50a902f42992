"""The stored calendar: the 2004–2026 seed and loading a State Council notice."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps

from gongkai.calendars import selectors, services
from gongkai.calendars.models import CalendarDay, CalendarYear
from gongkai.calendars.tests.conftest import notice_text
from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from gongkai.rules.workdays import CHINESE_CALENDAR_SOURCE, DayKind
from tests.factories import OrgTree, staff_with_role

pytestmark = pytest.mark.django_db


def _table(year: int) -> dict[date, str]:
    return dict(CalendarDay.objects.filter(day__year=year).values_list("day", "kind"))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_the_seed_loads_2004_to_2026_and_not_2027() -> None:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert years == set(range(2004, 2027))
    assert CalendarYear.objects.get(year=2015).source == CHINESE_CALENDAR_SOURCE
    assert CalendarDay.objects.get(day=date(2025, 10, 1)).kind == DayKind.HOLIDAY
    adjusted = CalendarDay.objects.get(day=date(2026, 10, 10))
    assert (adjusted.kind, adjusted.get_kind_display()) == ("workday", "调休上班")

    calendar = selectors.work_calendar()
    assert not calendar.is_workday(date(2025, 10, 1))
    assert calendar.is_workday(date(2026, 10, 10))  # a Saturday
    assert not calendar.is_loaded(2027)
    assert selectors.calendar_year_view(2027).loaded is False


def test_the_seed_can_run_again_without_changing_anything() -> None:
    migration = importlib.import_module(
        "gongkai.calendars.migrations.0002_seed_chinese_calendar_2004_2026"
    )
    before = (CalendarDay.objects.count(), CalendarYear.objects.count())
    migration.seed(apps, None)
    assert (CalendarDay.objects.count(), CalendarYear.objects.count()) == before


def test_the_seed_leaves_a_year_loaded_from_a_notice_alone(admin: Staff) -> None:
    services.calendar_import_notice(actor=admin, text=notice_text(2026), confirm=True)
    migration = importlib.import_module(
        "gongkai.calendars.migrations.0002_seed_chinese_calendar_2004_2026"
    )
    migration.seed(apps, None)
    assert CalendarYear.objects.get(year=2026).source.startswith("国务院办公厅")


def test_preview_parses_and_saves_nothing(admin: Staff) -> None:
    days_before = CalendarDay.objects.count()
    events_before = AuditEvent.objects.count()

    outcome = services.calendar_import_notice(
        actor=admin, text=notice_text(2027), confirm=False
    )

    assert outcome.confirmed is False
    assert outcome.year == 2027
    assert outcome.parse.warnings == ()
    assert len(outcome.parse.entries) == 33
    assert outcome.already_loaded is False
    # Against the estimate: e.g. the adjusted working Sunday 2月14日 and 补假 2月9日.
    assert "2027年2月14日由休息日改为工作日（春节）" in outcome.differences
    assert "2027年2月9日由工作日改为休息日（春节）" in outcome.differences
    assert CalendarDay.objects.count() == days_before
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert AuditEvent.objects.count() == events_before


def test_loading_2025_stores_exactly_the_notice_table(admin: Staff) -> None:
    outcome = services.calendar_import_notice(
        actor=admin, text=notice_text(2025), confirm=True
    )

    expected = dict.fromkeys(_days(date(2025, 1, 28), date(2025, 2, 4)), "holiday")
    expected |= dict.fromkeys(_days(date(2025, 10, 1), date(2025, 10, 8)), "holiday")
    expected |= dict.fromkeys(_days(date(2025, 4, 4), date(2025, 4, 6)), "holiday")
    expected |= dict.fromkeys(_days(date(2025, 5, 1), date(2025, 5, 5)), "holiday")
    expected |= dict.fromkeys(_days(date(2025, 5, 31), date(2025, 6, 2)), "holiday")
    expected[date(2025, 1, 1)] = "holiday"
    for d in (
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ):
        expected[d] = "workday"
    assert _table(2025) == expected
    assert outcome.stored_days == len(expected)
    loaded = CalendarYear.objects.get(year=2025)
    assert loaded.source == "国办发明电〔2024〕12号"
    assert loaded.loaded_by == admin
    assert set(
        CalendarDay.objects.filter(day__year=2025).values_list("source", flat=True)
    ) == {"国办发明电〔2024〕12号"}
    assert CalendarDay.objects.get(day=date(2025, 10, 1)).name == "国庆节、中秋节"
    event = AuditEvent.objects.get(verb="calendars.year.loaded")
    assert event.actor == admin
    assert event.after["year"] == 2025
    assert event.after["workdays"] == 5


def test_loading_2026_over_the_seed_changes_no_working_day(admin: Staff) -> None:
    seeded = _table(2026)
    preview = services.calendar_import_notice(
        actor=admin, text=notice_text(2026), confirm=False
    )
    assert preview.already_loaded is True
    assert preview.differences == []

    outcome = services.calendar_import_notice(
        actor=admin, text=notice_text(2026), confirm=True
    )

    assert _table(2026) == seeded
    assert CalendarYear.objects.get(year=2026).source == (
        "国务院办公厅关于2026年部分节假日安排的通知"
    )
    assert outcome.recompute is not None
    assert outcome.recompute.changed == 0
    assert selectors.deadline_compute(received=date(2026, 9, 30)).due == date(
        2026, 11, 3
    )


def test_unrecognisable_text_is_refused_in_chinese(admin: Staff) -> None:
    with pytest.raises(ValidationError, match="没有识别出任何放假安排"):
        services.calendar_import_notice(actor=admin, text="   ", confirm=True)
    text = "国务院办公厅关于2027年部分节假日安排的通知\n\n今天天气很好。"
    with pytest.raises(ValidationError, match="没有识别出任何放假安排"):
        services.calendar_import_notice(actor=admin, text=text, confirm=True)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_notice_without_a_year_asks_for_one(admin: Staff) -> None:
    text = "一、元旦：1月1日（周五）至3日（周日）放假，共3天。"
    with pytest.raises(ValidationError, match="未能从通知标题中识别年份"):
        services.calendar_import_notice(actor=admin, text=text, confirm=False)
    outcome = services.calendar_import_notice(
        actor=admin, text=text, year=2027, confirm=False
    )
    assert [e.day for e in outcome.parse.entries] == _days(
        date(2027, 1, 1), date(2027, 1, 3)
    )


def test_only_a_top_level_administrator_loads_a_schedule(tree: OrgTree) -> None:
    department_admin = staff_with_role(tree.education, Role.ADMIN)
    editor = staff_with_role(tree.city, Role.EDITOR)
    for actor in (department_admin, editor):
        with pytest.raises(PermissionDenied, match="维护节假日安排"):
            services.calendar_import_notice(
                actor=actor, text=notice_text(2027), confirm=True
            )
    assert not CalendarYear.objects.filter(year=2027).exists()
    # The operator's command line acts as the system.
    services.calendar_import_notice(actor=None, text=notice_text(2027), confirm=True)
    assert CalendarYear.objects.get(year=2027).loaded_by is None


def test_year_view_marks_loaded_and_estimated_years() -> None:
    loaded = selectors.calendar_year_view(2026)
    assert loaded.loaded
    assert loaded.source == CHINESE_CALENDAR_SOURCE
    october = next(m for m in loaded.months if m.month == 10)
    assert [(r.day.day, r.kind_label) for r in october.rows][-1] == (10, "调休上班")

    estimated = selectors.calendar_year_view(2027)
    assert not estimated.loaded
    assert estimated.workday_count == 0
    assert all(row.estimated for row in estimated.rows)
    assert "尚未载入" in estimated.note
    with pytest.raises(ValidationError, match="超出了系统支持的范围"):
        selectors.calendar_year_view(1999)


def test_day_status_gives_the_reason() -> None:
    saturday = selectors.day_status(date(2026, 10, 10))
    assert saturday.workday
    assert "国庆节调休上班" in saturday.reason
    holiday = selectors.day_status(date(2025, 10, 1))
    assert not holiday.workday
    assert "放假" in holiday.reason
    guessed = selectors.day_status(date(2027, 1, 1))
    assert not guessed.workday
    assert guessed.estimated
    assert "尚未载入" in guessed.reason
