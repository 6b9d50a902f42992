"""All writes of yearly reports. Each checks permission, audits, is atomic.

A report is drafted (``report_create``: the tables are computed from the records and
the text starts from generated facts), its text edited, its failing checks either
fixed in the records or confirmed with a reason (``report_checks_override``), and
then published (``report_publish``), which freezes the tables, checks, text and
HTML. The numbers gongkai does not hold as records come in through
``figures_set`` / ``figures_import``; last year's report published elsewhere through
``previous_report_import``. ``reminders_send`` is the periodic deadline reminder.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.exceptions import ValidationError
from gongkai.core.services import notification_send
from gongkai.organizations.models import RoleAssignment, Staff, Unit, UnitKind
from gongkai.organizations.permissions import require
from gongkai.organizations.roles import ROLE_ACTIONS, Action, Role
from gongkai.reporting import selectors
from gongkai.reporting.compute import compute, entered_rows
from gongkai.reporting.facts import collect_facts, suggested_sections
from gongkai.reporting.models import (
    AnnualReport,
    Coverage,
    EnteredFigures,
    FiguresSource,
    PreviousReport,
    ReportReminder,
    ReportStatus,
)
from gongkai.reporting.tables import (
    covered_unit_ids,
    default_coverage,
    format_for_year,
    report_title,
    tables_to_json,
)
from gongkai.rules.annual_report import (
    MONEY_COLUMNS,
    SECTION_HEADINGS,
    SECTION_KEYS,
    SIGNED_COLUMNS,
    AnnualReportTables,
    Number,
    ReportFormat,
    render_html,
)
from gongkai.rules.annual_report_parse import parse_report

FIRST_YEAR = 2019
"""The first year of the reports under the revised 条例 (in force 2019-05-15)."""
REQUIRED_SECTIONS = ("overview", "problems", "other")
"""Sections without a table: they must have text before publication (第五十条)."""
MAX_SECTION_CHARS = 20000
MIN_REASON_CHARS = 6
REMINDER_DAYS = (10, 3)
"""Reminders go out when the deadline is this many days away (and once when it has
passed without a published report)."""
OVERDUE = -1
OVERDUE_REMINDER_WINDOW = 30


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today() -> dt.date:
    return timezone.localdate()


def _locked(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update()
        .select_related("unit")
        .get(pk=report.pk)
    )


def _draft_only(report: AnnualReport) -> None:
    if report.is_published:
        raise ValidationError(
            "该年度报告已发布，不能修改；确需更正的，请先撤回发布（写明理由）。"
        )


# --- reports -----------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, actor: Any, unit: Unit, year: int, coverage: str | None = None
) -> AnnualReport:
    """Start the report of ``unit`` for ``year`` (2019 format before 2021). The text
    starts from the facts generated from the records; the tables are computed
    whenever the draft is shown."""
    require(actor, Action.REPORT_EDIT, unit)
    if not unit.is_active:
        raise ValidationError(f"单位“{unit.name}”已停用，不能编制年度报告。")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError("请填写报告年度（四位数字）。")
    if not FIRST_YEAR <= year <= _today().year:
        raise ValidationError(
            f"报告年度须在{FIRST_YEAR}年（修订后的《政府信息公开条例》施行）至今年之间。"
        )
    coverage = coverage or default_coverage(unit)
    if coverage not in Coverage.values:
        raise ValidationError("请选择统计范围。")
    if coverage != Coverage.UNIT and unit.kind != UnitKind.GOVERNMENT:
        raise ValidationError(
            "汇总下级单位的统计范围只用于人民政府的本级报告；部门的报告统计本机关。"
        )
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            f"{unit.name}{year}年的年度报告已经存在，请打开它继续编制。"
        )
    report = AnnualReport(
        unit=unit,
        year=year,
        format=format_for_year(year).value,
        coverage=coverage,
        title=report_title(unit, year),
        created_by=_user(actor),
    )
    ids = covered_unit_ids(unit, coverage)
    computed = compute(ids, year, format_for_year(year))
    report.sections = suggested_sections(computed, collect_facts(ids, year))
    report.save()
    audit_record(
        actor=actor,
        verb="reporting.report.created",
        obj=report,
        unit=unit,
        after={
            "year": year,
            "format": report.format,
            "coverage": Coverage(coverage).label,
        },
    )
    return report


@transaction.atomic
def report_sections_update(
    *, actor: Any, report: AnnualReport, sections: Mapping[str, str]
) -> AnnualReport:
    """Save the text of the six sections (plain text, one paragraph a line)."""
    report = _locked(report)
    require(actor, Action.REPORT_EDIT, report.unit)
    _draft_only(report)
    unknown = sorted(set(sections) - set(SECTION_KEYS))
    if unknown:
        raise ValidationError(f"未知的报告部分：{'、'.join(unknown)}。")
    cleaned = dict(report.sections or {})
    for key, text in sections.items():
        value = (text or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_SECTION_CHARS:
            raise ValidationError(f"每部分最多{MAX_SECTION_CHARS}个字，请精简。")
        cleaned[key] = value
    changed = [
        k for k in SECTION_KEYS if cleaned.get(k) != (report.sections or {}).get(k)
    ]
    report.sections = cleaned
    report.updated_at = timezone.now()
    report.save(update_fields=["sections", "updated_at"])
    audit_record(
        actor=actor,
        verb="reporting.report.sections_updated",
        obj=report,
        unit=report.unit,
        after={"sections": changed},
    )
    return report


@transaction.atomic
def report_checks_override(
    *, actor: Any, report: AnnualReport, reason: str
) -> AnnualReport:
    """Confirm that the report may be published although checks fail now, with the
    reason (e.g. 上年报告结转数有误，已在第六部分说明). Only the failing checks as
    they are now are confirmed: if the numbers change and another check fails,
    publication is blocked again."""
    report = _locked(report)
    require(actor, Action.REPORT_PUBLISH, report.unit)
    _draft_only(report)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_CHARS:
        raise ValidationError(
            "请写明不通过仍可发布的理由（例如：上年报告结转数有误，已在第六部分说明）。"
        )
    data = selectors.report_data(report)
    pending = selectors.blocking_checks(report, data)
    if not pending:
        raise ValidationError("目前没有不通过的核验项，无需确认。")
    now = timezone.now()
    by = getattr(_user(actor), "display_name", "") or "系统"
    report.overrides = [
        *report.overrides,
        *(
            {
                "rule": c.rule,
                "detail": c.detail,
                "reason": reason[:1000],
                "by": by,
                "at": now.isoformat(),
            }
            for c in pending
        ),
    ]
    report.updated_at = now
    report.save(update_fields=["overrides", "updated_at"])
    audit_record(
        actor=actor,
        verb="reporting.report.checks_overridden",
        obj=report,
        unit=report.unit,
        after={"checks": [f"{c.rule}：{c.detail}" for c in pending]},
        reason=reason,
    )
    return report


@transaction.atomic
def report_publish(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Publish the report: check it, then freeze the tables, the checks, the text and
    the HTML the portal shows at /ndbg/<单位代码>/<年度>/. A failing check blocks
    publication until it is fixed or confirmed with a reason."""
    report = _locked(report)
    require(actor, Action.REPORT_PUBLISH, report.unit)
    _draft_only(report)
    fmt = ReportFormat(report.format)
    headings = dict(zip(SECTION_KEYS, SECTION_HEADINGS[fmt], strict=True))
    empty = [
        headings[k] for k in REQUIRED_SECTIONS if not (report.sections or {}).get(k)
    ]
    if empty:
        raise ValidationError(
            f"请先填写{'、'.join(empty)}（条例第五十条规定的报告内容不能遗漏；"
            "没有需要报告的事项的，写明“无”）。"
        )
    data = selectors.report_data(report)
    blocking = selectors.blocking_checks(report, data)
    if blocking:
        lines = "；".join(f"{c.rule}（{c.detail}）" for c in blocking[:5])
        more = f"等{len(blocking)}项" if len(blocking) > 5 else ""
        raise ValidationError(
            f"核验不通过，不能发布：{lines}{more}。请核对有关记录后重新核验；"
            "确认无误的，由有权发布的人员写明理由确认后再发布。",
            extra={"checks": [c.to_json() for c in blocking]},
        )
    now = timezone.now()
    sections = {k: v for k, v in (report.sections or {}).items() if v}
    report.tables = tables_to_json(data.tables)
    report.checks = [c.to_json() for c in data.checks]
    report.html = render_html(data.tables, title=report.title, sections=sections)
    report.status = ReportStatus.PUBLISHED
    report.published_at = now
    report.published_by = _user(actor)
    report.updated_at = now
    report.save()
    failing = [c for c in data.checks if c.ok is False]
    audit_record(
        actor=actor,
        verb="reporting.report.published",
        obj=report,
        unit=report.unit,
        after={
            "year": report.year,
            "new": data.tables.table3.get("new", "总计"),
            "concluded": data.tables.table3.get("total", "总计"),
            "confirmed_failures": len(failing),
        },
    )
    return report


@transaction.atomic
def report_withdraw(*, actor: Any, report: AnnualReport, reason: str) -> AnnualReport:
    """Take a published report back to draft to correct it (the portal stops showing
    it until it is published again), with the reason."""
    report = _locked(report)
    require(actor, Action.REPORT_PUBLISH, report.unit)
    if not report.is_published:
        raise ValidationError("该年度报告尚未发布。")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_CHARS:
        raise ValidationError(
            "请写明撤回发布的理由（例如：表三结转数有误，需要更正）。"
        )
    published_at = report.published_at
    report.status = ReportStatus.DRAFT
    report.tables = None
    report.checks = []
    report.html = ""
    report.published_at = None
    report.published_by = None
    report.updated_at = timezone.now()
    report.save()
    audit_record(
        actor=actor,
        verb="reporting.report.withdrawn",
        obj=report,
        unit=report.unit,
        before={"published_at": published_at},
        reason=reason,
    )
    return report


# --- entered figures ---------------------------------------------------------------------------


def _figure(raw: Any, column: str, where: str) -> Number | None:
    if raw is None:
        return None
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text in {"", "—", "-"}:
        return None
    if column in MONEY_COLUMNS:
        try:
            money = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{where}应为金额（万元），如 12.5。") from None
        if not money.is_finite() or money < 0:
            raise ValidationError(f"{where}不能为负数。")
        if money != money.quantize(Decimal("0.0001")):
            raise ValidationError(f"{where}最多保留4位小数（单位：万元）。")
        return money
    try:
        number = int(Decimal(text))
        if Decimal(text) != number:
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(f"{where}应为整数。") from None
    if number < 0 and column not in SIGNED_COLUMNS:
        raise ValidationError(f"{where}不能为负数。")
    return number


def _json_figure(value: Number) -> int | str:
    return format(value, "f") if isinstance(value, Decimal) else value


def _clean_figures(
    year: int, values: Mapping[str, Mapping[str, Any]], *, prefix: str = ""
) -> dict[str, dict[str, int | str]]:
    fmt = format_for_year(year)
    rows = {row.key: row for row in entered_rows(fmt)}
    cleaned: dict[str, dict[str, int | str]] = {}
    for key, cols in values.items():
        if key not in rows:
            raise ValidationError(
                f"{prefix}{fmt.value}年格式的表二没有需要填写的“{key}”行。"
            )
        for column, raw in cols.items():
            if column not in rows[key].columns:
                raise ValidationError(
                    f"{prefix}表二“{rows[key].label}”没有“{column}”列。"
                )
            value = _figure(raw, column, f"{prefix}“{rows[key].label}·{column}”")
            if value is not None:
                cleaned.setdefault(key, {})[column] = _json_figure(value)
    return cleaned


def _store_figures(
    actor: Any,
    unit: Unit,
    year: int,
    values: dict[str, dict[str, int | str]],
    *,
    replace: bool,
    source: str,
    source_name: str = "",
    note: str | None = None,
) -> EnteredFigures:
    figures = (
        EnteredFigures.objects.select_for_update().filter(unit=unit, year=year).first()
    )
    if figures is None:
        figures = EnteredFigures(unit=unit, year=year)
    before = dict(figures.values or {})
    if replace:
        merged = values
    else:
        merged = {k: dict(v) for k, v in before.items()}
        for key, cols in values.items():
            merged.setdefault(key, {}).update(cols)
    figures.values = merged
    figures.source = source
    figures.source_name = source_name[:200]
    if note is not None:
        figures.note = note.strip()[:500]
    figures.updated_at = timezone.now()
    figures.updated_by = _user(actor)
    figures.save()
    audit_record(
        actor=actor,
        verb=f"reporting.figures.{source}",
        obj=figures,
        unit=unit,
        before={"values": before},
        after={"values": merged, "year": year},
    )
    return figures


@transaction.atomic
def figures_set(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    values: Mapping[str, Mapping[str, Any]],
    note: str = "",
) -> EnteredFigures:
    """The table 二 numbers gongkai does not hold as records (行政许可、行政处罚、行政强制
    decisions, 行政事业性收费 in 万元; in the 2019 format also the 项目数量 columns and
    政府集中采购), as the unit enters them. Blank means not filled in (never 0)."""
    require(actor, Action.REPORT_EDIT, unit)
    if AnnualReport.objects.filter(
        unit=unit, year=year, status=ReportStatus.PUBLISHED
    ).exists():
        raise ValidationError(
            f"{unit.name}{year}年的年度报告已发布，不能再修改表二数字。"
        )
    cleaned = _clean_figures(year, values)
    return _store_figures(
        actor,
        unit,
        year,
        cleaned,
        replace=True,
        source=FiguresSource.ENTERED,
        note=note,
    )


_IMPORT_COLUMNS: dict[str, tuple[str, str]] = {
    "行政许可": ("licensing", "本年处理决定数量"),
    "行政处罚": ("penalty", "本年处理决定数量"),
    "行政强制": ("coercion", "本年处理决定数量"),
    "收费": ("fees", "本年收费金额（单位：万元）"),
}


def _header_key(text: str) -> str | None:
    compact = "".join(str(text or "").split())
    if compact in {"单位", "单位名称", "单位全称", "单位代码", "统一社会信用代码"}:
        return "unit"
    if compact in {"年度", "年份", "报告年度"}:
        return "year"
    for word, target in _IMPORT_COLUMNS.items():
        if word in compact:
            if word == "收费" and "元" in compact and "万元" not in compact:
                raise ValidationError(
                    f"表头“{compact}”的金额单位不是万元：请换算为万元，表头写“行政事业性收费（万元）”。"
                )
            return f"{target[0]}|{target[1]}"
    return None


def _unit_by(text: str) -> Unit | None:
    value = "".join(str(text or "").split())
    if not value:
        return None
    found = Unit.objects.filter(code=value, is_active=True).first()
    if found is not None:
        return found
    named = list(Unit.objects.filter(name=value, is_active=True)[:2])
    return named[0] if len(named) == 1 else None


@transaction.atomic
def figures_import(
    *, actor: Any, data: bytes, filename: str = ""
) -> list[EnteredFigures]:
    """Import table 二 numbers of one or more units from an .xlsx (for example an
    export of the 行政执法 or 收费 system): a header row with 单位（名称或代码）、
    年度、行政许可、行政处罚、行政强制、行政事业性收费（万元）, one row per unit and
    year (2021 format). Filled cells replace the stored ones, blank cells leave them.
    Any error and nothing is imported."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError("无法读取该文件，请上传 .xlsx 格式的表格。") from exc
    sheet = workbook.worksheets[0]
    header: list[str | None] | None = None
    errors: list[str] = []
    pending: list[tuple[Unit, int, dict[str, dict[str, Any]]]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        if header is None:
            keys = [_header_key(str(c)) if c is not None else None for c in cells]
            if "unit" in keys and "year" in keys:
                header = keys
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        record = dict(zip(header, cells, strict=False))
        unit = _unit_by(str(record.get("unit") or ""))
        where = f"第{number}行"
        if unit is None:
            errors.append(
                f"{where}：找不到单位“{record.get('unit') or ''}”（请写单位全称或代码）。"
            )
            continue
        try:
            year = int(str(record.get("year") or "").strip().rstrip("年"))
        except ValueError:
            errors.append(f"{where}：年度应为四位数字。")
            continue
        if year < 2021:
            errors.append(f"{where}：{year}年的报告用2019年格式，请在页面中逐项填写。")
            continue
        values: dict[str, dict[str, Any]] = {}
        for key, value in record.items():
            if key and "|" in key:
                row_key, column = key.split("|", 1)
                values.setdefault(row_key, {})[column] = value
        pending.append((unit, year, values))
    if header is None:
        raise ValidationError(
            "没有找到表头：第一行应包括“单位”“年度”和“行政许可”“行政处罚”“行政强制”"
            "“行政事业性收费（万元）”等列。"
        )
    stored: list[EnteredFigures] = []
    cleaned_rows = []
    for index, (unit, year, values) in enumerate(pending, start=1):
        require(actor, Action.REPORT_EDIT, unit)
        try:
            cleaned_rows.append(
                (unit, year, _clean_figures(year, values, prefix=f"{unit.name}："))
            )
        except ValidationError as exc:
            errors.append(f"第{index}个单位：{exc.message}")
    if errors:
        shown = "；".join(errors[:10])
        more = f"（另有{len(errors) - 10}处）" if len(errors) > 10 else ""
        raise ValidationError(f"导入失败，没有导入任何数字：{shown}{more}")
    if not cleaned_rows:
        raise ValidationError("表格中没有数据行。")
    for unit, year, cleaned in cleaned_rows:
        if AnnualReport.objects.filter(
            unit=unit, year=year, status=ReportStatus.PUBLISHED
        ).exists():
            raise ValidationError(
                f"{unit.name}{year}年的年度报告已发布，不能再修改表二数字。"
            )
        stored.append(
            _store_figures(
                actor,
                unit,
                year,
                cleaned,
                replace=False,
                source=FiguresSource.IMPORTED,
                source_name=PurePath(filename).name if filename else "",
            )
        )
    return stored


# --- last year's report published elsewhere -------------------------------------------------------


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030", errors="replace")


@transaction.atomic
def previous_report_import(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    content: bytes | str,
    filename: str = "",
) -> PreviousReport:
    """Import a report of ``unit`` for ``year`` published before the unit used
    gongkai (a saved web page, or text with cells separated by “|” or tabs): its
    tables are read with ``gongkai.rules.annual_report_parse`` and used for the
    cross-year checks of the next year's report."""
    require(actor, Action.REPORT_EDIT, unit)
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_YEAR:
        raise ValidationError(f"报告年度须为{FIRST_YEAR}年或以后。")
    text = _decode(content)
    suffix = PurePath(filename).suffix.lower() if filename else ""
    content_type: Any = (
        "html"
        if suffix in {".html", ".htm", ".shtml"}
        else ("text" if suffix in {".txt", ".tsv"} else None)
    )
    parsed = parse_report(text, content_type=content_type)
    if not parsed.readable or parsed.format is None:
        raise ValidationError(
            "没有读出年度报告的统计表（或无法判断是2019年还是2021年格式）。"
            "请上传报告网页（另存为 .html），或把表格复制为文本（单元格用“|”或制表符分隔）。",
            extra={"warnings": parsed.warnings},
        )
    tables = AnnualReportTables(
        parsed.format, parsed.table2, parsed.table3, parsed.table4
    )
    previous, created = PreviousReport.objects.select_for_update().get_or_create(
        unit=unit,
        year=year,
        defaults={"format": parsed.format.value, "tables": tables_to_json(tables)},
    )
    previous.format = parsed.format.value
    previous.tables = tables_to_json(tables)
    previous.checks = [c.to_json() for c in parsed.checks]
    previous.warnings = list(parsed.warnings)
    previous.source_name = PurePath(filename).name[:200] if filename else ""
    previous.content = text[:2_000_000]
    previous.imported_at = timezone.now()
    previous.imported_by = _user(actor)
    previous.save()
    audit_record(
        actor=actor,
        verb="reporting.previous.imported",
        obj=previous,
        unit=unit,
        after={
            "year": year,
            "format": parsed.format.value,
            "warnings": len(parsed.warnings),
            "failing_checks": sum(1 for c in parsed.checks if c.ok is False),
            "replaced": not created,
        },
    )
    return previous


# --- deadline reminders ----------------------------------------------------------------------------

_EDIT_ROLES = [
    role
    for role, actions in ROLE_ACTIONS.items()
    if Action.REPORT_EDIT in actions and role != Role.ADMIN
]


def _office_staff(unit: Unit) -> list[Staff]:
    """Who draws up the unit's report: its 政府信息公开工作机构 (held in the unit, or
    above it over the subtree)."""
    ancestors = unit.ancestor_ids()
    grants = RoleAssignment.objects.filter(role__in=_EDIT_ROLES, staff__is_active=True)
    grants = grants.filter(Q(unit=unit) | Q(unit_id__in=ancestors, subtree=True))
    ids = set(grants.values_list("staff_id", flat=True))
    return list(Staff.objects.filter(pk__in=ids).order_by("pk"))


def _threshold(days_left: int) -> int | None:
    if days_left < 0:
        return OVERDUE if days_left >= -OVERDUE_REMINDER_WINDOW else None
    due = [d for d in REMINDER_DAYS if days_left <= d]
    return min(due) if due else None


@transaction.atomic
def reminders_send(*, actor: Any = None, today: dt.date | None = None) -> int:
    """The periodic deadline reminder (条例第四十九条): for every department and
    people's government whose report of last year is not published, tell its
    disclosure office when the deadline (1月31日 / 3月31日) is 10 and 3 days away, and
    once when it has passed. Each reminder goes out once. Returns how many units
    were reminded."""
    today = today or _today()
    year = today.year - 1
    published = set(
        AnnualReport.objects.filter(
            year=year, status=ReportStatus.PUBLISHED
        ).values_list("unit_id", flat=True)
    )
    sent = set(
        ReportReminder.objects.filter(year=year).values_list("unit_id", "days_before")
    )
    reminded = 0
    units = Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.DEPARTMENT, UnitKind.GOVERNMENT]
    ).order_by("path")
    for unit in units:
        if unit.pk in published:
            continue
        deadline = selectors.deadline_for(unit, year)
        if deadline is None:
            continue
        threshold = _threshold((deadline - today).days)
        if threshold is None or (unit.pk, threshold) in sent:
            continue
        staff = _office_staff(unit)
        due = f"{deadline.month}月{deadline.day}日"
        if threshold == OVERDUE:
            title = f"{unit.name}{year}年政府信息公开工作年度报告已超过{due}的期限，尚未发布"
        else:
            title = f"{unit.name}{year}年政府信息公开工作年度报告须在{due}前发布"
        report = AnnualReport.objects.filter(unit=unit, year=year).first()
        link = (
            reverse("reporting:detail", args=[report.pk])
            if report is not None
            else reverse("reporting:list")
        )
        for person in staff:
            notification_send(
                actor=actor,
                recipient=person,
                title=title,
                body="依据《政府信息公开条例》第四十九条。请在工作台“年度报告”中编制、核验并发布。",
                link=link,
            )
        ReportReminder.objects.create(
            unit=unit, year=year, days_before=threshold, recipients=len(staff)
        )
        audit_record(
            actor=actor,
            verb="reporting.reminder.sent",
            unit=unit,
            after={
                "year": year,
                "deadline": deadline,
                "days_before": threshold,
                "recipients": len(staff),
            },
        )
        reminded += 1
    return reminded
