from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.rules import lunar
from gongkai.rules.workdays import (
    CHINESE_CALENDAR_SOURCE,
    ESTIMATE_SOURCE,
    DayEntry,
    DayKind,
    WorkCalendar,
    chinese_calendar_entries,
    estimate_year,
    format_date_cn,
    format_day_range_cn,
)

RULES_DIR = Path(__file__).resolve().parents[1]


def test_rules_package_never_imports_django() -> None:
    for path in RULES_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "ninja")), (path, name)


def test_format_date_cn() -> None:
    assert format_date_cn(date(2026, 11, 3)) == "2026年11月3日"
    assert format_date_cn(date(2027, 1, 10)) == "2027年1月10日"


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2026, 10, 1), date(2026, 10, 7), "10月1日至7日"),
        (date(2025, 1, 28), date(2025, 2, 4), "1月28日至2月4日"),
        (date(2025, 1, 1), date(2025, 1, 1), "1月1日"),
        (date(2026, 12, 31), date(2027, 1, 2), "2026年12月31日至2027年1月2日"),
    ],
)
def test_format_day_range(first: date, last: date, text: str) -> None:
    with_year = first.year != last.year
    assert format_day_range_cn(first, last, with_year=with_year) == text


def test_chinese_calendar_entries_names_and_source() -> None:
    entries = chinese_calendar_entries()
    names = {e.name for e in entries}
    assert names == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
        "抗战胜利70周年纪念日",
    }
    assert all(e.source == CHINESE_CALENDAR_SOURCE for e in entries)
    assert {e.day.year for e in entries} == set(range(2004, 2027))
    assert entries == sorted(entries, key=lambda e: e.day)
    special = [e for e in entries if e.name == "抗战胜利70周年纪念日"]
    assert date(2015, 9, 3) in {e.day for e in special}


def test_chinese_calendar_entries_year_filter() -> None:
    entries = chinese_calendar_entries(range(2026, 2027))
    assert {e.day.year for e in entries} == {2026}
    workdays = sorted(e.day for e in entries if e.kind is DayKind.WORKDAY)
    assert workdays == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_calendar_matches_chinese_calendar_for_loaded_years(cal: WorkCalendar) -> None:
    d = date(2004, 1, 1)
    while d <= date(2026, 12, 31):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d = date.fromordinal(d.toordinal() + 1)


def test_calendar_basics(cal: WorkCalendar) -> None:
    assert cal.is_loaded(2026)
    assert not cal.is_loaded(2027)
    assert cal.is_workday(date(2026, 10, 10))  # 调休上班（周六）
    assert not cal.is_workday(date(2026, 10, 7))  # 国庆假期（周三）
    assert cal.is_workday(date(2026, 10, 8))
    assert not cal.is_workday(date(2026, 11, 7))  # 普通周六
    entry = cal.entry(date(2026, 10, 10))
    assert entry is not None and entry.kind is DayKind.WORKDAY
    assert cal.entry(date(2026, 11, 9)) is None
    assert cal.working_days_in(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert cal.working_days_in(date(2026, 10, 12), date(2026, 10, 12)) == 0
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_add_working_days_rejects_non_positive(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="正整数"):
        cal.add_working_days(date(2026, 1, 5), 0)


def test_estimated_years_used(cal: WorkCalendar) -> None:
    assert cal.estimated_years_used(date(2026, 12, 15), date(2027, 1, 13)) == {2027}
    assert cal.estimated_years_used(date(2026, 12, 31), date(2026, 12, 31)) == set()
    assert cal.estimated_years_used(date(2026, 12, 31), date(2027, 1, 1)) == {2027}
    assert cal.estimated_years_used(date(2026, 1, 1), date(2026, 12, 31)) == set()
    assert cal.estimated_years_used(date(2027, 6, 1), date(2029, 1, 5)) == {
        2027,
        2028,
        2029,
    }


def test_unloaded_year_uses_estimate(cal: WorkCalendar) -> None:
    entry = cal.entry(date(2027, 10, 1))
    assert entry == DayEntry(
        date(2027, 10, 1), DayKind.HOLIDAY, "国庆节", ESTIMATE_SOURCE
    )
    assert entry.estimated
    assert not cal.is_workday(date(2027, 2, 8))  # 2027年正月初三（周一）
    assert cal.is_workday(date(2027, 10, 4))  # 估算不含调休补假


def test_explicit_entries_override_estimates() -> None:
    extra = DayEntry(date(2027, 1, 4), DayKind.HOLIDAY, "元旦", "测试")
    calendar = WorkCalendar([extra], loaded_years=[])
    assert not calendar.is_workday(date(2027, 1, 4))
    assert not calendar.is_workday(date(2027, 1, 1))  # 估算
    assert calendar.is_workday(date(2027, 1, 5))


def test_estimate_2027() -> None:
    days = {e.day: e.name for e in estimate_year(2027)}
    assert days == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",  # 除夕
        date(2027, 2, 6): "春节",  # 正月初一
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }
    assert all(e.source == ESTIMATE_SOURCE for e in estimate_year(2027))


def test_estimate_merges_mid_autumn_into_national_day() -> None:
    # 2039年中秋节为10月2日。
    assert lunar.festivals(2039).mid_autumn == date(2039, 10, 2)
    entries = {e.day: e.name for e in estimate_year(2039)}
    assert entries[date(2039, 10, 2)] == "国庆节、中秋节"
    assert len(estimate_year(2039)) == 12


@pytest.mark.parametrize("year", [2025, 2026])
def test_estimate_is_subset_of_real_schedule(year: int) -> None:
    """2024年修订的放假办法施行后，估算的每一天在实际安排中都放假。"""
    real = {
        e.day
        for e in chinese_calendar_entries(range(year, year + 1))
        if e.kind is DayKind.HOLIDAY
    }
    assert {e.day for e in estimate_year(year)} <= real


@pytest.mark.parametrize("year", range(2008, 2025))
def test_estimate_against_older_rules(year: int) -> None:
    """2008—2024年的办法：劳动节只放1天，2014—2024年除夕不放假。

    与当时规则不同的日子之外，估算的日子在实际安排中都放假（chinese-calendar
    个别年份未把节日区间内的周末列为假日，如2012年6月23日，一并排除）。
    """
    real = {
        e.day
        for e in chinese_calendar_entries(range(year, year + 1))
        if e.kind is DayKind.HOLIDAY
    }
    fest = lunar.festivals(year)
    expected_differences = {date(year, 5, 2)}
    if year >= 2014:
        expected_differences.add(fest.new_year_eve)
    estimated = {
        e.day
        for e in estimate_year(year)
        if not (e.day.weekday() >= 5 and e.name != "春节")
    }
    assert estimated - real <= expected_differences


def test_lunar_table_matches_spring_festival_in_real_schedule() -> None:
    for year in range(2004, 2027):
        fest = lunar.festivals(year)
        assert chinese_calendar.is_holiday(fest.spring_festival), year
        assert chinese_calendar.get_holiday_detail(fest.spring_festival)[1] == (
            chinese_calendar.Holiday.spring_festival.value
        )


def test_lunar_qingming_matches_solar_terms() -> None:
    for year in range(2004, 2100):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        qingming = [d for d, name in terms if name == "清明"]
        assert qingming == [lunar.festivals(year).qingming], year


def test_lunar_range() -> None:
    assert lunar.festivals(2100).spring_festival == date(2100, 2, 9)
    with pytest.raises(ValueError, match="2101年"):
        lunar.festivals(2101)
    with pytest.raises(ValueError, match="农历数据"):
        estimate_year(2003)
