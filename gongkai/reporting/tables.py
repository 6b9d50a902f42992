"""Tables as stored data, the format of a year, and which units a report covers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.organizations.models import Unit, UnitKind
from gongkai.reporting.models import Coverage
from gongkai.rules.annual_report import (
    MONEY_COLUMNS,
    AnnualReportTables,
    Number,
    ReportFormat,
    Table2,
    Table3,
    Table4,
)

FIRST_2021_YEAR = 2021
"""国办公开办函〔2021〕30号 (September 2021) applies from the 2021 reports on."""


def report_title(unit: Unit, year: int) -> str:
    return f"{unit.name}{year}年政府信息公开工作年度报告"


def format_for_year(year: int) -> ReportFormat:
    """The national format of the report of ``year``: 2019 format before 2021."""
    return ReportFormat.F2021 if year >= FIRST_2021_YEAR else ReportFormat.F2019


# --- JSON ------------------------------------------------------------------------------


def _number_json(value: Number | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _number_from_json(column: str, value: Any) -> Number | None:
    if value is None or value == "":
        return None
    if column in MONEY_COLUMNS:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return int(value)


def tables_to_json(tables: AnnualReportTables) -> dict[str, Any]:
    """The three tables as JSON-ready data (money as decimal strings)."""
    return {
        "format": ReportFormat(tables.format).value,
        "table2": {
            row: {col: _number_json(v) for col, v in cols.items()}
            for row, cols in tables.table2.values.items()
        },
        "table3": {row: dict(cols) for row, cols in tables.table3.values.items()},
        "subtotals": {row: dict(cols) for row, cols in tables.table3.subtotals.items()},
        "table4": {block: dict(cols) for block, cols in tables.table4.values.items()},
    }


def tables_from_json(data: dict[str, Any]) -> AnnualReportTables:
    def ints(part: Any) -> dict[str, dict[str, int | None]]:
        return {
            str(row): {
                str(c): (None if v is None else int(v)) for c, v in dict(cols).items()
            }
            for row, cols in dict(part or {}).items()
        }

    table2 = {
        str(row): {str(c): _number_from_json(str(c), v) for c, v in dict(cols).items()}
        for row, cols in dict(data.get("table2") or {}).items()
    }
    return AnnualReportTables(
        ReportFormat(data["format"]),
        Table2(table2),
        Table3(ints(data.get("table3")), ints(data.get("subtotals"))),
        Table4(ints(data.get("table4"))),
    )


# --- coverage ---------------------------------------------------------------------------


def covered_units(unit: Unit, coverage: str) -> list[Unit]:
    """The units whose records a report of ``unit`` counts.

    * ``unit``: the unit itself (a department's report; an application is counted by
      the unit it was made to, 受理机关).
    * ``level`` (本级政府): the unit and every unit below it except lower-level
      people's governments and everything under them (they publish their own
      本级政府 report, 条例第四十九条第二款).
    * ``subtree``: the unit and everything below it.
    """
    if coverage == Coverage.UNIT:
        return [unit]
    below = list(Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk))
    if coverage == Coverage.SUBTREE:
        return [unit, *below]
    cut = [u.path for u in below if u.kind == UnitKind.GOVERNMENT]  # lower governments
    return [unit, *(u for u in below if not any(u.path.startswith(p) for p in cut))]


def covered_unit_ids(unit: Unit, coverage: str) -> list[int]:
    return [u.pk for u in covered_units(unit, coverage)]


def default_coverage(unit: Unit) -> str:
    """A people's government reports for its level; everyone else for itself."""
    return Coverage.LEVEL if unit.kind == UnitKind.GOVERNMENT else Coverage.UNIT
