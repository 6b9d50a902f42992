"""Reads of the ledger: plans, tasks, dashboards, the year-end 回头看 and 考评 tables.

A plan is visible to whoever may view plans (``Action.WORKPLAN_VIEW``) in the unit
that owns it or in any unit it assigns a task to; all of a visible plan's tasks and
progress are visible (a work plan is a shared document of the government). Hidden
and missing objects raise ``NotFound`` alike.

Dashboards compute statuses for ``today`` from the facts (the same rule as the
stored status, :func:`gongkai.ledger.states.task_status`), so they are right even
on a day the daily job has not run yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.core.exceptions import NotFound
from gongkai.ledger.models import (
    Indicator,
    IndicatorSheet,
    Progress,
    ProgressFile,
    Score,
    Task,
    UnitAlias,
    WorkPlan,
)
from gongkai.ledger.states import TaskStatus, task_status
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import can, scope_for
from gongkai.organizations.roles import Action
from gongkai.publications.models import Record
from gongkai.publications.selectors import records_visible_to

# --- plans and tasks ---------------------------------------------------------------


def plans_visible_to(actor: Any) -> QuerySet[WorkPlan]:
    scope = scope_for(actor, Action.WORKPLAN_VIEW)
    if scope.everything:
        return WorkPlan.objects.select_related("unit")
    if scope.empty:
        return WorkPlan.objects.none()
    ids = WorkPlan.objects.filter(
        scope.q("unit__")
        | scope.q("tasks__lead_units__")
        | scope.q("tasks__responsible_units__")
    ).values("pk")
    return WorkPlan.objects.filter(pk__in=ids).select_related("unit")


def plan_get(actor: Any, plan_id: int) -> WorkPlan:
    try:
        return plans_visible_to(actor).get(pk=plan_id)
    except (WorkPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该工作要点，或您无权查看。") from None


def can_manage(actor: Any, plan: WorkPlan) -> bool:
    return can(actor, Action.WORKPLAN_MANAGE, plan.unit)


def tasks_of(plan: WorkPlan, *, include_withdrawn: bool = True) -> QuerySet[Task]:
    tasks = plan.tasks.prefetch_related(
        Prefetch("lead_units", queryset=Unit.objects.order_by("path")),
        Prefetch("responsible_units", queryset=Unit.objects.order_by("path")),
    ).order_by("sort_order", "pk")
    if not include_withdrawn:
        tasks = tasks.filter(withdrawn_at__isnull=True)
    return tasks


def task_get(actor: Any, task_id: int) -> Task:
    try:
        return Task.objects.select_related("plan__unit").get(
            plan__in=plans_visible_to(actor), pk=task_id
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该任务，或您无权查看。") from None


def task_units(task: Task) -> list[Unit]:
    """Every unit a task is assigned to: 牵头 first, then 责任, each once."""
    units: dict[int, Unit] = {}
    for unit in task.lead_units.order_by("path"):
        units.setdefault(unit.pk, unit)
    for unit in task.responsible_units.order_by("path"):
        units.setdefault(unit.pk, unit)
    return list(units.values())


def reporting_units(actor: Any, task: Task) -> list[Unit]:
    """The units for which ``actor`` may report progress on ``task``."""
    if task.withdrawn_at is not None:
        return []
    units = task_units(task)
    if not units:
        plan_unit = task.plan.unit
        return [plan_unit] if can(actor, Action.WORKPLAN_MANAGE, plan_unit) else []
    return [u for u in units if can(actor, Action.TASK_REPORT, u)]


def status_now(task: Task, *, today: dt.date | None = None) -> TaskStatus:
    """The task's status today (the stored one may wait for the daily update)."""
    return task_status(
        done=task.done_at is not None,
        deadline=task.deadline,
        recurring=task.recurring,
        has_progress=task.progress.exists(),
        today=today or timezone.localdate(),
    )


def progress_of(task: Task) -> QuerySet[Progress]:
    return (
        task.progress.select_related("unit", "author")
        .prefetch_related("files", "records__public_revision")
        .order_by("created_at", "pk")
    )


def progress_file_get(actor: Any, file_id: int) -> ProgressFile:
    try:
        return ProgressFile.objects.select_related("progress__task").get(
            progress__task__plan__in=plans_visible_to(actor), pk=file_id
        )
    except (ProgressFile.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该佐证材料，或您无权查看。") from None


def linkable_records(actor: Any, *, limit: int = 300) -> list[Record]:
    """Approved records the actor may see, newest first: what progress may link to."""
    return list(
        records_visible_to(actor)
        .filter(public_revision__isnull=False, withdrawn_at__isnull=True)
        .order_by("-first_published_at", "-pk")[:limit]
    )


@dataclass
class OpenTask:
    task: Task
    status: TaskStatus


def my_tasks(actor: Any, *, today: dt.date | None = None) -> list[OpenTask]:
    """Open tasks of the units the actor reports for: overdue first, then by deadline."""
    scope = scope_for(actor, Action.TASK_REPORT)
    if scope.empty:
        return []
    day = today or timezone.localdate()
    tasks = list(
        Task.objects.filter(
            scope.q("lead_units__") | scope.q("responsible_units__"),
            withdrawn_at__isnull=True,
            done_at__isnull=True,
        )
        .distinct()
        .select_related("plan")
    )
    facts = _facts(t.pk for t in tasks)
    rows = [OpenTask(t, _task_status_now(t, facts, day)) for t in tasks]

    def order(row: OpenTask) -> tuple[int, dt.date, int]:
        overdue = row.status == TaskStatus.OVERDUE
        return (0 if overdue else 1, row.task.deadline or dt.date.max, row.task.pk)

    return sorted(rows, key=order)[:200]


# --- statuses per unit ---------------------------------------------------------------


@dataclass
class _Facts:
    """What progress says about a plan's tasks: who reported, who finished."""

    reported: set[tuple[int, int]] = field(default_factory=set)  # (task, unit)
    finished: set[tuple[int, int]] = field(default_factory=set)
    any_progress: set[int] = field(default_factory=set)


def _facts(task_ids: Iterable[int]) -> _Facts:
    facts = _Facts()
    for task_id, unit_id, done in Progress.objects.filter(
        task_id__in=list(task_ids)
    ).values_list("task_id", "unit_id", "marks_done"):
        facts.reported.add((task_id, unit_id))
        facts.any_progress.add(task_id)
        if done:
            facts.finished.add((task_id, unit_id))
    return facts


def _task_status_now(task: Task, facts: _Facts, today: dt.date) -> TaskStatus:
    return task_status(
        done=task.done_at is not None,
        deadline=task.deadline,
        recurring=task.recurring,
        has_progress=task.pk in facts.any_progress,
        today=today,
    )


def _unit_status_now(
    task: Task, unit: Unit, facts: _Facts, today: dt.date
) -> TaskStatus:
    return task_status(
        done=task.done_at is not None or (task.pk, unit.pk) in facts.finished,
        deadline=task.deadline,
        recurring=task.recurring,
        has_progress=(task.pk, unit.pk) in facts.reported,
        today=today,
    )


@dataclass
class Tally:
    """Counts of tasks by status for one unit or one section."""

    label: str
    unit: Unit | None = None
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lead: int = 0

    def add(self, status: str) -> None:
        self.counts[status] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def done(self) -> int:
        return self.count(TaskStatus.DONE)

    @property
    def in_progress(self) -> int:
        return self.count(TaskStatus.IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self.count(TaskStatus.NOT_STARTED)

    @property
    def overdue(self) -> int:
        return self.count(TaskStatus.OVERDUE)

    @property
    def ongoing(self) -> int:
        return self.count(TaskStatus.ONGOING)

    @property
    def rate(self) -> str:
        """完成率: done among the tasks that can be finished (长期 tasks left out)."""
        base = self.total - self.ongoing
        if base <= 0:
            return "—"
        return f"{round(100 * self.done / base)}%"


@dataclass
class UnitPart:
    unit: Unit
    status: TaskStatus
    lead: bool


@dataclass
class TaskRow:
    task: Task
    status: TaskStatus
    parts: list[UnitPart]

    @property
    def overdue_units(self) -> list[Unit]:
        return [p.unit for p in self.parts if p.status == TaskStatus.OVERDUE]


@dataclass
class Dashboard:
    plan: WorkPlan
    today: dt.date
    rows: list[TaskRow]
    overall: Tally
    by_unit: list[Tally]
    by_section: list[Tally]
    withdrawn: int
    recent: list[Progress]

    @property
    def overdue(self) -> list[TaskRow]:
        return [r for r in self.rows if r.status == TaskStatus.OVERDUE]


def _rows(plan: WorkPlan, today: dt.date) -> tuple[list[TaskRow], list[Task]]:
    tasks = list(tasks_of(plan))
    facts = _facts(t.pk for t in tasks)
    rows = []
    for task in tasks:
        leads = list(task.lead_units.all())
        lead_ids = {u.pk for u in leads}
        units = leads + [
            u for u in task.responsible_units.all() if u.pk not in lead_ids
        ]
        rows.append(
            TaskRow(
                task=task,
                status=_task_status_now(task, facts, today),
                parts=[
                    UnitPart(
                        u, _unit_status_now(task, u, facts, today), u.pk in lead_ids
                    )
                    for u in units
                ],
            )
        )
    return rows, tasks


def plan_dashboard(plan: WorkPlan, *, today: dt.date | None = None) -> Dashboard:
    """Completion by unit and by section, the overdue tasks and the latest reports."""
    day = today or timezone.localdate()
    all_rows, _ = _rows(plan, day)
    rows = [r for r in all_rows if r.task.withdrawn_at is None]
    overall = Tally("全部任务")
    units: dict[int, Tally] = {}
    sections: dict[str, Tally] = {}
    for row in rows:
        overall.add(row.status)
        section = row.task.section.split(" / ")[0] or "（未分章节）"
        sections.setdefault(section, Tally(section)).add(row.status)
        for part in row.parts:
            tally = units.setdefault(part.unit.pk, Tally(part.unit.name, part.unit))
            tally.add(part.status)
            tally.lead += part.lead
    by_unit = sorted(
        units.values(),
        key=lambda t: (-t.overdue, t.unit.path if t.unit else "", t.label),
    )
    recent = list(
        Progress.objects.filter(task__plan=plan)
        .select_related("unit", "author", "task")
        .prefetch_related("files", "records__public_revision")
        .order_by("-created_at", "-pk")[:20]
    )
    return Dashboard(
        plan=plan,
        today=day,
        rows=rows,
        overall=overall,
        by_unit=by_unit,
        by_section=list(sections.values()),
        withdrawn=len(all_rows) - len(rows),
        recent=recent,
    )


@dataclass
class ReviewTask:
    row: TaskRow
    progress: list[Progress]


@dataclass
class UnitSummary:
    unit: Unit
    tally: Tally
    reports: int
    records: int
    files: int
    text: str


@dataclass
class Review:
    plan: WorkPlan
    today: dt.date
    tasks: list[ReviewTask]
    units: list[UnitSummary]
    overall: Tally


def _summary_text(
    unit: Unit, tally: Tally, reports: int, records: int, files: int
) -> str:
    parts = [
        f"{unit.name}承担任务{tally.total}项（其中牵头{tally.lead}项）",
    ]
    statuses = [
        (TaskStatus.DONE, "已完成"),
        (TaskStatus.IN_PROGRESS, "推进中"),
        (TaskStatus.ONGOING, "长期推进"),
        (TaskStatus.NOT_STARTED, "未开始"),
        (TaskStatus.OVERDUE, "逾期未完成"),
    ]
    counted = [f"{label}{tally.count(s)}项" for s, label in statuses if tally.count(s)]
    if counted:
        parts.append("，".join(counted))
    rate = tally.rate
    if rate != "—":
        parts.append(f"完成率{rate}（长期任务不计）")
    evidence = f"报送进展{reports}条"
    if records:
        evidence += f"，关联政府信息{records}件"
    if files:
        evidence += f"，佐证材料{files}份"
    parts.append(evidence)
    return "；".join(parts) + "。"


def plan_review(plan: WorkPlan, *, today: dt.date | None = None) -> Review:
    """The year-end 回头看: every task with its final status and evidence, and a
    summary per unit."""
    day = today or timezone.localdate()
    rows, _ = _rows(plan, day)
    progress: dict[int, list[Progress]] = defaultdict(list)
    for item in (
        Progress.objects.filter(task__plan=plan)
        .select_related("unit", "author")
        .prefetch_related("files", "records__public_revision")
        .order_by("created_at", "pk")
    ):
        progress[item.task_id].append(item)
    overall = Tally("全部任务")
    tallies: dict[int, Tally] = {}
    reports: dict[int, int] = defaultdict(int)
    records: dict[int, set[int]] = defaultdict(set)
    files: dict[int, int] = defaultdict(int)
    for row in rows:
        if row.task.withdrawn_at is not None:
            continue
        overall.add(row.status)
        for part in row.parts:
            tally = tallies.setdefault(part.unit.pk, Tally(part.unit.name, part.unit))
            tally.add(part.status)
            tally.lead += part.lead
    for items in progress.values():
        for item in items:
            reports[item.unit_id] += 1
            records[item.unit_id].update(r.pk for r in item.records.all())
            files[item.unit_id] += len(item.files.all())
    summaries = [
        UnitSummary(
            unit=tally.unit,
            tally=tally,
            reports=reports[unit_id],
            records=len(records[unit_id]),
            files=files[unit_id],
            text=_summary_text(
                tally.unit,
                tally,
                reports[unit_id],
                len(records[unit_id]),
                files[unit_id],
            ),
        )
        for unit_id, tally in tallies.items()
        if tally.unit is not None
    ]
    summaries.sort(key=lambda s: s.unit.path)
    return Review(
        plan=plan,
        today=day,
        tasks=[ReviewTask(row, progress[row.task.pk]) for row in rows],
        units=summaries,
        overall=overall,
    )


# --- unit names ----------------------------------------------------------------------


@dataclass
class Unmatched:
    name: str
    tasks: int
    plans: list[WorkPlan]


def unmatched_names(actor: Any) -> list[Unmatched]:
    """Names in the actor's plans that no unit was found for, most frequent first."""
    scope = scope_for(actor, Action.WORKPLAN_MANAGE)
    if scope.empty:
        return []
    found: dict[str, Unmatched] = {}
    for task in (
        Task.objects.filter(scope.q("plan__unit__"), withdrawn_at__isnull=True)
        .exclude(unmatched_units=[])
        .select_related("plan")
    ):
        for name in {str(item.get("name", "")) for item in task.unmatched_units}:
            if not name:
                continue
            entry = found.setdefault(name, Unmatched(name, 0, []))
            entry.tasks += 1
            if task.plan not in entry.plans:
                entry.plans.append(task.plan)
    return sorted(found.values(), key=lambda u: (-u.tasks, u.name))


def aliases_visible_to(actor: Any) -> QuerySet[UnitAlias]:
    scope = scope_for(actor, Action.WORKPLAN_VIEW)
    return UnitAlias.objects.filter(scope.q("unit__")).select_related("unit")


def alias_get(actor: Any, alias_id: int) -> UnitAlias:
    try:
        return aliases_visible_to(actor).get(pk=alias_id)
    except (UnitAlias.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该名称对照。") from None


def assignable_units(actor: Any) -> QuerySet[Unit]:
    """Units the actor may assign tasks to (and resolve plan names to)."""
    return Unit.objects.filter(
        scope_for(actor, Action.WORKPLAN_MANAGE).q(), is_active=True
    ).order_by("path")


# --- assessment ----------------------------------------------------------------------


def sheets_visible_to(actor: Any) -> QuerySet[IndicatorSheet]:
    """Sheets the actor organises, and published sheets about units the actor sees."""
    manage = scope_for(actor, Action.ASSESSMENT_MANAGE)
    view = scope_for(actor, Action.WORKPLAN_VIEW)
    if manage.everything:
        return IndicatorSheet.objects.select_related("unit")
    condition = Q(pk__in=[])
    if not manage.empty:
        condition |= manage.q("unit__")
    if not view.empty:
        condition |= Q(published_at__isnull=False) & (
            view.q("unit__") | view.q("units__")
        )
    ids = IndicatorSheet.objects.filter(condition).values("pk")
    return IndicatorSheet.objects.filter(pk__in=ids).select_related("unit")


def sheet_get(actor: Any, sheet_id: int) -> IndicatorSheet:
    try:
        return sheets_visible_to(actor).get(pk=sheet_id)
    except (IndicatorSheet.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该考评，或您无权查看。") from None


def can_assess(actor: Any, sheet: IndicatorSheet) -> bool:
    return can(actor, Action.ASSESSMENT_MANAGE, sheet.unit)


def indicator_get(sheet: IndicatorSheet, indicator_id: int) -> Indicator:
    try:
        return sheet.indicators.get(pk=indicator_id)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该指标。") from None


def sheet_unit_get(sheet: IndicatorSheet, unit_id: int) -> Unit:
    try:
        return sheet.units.get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise NotFound("该单位不是本次考评的参评单位。") from None


@dataclass
class SheetRow:
    unit: Unit
    scores: list[Score | None]
    total: Decimal
    rank: int = 0

    @property
    def complete(self) -> bool:
        return all(s is not None for s in self.scores)


@dataclass
class SheetTable:
    sheet: IndicatorSheet
    indicators: list[Indicator]
    rows: list[SheetRow]
    missing: list[str]

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))

    @property
    def columns(self) -> list[tuple[Indicator, list[tuple[Unit, Score | None]]]]:
        """Each indicator with every unit's score, units in ranking order."""
        return [
            (indicator, [(row.unit, row.scores[n]) for row in self.rows])
            for n, indicator in enumerate(self.indicators)
        ]

    @property
    def sections(self) -> list[tuple[str, int, Decimal]]:
        """(section, number of indicators, points) in order, for a grouped header."""
        out: list[tuple[str, int, Decimal]] = []
        for indicator in self.indicators:
            if out and out[-1][0] == indicator.section:
                name, n, points = out[-1]
                out[-1] = (name, n + 1, points + indicator.max_points)
            else:
                out.append((indicator.section, 1, indicator.max_points))
        return out


def sheet_table(sheet: IndicatorSheet) -> SheetTable:
    """Every assessed unit's scores, totals and rank (equal totals share a rank)."""
    indicators = list(sheet.indicators.order_by("sort_order", "pk"))
    units = list(sheet.units.order_by("path"))
    scores = {
        (s.indicator_id, s.unit_id): s
        for s in Score.objects.filter(indicator__sheet=sheet)
    }
    rows = []
    missing = []
    for unit in units:
        cells = [scores.get((i.pk, unit.pk)) for i in indicators]
        for indicator, cell in zip(indicators, cells, strict=True):
            if cell is None:
                missing.append(f"{unit.name}·{indicator.name}")
        total = sum((c.points for c in cells if c is not None), Decimal(0))
        rows.append(SheetRow(unit, cells, total))
    rows.sort(key=lambda r: (-r.total, r.unit.path))
    previous: Decimal | None = None
    for position, row in enumerate(rows, start=1):
        row.rank = rows[position - 2].rank if row.total == previous else position
        previous = row.total
    return SheetTable(sheet, indicators, rows, missing)
