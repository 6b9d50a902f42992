"""Public API of the legal clock: compute a reply deadline, read a year's schedule.

Both endpoints are public (no login): the holiday schedule is published by the
State Council and the deadline rule is the law's. Mount in ``config/api.py``::

    api.add_router("/v1/", calendars_router)
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema

from gongkai.calendars import selectors
from gongkai.core.exceptions import ValidationError

router = Router(tags=["工作日历与答复期限"])


class DeadlineOut(Schema):
    received: date
    period_start: date
    due: date | None
    working_days: int
    extension_days: int
    used: int
    left: int
    excluded_working_days: int
    stopped: bool
    provisional: bool
    provisional_years: list[int]
    explanation: list[str]


class DeadlineQuery(Schema):
    received: str
    days: int = 20


class CalendarEntryOut(Schema):
    date: date
    kind: str
    kind_label: str
    name: str
    source: str
    weekday: str
    estimated: bool


class CalendarYearOut(Schema):
    year: int
    loaded: bool
    status: str
    source: str
    loaded_at: str | None
    loaded_by: str
    note: str
    entries: list[CalendarEntryOut]


@router.get(
    "/deadline",
    response=DeadlineOut,
    auth=None,
    summary="计算依申请公开的答复期限（公开）",
    description=(
        "received 为收到申请之日（YYYY-MM-DD），days 为答复期限的工作日数"
        "（默认20，延长后为40，最多60）。收到申请当日不计入。期限用到尚未公布"
        "放假安排的年份时 provisional 为 true，provisional_years 列出这些年份。"
    ),
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, object]:
    try:
        received = date.fromisoformat(query.received)
    except ValueError:
        raise ValidationError(
            f"收到申请日期“{query.received}”不是有效日期，请按“2026-09-30”的格式填写。"
        ) from None
    result = selectors.deadline_compute_public(received=received, period=query.days)
    return result.to_json()


@router.get(
    "/calendar/{year}",
    response=CalendarYearOut,
    auth=None,
    summary="某年的放假日和调休上班日（公开）",
    description="未载入的年份返回按《全国年节及纪念日放假办法》第二条估算的放假日，status 为“估算”。",
)
def calendar_year(request: HttpRequest, year: int) -> dict[str, object]:
    return selectors.calendar_year_public(year).to_json()
