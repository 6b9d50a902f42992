"""Reads of yearly reports: staff views (scoped by ``REPORT_VIEW``), the numbers and
checks of a report, the drill-down behind one cell, deadlines, and the public
``*_public()`` reads of published reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.exceptions import NotFound
from gongkai.disclosures.models import Application, ReviewCase
from gongkai.organizations.models import Unit, UnitKind
from gongkai.organizations.permissions import scope_for
from gongkai.organizations.roles import Action
from gongkai.publications.models import Record
from gongkai.publications.vocab import DocumentType, RecordKind
from gongkai.reporting import compute
from gongkai.reporting.facts import Facts, collect_facts, suggested_sections
from gongkai.reporting.models import (
    AnnualReport,
    Coverage,
    EnteredFigures,
    PreviousReport,
    ReportStatus,
)
from gongkai.reporting.tables import covered_unit_ids, tables_from_json
from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    TABLE2_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    AnnualReportTables,
    Check,
    ReportFormat,
    table3_row,
)

# --- deadlines (条例第四十九条) ----------------------------------------------------------


def deadline_for(unit: Unit, year: int) -> dt.date | None:
    """When the report of ``year`` must be published: 县级以上人民政府部门 by 1月31日
    (submitted to the 主管部门 and published), the 本级政府 report by 3月31日 of the next
    year. Other kinds of unit (镇街、村居、事业单位) have no deadline in 第四十九条."""
    if unit.kind == UnitKind.GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    if unit.kind == UnitKind.DEPARTMENT:
        return dt.date(year + 1, 1, 31)
    return None


# --- staff reads -----------------------------------------------------------------------


def reports_visible_to(actor: Any) -> QuerySet[AnnualReport]:
    scope = scope_for(actor, Action.REPORT_VIEW)
    return AnnualReport.objects.filter(scope.q("unit__")).select_related("unit")


def report_get(actor: Any, report_id: Any) -> AnnualReport:
    try:
        return reports_visible_to(actor).get(pk=report_id)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该年度报告，或您无权查看。") from None


def report_for(unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year).first()


def units_for_new_report(actor: Any) -> QuerySet[Unit]:
    """Active units where the actor may draw up a report."""
    scope = scope_for(actor, Action.REPORT_EDIT)
    return Unit.objects.filter(scope.q(), is_active=True).order_by("path")


def figures_of(unit: Unit, year: int) -> EnteredFigures | None:
    return EnteredFigures.objects.filter(unit=unit, year=year).first()


def figures_of_covered(report: AnnualReport) -> list[EnteredFigures]:
    ids = covered_unit_ids(report.unit, report.coverage)
    return list(
        EnteredFigures.objects.filter(unit_id__in=ids, year=report.year)
        .select_related("unit")
        .order_by("unit__path")
    )


def previous_report_of(unit: Unit, year: int) -> PreviousReport | None:
    return PreviousReport.objects.filter(unit=unit, year=year).first()


def enforcement_hints(unit: Unit, year: int) -> dict[str, int]:
    """行政许可决定、行政处罚决定 this unit published in gongkai in ``year`` (a hint for
    the figures form: the decisions themselves may live in another system)."""
    span = compute.Span(year)
    published = Record.objects.filter(
        unit=unit,
        kind=RecordKind.DOCUMENT,
        first_published_at__gte=span.start_at,
        first_published_at__lt=span.end_at,
    )
    return {
        "licensing": published.filter(
            public_revision__doc_type=DocumentType.LICENSING_DECISION
        ).count(),
        "penalty": published.filter(
            public_revision__doc_type=DocumentType.PENALTY_DECISION
        ).count(),
    }


# --- the numbers of a report ---------------------------------------------------------------


@dataclass
class ReportData:
    """What the report page shows: the tables (computed, or frozen when published),
    the checks, and what the checks compared against."""

    tables: AnnualReportTables
    checks: list[Check]
    previous_source: str
    unclassified: dict[str, int] = field(default_factory=dict)
    live: bool = True

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]


def previous_tables(unit: Unit, year: int) -> tuple[AnnualReportTables | None, str]:
    """Last year's tables for the cross-year checks: the report published in gongkai,
    else a published report imported from a file; with a description of the source."""
    report = AnnualReport.objects.filter(
        unit=unit, year=year, status=ReportStatus.PUBLISHED
    ).first()
    if report is not None and report.tables:
        return tables_from_json(report.tables), f"{year}年报告（在本系统发布）"
    imported = previous_report_of(unit, year)
    if imported is not None:
        name = f"：{imported.source_name}" if imported.source_name else ""
        return tables_from_json(imported.tables), f"{year}年报告（导入{name}）"
    return None, ""


def computed_for(report: AnnualReport) -> compute.Computed:
    ids = covered_unit_ids(report.unit, report.coverage)
    return compute.compute(ids, report.year, ReportFormat(report.format))


def report_data(report: AnnualReport) -> ReportData:
    """The tables and checks of a report: frozen ones when it is published, computed
    from the records now when it is a draft."""
    if report.is_published and report.tables:
        checks = [
            Check(str(c["rule"]), c.get("ok"), str(c.get("detail", "")))
            for c in report.checks
        ]
        return ReportData(tables_from_json(report.tables), checks, "", live=False)
    computed = computed_for(report)
    previous, source = previous_tables(report.unit, report.year - 1)
    checks = compute.run_checks(
        computed.tables,
        previous=previous,
        closed_in_year=computed.closed_in_year,
        unclassified=computed.unclassified,
        entered_missing=computed.entered_missing,
    )
    return ReportData(computed.tables, checks, source, computed.unclassified)


def facts_for(report: AnnualReport) -> Facts:
    return collect_facts(covered_unit_ids(report.unit, report.coverage), report.year)


def suggestions_for(report: AnnualReport) -> dict[str, str]:
    """Generated text for the six sections (offered in the editor)."""
    return suggested_sections(computed_for(report), facts_for(report))


def is_overridden(report: AnnualReport, check: Check) -> bool:
    return any(
        o.get("rule") == check.rule and o.get("detail") == check.detail
        for o in report.overrides
    )


def blocking_checks(report: AnnualReport, data: ReportData) -> list[Check]:
    """Failing checks nobody confirmed: they block publication."""
    return [c for c in data.failing if not is_overridden(report, c)]


# --- drill-down ------------------------------------------------------------------------------


@dataclass
class Cell:
    """One cell of a report, parsed from its key ``t2:row:col`` / ``t3:row:col`` /
    ``t4:block:col``."""

    table: str
    row: str
    column: str

    @property
    def key(self) -> str:
        return f"{self.table}:{self.row}:{self.column}"


def parse_cell(key: str, fmt: ReportFormat) -> Cell:
    parts = key.split(":", 2)
    if len(parts) != 3:
        raise NotFound("没有这个单元格。")
    table, row, column = parts
    if table == "t2":
        ok = any(r.key == row and column in r.columns for r in TABLE2_ROWS[fmt])
    elif table == "t3":
        try:
            table3_row(row, fmt)
            ok = column in APPLICANT_COLUMNS
        except KeyError:
            ok = False
    elif table == "t4":
        ok = any(b.key == row for b in TABLE4_BLOCKS) and column in TABLE4_COLUMNS
    else:
        ok = False
    if not ok:
        raise NotFound("没有这个单元格。")
    return Cell(table, row, column)


def cell_label(cell: Cell, fmt: ReportFormat) -> str:
    if cell.table == "t2":
        row2 = next(r for r in TABLE2_ROWS[fmt] if r.key == cell.row)
        return f"表二 {row2.block} {row2.label} · {cell.column}"
    if cell.table == "t3":
        return f"表三 {table3_row(cell.row, fmt).full_label} · {cell.column}"
    block = next(b for b in TABLE4_BLOCKS if b.key == cell.row)
    return f"表四 {block.full_label} · {cell.column}"


@dataclass
class CellListing:
    """The records behind one cell: applications, policy records, review cases, or
    the entered figures of each unit."""

    cell: Cell
    label: str
    rule: str
    applications: QuerySet[Application] | None = None
    records: QuerySet[Record] | None = None
    cases: QuerySet[ReviewCase] | None = None
    figures: list[tuple[Unit, Any]] = field(default_factory=list)


CELL_RULES: dict[str, str] = {
    "new": "收到申请之日（条例第三十一条）在本年度内的申请（不含重复登记）。",
    "carried_in": "本年度开始前收到、本年度开始时尚未办结的申请。",
    "carried_out": "本年度结束时尚未办结的申请（含待补正、征求意见、待缴费）。",
    "total": "本年度内办结（答复或终止处理）的申请，按答复理由计入办理结果各行之和。",
    "result": "本年度内办结、答复理由计入本行的申请（部分公开只计入“（二）部分公开”）。",
    "t2_records": "本单位在本系统中的政策文件（按公开版本的“政策文件类别”），规则见列名。",
    "t2_entered": "各单位填写或导入的数字（不在本系统中的行政许可、处罚、强制和收费数据）。",
    "t4": "本年度内申请或起诉、本年度开始时尚未审结的行政复议和行政诉讼，结果按本年度末的状态。",
}

T2_COLUMN_RULES: dict[str, str] = {
    "本年制发件数": "首次发布时间在本年度内。",
    "本年废止件数": "有效性在本年度内变更为已废止、已失效或已修订（被新文件替代）。",
    "现行有效件数": "本年度末以前发布，且本年度末未废止、失效或被修订替代。",
    "本年新制作数量": "成文日期（没有成文日期的按生成日期）在本年度内。",
    "本年新公开数量": "首次发布时间在本年度内。",
    "对外公开总数量": "本年度末以前发布。",
}


def cell_listing(report: AnnualReport, key: str) -> CellListing:
    """The records behind the cell ``key`` of ``report`` (the drill-down page). The
    lists show numbers, dates and types, never an applicant's personal data."""
    fmt = ReportFormat(report.format)
    cell = parse_cell(key, fmt)
    span = compute.Span(report.year)
    ids = covered_unit_ids(report.unit, report.coverage)
    label = cell_label(cell, fmt)
    if cell.table == "t3":
        applications = (
            compute.applications_of_year(ids, span)
            .filter(compute.table3_cell_q(cell.row, cell.column, span, fmt))
            .select_related("unit")
            .order_by("received_on", "number")
        )
        kind = cell.row if cell.row in CELL_RULES else "result"
        return CellListing(cell, label, CELL_RULES[kind], applications=applications)
    if cell.table == "t4":
        cases = (
            compute.review_cases_of_year(ids, span)
            .filter(compute.table4_cell_q(cell.row, cell.column, span))
            .select_related("application__unit")
            .order_by("filed_on", "pk")
        )
        return CellListing(cell, label, CELL_RULES["t4"], cases=cases)
    if cell.row in compute.COMPUTED_TABLE2_ROWS:
        records = (
            compute.policy_records(ids, cell.row)
            .filter(compute.table2_cell_q(cell.column, span))
            .select_related("unit", "public_revision")
            .order_by("first_published_at", "pk")
        )
        rule = f"{CELL_RULES['t2_records']}{T2_COLUMN_RULES.get(cell.column, '')}"
        return CellListing(cell, label, rule, records=records)
    figures = [
        (f.unit, f.values.get(cell.row, {}).get(cell.column))
        for f in EnteredFigures.objects.filter(unit_id__in=ids, year=report.year)
        .select_related("unit")
        .order_by("unit__path")
    ]
    return CellListing(cell, label, CELL_RULES["t2_entered"], figures=figures)


# --- deadlines overview ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    unit: Unit
    year: int
    deadline: dt.date
    report: AnnualReport | None

    @property
    def published(self) -> bool:
        return self.report is not None and self.report.is_published

    def days_left(self, today: dt.date) -> int:
        return (self.deadline - today).days


def deadlines_overview(
    actor: Any, year: int | None = None, *, today: dt.date | None = None
) -> list[DeadlineRow]:
    """The units the actor may view with the deadline of their report of ``year``
    (last year by default) and whether it is published."""
    today = today or timezone.localdate()
    year = year or today.year - 1
    scope = scope_for(actor, Action.REPORT_VIEW)
    units = Unit.objects.filter(
        scope.q(),
        is_active=True,
        kind__in=[UnitKind.GOVERNMENT, UnitKind.DEPARTMENT],
    ).order_by("path")[:500]
    reports = {
        r.unit_id: r for r in AnnualReport.objects.filter(unit__in=units, year=year)
    }
    rows = []
    for unit in units:
        deadline = deadline_for(unit, year)
        if deadline is not None:
            rows.append(DeadlineRow(unit, year, deadline, reports.get(unit.pk)))
    return rows


# --- public ---------------------------------------------------------------------------------


def reports_public() -> QuerySet[AnnualReport]:
    """Published yearly reports, newest year first (the portal's 年报 list at /ndbg/)."""
    return (
        AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, unit__is_active=True)
        .exclude(html="")
        .select_related("unit")
        .order_by("-year", "unit__path")
    )


def report_public_get(unit_code: str, year: int) -> AnnualReport:
    """A published report by the unit's code (its id for units without a code)."""
    reports = reports_public().filter(year=year)
    found = reports.filter(unit__code=unit_code).first()
    if found is None and unit_code.isdigit():
        found = reports.filter(Q(unit__code=""), unit_id=int(unit_code)).first()
    if found is None:
        raise NotFound("该年度报告不存在或尚未发布。")
    return found


def public_code(unit: Unit) -> str:
    """The unit part of a report's public address: its code, or its id."""
    return unit.code or str(unit.pk)


def coverage_label(report: AnnualReport) -> str:
    return Coverage(report.coverage).label


# --- exports ----------------------------------------------------------------------------------


def report_document(report: AnnualReport, data: ReportData | None = None) -> Any:
    """The report as an ``exports.ReportDocument`` (frozen when published)."""
    from gongkai.reporting.exports import ReportDocument

    data = data or report_data(report)
    return ReportDocument(
        title=report.title,
        tables=data.tables,
        sections=dict(report.sections or {}),
        checks=data.checks,
        meta={
            "unit": report.unit.name,
            "unit_code": report.unit.code,
            "year": report.year,
            "coverage": report.coverage,
            "status": report.status,
            "published_at": report.published_at.isoformat()
            if report.published_at
            else None,
        },
    )


def export_filename(report: AnnualReport, fmt: str) -> str:
    return f"{report.title}.{fmt}"


def public_url(report: AnnualReport) -> str | None:
    """The address of the published report on the portal (None while the public
    pages are not mounted, or the report is not published)."""
    from django.urls import NoReverseMatch, reverse

    if not report.is_published:
        return None
    try:
        return reverse(
            "reporting_public:report", args=[public_code(report.unit), report.year]
        )
    except NoReverseMatch:
        return None


def unit_by_code_or_name(value: str) -> Unit:
    """A unit by its code, else by its full name (the command line)."""
    value = value.strip()
    found = Unit.objects.filter(code=value).first() if value else None
    if found is None and value:
        named = list(Unit.objects.filter(name=value)[:2])
        found = named[0] if len(named) == 1 else None
    if found is None:
        raise NotFound(f"找不到代码或名称为“{value}”的单位。")
    return found


def report_or_preview(
    unit: Unit, year: int, *, coverage: str | None = None
) -> AnnualReport:
    """The stored report of ``unit`` for ``year``; without one (or for another
    coverage), an unsaved draft whose text is the generated facts — what the command
    line exports without changing anything."""
    from gongkai.reporting.tables import (
        default_coverage,
        format_for_year,
        report_title,
    )

    stored = report_for(unit, year)
    if stored is not None and (coverage is None or coverage == stored.coverage):
        return stored
    preview = AnnualReport(
        unit=unit,
        year=year,
        format=format_for_year(year).value,
        coverage=coverage or default_coverage(unit),
        title=report_title(unit, year),
    )
    if stored is not None:
        preview.sections = dict(stored.sections or {})
    else:
        preview.sections = suggestions_for(preview)
    return preview
