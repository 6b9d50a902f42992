"""All writes of the ledger: importing plans, tracking tasks, reminders and 考评.

Each service checks permission, validates, writes one audit event per change and
runs in one transaction. A task's status changes only in :func:`_refresh`, which
asks :func:`gongkai.ledger.states.task_status`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars.selectors import work_calendar
from gongkai.core.audit import audit_record, changed
from gongkai.core.exceptions import ValidationError
from gongkai.core.services import notification_send
from gongkai.ledger import report, scoring, selectors
from gongkai.ledger.matching import UnitMatch, UnitMatcher
from gongkai.ledger.models import (
    Indicator,
    IndicatorSheet,
    Progress,
    ProgressFile,
    ReminderKind,
    ReminderSent,
    Score,
    Task,
    UnitAlias,
    WorkPlan,
)
from gongkai.ledger.states import AutoKey, Method, TaskStatus, task_status
from gongkai.organizations.models import RoleAssignment, Staff, Unit
from gongkai.organizations.permissions import can, require, scope_for
from gongkai.organizations.roles import Action, Role
from gongkai.organizations.selectors import unit_by_name
from gongkai.publications.models import Record
from gongkai.publications.selectors import records_visible_to
from gongkai.rules.workdays import format_date_cn
from gongkai.rules.workplan import ParsedPlan, PlanTask, extract_text, parse_workplan

PLAN_SUFFIXES = (".txt", ".docx", ".xlsx")
MAX_PLAN_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = frozenset(
    {
        ".pdf",
        ".docx",
        ".xlsx",
        ".doc",
        ".xls",
        ".wps",
        ".et",
        ".ofd",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".txt",
        ".zip",
    }
)
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
MAX_LINKS = 10
# Reminders go out this many working days before a task's deadline.
REMIND_WORKING_DAYS = 5
# Who is reminded: the staff who report progress for a unit.
REPORTING_ROLES = (Role.EDITOR, Role.DISCLOSURE_OFFICE)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- status --------------------------------------------------------------------------


def _refresh(task: Task, today: dt.date) -> bool:
    """Store the task's current status; True if it changed (the caller audits)."""
    status = task_status(
        done=task.done_at is not None,
        deadline=task.deadline,
        recurring=task.recurring,
        has_progress=task.progress.exists(),
        today=today,
    )
    if status == task.status:
        return False
    task.status = status
    task.save(update_fields=["status"])
    return True


def _refresh_audited(actor: Any, task: Task, today: dt.date) -> None:
    before = task.status
    if _refresh(task, today):
        audit_record(
            actor=actor,
            verb="ledger.task.status_changed",
            obj=task,
            unit=task.plan.unit,
            before={"status": TaskStatus(before).label},
            after={"status": TaskStatus(task.status).label},
        )


# --- importing a plan ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskPreview:
    """A parsed task with its units matched to the tree, and what saving would do."""

    task: PlanTask
    lead: tuple[UnitMatch, ...]
    responsible: tuple[UnitMatch, ...]
    change: str = "new"  # "new", "changed" or "same"

    @property
    def unmatched(self) -> list[str]:
        return [m.name for m in (*self.lead, *self.responsible) if not m.matched]

    @property
    def change_label(self) -> str:
        return {"new": "新增", "changed": "更新", "same": "无变化"}[self.change]


@dataclass
class ImportResult:
    """What an import read, matched and (unless a dry run) saved."""

    parsed: ParsedPlan
    title: str
    doc_number: str
    issuer: str
    year: int | None
    unit: Unit | None
    tasks: tuple[TaskPreview, ...]
    warnings: tuple[str, ...]
    unmatched: tuple[str, ...]
    text: str
    source_name: str
    dry_run: bool
    existing: WorkPlan | None = None
    plan: WorkPlan | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    problems: tuple[str, ...] = field(default=())

    @property
    def can_save(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        """``ParsedPlan.to_json()`` with the effective title and year, and the
        matching warnings after the parser's."""
        data = self.parsed.to_json()
        data["title"] = self.title
        data["year"] = self.year
        data["warnings"] = list(self.warnings)
        return data


def _plan_text(
    text: str | None, data: bytes | None, filename: str | None
) -> tuple[str, str]:
    name = Path(filename or "").name.strip()[:255]
    if text is not None and text.strip():
        return text, name
    if data is None:
        raise ValidationError(
            "请粘贴工作要点全文，或上传工作要点文件（.txt、.docx 或 .xlsx）。"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise ValidationError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .txt、.docx 或 .xlsx 文件"
            "（.doc、.wps、.xls、.pdf 请先另存为 .docx 或 .xlsx）。"
        )
    if not data:
        raise ValidationError(f"文件“{name}”是空文件，请检查后重新上传。")
    if len(data) > MAX_PLAN_BYTES:
        raise ValidationError(f"文件“{name}”超过20MB，请检查是否上传了正确的文件。")
    with tempfile.TemporaryDirectory(prefix="gongkai-plan-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            extracted = extract_text(path)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    if not extracted.strip():
        raise ValidationError(f"文件“{name}”中没有读到文字，请检查文件内容。")
    return extracted, name


def _issuing_unit(actor: Any, unit: Unit | None, issuer: str) -> Unit | None:
    """The unit that owns the plan: given, the issuer if it is a unit the actor may
    manage plans in, or the actor's topmost such unit (the system: the only root)."""
    if unit is not None:
        return unit
    by_issuer = unit_by_name(issuer) if issuer else None
    if by_issuer is not None and can(actor, Action.WORKPLAN_MANAGE, by_issuer):
        return by_issuer
    if actor is None:
        roots = list(Unit.objects.filter(parent__isnull=True, is_active=True)[:2])
        return roots[0] if len(roots) == 1 else None
    scope = scope_for(actor, Action.WORKPLAN_MANAGE)
    if scope.empty:
        return None
    return (
        Unit.objects.filter(scope.q(), is_active=True).order_by("depth", "path").first()
    )


def _task_key_list(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(section, number, n): the n-th task with that section and number."""
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for pair in pairs:
        keys.append((pair[0], pair[1], seen[pair]))
        seen[pair] += 1
    return keys


def _units_of(matches: Sequence[UnitMatch]) -> list[Unit]:
    out: dict[int, Unit] = {}
    for match in matches:
        for unit in match.units:
            out.setdefault(unit.pk, unit)
    return list(out.values())


def _task_values(preview: TaskPreview, order: int) -> dict[str, Any]:
    t = preview.task
    lead = {u.pk for u in _units_of(preview.lead)}
    unmatched = [
        {"name": m.name, "role": "lead"} for m in preview.lead if not m.matched
    ] + [
        {"name": m.name, "role": "responsible"}
        for m in preview.responsible
        if not m.matched
    ]
    return {
        "section": t.section[:500],
        "number": t.number[:50],
        "title": t.title[:500],
        "requirement": t.requirement,
        "lead_text": "、".join(t.lead_units)[:1000],
        "responsible_text": "、".join(t.responsible_units)[:1000],
        "unmatched_units": unmatched,
        "deadline": t.deadline,
        "deadline_text": t.deadline_text[:300],
        "recurring": t.recurring,
        "sort_order": order,
        "_lead": sorted(lead),
        # A 牵头单位 that a collective name also covers is listed once, as 牵头.
        "_responsible": sorted(
            u.pk for u in _units_of(preview.responsible) if u.pk not in lead
        ),
    }


TASK_FIELDS = [
    "section",
    "number",
    "title",
    "requirement",
    "lead_text",
    "responsible_text",
    "unmatched_units",
    "deadline",
    "deadline_text",
    "recurring",
]


def _task_snapshot(task: Task) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(task, name) for name in TASK_FIELDS}
    values["_lead"] = sorted(task.lead_units.values_list("pk", flat=True))
    values["_responsible"] = sorted(task.responsible_units.values_list("pk", flat=True))
    return values


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if not k.startswith("_")}
    for key, label in (("_lead", "lead_units"), ("_responsible", "responsible_units")):
        if key in values:
            out[label] = list(
                Unit.objects.filter(pk__in=values[key]).values_list("name", flat=True)
            )
    if "deadline" in out and out["deadline"] is not None:
        out["deadline"] = out["deadline"].isoformat()
    if "requirement" in out:
        out["requirement"] = str(out["requirement"])[:200]
    return out


def _apply_task(task: Task, values: dict[str, Any]) -> None:
    for name in TASK_FIELDS:
        setattr(task, name, values[name])
    task.sort_order = values["sort_order"]
    task.updated_at = timezone.now()
    task.save()
    task.lead_units.set(values["_lead"])
    task.responsible_units.set(values["_responsible"])


def _matching_warnings(previews: Sequence[TaskPreview]) -> tuple[list[str], list[str]]:
    unmatched: dict[str, None] = {}
    ambiguous: dict[str, str] = {}
    for preview in previews:
        for match in (*preview.lead, *preview.responsible):
            if not match.matched:
                unmatched.setdefault(match.name, None)
                if match.note.startswith("有"):
                    ambiguous[match.name] = match.note
    names = list(unmatched)
    warnings = []
    if names:
        warnings.append(
            f"有{len(names)}个单位名称未能与单位树对应：{'、'.join(names)}。"
            "保存后可在“单位名称对照”中指定对应的单位，任务会自动分派。"
        )
    for name, note in ambiguous.items():
        warnings.append(f"“{name}”：{note}")
    return names, warnings


@transaction.atomic
def workplan_import(
    *,
    actor: Any,
    text: str | None = None,
    data: bytes | None = None,
    filename: str | None = None,
    year: int | None = None,
    title: str | None = None,
    unit: Unit | None = None,
    dry_run: bool,
) -> ImportResult:
    """Read a work plan (pasted text, or .txt/.docx/.xlsx bytes), match its units to
    the tree and, unless ``dry_run``, save it.

    The same plan (same 文号; without one, same title and year) imported again is
    updated: tasks are matched by section and number, changed ones updated, new
    ones added, vanished ones marked withdrawn; progress is never touched.
    """
    source, source_name = _plan_text(text, data, filename)
    probe = parse_workplan(source, year=year)
    issuing = _issuing_unit(actor, unit, probe.issuer)
    matcher = UnitMatcher(issuing)
    parsed = parse_workplan(source, year=year, known_units=matcher.known_names)
    plan_title = " ".join((title or parsed.title or "").split())[:300]
    problems: list[str] = []
    if not plan_title:
        problems.append("未识别到计划标题：请填写标题。")
    if parsed.year is None:
        problems.append("未能确定计划年度：请填写年度。")
    if not parsed.tasks:
        problems.append(
            "没有识别出任务。请确认粘贴的是工作要点（任务分工）全文，编号和单位括号是否完整。"
        )
    if issuing is None:
        problems.append(
            "请指定这份计划的主管单位（您有权管理工作要点的单位）。"
            if actor is not None
            else "单位树中有多个顶级单位，请用 --unit 指定这份计划的主管单位。"
        )
    else:
        require(actor, Action.WORKPLAN_MANAGE, issuing)

    existing: WorkPlan | None = None
    if parsed.doc_number:
        existing = WorkPlan.objects.filter(doc_number=parsed.doc_number).first()
    elif plan_title and parsed.year:
        existing = WorkPlan.objects.filter(
            doc_number="", title=plan_title, year=parsed.year
        ).first()
    if existing is not None:
        require(actor, Action.WORKPLAN_MANAGE, existing.unit)

    previews = [
        TaskPreview(
            task=t,
            lead=matcher.match_all(t.lead_units),
            responsible=matcher.match_all(t.responsible_units),
        )
        for t in parsed.tasks
    ]
    old_tasks: dict[tuple[str, str, int], Task] = {}
    if existing is not None:
        current = list(existing.tasks.order_by("sort_order", "pk"))
        old_tasks = dict(
            zip(
                _task_key_list((t.section, t.number) for t in current),
                current,
                strict=True,
            )
        )
    keys = _task_key_list((p.task.section, p.task.number) for p in previews)
    values = [_task_values(p, n) for n, p in enumerate(previews)]
    for n, key in enumerate(keys):
        old = old_tasks.get(key)
        if old is None:
            continue
        before = _task_snapshot(old)
        after = {k: values[n][k] for k in before}
        change = "same" if before == after and old.withdrawn_at is None else "changed"
        previews[n] = dataclasses.replace(previews[n], change=change)
    names, match_warnings = _matching_warnings(previews)
    vanished = [
        t for k, t in old_tasks.items() if k not in set(keys) and t.withdrawn_at is None
    ]
    result = ImportResult(
        parsed=parsed,
        title=plan_title,
        doc_number=parsed.doc_number,
        issuer=parsed.issuer,
        year=parsed.year,
        unit=existing.unit if existing is not None else issuing,
        tasks=tuple(previews),
        warnings=(*parsed.warnings, *match_warnings),
        unmatched=tuple(names),
        text=source,
        source_name=source_name,
        dry_run=dry_run,
        existing=existing,
        added=sum(p.change == "new" for p in previews),
        updated=sum(p.change == "changed" for p in previews),
        unchanged=sum(p.change == "same" for p in previews),
        withdrawn=len(vanished),
        problems=tuple(problems),
    )
    if dry_run:
        return result
    if problems:
        raise ValidationError("不能保存：" + "".join(problems))
    assert result.unit is not None and parsed.year is not None

    now = timezone.now()
    today = timezone.localdate()
    plan = existing or WorkPlan(unit=result.unit, imported_by=_user(actor))
    plan.title = plan_title
    plan.doc_number = parsed.doc_number
    plan.issuer = parsed.issuer[:200]
    plan.year = parsed.year
    plan.source_text = source
    plan.source_name = source_name
    plan.updated_at = now
    if existing is None:
        plan.imported_at = now
    plan.save()
    for n, key in enumerate(keys):
        old = old_tasks.get(key)
        if old is None:
            task = Task(plan=plan)
            _apply_task(task, values[n])
            if existing is not None:
                audit_record(
                    actor=actor,
                    verb="ledger.task.created",
                    obj=task,
                    unit=plan.unit,
                    after=_audit_values(values[n]),
                )
            _refresh(task, today)
            continue
        before = _task_snapshot(old)
        restored = old.withdrawn_at is not None
        _apply_task(old, values[n])
        if restored:
            old.withdrawn_at = None
            old.save(update_fields=["withdrawn_at"])
            audit_record(
                actor=actor, verb="ledger.task.restored", obj=old, unit=plan.unit
            )
        old_values, new_values = changed(before, {k: values[n][k] for k in before})
        if new_values:
            audit_record(
                actor=actor,
                verb="ledger.task.updated",
                obj=old,
                unit=plan.unit,
                before=_audit_values(old_values),
                after=_audit_values(new_values),
                reason="再次导入计划",
            )
        _refresh_audited(actor, old, today)
    for task in vanished:
        task.withdrawn_at = now
        task.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            verb="ledger.task.withdrawn",
            obj=task,
            unit=plan.unit,
            reason="再次导入的计划中已没有这项任务；任务和进展保留。",
        )
    audit_record(
        actor=actor,
        verb="ledger.plan.reimported" if existing else "ledger.plan.imported",
        obj=plan,
        unit=plan.unit,
        after={
            "title": plan.title,
            "doc_number": plan.doc_number,
            "year": plan.year,
            "task_count": len(previews),
            "added": result.added,
            "updated": result.updated,
            "withdrawn": result.withdrawn,
            "unmatched": names,
        },
    )
    result.plan = plan
    return result


# --- editing and assigning tasks -----------------------------------------------------


def _ordered(units: Sequence[Unit]) -> list[Unit]:
    return sorted({u.pk: u for u in units}.values(), key=lambda u: u.path)


@transaction.atomic
def task_update(
    *,
    actor: Any,
    task: Task,
    title: str,
    requirement: str,
    deadline: dt.date | None,
    deadline_text: str,
    recurring: bool,
    lead_units: Sequence[Unit],
    responsible_units: Sequence[Unit],
) -> Task:
    """Correct a task and (re)assign it to units. A later import of the same plan
    replaces these fields with the document's again."""
    task = Task.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
    require(actor, Action.WORKPLAN_MANAGE, task.plan.unit)
    clean_title = " ".join((title or "").split())[:500]
    clean_requirement = (requirement or "").strip()
    if not clean_title and not clean_requirement:
        raise ValidationError("请填写任务名称或具体要求。")
    inactive = [u.name for u in (*lead_units, *responsible_units) if not u.is_active]
    if inactive:
        raise ValidationError(f"单位“{'、'.join(inactive)}”已停用，不能分派任务。")
    before = _task_snapshot(task)
    lead_ids = sorted({u.pk for u in lead_units})
    responsible_ids = sorted({u.pk for u in responsible_units} - set(lead_ids))
    assigned = bool(lead_ids or responsible_ids)
    values = {
        **before,
        "title": clean_title,
        "requirement": clean_requirement,
        "deadline": deadline,
        "deadline_text": (deadline_text or "").strip()[:300]
        or (format_date_cn(deadline) if deadline else ""),
        "recurring": bool(recurring),
        "_lead": lead_ids,
        "_responsible": responsible_ids,
        # The assignment a person chose replaces the names printed in the plan.
        "lead_text": "、".join(u.name for u in _ordered(lead_units))[:1000]
        if assigned
        else before["lead_text"],
        "responsible_text": "、".join(u.name for u in _ordered(responsible_units))[
            :1000
        ]
        if assigned
        else before["responsible_text"],
        # Once a person has assigned the task, the names that were not matched
        # when it was imported have been dealt with.
        "unmatched_units": [] if assigned else task.unmatched_units,
        "sort_order": task.sort_order,
    }
    _apply_task(task, values)
    old, new = changed(before, {k: values[k] for k in before})
    audit_record(
        actor=actor,
        verb="ledger.task.updated",
        obj=task,
        unit=task.plan.unit,
        before=_audit_values(old),
        after=_audit_values(new),
    )
    _refresh_audited(actor, task, timezone.localdate())
    return task


@transaction.atomic
def task_set_done(*, actor: Any, task: Task, done: bool, reason: str = "") -> Task:
    """Confirm a task finished (or reopen it): the 主管部门's decision."""
    task = Task.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
    require(actor, Action.WORKPLAN_MANAGE, task.plan.unit)
    if done == (task.done_at is not None):
        raise ValidationError(
            "该任务已经是已完成状态。" if done else "该任务尚未完成，无需重新打开。"
        )
    if not done and not (reason or "").strip():
        raise ValidationError("重新打开任务请写明理由。")
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    audit_record(
        actor=actor,
        verb="ledger.task.completed" if done else "ledger.task.reopened",
        obj=task,
        unit=task.plan.unit,
        reason=(reason or "").strip(),
    )
    _refresh_audited(actor, task, timezone.localdate())
    return task


# --- progress ------------------------------------------------------------------------


def _clean_links(links: Sequence[str]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    out: list[str] = []
    for raw in links:
        link = (raw or "").strip()
        if not link:
            continue
        try:
            validate(link)
        except DjangoValidationError:
            raise ValidationError(
                f"链接“{link[:80]}”不是有效的网址（应以 http:// 或 https:// 开头）。"
            ) from None
        if link not in out:
            out.append(link)
    if len(out) > MAX_LINKS:
        raise ValidationError(f"最多填写{MAX_LINKS}个链接。")
    return out


def _clean_files(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(f"每次最多上传{MAX_EVIDENCE_FILES}个佐证材料。")
    out = []
    for name, data in files:
        clean = Path(name or "").name.strip()[:200]
        suffix = Path(clean).suffix.lower()
        if not clean or suffix not in EVIDENCE_SUFFIXES:
            allowed = "、".join(sorted(s.lstrip(".") for s in EVIDENCE_SUFFIXES))
            raise ValidationError(
                f"不支持的佐证材料类型“{suffix or '无扩展名'}”。可上传：{allowed}。"
            )
        if not data:
            raise ValidationError(f"佐证材料“{clean}”是空文件，请检查后重新上传。")
        if len(data) > MAX_EVIDENCE_BYTES:
            raise ValidationError(f"佐证材料“{clean}”超过50MB，请压缩或拆分后上传。")
        out.append((clean, data))
    return out


@transaction.atomic
def progress_add(
    *,
    actor: Any,
    task: Task,
    unit: Unit,
    text: str,
    done: bool = False,
    records: Sequence[Record] = (),
    links: Sequence[str] = (),
    files: Sequence[tuple[str, bytes]] = (),
) -> Progress:
    """A unit reports progress on its task, with evidence: files, links to records in
    gongkai the author may see (a published policy, a 解读 …) and other links.

    ``done`` reports the unit's part finished; when every assigned unit has done so
    (and no unit name of the plan is still unmatched), the task is 已完成.
    """
    task = Task.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
    assigned = selectors.task_units(task)
    if unit.pk in {u.pk for u in assigned}:
        require(actor, Action.TASK_REPORT, unit)
    elif not assigned and unit.pk == task.plan.unit_id:
        require(actor, Action.WORKPLAN_MANAGE, unit)
    else:
        raise ValidationError(
            f"“{unit.name}”不是该任务的牵头单位或责任单位，不能报送进展。"
            "如需调整分工，请联系政务公开主管部门。"
        )
    if task.withdrawn_at is not None:
        raise ValidationError("该任务已从计划中撤销，不再报送进展。")
    clean_text = (text or "").strip()
    if not clean_text:
        raise ValidationError("请填写进展情况。")
    if len(clean_text) > 5000:
        raise ValidationError(
            "进展情况过长（最多5000字），详细材料请作为佐证材料上传。"
        )
    clean_links = _clean_links(links)
    clean_files = _clean_files(files)
    record_ids = {r.pk for r in records}
    visible = list(records_visible_to(actor).filter(pk__in=record_ids))
    if len(visible) != len(record_ids):
        raise ValidationError("所选的政府信息不存在或您无权查看，请重新选择。")
    progress = Progress.objects.create(
        task=task,
        unit=unit,
        author=_user(actor),
        text=clean_text,
        marks_done=bool(done),
        links=clean_links,
    )
    progress.records.set(visible)
    for name, data in clean_files:
        item = ProgressFile(
            progress=progress,
            name=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        item.file.save(name, ContentFile(data), save=False)
        item.save()
    audit_record(
        actor=actor,
        verb="ledger.progress.added",
        obj=task,
        unit=unit,
        after={
            "unit": unit.name,
            "text": clean_text[:200],
            "done": bool(done),
            "records": [str(r) for r in visible],
            "links": clean_links,
            "files": [name for name, _ in clean_files],
        },
    )
    # Not while names of the plan are still unmatched: a unit may be missing.
    if done and task.done_at is None and assigned and not task.unmatched_units:
        finished = set(
            Progress.objects.filter(task=task, marks_done=True).values_list(
                "unit_id", flat=True
            )
        )
        if all(u.pk in finished for u in assigned):
            task.done_at = timezone.now()
            task.save(update_fields=["done_at"])
            audit_record(
                actor=actor,
                verb="ledger.task.completed",
                obj=task,
                unit=task.plan.unit,
                reason="所有承担单位均已报送完成。",
            )
    _refresh_audited(actor, task, timezone.localdate())
    return progress


# --- unit names ----------------------------------------------------------------------


@transaction.atomic
def unit_alias_set(*, actor: Any, name: str, units: Sequence[Unit]) -> list[UnitAlias]:
    """Say which unit(s) a name written in plans stands for. Later imports use it, and
    tasks already imported with this unmatched name are assigned to the units now."""
    clean = " ".join((name or "").split())[:200]
    if not clean:
        raise ValidationError("请填写计划中的单位名称。")
    if not units:
        raise ValidationError(f"请为“{clean}”选择至少一个对应的单位。")
    for unit in units:
        require(actor, Action.WORKPLAN_MANAGE, unit)
        if not unit.is_active:
            raise ValidationError(f"单位“{unit.name}”已停用，不能选择。")
    before = sorted(
        UnitAlias.objects.filter(name=clean).values_list("unit__name", flat=True)
    )
    UnitAlias.objects.filter(name=clean).exclude(
        unit__in=[u.pk for u in units]
    ).delete()
    aliases = [
        UnitAlias.objects.get_or_create(
            name=clean, unit=unit, defaults={"created_by": _user(actor)}
        )[0]
        for unit in units
    ]
    assigned_tasks = 0
    manageable = scope_for(actor, Action.WORKPLAN_MANAGE)
    for task in (
        Task.objects.filter(manageable.q("plan__unit__"))
        .exclude(unmatched_units=[])
        .select_related("plan__unit")
    ):
        roles = {
            str(item.get("role"))
            for item in task.unmatched_units
            if item.get("name") == clean
        }
        if not roles:
            continue
        if "lead" in roles:
            task.lead_units.add(*units)
        if "responsible" in roles:
            task.responsible_units.add(*units)
        task.unmatched_units = [
            item for item in task.unmatched_units if item.get("name") != clean
        ]
        task.save(update_fields=["unmatched_units"])
        assigned_tasks += 1
    audit_record(
        actor=actor,
        verb="ledger.alias.set",
        obj=aliases[0],
        before={"name": clean, "units": before},
        after={
            "name": clean,
            "units": [u.name for u in units],
            "tasks_assigned": assigned_tasks,
        },
    )
    return aliases


@transaction.atomic
def unit_alias_remove(*, actor: Any, alias: UnitAlias) -> None:
    """Forget one name → unit pair (tasks already assigned keep their units)."""
    require(actor, Action.WORKPLAN_MANAGE, alias.unit)
    audit_record(
        actor=actor,
        verb="ledger.alias.removed",
        obj=alias,
        before={"name": alias.name, "unit": alias.unit.name},
    )
    alias.delete()


# --- the daily upkeep: statuses and reminders ----------------------------------------


@transaction.atomic
def tasks_refresh_status(*, actor: Any = None, today: dt.date | None = None) -> int:
    """Bring every open task's stored status up to date (逾期 once past its deadline).
    Returns how many changed. Run daily by ``gongkai workplan remind``."""
    day = _today(today)
    count = 0
    for task in (
        Task.objects.filter(withdrawn_at__isnull=True)
        .exclude(status=TaskStatus.DONE, done_at__isnull=False)
        .select_related("plan__unit")
    ):
        before = task.status
        if _refresh(task, day):
            count += 1
            audit_record(
                actor=actor,
                verb="ledger.task.status_changed",
                obj=task,
                unit=task.plan.unit,
                before={"status": TaskStatus(before).label},
                after={"status": TaskStatus(task.status).label},
            )
    return count


@dataclass(frozen=True)
class RemindResult:
    before: int  # units reminded of a coming deadline
    overdue: int  # units told their task is overdue
    notifications: int


def _recipients(unit: Unit) -> list[Staff]:
    ids = RoleAssignment.objects.filter(
        unit=unit, role__in=list(REPORTING_ROLES), staff__is_active=True
    ).values_list("staff_id", flat=True)
    return list(Staff.objects.filter(pk__in=set(ids)).order_by("pk"))


@transaction.atomic
def tasks_remind(
    *,
    actor: Any = None,
    today: dt.date | None = None,
    days_before: int = REMIND_WORKING_DAYS,
) -> RemindResult:
    """Remind the staff (部门信息员, 政府信息公开工作机构) of each unit that has not
    finished its part of a task: once when the deadline is ``days_before`` working
    days away or nearer (official calendar with 调休), and once on the first run after
    the deadline has passed. What was sent is remembered per task, unit and deadline,
    so running it again the same day (or after a restart) sends nothing twice."""
    day = _today(today)
    calendar = work_calendar()
    sent_before = sent_overdue = notes = 0
    tasks = (
        Task.objects.filter(
            withdrawn_at__isnull=True, done_at__isnull=True, deadline__isnull=False
        )
        .select_related("plan__unit")
        .order_by("deadline", "pk")
    )
    for task in tasks:
        assert task.deadline is not None
        if task.deadline < day:
            kind = ReminderKind.OVERDUE
        elif calendar.working_days_in(day, task.deadline) <= days_before:
            kind = ReminderKind.BEFORE
        else:
            continue
        finished = set(
            Progress.objects.filter(task=task, marks_done=True).values_list(
                "unit_id", flat=True
            )
        )
        for unit in selectors.task_units(task):
            if unit.pk in finished:
                continue
            if ReminderSent.objects.filter(
                task=task, unit=unit, kind=kind, deadline=task.deadline
            ).exists():
                continue
            recipients = _recipients(unit)
            due = format_date_cn(task.deadline)
            if kind == ReminderKind.OVERDUE:
                title = f"任务已逾期：{task.label}"
                body = (
                    f"《{task.plan.title}》中由{unit.name}承担的任务“{task.label}”"
                    f"完成时限为{due}，现已逾期。请尽快完成，并在工作台报送进展和佐证材料。"
                )
            else:
                left = calendar.working_days_in(day, task.deadline)
                title = f"任务即将到期：{task.label}（{due}）"
                body = (
                    f"《{task.plan.title}》中由{unit.name}承担的任务“{task.label}”"
                    f"完成时限为{due}，还有{left}个工作日。请按时完成，并在工作台报送进展。"
                )
            link = reverse("ledger:task", args=[task.pk])
            for person in recipients:
                notification_send(
                    actor=actor, recipient=person, title=title, body=body, link=link
                )
            ReminderSent.objects.create(
                task=task,
                unit=unit,
                kind=kind,
                deadline=task.deadline,
                sent_on=day,
                recipients=len(recipients),
            )
            notes += len(recipients)
            if kind == ReminderKind.OVERDUE:
                sent_overdue += 1
            else:
                sent_before += 1
            audit_record(
                actor=actor,
                verb="ledger.reminders.sent",
                obj=task,
                unit=unit,
                after={
                    "kind": ReminderKind(kind).label,
                    "deadline": task.deadline.isoformat(),
                    "recipients": [p.display_name for p in recipients],
                },
            )
        _refresh_audited(actor, task, day)
    return RemindResult(before=sent_before, overdue=sent_overdue, notifications=notes)


# --- assessment (考评) ---------------------------------------------------------------


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what}“{value}”不是数字。") from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{what}不能为负数。")
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(f"{what}最多保留两位小数。")
    return number


# A starting sheet: the point split most districts use (anchors.md §7.2).
DEFAULT_INDICATORS: tuple[tuple[str, str, str, str, str], ...] = (
    # (section, name, points, method, auto key)
    ("组织保障", "领导重视、机构人员明确、制度健全", "10", Method.MANUAL, ""),
    ("主动公开", "主动公开及时率", "25", Method.AUTO, AutoKey.PUBLICATION_TIMELINESS),
    ("主动公开", "工作要点任务按期完成率", "25", Method.AUTO, AutoKey.TASK_COMPLETION),
    ("依申请办理", "依申请公开按时答复、答复规范", "15", Method.MANUAL, ""),
    ("政策解读", "政策解读比例", "10", Method.AUTO, AutoKey.INTERPRETATION_RATIO),
    ("平台建设", "政府网站和政务新媒体管理、栏目更新", "15", Method.MANUAL, ""),
)


def _check_indicator(
    section: str, name: str, max_points: Any, method: str, auto_key: str
) -> tuple[str, str, Decimal, str, str]:
    clean_section = " ".join((section or "").split())[:50]
    clean_name = " ".join((name or "").split())[:200]
    if not clean_section or not clean_name:
        raise ValidationError("请填写指标类别和指标名称。")
    points = _decimal(max_points, "分值")
    if points == 0 or points > 1000:
        raise ValidationError("分值应大于0、不超过1000。")
    if method not in Method.values:
        raise ValidationError("评分方式只能是人工评分或自动计算。")
    key = auto_key if method == Method.AUTO else ""
    if method == Method.AUTO and key not in AutoKey.values:
        raise ValidationError("自动计算的指标须选择计算方法。")
    return clean_section, clean_name, points, method, key


@transaction.atomic
def sheet_create(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    period: str,
    start: dt.date,
    end: dt.date,
    units: Sequence[Unit] | None = None,
    with_defaults: bool = True,
) -> IndicatorSheet:
    """A new indicator sheet for ``period``. ``units`` are the units assessed (by
    default the active units directly below ``unit``); ``with_defaults`` starts it
    with the common indicators (组织保障, 主动公开, 依申请办理, 政策解读, 平台建设)."""
    require(actor, Action.ASSESSMENT_MANAGE, unit)
    clean_name = " ".join((name or "").split())[:200]
    clean_period = " ".join((period or "").split())[:50]
    if not clean_name or not clean_period:
        raise ValidationError("请填写考评名称和考评期间（如“2026年第三季度”）。")
    if start is None or end is None or end < start:
        raise ValidationError("请填写考评期间的起止日期，截止日期不能早于起始日期。")
    assessed = (
        list(units)
        if units is not None
        else list(unit.children.filter(is_active=True).order_by("sort_order", "path"))
    )
    if not assessed:
        raise ValidationError("请选择参评单位。")
    for item in assessed:
        if not item.path.startswith(unit.path) or item.pk == unit.pk:
            raise ValidationError(f"“{item.name}”不是“{unit.name}”的下级单位。")
    sheet = IndicatorSheet.objects.create(
        name=clean_name,
        period=clean_period,
        start=start,
        end=end,
        unit=unit,
        created_by=_user(actor),
    )
    sheet.units.set(assessed)
    if with_defaults:
        for order, (section, label, points, method, key) in enumerate(
            DEFAULT_INDICATORS
        ):
            Indicator.objects.create(
                sheet=sheet,
                section=section,
                name=label,
                max_points=Decimal(points),
                method=method,
                auto_key=key,
                sort_order=order,
            )
    audit_record(
        actor=actor,
        verb="ledger.sheet.created",
        obj=sheet,
        unit=unit,
        after={
            "name": clean_name,
            "period": clean_period,
            "start": start,
            "end": end,
            "units": [u.name for u in assessed],
            "indicator_count": sheet.indicators.count(),
        },
    )
    return sheet


def _editable(sheet: IndicatorSheet) -> None:
    if sheet.published_at is not None:
        raise ValidationError("考评通报已发布，指标和得分不能再修改。")


@transaction.atomic
def indicator_add(
    *,
    actor: Any,
    sheet: IndicatorSheet,
    section: str,
    name: str,
    max_points: Any,
    method: str = Method.MANUAL,
    auto_key: str = "",
    criteria: str = "",
) -> Indicator:
    """Add an indicator to an unpublished sheet."""
    sheet = IndicatorSheet.objects.select_for_update().get(pk=sheet.pk)
    require(actor, Action.ASSESSMENT_MANAGE, sheet.unit)
    _editable(sheet)
    section, name, points, method, key = _check_indicator(
        section, name, max_points, method, auto_key
    )
    last = sheet.indicators.order_by("-sort_order").values_list("sort_order", flat=True)
    indicator = Indicator.objects.create(
        sheet=sheet,
        section=section,
        name=name,
        max_points=points,
        method=method,
        auto_key=key,
        criteria=(criteria or "").strip()[:2000],
        sort_order=(last.first() or 0) + 1,
    )
    audit_record(
        actor=actor,
        verb="ledger.indicator.added",
        obj=sheet,
        unit=sheet.unit,
        after={
            "section": section,
            "name": name,
            "max_points": points,
            "method": Method(method).label,
        },
    )
    return indicator


@transaction.atomic
def indicator_remove(*, actor: Any, indicator: Indicator) -> None:
    """Remove an indicator (and its scores) from an unpublished sheet."""
    sheet = IndicatorSheet.objects.select_for_update().get(pk=indicator.sheet_id)
    require(actor, Action.ASSESSMENT_MANAGE, sheet.unit)
    _editable(sheet)
    audit_record(
        actor=actor,
        verb="ledger.indicator.removed",
        obj=sheet,
        unit=sheet.unit,
        before={
            "section": indicator.section,
            "name": indicator.name,
            "scores": indicator.scores.count(),
        },
    )
    indicator.delete()


def _deductions(items: Iterable[tuple[Any, str]]) -> list[dict[str, str]]:
    out = []
    for points, reason in items:
        if (points is None or str(points).strip() == "") and not (reason or "").strip():
            continue
        value = _decimal(points, "扣分")
        clean_reason = " ".join((reason or "").split())[:300]
        if value == 0:
            continue
        if not clean_reason:
            raise ValidationError(f"扣{value}分须写明扣分理由。")
        out.append({"points": str(value), "reason": clean_reason})
    return out


def _final_points(base: Decimal, deductions: list[dict[str, str]]) -> Decimal:
    total = base - sum((Decimal(d["points"]) for d in deductions), Decimal(0))
    return max(total, Decimal(0)).quantize(scoring.CENT)


@transaction.atomic
def score_set(
    *,
    actor: Any,
    indicator: Indicator,
    unit: Unit,
    deductions: Sequence[tuple[Any, str]] = (),
    evidence: str = "",
    points: Any = None,
) -> Score:
    """Score a unit on an indicator: full points (or the computed points of an
    automatic indicator) less the deductions, each with its reason. ``points`` sets
    the base by hand — for an automatic indicator that cannot be computed yet."""
    sheet = IndicatorSheet.objects.select_for_update().get(pk=indicator.sheet_id)
    require(actor, Action.ASSESSMENT_MANAGE, sheet.unit)
    _editable(sheet)
    if not sheet.units.filter(pk=unit.pk).exists():
        raise ValidationError(f"“{unit.name}”不是本次考评的参评单位。")
    clean = _deductions(deductions)
    score = Score.objects.filter(indicator=indicator, unit=unit).first()
    before = {"points": score.points, "deductions": score.deductions} if score else {}
    if points is not None and str(points).strip() != "":
        base = _decimal(points, "得分")
        if base > indicator.max_points:
            raise ValidationError(f"得分不能超过该指标的分值{indicator.max_points}。")
    elif score is not None and score.computed_points is not None:
        base = score.computed_points
    elif indicator.method == Method.AUTO:
        raise ValidationError(
            "该指标尚未自动计算得分：请先点“计算自动指标”，或直接填写得分。"
        )
    else:
        base = indicator.max_points
    total_deducted = sum((Decimal(d["points"]) for d in clean), Decimal(0))
    if total_deducted > indicator.max_points:
        raise ValidationError(f"扣分合计不能超过该指标的分值{indicator.max_points}。")
    if score is None:
        score = Score(indicator=indicator, unit=unit)
    if points is not None and str(points).strip() != "":
        score.computed_points = base if indicator.method == Method.AUTO else None
        if indicator.method == Method.AUTO:
            score.computed_detail = "人工填写"
    score.deductions = clean
    score.points = _final_points(base, clean)
    score.evidence = (evidence or "").strip()[:5000]
    score.assessor = _user(actor)
    score.updated_at = timezone.now()
    score.save()
    audit_record(
        actor=actor,
        verb="ledger.score.set",
        obj=sheet,
        unit=unit,
        before=before,
        after={
            "indicator": str(indicator),
            "points": score.points,
            "deductions": clean,
        },
    )
    return score


@transaction.atomic
def sheet_compute(
    *, actor: Any, sheet: IndicatorSheet, today: dt.date | None = None
) -> int:
    """Compute the automatic indicators of every assessed unit from the records.
    Deductions already entered stay. Returns how many scores were computed."""
    sheet = IndicatorSheet.objects.select_for_update().get(pk=sheet.pk)
    require(actor, Action.ASSESSMENT_MANAGE, sheet.unit)
    _editable(sheet)
    day = _today(today)
    count = 0
    results: dict[str, list[str]] = defaultdict(list)
    for indicator in sheet.indicators.filter(method=Method.AUTO):
        for unit in sheet.units.all():
            result = scoring.compute(
                indicator.auto_key, unit, start=sheet.start, end=sheet.end, today=day
            )
            computed = scoring.points_for(indicator.max_points, result)
            score = Score.objects.filter(indicator=indicator, unit=unit).first()
            if computed is None:
                if score is None or score.computed_detail != "人工填写":
                    results[str(indicator)].append(f"{unit.name}：{result.detail}")
                continue
            if score is None:
                score = Score(indicator=indicator, unit=unit)
            score.computed_points = computed
            score.computed_detail = result.detail[:500]
            score.points = _final_points(computed, list(score.deductions))
            score.updated_at = timezone.now()
            score.save()
            count += 1
    sheet.computed_at = timezone.now()
    sheet.save(update_fields=["computed_at"])
    audit_record(
        actor=actor,
        verb="ledger.sheet.computed",
        obj=sheet,
        unit=sheet.unit,
        after={"computed": count, "as_of": day, "not_computed": dict(results)},
    )
    return count


@transaction.atomic
def sheet_publish(*, actor: Any, sheet: IndicatorSheet) -> IndicatorSheet:
    """Publish the 通报: the ranking with every unit's points, as HTML and PDF kept
    with the sheet. Every assessed unit must be scored on every indicator."""
    sheet = IndicatorSheet.objects.select_for_update().get(pk=sheet.pk)
    require(actor, Action.ASSESSMENT_MANAGE, sheet.unit)
    _editable(sheet)
    table = selectors.sheet_table(sheet)
    if not table.indicators:
        raise ValidationError("指标表中还没有指标。")
    if table.missing:
        listed = "；".join(table.missing[:10])
        more = f"等{len(table.missing)}项" if len(table.missing) > 10 else ""
        raise ValidationError(
            f"还有未评分的项目：{listed}{more}。全部评分后才能发布通报。"
        )
    now = timezone.now()
    sheet.published_at = now
    sheet.published_by = _user(actor)
    html = report.report_html(sheet, table)
    sheet.report_html = html
    sheet.report_pdf.save(
        f"kaoping-{sheet.pk}.pdf", ContentFile(report.html_to_pdf(html)), save=False
    )
    sheet.save()
    audit_record(
        actor=actor,
        verb="ledger.sheet.published",
        obj=sheet,
        unit=sheet.unit,
        after={
            "ranking": [
                f"{row.rank}. {row.unit.name} {row.total}" for row in table.rows
            ],
        },
    )
    return sheet
