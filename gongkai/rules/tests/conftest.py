"""共用的日历夹具。"""

from __future__ import annotations

from functools import cache

import pytest

from gongkai.rules.workdays import WorkCalendar, chinese_calendar_entries


@cache
def official_calendar() -> WorkCalendar:
    """2004—2026年为已载入年份（chinese-calendar 1.11.0），2027年起为估算。"""
    return WorkCalendar(chinese_calendar_entries(), range(2004, 2027))


@pytest.fixture
def cal() -> WorkCalendar:
    return official_calendar()
