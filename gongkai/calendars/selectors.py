"""Reads of the working-day calendar, stored clocks and statutory periods.

The calendar is public information: the holiday schedule is published by the State
Council, so the ``*_public()`` selectors used by the portal need no actor.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max
from django.utils import timezone

from gongkai.calendars.models import (
    CalendarDay,
    CalendarYear,
    StoredDeadline,
    UnitClockSettings,
)
from gongkai.core.exceptions import ValidationError
from gongkai.organizations.models import Unit
from gongkai.rules.deadlines import (
    ClockEvent,
    DeadlineResult,
    DeadlineRuleError,
    compute_deadline,
)
from gongkai.rules.lunar import FIRST_YEAR, LAST_YEAR
from gongkai.rules.periods import PERIOD_RULES, Period, period_due
from gongkai.rules.workdays import (
    DayEntry,
    DayKind,
    WorkCalendar,
    estimate_year,
    format_date_cn,
    weekday_cn,
)

# --- the calendar ------------------------------------------------------------

_cache_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], WorkCalendar] | None = None


def _calendar_version() -> tuple[Any, ...]:
    """What identifies the stored calendar: changes whenever a year is (re)loaded.

    Two aggregate queries on small tables; cheap enough to run before every
    computation, and correct across processes (no invalidation message needed).
    """
    years = CalendarYear.objects.aggregate(
        n=Count("id"), last_id=Max("id"), last_at=Max("loaded_at")
    )
    days = CalendarDay.objects.aggregate(n=Count("id"), last_id=Max("id"))
    return (years["n"], years["last_id"], years["last_at"], days["n"], days["last_id"])


def _entry(row: CalendarDay) -> DayEntry:
    return DayEntry(
        day=row.day, kind=DayKind(row.kind), name=row.name, source=row.source
    )


def work_calendar() -> WorkCalendar:
    """The working-day calendar from the database: loaded years exact, others
    estimated (``gongkai.rules.workdays.estimate_year``)."""
    global _cached
    version = _calendar_version()
    with _cache_lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
    entries = [_entry(row) for row in CalendarDay.objects.all()]
    years = list(CalendarYear.objects.values_list("year", flat=True))
    calendar = WorkCalendar(entries, years)
    with _cache_lock:
        _cached = (version, calendar)
    return calendar


def forget_calendar() -> None:
    """Drop the in-process copy (the next read rebuilds it)."""
    global _cached
    with _cache_lock:
        _cached = None


def check_year_supported(d: date, what: str = "日期") -> None:
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise ValidationError(
            f"{what}{format_date_cn(d)}超出了系统支持的范围，"
            f"只能计算{FIRST_YEAR}年至{LAST_YEAR}年之间的日期。"
        )


def loaded_years() -> list[CalendarYear]:
    return list(CalendarYear.objects.select_related("loaded_by").order_by("-year"))


@dataclass(frozen=True)
class DayStatus:
    """Whether a day is a working day, and why (for the CLI and the API)."""

    day: date
    workday: bool
    reason: str
    estimated: bool
    loaded: bool
    entry: DayEntry | None

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "workday": self.workday,
            "label": "工作日" if self.workday else "休息日",
            "reason": self.reason,
            "year_loaded": self.loaded,
            "estimated": self.estimated,
            "name": self.entry.name if self.entry else "",
            "source": self.entry.source if self.entry else "",
        }


def day_status(d: date) -> DayStatus:
    check_year_supported(d)
    calendar = work_calendar()
    entry = calendar.entry(d)
    workday = calendar.is_workday(d)
    loaded = calendar.is_loaded(d.year)
    weekday = weekday_cn(d)
    if entry is None:
        reason = f"{weekday}，{'休息日' if d.weekday() >= 5 else '正常工作日'}"
    elif entry.kind is DayKind.WORKDAY:
        reason = f"{weekday}，{entry.name}调休上班（{entry.source}）"
    else:
        reason = f"{weekday}，{entry.name}放假（{entry.source}）"
    if not loaded:
        reason += (
            f"；{d.year}年节假日安排尚未载入，按周末和"
            "《全国年节及纪念日放假办法》第二条规定的法定节假日估算"
        )
    return DayStatus(
        day=d,
        workday=workday,
        reason=reason,
        estimated=not loaded,
        loaded=loaded,
        entry=entry,
    )


@dataclass(frozen=True)
class DayRow:
    day: date
    kind: str
    kind_label: str
    name: str
    source: str
    weekday: str
    estimated: bool

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "kind_label": self.kind_label,
            "name": self.name,
            "source": self.source,
            "weekday": self.weekday,
            "estimated": self.estimated,
        }


@dataclass(frozen=True)
class MonthView:
    month: int
    rows: list[DayRow]


@dataclass(frozen=True)
class YearView:
    """One year's schedule for the review page, the CLI and the API."""

    year: int
    loaded: bool
    source: str
    loaded_at: datetime | None
    loaded_by: str
    months: list[MonthView]
    note: str

    @property
    def rows(self) -> list[DayRow]:
        return [row for month in self.months for row in month.rows]

    @property
    def holiday_count(self) -> int:
        return sum(1 for r in self.rows if r.kind == DayKind.HOLIDAY)

    @property
    def workday_count(self) -> int:
        return sum(1 for r in self.rows if r.kind == DayKind.WORKDAY)

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "loaded": self.loaded,
            "status": "已载入" if self.loaded else "估算",
            "source": self.source,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "loaded_by": self.loaded_by,
            "note": self.note,
            "entries": [row.to_json() for row in self.rows],
        }


_KIND_LABELS = {DayKind.HOLIDAY: "放假", DayKind.WORKDAY: "调休上班"}


def _row(entry: DayEntry) -> DayRow:
    return DayRow(
        day=entry.day,
        kind=entry.kind.value,
        kind_label=_KIND_LABELS[entry.kind],
        name=entry.name,
        source=entry.source,
        weekday=weekday_cn(entry.day),
        estimated=entry.estimated,
    )


def calendar_year_view(year: int) -> YearView:
    """The holidays and adjusted working days of ``year``, month by month; for a year
    not loaded, the estimate and a note saying so."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            f"年份{year}超出了系统支持的范围（{FIRST_YEAR}—{LAST_YEAR}年）。"
        )
    loaded = CalendarYear.objects.select_related("loaded_by").filter(year=year).first()
    if loaded is not None:
        entries = [
            _entry(row)
            for row in CalendarDay.objects.filter(
                day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
            )
        ]
        note = f"{year}年节假日安排已载入，依据：{loaded.source}。"
    else:
        entries = estimate_year(year)
        note = (
            f"{year}年节假日安排尚未载入。下表按周末和《全国年节及纪念日放假办法》"
            "第二条规定的法定节假日估算，不含补假和调休上班日；"
            "用到这些日期的期限均为暂定。国务院办公厅公布通知后请导入。"
        )
    months: list[MonthView] = []
    for entry in sorted(entries, key=lambda e: e.day):
        if not months or months[-1].month != entry.day.month:
            months.append(MonthView(month=entry.day.month, rows=[]))
        months[-1].rows.append(_row(entry))
    loaded_by = ""
    if loaded is not None and loaded.loaded_by is not None:
        loaded_by = str(loaded.loaded_by)
    elif loaded is not None:
        loaded_by = "系统"
    return YearView(
        year=year,
        loaded=loaded is not None,
        source=loaded.source if loaded else "",
        loaded_at=loaded.loaded_at if loaded else None,
        loaded_by=loaded_by,
        months=months,
        note=note,
    )


def calendar_year_choices() -> list[int]:
    """Years to offer on the review page: every loaded year and the next two."""
    this_year = timezone.localdate().year
    years = set(CalendarYear.objects.values_list("year", flat=True))
    years.update({this_year, this_year + 1})
    return sorted(years, reverse=True)


# --- deadline computation --------------------------------------------------------


def deadline_compute(
    *,
    received: date,
    period: int = 20,
    events: Sequence[ClockEvent] = (),
    today: date | None = None,
    start_label: str = "收到申请",
) -> DeadlineResult:
    """Compute a reply deadline on the stored calendar (nothing is saved).

    Rule errors (``DeadlineRuleError``) and dates outside the supported years become
    ``ValidationError`` with the rule's Chinese message.
    """
    check_year_supported(received, "收到申请日期")
    for event in events:
        check_year_supported(event.day, f"“{event.kind.label}”的日期")
        if event.until is not None:
            check_year_supported(event.until, "延迟答复期限")
    try:
        return compute_deadline(
            received=received,
            calendar=work_calendar(),
            events=events,
            period=period,
            today=today if today is not None else timezone.localdate(),
            start_label=start_label,
        )
    except DeadlineRuleError as exc:
        raise ValidationError(str(exc)) from None
    except ValueError as exc:  # a date beyond the lunar table, reached by counting
        raise ValidationError(str(exc)) from None


def deadline_compute_public(
    *,
    received: date,
    period: int = 20,
    events: Sequence[ClockEvent] = (),
    today: date | None = None,
) -> DeadlineResult:
    """The public calculator: anyone may compute when a reply is due."""
    if not 1 <= period <= 60:
        raise ValidationError("答复期限须为1至60个工作日。")
    return deadline_compute(
        received=received, period=period, events=events, today=today
    )


def calendar_year_public(year: int) -> YearView:
    return calendar_year_view(year)


def day_status_public(d: date) -> DayStatus:
    return day_status(d)


# --- stored clocks -----------------------------------------------------------------


def deadline_get(*, clock: str, obj: models.Model) -> StoredDeadline | None:
    """The stored clock ``clock`` of ``obj``, or ``None`` when none was stored.

    The caller has already decided that the user may see ``obj``.
    """
    return (
        StoredDeadline.objects.filter(
            clock=clock,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
        )
        .select_related("responsible", "unit")
        .first()
    )


def deadlines_for(obj: models.Model) -> models.QuerySet[StoredDeadline]:
    """Every stored clock of ``obj``."""
    return StoredDeadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("clock")


def provisional_deadlines(year: int | None = None) -> models.QuerySet[StoredDeadline]:
    """Stored clocks that depend on an estimated year (``year``, or any)."""
    qs = StoredDeadline.objects.filter(provisional=True)
    if year is not None:
        qs = qs.filter(first_provisional_year__lte=year)
    return qs


# --- other statutory periods ---------------------------------------------------


def message_reply_days_for(unit: Unit | None) -> tuple[int, Unit | None]:
    """The 留言 reply period of ``unit``: its own setting, else the nearest ancestor's,
    else the default (5 working days). Returns the days and the unit that set them."""
    default = PERIOD_RULES[Period.MESSAGE_REPLY].working_days
    if unit is None:
        return default, None
    ids = unit.ancestor_ids() or [unit.pk]
    settings = {
        s.unit_id: s
        for s in UnitClockSettings.objects.filter(unit_id__in=ids).select_related(
            "unit"
        )
    }
    for unit_id in reversed(ids):
        found = settings.get(unit_id)
        if found is not None:
            return found.message_reply_days, found.unit
    return default, None


def period_for_unit(period: Period | str, unit: Unit | None) -> int:
    """The number of working days of ``period`` in ``unit``: the statutory number, or
    for 留言答复 the unit's own setting (inherited from the units above it)."""
    period = Period(period)
    if period is Period.MESSAGE_REPLY:
        return message_reply_days_for(unit)[0]
    return PERIOD_RULES[period].working_days


def period_due_for_unit(
    period: Period | str, start: date, unit: Unit | None = None
) -> tuple[date, bool]:
    """The last day of ``period`` counted from ``start`` (not counted) on the stored
    calendar, and whether it is provisional."""
    check_year_supported(start)
    try:
        return period_due(
            Period(period),
            start,
            work_calendar(),
            working_days=period_for_unit(period, unit),
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
