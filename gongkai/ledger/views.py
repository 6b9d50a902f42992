"""Staff pages of the ledger: import a plan, track its tasks, 回头看, export, 考评."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core import selectors as core_selectors
from gongkai.core.exceptions import (
    ApplicationError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from gongkai.core.web import run_service, staff_view
from gongkai.ledger import forms, selectors, services
from gongkai.ledger.export import plan_workbook
from gongkai.ledger.models import IndicatorSheet, Task
from gongkai.ledger.states import Method, TaskStatus
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import can, scope_for
from gongkai.organizations.roles import Action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEDUCTION_ROWS = 5


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _indented(units: Any) -> list[tuple[int, str]]:
    units = list(units)
    if not units:
        return []
    top = min(u.depth for u in units)
    return [(u.pk, "　" * (u.depth - top) + u.name) for u in units]


def _user_error(request: HttpRequest, exc: ApplicationError) -> None:
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    messages.error(request, exc.message)


# --- home and plans --------------------------------------------------------------------


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "ledger/home.html",
        {
            "plans": selectors.plans_visible_to(user)[:100],
            "my_tasks": selectors.my_tasks(user, today=today),
            "today": today,
            "can_import": not scope_for(user, Action.WORKPLAN_MANAGE).empty,
            "can_assess": not scope_for(user, Action.ASSESSMENT_MANAGE).empty,
        },
    )


@staff_view
def import_plan(request: HttpRequest) -> HttpResponse:
    user = request.user
    if scope_for(user, Action.WORKPLAN_MANAGE).empty:
        raise PermissionDenied(
            "您没有导入工作要点的权限。请联系系统管理员授予“政务公开主管部门”角色。"
        )
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "confirm":
        form = forms.ImportForm()
        year_text = request.POST.get("year", "").strip()

        def again(dry_run: bool) -> services.ImportResult:
            return services.workplan_import(
                actor=user,
                text=request.POST.get("source", ""),
                filename=request.POST.get("source_name", ""),
                title=request.POST.get("title", "") or None,
                year=int(year_text) if year_text.isdigit() else None,
                dry_run=dry_run,
            )

        saved = None
        try:
            saved = again(False)
        except ApplicationError as exc:
            _user_error(request, exc)
            # Show the preview again with the reason, so nothing pasted is lost.
            with contextlib.suppress(ValidationError):
                result = again(True)
        if saved is not None and saved.plan is not None:
            if saved.existing is not None:
                messages.success(
                    request,
                    f"已更新：新增{saved.added}项，更新{saved.updated}项，"
                    f"撤销{saved.withdrawn}项；已有的进展全部保留。",
                )
            else:
                messages.success(
                    request,
                    f"已导入《{saved.plan.title}》，共{len(saved.tasks)}项任务。",
                )
            return redirect("ledger:plan", plan_id=saved.plan.pk)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d.get("file")
        text = (d.get("text") or "").strip()
        result = run_service(
            form,
            lambda: services.workplan_import(
                actor=user,
                text=text or None,
                data=upload.read() if upload and not text else None,
                filename=upload.name if upload and not text else None,
                title=d.get("title") or None,
                year=d.get("year"),
                dry_run=True,
            ),
        )
    return render(request, "ledger/import.html", {"form": form, "result": result})


@staff_view
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = request.user
    plan = selectors.plan_get(user, plan_id)
    dashboard = selectors.plan_dashboard(plan)
    status = request.GET.get("status", "")
    unit_id = request.GET.get("unit", "")
    rows = dashboard.rows
    if status:
        rows = [r for r in rows if r.status == status]
    if unit_id.isdigit():
        rows = [r for r in rows if any(p.unit.pk == int(unit_id) for p in r.parts)]
    return render(
        request,
        "ledger/plan.html",
        {
            "plan": plan,
            "dashboard": dashboard,
            "rows": rows,
            "status": status,
            "unit_id": unit_id,
            "statuses": TaskStatus.choices,
            "can_manage": selectors.can_manage(user, plan),
            "history": core_selectors.audit_events_for(plan)
            if can(user, Action.AUDIT_VIEW, plan.unit)
            else None,
        },
    )


@staff_view
def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    return render(
        request,
        "ledger/dashboard.html",
        {"plan": plan, "dashboard": selectors.plan_dashboard(plan)},
    )


@staff_view
def plan_review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    return render(
        request,
        "ledger/review.html",
        {"plan": plan, "review": selectors.plan_review(plan)},
    )


@staff_view
def plan_export(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = selectors.plan_get(request.user, plan_id)
    response = HttpResponse(plan_workbook(plan), content_type=XLSX)
    return _attachment(response, f"{plan.title}任务台账.xlsx")


# --- tasks ------------------------------------------------------------------------------


def _progress_form(request: HttpRequest, task: Task, units: list[Unit]) -> Any:
    records = [
        (r.pk, f"{r}（{r.unit.name}）")
        for r in selectors.linkable_records(request.user)
    ]
    return forms.ProgressForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        units=[(u.pk, u.name) for u in units],
        records=records,
    )


@staff_view
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    user = request.user
    task = selectors.task_get(user, task_id)
    units = selectors.reporting_units(user, task)
    form = _progress_form(request, task, units) if units else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(
                "您所在的单位不是该任务的承担单位，不能报送进展。"
                if task.withdrawn_at is None
                else "该任务已从计划中撤销，不再报送进展。"
            )
        if form.is_valid():
            d = form.cleaned_data
            unit = next(u for u in units if u.pk == d["unit"])
            chosen = set(d["records"])
            records = [r for r in selectors.linkable_records(user) if r.pk in chosen]
            if len(records) != len(chosen):
                form.add_error("records", "所选的政府信息不存在或您无权查看。")
            else:
                progress = run_service(
                    form,
                    lambda: services.progress_add(
                        actor=user,
                        task=task,
                        unit=unit,
                        text=d["text"],
                        done=d["done"],
                        records=records,
                        links=(d["links"] or "").split(),
                        files=[(f.name, f.read()) for f in d["attachments"]],
                    ),
                )
                if progress is not None:
                    messages.success(request, "进展已报送。")
                    return redirect("ledger:task", task_id=task.pk)
    plan = task.plan
    return render(
        request,
        "ledger/task.html",
        {
            "task": task,
            "status": selectors.status_now(task),
            "plan": plan,
            "lead_units": task.lead_units.order_by("path"),
            "responsible_units": task.responsible_units.order_by("path"),
            "progress": selectors.progress_of(task),
            "form": form,
            "can_manage": selectors.can_manage(user, plan),
            "history": core_selectors.audit_events_for(task)
            if can(user, Action.AUDIT_VIEW, plan.unit)
            else None,
        },
    )


@staff_view
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    user = request.user
    task = selectors.task_get(user, task_id)
    if not selectors.can_manage(user, task.plan):
        raise PermissionDenied("只有政务公开主管部门可以修改任务和调整分工。")
    units = list(selectors.assignable_units(user))
    initial = {
        "title": task.title,
        "requirement": task.requirement,
        "deadline": task.deadline,
        "deadline_text": task.deadline_text,
        "recurring": task.recurring,
        "lead_units": list(task.lead_units.values_list("pk", flat=True)),
        "responsible_units": list(task.responsible_units.values_list("pk", flat=True)),
    }
    form = forms.TaskForm(request.POST or None, initial=initial, units=_indented(units))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by_id = {u.pk: u for u in units}
        if run_service(
            form,
            lambda: services.task_update(
                actor=user,
                task=task,
                title=d["title"],
                requirement=d["requirement"],
                deadline=d["deadline"],
                deadline_text=d["deadline_text"],
                recurring=d["recurring"],
                lead_units=[by_id[i] for i in d["lead_units"]],
                responsible_units=[by_id[i] for i in d["responsible_units"]],
            ),
        ):
            messages.success(request, "已保存。")
            return redirect("ledger:task", task_id=task.pk)
    return render(request, "ledger/task_edit.html", {"task": task, "form": form})


@staff_view
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_get(request.user, task_id)
    done = request.POST.get("done") == "1"
    try:
        services.task_set_done(
            actor=request.user,
            task=task,
            done=done,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, "已确认完成。" if done else "已重新打开。")
    except ApplicationError as exc:
        _user_error(request, exc)
    return redirect("ledger:task", task_id=task.pk)


@staff_view
def progress_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    item = selectors.progress_file_get(request.user, file_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# --- unit names ---------------------------------------------------------------------------


@staff_view
def aliases(request: HttpRequest) -> HttpResponse:
    user = request.user
    manage = not scope_for(user, Action.WORKPLAN_MANAGE).empty
    units = list(selectors.assignable_units(user)) if manage else []
    form = forms.AliasForm(
        request.POST or None,
        initial={"name": request.GET.get("name", "")},
        units=_indented(units),
    )
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有政务公开主管部门可以设置单位名称对照。")
        if form.is_valid():
            d = form.cleaned_data
            by_id = {u.pk: u for u in units}
            if run_service(
                form,
                lambda: services.unit_alias_set(
                    actor=user,
                    name=d["name"],
                    units=[by_id[i] for i in d["units"]],
                ),
            ):
                messages.success(
                    request,
                    f"已设置“{d['name']}”的对应单位，已导入的任务已按此分派，以后导入时自动使用。",
                )
                return redirect("ledger:aliases")
    return render(
        request,
        "ledger/aliases.html",
        {
            "form": form,
            "can_manage": manage,
            "unmatched": selectors.unmatched_names(user),
            "aliases": selectors.aliases_visible_to(user),
        },
    )


@staff_view
@require_POST
def alias_remove(request: HttpRequest, alias_id: int) -> HttpResponse:
    alias = selectors.alias_get(request.user, alias_id)
    try:
        services.unit_alias_remove(actor=request.user, alias=alias)
        messages.success(request, "已删除该名称对照。")
    except ApplicationError as exc:
        _user_error(request, exc)
    return redirect("ledger:aliases")


# --- assessment ----------------------------------------------------------------------------


@staff_view
def sheets(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_for(user, Action.ASSESSMENT_MANAGE)
    organisers = (
        list(Unit.objects.filter(scope.q(), is_active=True).order_by("depth", "path"))
        if not scope.empty
        else []
    )
    form = forms.SheetForm(request.POST or None)
    if request.method == "POST":
        if not organisers:
            raise PermissionDenied("只有政务公开主管部门可以组织考评。")
        if form.is_valid():
            d = form.cleaned_data
            unit = organisers[0]
            sheet = run_service(
                form,
                lambda: services.sheet_create(
                    actor=user,
                    unit=unit,
                    name=d["name"],
                    period=d["period"],
                    start=d["start"],
                    end=d["end"],
                    with_defaults=d["with_defaults"],
                ),
            )
            if sheet is not None:
                messages.success(request, "已新建考评指标表。")
                return redirect("ledger:sheet", sheet_id=sheet.pk)
    return render(
        request,
        "ledger/sheets.html",
        {
            "sheets": selectors.sheets_visible_to(user),
            "form": form,
            "can_create": bool(organisers),
            "organiser": organisers[0] if organisers else None,
        },
    )


def _sheet_context(
    request: HttpRequest, sheet: IndicatorSheet, **extra: Any
) -> dict[str, Any]:
    return {
        "sheet": sheet,
        "table": selectors.sheet_table(sheet),
        "can_assess": selectors.can_assess(request.user, sheet),
        "indicator_form": forms.IndicatorForm(),
        "history": core_selectors.audit_events_for(sheet)
        if can(request.user, Action.AUDIT_VIEW, sheet.unit)
        else None,
        **extra,
    }


@staff_view
def sheet_detail(request: HttpRequest, sheet_id: int) -> HttpResponse:
    user = request.user
    sheet = selectors.sheet_get(user, sheet_id)
    if request.method == "POST":
        form = forms.IndicatorForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if run_service(
                form,
                lambda: services.indicator_add(
                    actor=user,
                    sheet=sheet,
                    section=d["section"],
                    name=d["name"],
                    max_points=d["max_points"],
                    method=d["method"],
                    auto_key=d["auto_key"],
                    criteria=d["criteria"],
                ),
            ):
                messages.success(request, "已新增指标。")
                return redirect("ledger:sheet", sheet_id=sheet.pk)
        return render(
            request,
            "ledger/sheet.html",
            _sheet_context(request, sheet, indicator_form=form),
        )
    return render(request, "ledger/sheet.html", _sheet_context(request, sheet))


def _sheet_action(
    request: HttpRequest, sheet_id: int, call: Any, ok: str
) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, sheet_id)
    try:
        call(sheet)
        messages.success(request, ok)
    except ApplicationError as exc:
        _user_error(request, exc)
    return redirect("ledger:sheet", sheet_id=sheet.pk)


@staff_view
@require_POST
def sheet_compute(request: HttpRequest, sheet_id: int) -> HttpResponse:
    return _sheet_action(
        request,
        sheet_id,
        lambda sheet: services.sheet_compute(actor=request.user, sheet=sheet),
        "已按记录计算自动指标。",
    )


@staff_view
@require_POST
def sheet_publish(request: HttpRequest, sheet_id: int) -> HttpResponse:
    return _sheet_action(
        request,
        sheet_id,
        lambda sheet: services.sheet_publish(actor=request.user, sheet=sheet),
        "考评通报已发布，可下载 HTML 和 PDF。",
    )


@staff_view
@require_POST
def indicator_remove(
    request: HttpRequest, sheet_id: int, indicator_id: int
) -> HttpResponse:
    def call(sheet: IndicatorSheet) -> None:
        indicator = selectors.indicator_get(sheet, indicator_id)
        services.indicator_remove(actor=request.user, indicator=indicator)

    return _sheet_action(request, sheet_id, call, "已删除指标。")


@staff_view
def score_edit(
    request: HttpRequest, sheet_id: int, indicator_id: int, unit_id: int
) -> HttpResponse:
    user = request.user
    sheet = selectors.sheet_get(user, sheet_id)
    if not selectors.can_assess(user, sheet):
        raise PermissionDenied("只有组织考评的政务公开主管部门可以评分。")
    indicator = selectors.indicator_get(sheet, indicator_id)
    unit = selectors.sheet_unit_get(sheet, unit_id)
    score = indicator.scores.filter(unit=unit).first()
    manual_base = (
        score is not None
        and indicator.method == Method.AUTO
        and score.computed_detail == "人工填写"
    )
    form = forms.ScoreForm(
        request.POST or None,
        initial={
            "evidence": score.evidence if score else "",
            "points": score.computed_points if manual_base and score else None,
        },
    )
    existing: list[dict[str, str]] = list(score.deductions) if score else []
    rows: list[dict[str, Any]] = []
    for n in range(max(DEDUCTION_ROWS, len(existing) + 1)):
        if request.method == "POST":
            cut = request.POST.get(f"d_points_{n}", "")
            reason = request.POST.get(f"d_reason_{n}", "")
        elif n < len(existing):
            cut, reason = existing[n]["points"], existing[n]["reason"]
        else:
            cut = reason = ""
        rows.append({"n": n, "points": cut, "reason": reason})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(
            form,
            lambda: services.score_set(
                actor=user,
                indicator=indicator,
                unit=unit,
                deductions=[(r["points"], r["reason"]) for r in rows],
                evidence=d["evidence"],
                points=d["points"],
            ),
        ):
            messages.success(request, f"已保存{unit.name}的“{indicator.name}”得分。")
            return redirect("ledger:sheet", sheet_id=sheet.pk)
    return render(
        request,
        "ledger/score.html",
        {
            "sheet": sheet,
            "indicator": indicator,
            "unit": unit,
            "score": score,
            "form": form,
            "rows": rows,
        },
    )


@staff_view
def sheet_report(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(request.user, sheet_id)
    if not sheet.published:
        raise NotFound("该考评的通报尚未发布。")
    return render(
        request,
        "ledger/report.html",
        {"sheet": sheet, "table": selectors.sheet_table(sheet)},
    )


@staff_view
def sheet_report_file(
    request: HttpRequest, sheet_id: int, fmt: str
) -> HttpResponseBase:
    sheet = selectors.sheet_get(request.user, sheet_id)
    if not sheet.published:
        raise NotFound("该考评的通报尚未发布。")
    name = f"{sheet.name}（{sheet.period}）通报"
    if fmt == "html":
        response = HttpResponse(
            sheet.report_html, content_type="text/html; charset=utf-8"
        )
        return _attachment(response, f"{name}.html")
    if not sheet.report_pdf:
        raise NotFound("该通报没有 PDF 文件。")
    return FileResponse(
        sheet.report_pdf.open("rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )
