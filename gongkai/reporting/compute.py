"""The tables of a yearly report computed from the records, cell by cell.

Every cell has a rule (documented in docs/domain/annual-report.md) written once here as
a filter: ``table3_cell_q`` / ``table2_cell_q`` / ``table4_cell_q`` select the
records behind one cell (the drill-down pages list them), and ``compute`` counts the
same filters with a few grouped queries (one for table 三, whatever the number of
applications).

Table 三 is derived from the dates the applications app stores, not from their
current state: ``received_on`` (收到申请之日, 条例第三十一条) and ``concluded_on``
(the day of the reply or of the closing letter), with the report row the reply's
reason gave (``outcome_row``). An application counts for year Y when it was received
by the end of Y and not concluded before Y began:

* 一 新收: received in Y;
* 二 上年结转: received before Y (and not concluded before Y);
* 三 办理结果: concluded in Y, in the row of its reply (部分公开 only in （二）);
* 四 结转下年度: not concluded by the end of Y.

So 一+二 = 三（七）+四 holds by construction for every column; what can break it is
data the format cannot place (a concluded application without a known row), which
the check “每件只计入一行” reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.disclosures.models import (
    ApplicantType,
    Application,
    ReviewCase,
    ReviewOutcome,
)
from gongkai.disclosures.states import State
from gongkai.publications.models import Record
from gongkai.publications.vocab import PolicyClass, RecordKind, Validity
from gongkai.reporting.models import EnteredFigures
from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    MONEY_COLUMNS,
    TABLE2_ROWS,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    AnnualReportTables,
    Check,
    Number,
    ReportFormat,
    Rule,
    Table2,
    Table2Row,
    Table3,
    Table4,
    check_report,
)

# --- applicant columns -------------------------------------------------------------------

COLUMN_OF_TYPE: dict[str, str] = {t.value: t.label for t in ApplicantType}
"""Application.applicant_type → the applicant column of table 三."""
TYPE_OF_COLUMN: dict[str, str] = {
    label: value for value, label in COLUMN_OF_TYPE.items()
}
assert tuple(COLUMN_OF_TYPE.values()) == APPLICANT_PARTS, (
    "ApplicantType must list the applicant columns of table 三 in order"
)

# --- the year --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A report year: its first and last day, and the aware instants bounding it."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime(self.year, 1, 1, tzinfo=timezone.get_current_timezone())

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the year (exclusive bound)."""
        return dt.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_current_timezone())


# --- table 三 ------------------------------------------------------------------------------


def result_keys(fmt: ReportFormat) -> list[str]:
    return [row.key for row in TABLE3_ROWS[fmt] if row.is_result]


def row_for_outcome(outcome_row: str, fmt: ReportFormat) -> str | None:
    """The table 三 row an application concluded with ``outcome_row`` counts in, in
    ``fmt``; None when the format has no such row. The 2019 format has one row
    （六）其他处理 for the three 2021 sub-rows."""
    if fmt is ReportFormat.F2019 and outcome_row.startswith("other"):
        return "other"
    return outcome_row if outcome_row in result_keys(fmt) else None


def _outcome_q(row_key: str, fmt: ReportFormat) -> Q:
    if fmt is ReportFormat.F2019 and row_key == "other":
        return Q(outcome_row="other") | Q(outcome_row__startswith="other.")
    return Q(outcome_row=row_key)


def _known_outcomes_q(fmt: ReportFormat) -> Q:
    q = Q(pk__in=[])
    for key in result_keys(fmt):
        q |= _outcome_q(key, fmt)
    return q


def applications_of_year(unit_ids: Sequence[int], span: Span) -> QuerySet[Application]:
    """The applications table 三 of ``span`` counts: made to one of the units,
    received by the end of the year, not concluded before it began, not a duplicate
    registration (重复登记 is merged into the original and never counted)."""
    return (
        Application.objects.filter(
            unit_id__in=list(unit_ids),
            duplicate_of__isnull=True,
            received_on__isnull=False,
            received_on__lte=span.end,
        )
        .exclude(state=State.DUPLICATE)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=span.start))
    )


def _new_q(span: Span) -> Q:
    return Q(received_on__gte=span.start)


def _carried_in_q(span: Span) -> Q:
    return Q(received_on__lt=span.start)


def _concluded_q(span: Span) -> Q:
    return Q(concluded_on__isnull=False, concluded_on__lte=span.end)


def _carried_out_q(span: Span) -> Q:
    return Q(concluded_on__isnull=True) | Q(concluded_on__gt=span.end)


def table3_cell_q(row_key: str, column: str, span: Span, fmt: ReportFormat) -> Q:
    """The filter (on ``applications_of_year``) of one cell of table 三."""
    if row_key == "new":
        q = _new_q(span)
    elif row_key == "carried_in":
        q = _carried_in_q(span)
    elif row_key == "carried_out":
        q = _carried_out_q(span)
    elif row_key == "total":
        q = _concluded_q(span) & _known_outcomes_q(fmt)
    elif row_key in result_keys(fmt):
        q = _concluded_q(span) & _outcome_q(row_key, fmt)
    else:
        raise KeyError(row_key)
    if column != "总计":
        q &= Q(applicant_type=TYPE_OF_COLUMN[column])
    return q


@dataclass
class Table3Result:
    table3: Table3
    closed_in_year: dict[str, int]
    unclassified: dict[str, int] = field(default_factory=dict)
    """Concluded in the year with a row the format does not have: {outcome_row: n}."""


def compute_table3(
    unit_ids: Sequence[int], span: Span, fmt: ReportFormat
) -> Table3Result:
    rows = (
        applications_of_year(unit_ids, span)
        .values_list("applicant_type", "outcome_row")
        .annotate(
            new=Count("pk", filter=_new_q(span)),
            carried_in=Count("pk", filter=_carried_in_q(span)),
            closed=Count("pk", filter=_concluded_q(span)),
            carried_out=Count("pk", filter=_carried_out_q(span)),
        )
        .order_by()
    )
    keys = [row.key for row in TABLE3_ROWS[fmt]]
    values: dict[str, dict[str, int | None]] = {
        key: dict.fromkeys(APPLICANT_PARTS, 0) for key in keys if key != "total"
    }
    closed: dict[str, int] = dict.fromkeys(APPLICANT_PARTS, 0)
    unclassified: dict[str, int] = {}
    for applicant_type, outcome_row, new, carried_in, concluded, carried_out in rows:
        column = COLUMN_OF_TYPE.get(applicant_type)
        if column is None:  # not an applicant type of the format: never silently 0
            unclassified[f"申请人类型“{applicant_type}”"] = (
                unclassified.get(f"申请人类型“{applicant_type}”", 0) + new + carried_in
            )
            continue
        _add(values["new"], column, new)
        _add(values["carried_in"], column, carried_in)
        _add(values["carried_out"], column, carried_out)
        closed[column] += concluded
        if concluded:
            row_key = row_for_outcome(outcome_row, fmt)
            if row_key is None:
                label = outcome_row or "（未记录）"
                unclassified[label] = unclassified.get(label, 0) + concluded
            else:
                _add(values[row_key], column, concluded)
    table3 = Table3(values).with_sums(fmt)
    closed["总计"] = sum(closed[c] for c in APPLICANT_PARTS)
    return Table3Result(table3, closed, unclassified)


def _add(cells: dict[str, int | None], column: str, n: int) -> None:
    cells[column] = (cells.get(column) or 0) + n


# --- table 二 ------------------------------------------------------------------------------

COMPUTED_TABLE2_ROWS = ("rules", "normative_documents")
"""Rows of table 二 computed from the policy lifecycle of gongkai's records."""
POLICY_CLASS_OF_ROW: dict[str, str] = {
    "rules": PolicyClass.RULE,
    "normative_documents": PolicyClass.NORMATIVE,
}
ENDED = (Validity.REPEALED, Validity.EXPIRED, Validity.REVISED)
"""A policy marked 已废止、已失效 or 已修订 (replaced by its successor, which is a new
record counted as 制发) is no longer in force from ``validity_changed_on``."""


def entered_rows(fmt: ReportFormat) -> list[Table2Row]:
    """Rows of table 二 entered by the unit (or imported)."""
    return [row for row in TABLE2_ROWS[fmt] if row.key not in COMPUTED_TABLE2_ROWS]


def policy_records(unit_ids: Sequence[int], row_key: str) -> QuerySet[Record]:
    return Record.objects.filter(
        unit_id__in=list(unit_ids),
        kind=RecordKind.DOCUMENT,
        public_revision__policy_class=POLICY_CLASS_OF_ROW[row_key],
    )


def _published_in(span: Span) -> Q:
    return Q(first_published_at__gte=span.start_at, first_published_at__lt=span.end_at)


def _published_by_end(span: Span) -> Q:
    return Q(first_published_at__lt=span.end_at)


def _ended_in(span: Span) -> Q:
    return Q(
        validity__in=ENDED,
        validity_changed_on__gte=span.start,
        validity_changed_on__lte=span.end,
    )


def _in_force_at_end(span: Span) -> Q:
    ended = Q(validity__in=ENDED) & (
        Q(validity_changed_on__isnull=True) | Q(validity_changed_on__lte=span.end)
    )
    return _published_by_end(span) & ~ended


def _made_in(span: Span) -> Q:
    """2019 format 本年新制作: 成文日期 in the year (生成日期 when 成文日期 is missing)."""
    written = Q(
        public_revision__written_on__gte=span.start,
        public_revision__written_on__lte=span.end,
    )
    formed = Q(
        public_revision__written_on__isnull=True,
        public_revision__formed_on__gte=span.start,
        public_revision__formed_on__lte=span.end,
    )
    return written | formed


def table2_cell_q(column: str, span: Span) -> Q:
    """The filter (on ``policy_records``) of a computed cell of table 二."""
    rules: dict[str, Q] = {
        # 2021 format
        "本年制发件数": _published_in(span),
        "本年废止件数": _ended_in(span),
        "现行有效件数": _in_force_at_end(span),
        # 2019 format
        "本年新制作数量": _made_in(span),
        "本年新公开数量": _published_in(span),
        "对外公开总数量": _published_by_end(span),
    }
    return rules[column]


def compute_table2(
    unit_ids: Sequence[int], span: Span, fmt: ReportFormat
) -> tuple[Table2, list[str]]:
    """Table 二 and the labels of entered cells nobody filled in."""
    values: dict[str, dict[str, Number | None]] = {}
    for row in TABLE2_ROWS[fmt]:
        if row.key not in COMPUTED_TABLE2_ROWS:
            continue
        counts = policy_records(unit_ids, row.key).aggregate(
            **{
                f"c{i}": Count("pk", filter=table2_cell_q(col, span))
                for i, col in enumerate(row.columns)
            }
        )
        values[row.key] = {
            col: int(counts[f"c{i}"]) for i, col in enumerate(row.columns)
        }
    figures = list(
        EnteredFigures.objects.filter(unit_id__in=list(unit_ids), year=span.year)
    )
    missing: list[str] = []
    for row in entered_rows(fmt):
        cells: dict[str, Number | None] = {}
        for col in row.columns:
            cells[col] = _sum_entered(
                (f.values.get(row.key, {}).get(col) for f in figures), col
            )
            if cells[col] is None:
                missing.append(f"{row.label}·{col}")
        values[row.key] = cells
    return Table2(values), missing


def _sum_entered(values: Iterable[Any], column: str) -> Number | None:
    """The sum of the entered values (units that entered nothing are left out);
    None when nobody entered the cell."""
    total: Number | None = None
    for raw in values:
        if raw is None or raw == "":
            continue
        value: Number = Decimal(str(raw)) if column in MONEY_COLUMNS else int(raw)
        total = value if total is None else total + value
    return total


# --- table 四 ------------------------------------------------------------------------------

OUTCOME_OF_COLUMN: dict[str, str] = {
    "结果维持": ReviewOutcome.UPHELD,
    "结果纠正": ReviewOutcome.CORRECTED,
    "其他结果": ReviewOutcome.OTHER,
}


def review_cases_of_year(unit_ids: Sequence[int], span: Span) -> QuerySet[ReviewCase]:
    """The 行政复议 and 行政诉讼 cases table 四 of ``span`` counts: about an application
    made to one of the units, filed by the end of the year and not decided before it
    began (a case still pending at the end of last year is reported again, with the
    result it got this year)."""
    return ReviewCase.objects.filter(
        application__unit_id__in=list(unit_ids), filed_on__lte=span.end
    ).filter(Q(decided_on__isnull=True) | Q(decided_on__gte=span.start))


def _pending_at_end(span: Span) -> Q:
    return (
        Q(outcome=ReviewOutcome.PENDING)
        | Q(decided_on__isnull=True)
        | Q(decided_on__gt=span.end)
    )


def table4_cell_q(block: str, column: str, span: Span) -> Q:
    """The filter (on ``review_cases_of_year``) of one cell of table 四."""
    q = Q(kind=block)
    if column == "尚未审结":
        return q & _pending_at_end(span)
    if column == "总计":
        return q
    return q & Q(outcome=OUTCOME_OF_COLUMN[column]) & ~_pending_at_end(span)


def compute_table4(unit_ids: Sequence[int], span: Span) -> Table4:
    columns = TABLE4_COLUMNS[:-1]
    aggregates = {
        f"{b}__{i}": Count("pk", filter=table4_cell_q(block.key, col, span))
        for b, block in enumerate(TABLE4_BLOCKS)
        for i, col in enumerate(columns)
    }
    counts = review_cases_of_year(unit_ids, span).aggregate(**aggregates)
    values: dict[str, dict[str, int | None]] = {
        block.key: {col: int(counts[f"{b}__{i}"]) for i, col in enumerate(columns)}
        for b, block in enumerate(TABLE4_BLOCKS)
    }
    return Table4(values).with_sums()


# --- all three -----------------------------------------------------------------------------


@dataclass
class Computed:
    """The tables of one report computed from the records, with what the checks need."""

    tables: AnnualReportTables
    closed_in_year: dict[str, int]
    unclassified: dict[str, int]
    entered_missing: list[str]


def compute(unit_ids: Sequence[int], year: int, fmt: ReportFormat) -> Computed:
    """Tables 二, 三 and 四 of the units ``unit_ids`` for ``year`` in ``fmt``."""
    span = Span(year)
    fmt = ReportFormat(fmt)
    table2, missing = compute_table2(unit_ids, span, fmt)
    t3 = compute_table3(unit_ids, span, fmt)
    table4 = compute_table4(unit_ids, span)
    return Computed(
        AnnualReportTables(fmt, table2, t3.table3, table4),
        t3.closed_in_year,
        t3.unclassified,
        missing,
    )


# --- checks --------------------------------------------------------------------------------

ENTERED_RULE = (
    "表二：行政许可、行政处罚、行政强制、行政事业性收费等填报数字已填写（没有的填0）"
)
NO_PREVIOUS = (
    "没有上年报告（上年报告未在 gongkai 发布，也没有导入），无法核验跨年度关系。"
    "可在“导入上年报告”中导入上年已发布的报告。"
)


def run_checks(
    tables: AnnualReportTables,
    *,
    previous: AnnualReportTables | None,
    closed_in_year: dict[str, int] | None,
    unclassified: dict[str, int] | None = None,
    entered_missing: Sequence[str] = (),
) -> list[Check]:
    """The checks shown before publication: ``check_report`` (every identity of the
    format, the cross-year ones against ``previous``, and 每件只计入一行 against the
    number of applications concluded in the year), plus: the entered cells of table 二
    are filled in."""
    checks = check_report(tables, previous=previous, closed_in_year=closed_in_year)
    if previous is None:
        checks.append(Check(Rule.CARRIED_OVER.value, None, NO_PREVIOUS))
    if unclassified:
        detail = "、".join(f"“{k}”{n}件" for k, n in sorted(unclassified.items()))
        checks.append(
            Check(
                Rule.CLOSED_ONCE.value,
                False,
                f"本年办结的申请中有不能对应表三任何一行的：{detail}。"
                "请在申请的答复中核对答复类型和理由。",
            )
        )
    if entered_missing:
        checks.append(
            Check(
                ENTERED_RULE,
                False,
                f"未填写：{'、'.join(entered_missing)}。请在“表二填报数字”中填写或导入。",
            )
        )
    else:
        checks.append(Check(ENTERED_RULE, True, "表二填报数字均已填写"))
    return checks


def cells_of(tables: AnnualReportTables) -> Iterable[tuple[str, Number | None]]:
    """Every cell of the three tables as (cell key, value) — for exports and tests."""
    fmt = ReportFormat(tables.format)
    for row in TABLE2_ROWS[fmt]:
        for col in row.columns:
            yield f"t2:{row.key}:{col}", tables.table2.get(row.key, col)
    for r3 in TABLE3_ROWS[fmt]:
        for col in APPLICANT_COLUMNS:
            yield f"t3:{r3.key}:{col}", tables.table3.get(r3.key, col)
    for block in TABLE4_BLOCKS:
        for col in TABLE4_COLUMNS:
            yield f"t4:{block.key}:{col}", tables.table4.get(block.key, col)
