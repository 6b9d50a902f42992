"""REST API of the ledger (session login): plans, tasks, progress, import.

The same selectors and services as the workbench; a plan or task the user may not
see is a 404 like a missing one. Mounted by config/api.py as ``router``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gongkai.core.exceptions import ValidationError
from gongkai.ledger import selectors, services
from gongkai.ledger.models import Progress, Task, WorkPlan
from gongkai.ledger.states import TaskStatus
from gongkai.publications.selectors import records_visible_to

router = Router(tags=["工作要点"], auth=django_auth)


class PlanOut(Schema):
    id: int
    title: str
    doc_number: str
    issuer: str
    year: int
    unit: str

    @staticmethod
    def resolve_unit(obj: WorkPlan) -> str:
        return obj.unit.name


class TaskOut(Schema):
    id: int
    section: str
    number: str
    title: str
    requirement: str
    lead_units: list[str]
    responsible_units: list[str]
    unmatched_units: list[str]
    deadline: dt.date | None
    deadline_text: str
    recurring: bool
    status: str
    status_label: str
    withdrawn: bool

    @staticmethod
    def resolve_lead_units(obj: Task) -> list[str]:
        return [u.name for u in obj.lead_units.all()]

    @staticmethod
    def resolve_responsible_units(obj: Task) -> list[str]:
        return [u.name for u in obj.responsible_units.all()]

    @staticmethod
    def resolve_unmatched_units(obj: Task) -> list[str]:
        return [str(item.get("name", "")) for item in obj.unmatched_units]

    @staticmethod
    def resolve_status_label(obj: Task) -> str:
        return TaskStatus(obj.status).label

    @staticmethod
    def resolve_withdrawn(obj: Task) -> bool:
        return obj.withdrawn_at is not None


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: WorkPlan) -> list[Task]:
        return list(selectors.tasks_of(obj))


class ProgressOut(Schema):
    id: int
    unit: str
    author: str
    text: str
    done: bool
    records: list[str]
    links: list[str]
    files: list[str]
    created_at: dt.datetime

    @staticmethod
    def resolve_unit(obj: Progress) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_author(obj: Progress) -> str:
        return obj.author.display_name if obj.author else ""

    @staticmethod
    def resolve_done(obj: Progress) -> bool:
        return obj.marks_done

    @staticmethod
    def resolve_records(obj: Progress) -> list[str]:
        return [str(r) for r in obj.records.all()]

    @staticmethod
    def resolve_files(obj: Progress) -> list[str]:
        return [f.name for f in obj.files.all()]


class TaskDetailOut(TaskOut):
    plan_id: int
    progress: list[ProgressOut]

    @staticmethod
    def resolve_progress(obj: Task) -> list[Progress]:
        return list(selectors.progress_of(obj))


class ProgressIn(Schema):
    unit_id: int
    text: str
    done: bool = False
    record_ids: list[int] = []
    links: list[str] = []


class ImportIn(Schema):
    text: str
    year: int | None = None
    title: str | None = None
    dry_run: bool = True


class ImportOut(Schema):
    plan: dict[str, Any]
    unmatched: list[str]
    problems: list[str]
    saved: bool
    plan_id: int | None
    added: int
    updated: int
    withdrawn: int


@router.get("/workplans", response=list[PlanOut], summary="我能查看的工作要点")
def plan_list(request: HttpRequest) -> Any:
    return selectors.plans_visible_to(request.user)[:200]


@router.post(
    "/workplans/import",
    response=ImportOut,
    summary="导入工作要点（dry_run 为 true 时只预览；同一文号再次导入即更新）",
)
def plan_import(request: HttpRequest, payload: ImportIn) -> dict[str, Any]:
    result = services.workplan_import(
        actor=request.user,
        text=payload.text,
        year=payload.year,
        title=payload.title,
        dry_run=payload.dry_run,
    )
    return {
        "plan": result.to_json(),
        "unmatched": list(result.unmatched),
        "problems": list(result.problems),
        "saved": result.plan is not None,
        "plan_id": result.plan.pk if result.plan else None,
        "added": result.added,
        "updated": result.updated,
        "withdrawn": result.withdrawn,
    }


@router.get(
    "/workplans/{int:plan_id}",
    response=PlanDetailOut,
    summary="工作要点及其全部任务",
)
def plan_detail(request: HttpRequest, plan_id: int) -> WorkPlan:
    return selectors.plan_get(request.user, plan_id)


@router.get("/tasks/mine", response=list[TaskOut], summary="本单位承担的待办任务")
def my_tasks(request: HttpRequest) -> list[Task]:
    return [row.task for row in selectors.my_tasks(request.user)]


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, summary="任务及其进展")
def task_detail(request: HttpRequest, task_id: int) -> Task:
    return selectors.task_get(request.user, task_id)


@router.post(
    "/tasks/{int:task_id}/progress",
    response={201: ProgressOut},
    summary="报送任务进展（关联的政府信息须是本人有权查看的）",
)
def progress_add(
    request: HttpRequest, task_id: int, payload: ProgressIn
) -> Status[Progress]:
    task = selectors.task_get(request.user, task_id)
    unit = next(
        (
            u
            for u in selectors.reporting_units(request.user, task)
            if u.pk == payload.unit_id
        ),
        None,
    )
    if unit is None:
        unit = next(
            (u for u in selectors.task_units(task) if u.pk == payload.unit_id), None
        )
    if unit is None:
        raise ValidationError("该单位不是这项任务的牵头单位或责任单位。")
    records = list(records_visible_to(request.user).filter(pk__in=payload.record_ids))
    if len(records) != len(set(payload.record_ids)):
        raise ValidationError("所选的政府信息不存在或您无权查看，请重新选择。")
    progress = services.progress_add(
        actor=request.user,
        task=task,
        unit=unit,
        text=payload.text,
        done=payload.done,
        records=records,
        links=payload.links,
    )
    return Status(201, progress)
