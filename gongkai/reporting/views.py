"""Staff pages of the yearly report: the list with deadlines, the report with its
tables (each number links to the records it counts), checks and text, the editors,
the drill-down, the exports, table 二 figures and last year's report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.core import selectors as core_selectors
from gongkai.core.exceptions import ApplicationError, NotFound, PermissionDenied
from gongkai.core.web import run_service, staff_view
from gongkai.organizations.permissions import can
from gongkai.organizations.roles import Action
from gongkai.reporting import exports, forms, selectors, services
from gongkai.reporting.models import AnnualReport, Coverage
from gongkai.rules.annual_report import SECTION_HEADINGS, SECTION_KEYS, ReportFormat

CELL_PAGE_SIZE = 100


def _may(user: Any, action: str, report: AnnualReport) -> bool:
    return can(user, action, report.unit)


@staff_view
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = list(selectors.units_for_new_report(user)[:500])
    form = forms.ReportCreateForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units:
            raise PermissionDenied("您没有编制年度报告的权限。")
        if form.is_valid():
            data = form.cleaned_data
            unit = next(u for u in units if str(u.pk) == data["unit"])
            report = run_service(
                form,
                lambda: services.report_create(
                    actor=user,
                    unit=unit,
                    year=data["year"],
                    coverage=data["coverage"] or None,
                ),
            )
            if report is not None:
                messages.success(
                    request, "已新建年度报告草稿，正文已按统计数字生成初稿。"
                )
                return redirect("reporting:detail", report_id=report.pk)
    today = timezone.localdate()
    return render(
        request,
        "reporting/list.html",
        {
            "reports": selectors.reports_visible_to(user).order_by(
                "-year", "unit__path"
            )[:300],
            "form": form if units else None,
            "deadlines": selectors.deadlines_overview(user, today=today),
            "deadline_year": today.year - 1,
            "today": today,
        },
    )


@staff_view
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user, report_id)
    data = selectors.report_data(report)
    fmt = ReportFormat(report.format)
    checks = [(c, selectors.is_overridden(report, c)) for c in data.checks]
    blocking = selectors.blocking_checks(report, data) if data.live else []
    sections = [
        (heading, (report.sections or {}).get(key, ""))
        for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS[fmt], strict=True)
    ]
    grids = list(zip(exports.TABLE_TITLES, exports.grids(data.tables), strict=True))
    return render(
        request,
        "reporting/detail.html",
        {
            "report": report,
            "data": data,
            "grids": grids,
            "checks": checks,
            "blocking": blocking,
            "sections": sections,
            "coverage": Coverage(report.coverage).label,
            "deadline": selectors.deadline_for(report.unit, report.year),
            "facts": selectors.facts_for(report),
            "may_edit": _may(user, Action.REPORT_EDIT, report),
            "may_publish": _may(user, Action.REPORT_PUBLISH, report),
            "reason_form": forms.ReasonForm(),
            "export_formats": exports.FORMATS,
            "pdf_available": exports.pdf_available(),
            "public_url": selectors.public_url(report),
            "history": core_selectors.audit_events_for(report),
        },
    )


@staff_view
def report_sections(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user, report_id)
    if not _may(user, Action.REPORT_EDIT, report):
        raise PermissionDenied("您没有编制该年度报告的权限。")
    fmt = ReportFormat(report.format)
    form = forms.SectionsForm(
        request.POST or None, fmt=fmt, initial=dict(report.sections or {})
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.report_sections_update(
                actor=user, report=report, sections=form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, "正文已保存。")
            return redirect("reporting:detail", report_id=report.pk)
    suggestions = selectors.suggestions_for(report)
    fields = [(form[key], suggestions.get(key, "")) for key in SECTION_KEYS]
    return render(
        request,
        "reporting/sections.html",
        {"report": report, "form": form, "fields": fields},
    )


def _post_action(
    request: HttpRequest, report_id: int, run: Any, done: str
) -> HttpResponseBase:
    report = selectors.report_get(request.user, report_id)
    try:
        run(report)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("reporting:detail", report_id=report.pk)


@require_POST
@staff_view
def report_override(request: HttpRequest, report_id: int) -> HttpResponseBase:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        report_id,
        lambda r: services.report_checks_override(
            actor=request.user, report=r, reason=reason
        ),
        "已确认不通过的核验项及理由（已记录），可以发布。",
    )


@require_POST
@staff_view
def report_publish(request: HttpRequest, report_id: int) -> HttpResponseBase:
    return _post_action(
        request,
        report_id,
        lambda r: services.report_publish(actor=request.user, report=r),
        "年度报告已发布，公开专栏上可以看到。",
    )


@require_POST
@staff_view
def report_withdraw(request: HttpRequest, report_id: int) -> HttpResponseBase:
    reason = request.POST.get("reason", "")
    return _post_action(
        request,
        report_id,
        lambda r: services.report_withdraw(actor=request.user, report=r, reason=reason),
        "已撤回发布，报告回到草稿。",
    )


@staff_view
def report_cell(request: HttpRequest, report_id: int, cell: str) -> HttpResponse:
    report = selectors.report_get(request.user, report_id)
    listing = selectors.cell_listing(report, cell)
    data = selectors.report_data(report)
    value = dict(exports_cells(data))[listing.cell.key]
    page = None
    for rows in (listing.applications, listing.records, listing.cases):
        if rows is not None:
            page = Paginator(rows, CELL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/cell.html",
        {
            "report": report,
            "listing": listing,
            "value": value,
            "live": data.live,
            "page": page,
        },
    )


def exports_cells(data: selectors.ReportData) -> list[tuple[str, Any]]:
    from gongkai.reporting.compute import cells_of

    return list(cells_of(data.tables))


@staff_view
def report_export(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    report = selectors.report_get(request.user, report_id)
    if fmt not in exports.FORMATS:
        raise NotFound("不支持该导出格式。")
    try:
        body = exports.export(selectors.report_document(report), fmt)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:detail", report_id=report.pk)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=selectors.export_filename(report, fmt)
    )
    return response


@staff_view
def figures(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user, report_id)
    may_edit = _may(user, Action.REPORT_EDIT, report) and not report.is_published
    stored = selectors.figures_of(report.unit, report.year)
    initial = forms.FiguresForm.initial_from(
        report.year, stored.values if stored else {}
    )
    if stored is not None:
        initial["note"] = stored.note
    form = forms.FiguresForm(request.POST or None, year=report.year, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("您没有填写该单位表二数字的权限，或报告已发布。")
        if form.is_valid():
            saved = run_service(
                form,
                lambda: services.figures_set(
                    actor=user,
                    unit=report.unit,
                    year=report.year,
                    values=form.values(),
                    note=form.cleaned_data["note"],
                ),
            )
            if saved is not None:
                messages.success(request, "表二数字已保存。")
                return redirect("reporting:detail", report_id=report.pk)
    others = [
        f for f in selectors.figures_of_covered(report) if f.unit_id != report.unit_id
    ]
    return render(
        request,
        "reporting/figures.html",
        {
            "report": report,
            "form": form,
            "may_edit": may_edit,
            "stored": stored,
            "others": others,
            "hints": selectors.enforcement_hints(report.unit, report.year),
        },
    )


@staff_view
def figures_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.units_for_new_report(user).exists():
        raise PermissionDenied("您没有填写表二数字的权限。")
    form = forms.FiguresImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = run_service(
            form,
            lambda: services.figures_import(
                actor=user, data=upload.read(), filename=upload.name
            ),
        )
        if stored is not None:
            messages.success(request, f"已导入{len(stored)}个单位的表二数字。")
            return redirect("reporting:list")
    return render(request, "reporting/figures_import.html", {"form": form})


@staff_view
def previous(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user, report_id)
    year = report.year - 1
    if request.method == "POST" and not _may(user, Action.REPORT_EDIT, report):
        raise PermissionDenied("您没有编制该年度报告的权限。")
    form = forms.PreviousImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        content: bytes | str = upload.read() if upload else form.cleaned_data["text"]
        name = upload.name if upload else "粘贴的文本.txt"
        stored = run_service(
            form,
            lambda: services.previous_report_import(
                actor=user, unit=report.unit, year=year, content=content, filename=name
            ),
        )
        if stored is not None:
            note = (
                f"（读取提示{len(stored.warnings)}条，请核对）"
                if stored.warnings
                else ""
            )
            messages.success(request, f"已导入{year}年报告{note}。")
            return redirect("reporting:previous", report_id=report.pk)
    return render(
        request,
        "reporting/previous.html",
        {
            "report": report,
            "year": year,
            "form": form,
            "stored": selectors.previous_report_of(report.unit, year),
            "published_here": selectors.report_for(report.unit, year),
        },
    )
