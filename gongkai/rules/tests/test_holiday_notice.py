from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.rules.holiday_notice import NoticeParse, parse_holiday_notice
from gongkai.rules.workdays import DayKind, chinese_calendar_entries

DATA = Path(__file__).parent / "data"


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# legal.md §5b / §5c 的表格
EXPECTED = {
    2025: {
        "holidays": {
            "元旦": _days(date(2025, 1, 1), date(2025, 1, 1)),
            "春节": _days(date(2025, 1, 28), date(2025, 2, 4)),
            "清明节": _days(date(2025, 4, 4), date(2025, 4, 6)),
            "劳动节": _days(date(2025, 5, 1), date(2025, 5, 5)),
            "端午节": _days(date(2025, 5, 31), date(2025, 6, 2)),
            "国庆节、中秋节": _days(date(2025, 10, 1), date(2025, 10, 8)),
        },
        "workdays": {
            date(2025, 1, 26): "春节",
            date(2025, 2, 8): "春节",
            date(2025, 4, 27): "劳动节",
            date(2025, 9, 28): "国庆节、中秋节",
            date(2025, 10, 11): "国庆节、中秋节",
        },
        "source": "国办发明电〔2024〕12号",
    },
    2026: {
        "holidays": {
            "元旦": _days(date(2026, 1, 1), date(2026, 1, 3)),
            "春节": _days(date(2026, 2, 15), date(2026, 2, 23)),
            "清明节": _days(date(2026, 4, 4), date(2026, 4, 6)),
            "劳动节": _days(date(2026, 5, 1), date(2026, 5, 5)),
            "端午节": _days(date(2026, 6, 19), date(2026, 6, 21)),
            "中秋节": _days(date(2026, 9, 25), date(2026, 9, 27)),
            "国庆节": _days(date(2026, 10, 1), date(2026, 10, 7)),
        },
        "workdays": {
            date(2026, 1, 4): "元旦",
            date(2026, 2, 14): "春节",
            date(2026, 2, 28): "春节",
            date(2026, 5, 9): "劳动节",
            date(2026, 9, 20): "国庆节",
            date(2026, 10, 10): "国庆节",
        },
        "source": "国务院办公厅关于2026年部分节假日安排的通知",
    },
}


def _parse_file(year: int) -> NoticeParse:
    return parse_holiday_notice((DATA / f"notice_{year}.txt").read_text("utf-8"))


@pytest.mark.parametrize("year", [2025, 2026])
def test_notice_matches_legal_tables(year: int) -> None:
    parsed = _parse_file(year)
    expected = EXPECTED[year]
    assert parsed.year == year
    assert parsed.warnings == ()
    holidays: dict[str, set[date]] = {}
    workdays: dict[date, str] = {}
    for entry in parsed.entries:
        assert entry.source == expected["source"]
        if entry.kind is DayKind.HOLIDAY:
            holidays.setdefault(entry.name, set()).add(entry.day)
        else:
            workdays[entry.day] = entry.name
    assert holidays == expected["holidays"]
    assert workdays == expected["workdays"]
    assert [e.day for e in parsed.entries] == sorted(e.day for e in parsed.entries)


@pytest.mark.parametrize("year", [2025, 2026])
def test_notice_matches_chinese_calendar(year: int) -> None:
    parsed = {(e.day, e.kind) for e in _parse_file(year).entries}
    reference = {
        (e.day, e.kind) for e in chinese_calendar_entries(range(year, year + 1))
    }
    assert parsed == reference


def test_single_paragraph_and_half_width_punctuation() -> None:
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知 "
        "一、元旦:1月1日(周三)放假1天,不调休。"
        "二、春节:1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,"
        "共8天。1月26日(周日)、2月8日(周六)上班。"
    )
    parsed = parse_holiday_notice(text)
    assert parsed.warnings == ()
    assert parsed.year == 2025
    assert parsed.entries[0].source == "国务院办公厅关于2025年部分节假日安排的通知"
    assert len([e for e in parsed.entries if e.kind is DayKind.HOLIDAY]) == 9
    assert [e.day for e in parsed.entries if e.kind is DayKind.WORKDAY] == [
        date(2025, 1, 26),
        date(2025, 2, 8),
    ]


def test_full_width_digits() -> None:
    text = "一、元旦：１月１日（周三）放假１天，不调休。"
    parsed = parse_holiday_notice(text, year=2025)
    assert [e.day for e in parsed.entries] == [date(2025, 1, 1)]
    assert parsed.warnings == ()


def test_year_from_chinese_numerals_in_title() -> None:
    text = "国务院办公厅关于二〇二六年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
    parsed = parse_holiday_notice(text)
    assert parsed.year == 2026
    assert len(parsed.entries) == 4


def test_explicit_year_and_source_win() -> None:
    text = "国办发明电〔2024〕12号\n一、元旦：1月1日（周三）放假1天，不调休。"
    parsed = parse_holiday_notice(text, year=2025, source="手工录入")
    assert parsed.entries[0].source == "手工录入"
    parsed = parse_holiday_notice(text, year=2025)
    assert parsed.entries[0].source == "国办发明电〔2024〕12号"


def test_missing_year_is_an_error_in_chinese() -> None:
    with pytest.raises(ValueError, match="年份"):
        parse_holiday_notice("一、元旦：1月1日（周三）放假1天，不调休。")


def test_weekday_mismatch_warns() -> None:
    text = "一、元旦：1月1日（周四）放假1天，不调休。"
    parsed = parse_holiday_notice(text, year=2025)
    assert len(parsed.warnings) == 1
    assert "实际为周三" in parsed.warnings[0]
    assert len(parsed.entries) == 1


def test_total_mismatch_warns() -> None:
    text = "三、清明节：4月4日（周五）至6日（周日）放假，共4天。"
    parsed = parse_holiday_notice(text, year=2025)
    assert len(parsed.warnings) == 1
    assert "共4天" in parsed.warnings[0] and "3天" in parsed.warnings[0]


def test_unparseable_holiday_line_warns() -> None:
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知\n一、元旦：元旦当天放假，不调休。"
    )
    parsed = parse_holiday_notice(text)
    assert parsed.entries == ()
    assert any("未能识别" in w and "元旦当天" in w for w in parsed.warnings)


def test_preamble_mentioning_holidays_does_not_warn() -> None:
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知\n"
        "现将2025年元旦、春节放假调休日期的具体安排通知如下。\n"
        "一、元旦：1月1日（周三）放假1天，不调休。\n"
    )
    assert parse_holiday_notice(text).warnings == ()


def test_range_crossing_the_year_with_explicit_years() -> None:
    text = (
        "国务院办公厅关于2019年部分节假日安排的通知\n"
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"
        "2018年12月29日（星期六）上班。"
    )
    parsed = parse_holiday_notice(text)
    assert parsed.warnings == ()
    assert [(e.day, e.kind) for e in parsed.entries] == [
        (date(2018, 12, 29), DayKind.WORKDAY),
        (date(2018, 12, 30), DayKind.HOLIDAY),
        (date(2018, 12, 31), DayKind.HOLIDAY),
        (date(2019, 1, 1), DayKind.HOLIDAY),
    ]


def test_range_crossing_the_year_without_years() -> None:
    text = "一、元旦：12月30日至1月1日放假调休，共3天。"
    parsed = parse_holiday_notice(text, year=2018)
    assert [e.day for e in parsed.entries][-1] == date(2019, 1, 1)
    assert parsed.warnings == ()


def test_empty_text_warns() -> None:
    parsed = parse_holiday_notice("国务院办公厅关于2027年部分节假日安排的通知")
    assert parsed.entries == ()
    assert parsed.warnings and "全文" in parsed.warnings[0]
