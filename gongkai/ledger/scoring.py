"""Automatic 考评 indicators, computed from the records (reads only).

Each automatic indicator is a ratio for one unit over the sheet's period; the
points are the indicator's full points times the ratio, rounded to 0.01. When there
is nothing to measure (no information was due, no policy was issued), the unit gets
the full points and the detail says why. Items that cannot be judged yet (not due
and not done) are left out, so a score never counts a future deadline as missed.

* ``publication_timeliness`` 主动公开及时率: proactive revisions of the unit and the
  units below it whose statutory day (``Revision.due_on``, 条例第二十六条) falls in
  the period; on time if published on or before that day. Migrated records are left
  out (their dates were not kept by gongkai).
* ``interpretation_ratio`` 政策解读比例: ``publications.selectors.interpretation_stats``
  over the unit and the units below it — published 规章 and 规范性文件 with a
  published 解读, all time (the statistic has no period).
* ``task_completion`` 工作要点任务按期完成率: tasks assigned to the unit (牵头 or
  责任) whose deadline falls in the period; on time if the unit reported its part
  done, or the task was confirmed done, on or before the deadline.
* ``application_reply`` 依申请公开按时答复率: pending — gongkai.disclosures does not
  expose a statistic yet; the assessor scores it by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from gongkai.ledger.models import Progress, Task
from gongkai.ledger.states import AutoKey
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import Scope
from gongkai.organizations.roles import Action
from gongkai.publications.models import Revision
from gongkai.publications.selectors import interpretation_stats
from gongkai.publications.vocab import Disclosure

CENT = Decimal("0.01")


@dataclass(frozen=True)
class AutoResult:
    """A computed ratio; ``ratio`` is None when the indicator cannot be computed."""

    ratio: Decimal | None
    numerator: int
    denominator: int
    detail: str


def points_for(max_points: Decimal, result: AutoResult) -> Decimal | None:
    if result.ratio is None:
        return None
    return (max_points * result.ratio).quantize(CENT, rounding=ROUND_HALF_UP)


def _ratio(numerator: int, denominator: int) -> Decimal:
    return Decimal(numerator) / Decimal(denominator)


def _percent(numerator: int, denominator: int) -> str:
    value = (Decimal(100) * numerator / denominator).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{value}%"


def publication_timeliness(
    unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> AutoResult:
    rows = Revision.objects.filter(
        record__unit__path__startswith=unit.path,
        record__imported=False,
        disclosure=Disclosure.PROACTIVE,
        due_on__gte=start,
        due_on__lte=end,
    ).values_list("due_on", "published_at")
    counted = on_time = 0
    for due_on, published_at in rows:
        assert due_on is not None  # filtered on a range of it
        if published_at is None and due_on >= today:
            continue  # not due yet and not published: cannot be judged yet
        counted += 1
        if published_at is not None and timezone.localdate(published_at) <= due_on:
            on_time += 1
    if not counted:
        return AutoResult(Decimal(1), 0, 0, "本期没有应公开的信息，按满分计")
    return AutoResult(
        _ratio(on_time, counted),
        on_time,
        counted,
        f"应公开{counted}条，按时发布{on_time}条，及时率{_percent(on_time, counted)}",
    )


class _UnitReader:
    """A reader whose view of government information is ``unit`` and the units below
    it: ``interpretation_stats`` takes an actor, the indicator needs a unit."""

    is_authenticated = True
    is_active = True
    is_superuser = False

    def __init__(self, unit: Unit) -> None:
        self._gongkai_scopes = {
            Action.PUBLICATION_VIEW: Scope(subtree_paths=(unit.path,))
        }


def interpretation_ratio(
    unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> AutoResult:
    stats = interpretation_stats(_UnitReader(unit))
    total, interpreted = stats["policies"], stats["interpreted"]
    if not total:
        return AutoResult(Decimal(1), 0, 0, "没有已发布的规章和规范性文件，按满分计")
    return AutoResult(
        _ratio(interpreted, total),
        interpreted,
        total,
        f"已发布规章和规范性文件{total}件，有解读的{interpreted}件，"
        f"解读比例{_percent(interpreted, total)}",
    )


def unit_done_on(task: Task, unit: Unit) -> dt.date | None:
    """The day ``unit`` finished its part of ``task`` (its report of completion, or the
    day the task was confirmed done), or None."""
    days: list[dt.date] = []
    first = (
        Progress.objects.filter(task=task, unit=unit, marks_done=True)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if first is not None:
        days.append(timezone.localdate(first))
    if task.done_at is not None:
        days.append(timezone.localdate(task.done_at))
    return min(days) if days else None


def task_completion(
    unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> AutoResult:
    tasks = (
        Task.objects.filter(
            Q(lead_units=unit) | Q(responsible_units=unit),
            withdrawn_at__isnull=True,
            deadline__gte=start,
            deadline__lte=end,
        )
        .distinct()
        .order_by("deadline", "pk")
    )
    counted = on_time = 0
    for task in tasks:
        assert task.deadline is not None
        done_on = unit_done_on(task, unit)
        if done_on is None and task.deadline >= today:
            continue  # still in time
        counted += 1
        if done_on is not None and done_on <= task.deadline:
            on_time += 1
    if not counted:
        return AutoResult(Decimal(1), 0, 0, "本期没有到期的工作要点任务，按满分计")
    return AutoResult(
        _ratio(on_time, counted),
        on_time,
        counted,
        f"到期任务{counted}项，按期完成{on_time}项，按期完成率{_percent(on_time, counted)}",
    )


def application_reply(
    unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> AutoResult:
    return AutoResult(
        None, 0, 0, "依申请公开模块尚未提供按时答复统计，请人工评分并写明依据"
    )


Compute = Callable[[Unit, dt.date, dt.date, dt.date], AutoResult]

COMPUTE: dict[str, Compute] = {
    AutoKey.PUBLICATION_TIMELINESS: publication_timeliness,
    AutoKey.INTERPRETATION_RATIO: interpretation_ratio,
    AutoKey.TASK_COMPLETION: task_completion,
    AutoKey.APPLICATION_REPLY: application_reply,
}


def compute(
    key: str, unit: Unit, *, start: dt.date, end: dt.date, today: dt.date
) -> AutoResult:
    """The automatic indicator ``key`` for ``unit`` over [start, end] as of ``today``."""
    function = COMPUTE.get(key)
    if function is None:
        return AutoResult(None, 0, 0, f"未知的自动指标“{key}”")
    return function(unit, start, end, today)
