"""The exports open with their own libraries and contain the numbers; the command
line exports the same; the 2019 format exports too."""

from __future__ import annotations

import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reporting import exports, selectors, services
from gongkai.reporting.tests.helpers import (
    EXPECTED_TABLE3,
    EXPECTED_TABLE4,
    YEAR,
    World,
    build_year,
    make_world,
)
from gongkai.rules.annual_report import APPLICANT_COLUMNS, TABLE3_ROWS, ReportFormat
from gongkai.rules.annual_report_parse import parse_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_year(make_world())


def _document(world: World) -> exports.ReportDocument:
    report = services.report_create(actor=world.office, unit=world.education, year=YEAR)
    document: exports.ReportDocument = selectors.report_document(report)
    return document


def _table3_row_values(grid_rows: list[list[str]]) -> dict[str, list[str]]:
    """{national row label: the seven numbers} from the rows of a laid-out table 三."""
    labels = {row.label: row.key for row in TABLE3_ROWS[ReportFormat.F2021]}
    out: dict[str, list[str]] = {}
    for cells in grid_rows:
        for i, text in enumerate(cells):
            if text in labels and len(cells) >= i + 8:
                out[labels[text]] = cells[-7:]
    return out


def _expected_row(key: str) -> list[str]:
    return [str(EXPECTED_TABLE3[key][c]) for c in APPLICANT_COLUMNS]


def test_docx_has_the_tables_with_merged_headers(world: World) -> None:
    from docx import Document

    document = Document(io.BytesIO(exports.to_docx(_document(world))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "示例市教育局2024年政府信息公开工作年度报告" in text
    assert "五、存在的主要问题及改进情况" in text
    assert len(document.tables) == 3
    table3 = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table3.rows]
    # merged: the header note spans three columns and three rows
    assert rows[0][0] == rows[0][1] == rows[2][2]
    assert rows[0][3] == rows[0][9] == "申请人情况"
    values = _table3_row_values(rows)
    for key in ("new", "carried_in", "partial", "other.fee_unpaid", "carried_out"):
        assert values[key] == _expected_row(key), key
    table4 = document.tables[2]
    last = [cell.text for cell in table4.rows[-1].cells]
    assert last[:5] == [str(v) for v in EXPECTED_TABLE4["review"].values()]


def test_xlsx_has_three_sheets_with_the_numbers(world: World) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(_document(world))))
    assert len(workbook.worksheets) == 3
    sheet = workbook.worksheets[1]
    assert sheet.title.startswith("表三")
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    values = _table3_row_values(rows)
    # merged cells are blank after the first: find rows by their own label
    for key in ("new", "granted", "withheld.state_secret", "total", "carried_out"):
        assert values[key] == _expected_row(key), key
    assert any(
        rng.min_row == 3 and rng.max_row == 5 for rng in sheet.merged_cells.ranges
    )
    t2 = workbook.worksheets[0]
    flat = [v for row in t2.iter_rows(values_only=True) for v in row]
    assert "行政规范性文件" in flat and 120 in flat


@pytest.mark.skipif(not exports.pdf_available(), reason="WeasyPrint is not installed")
def test_pdf_text_has_the_numbers(world: World) -> None:
    from pdfminer.high_level import extract_text

    text = extract_text(io.BytesIO(exports.to_pdf(_document(world))))
    compact = "".join(text.split())
    assert "示例市教育局2024年政府信息公开工作年度报告" in compact
    assert "收到和处理政府信息公开申请情况" in compact
    assert "结转下年度继续办理" in compact
    numbers = text.split()
    assert str(EXPECTED_TABLE3["new"]["总计"]) in numbers
    assert "35.6" in numbers and "120" in numbers


def test_the_2019_format_exports_and_reads_back(world: World) -> None:
    report = services.report_create(actor=world.office, unit=world.education, year=2020)
    document = selectors.report_document(report)
    parsed = parse_report(exports.to_html(document))
    assert parsed.format is ReportFormat.F2019
    assert parsed.table3.get("new", "总计") == 0
    assert exports.to_docx(document)[:2] == b"PK"
    assert exports.to_xlsx(document)[:2] == b"PK"


# --- the command ----------------------------------------------------------------------------


def test_command_json_equals_the_tables(world: World) -> None:
    out = StringIO()
    call_command(
        "report",
        "annual",
        "--unit",
        world.education.code,
        "--year",
        str(YEAR),
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["format"] == "2021" and data["year"] == YEAR
    by_label = {row["label"]: row["values"] for row in data["table3"]}
    assert by_label["一、本年新收政府信息公开申请数量"] == EXPECTED_TABLE3["new"]
    assert (
        by_label["（三）不予公开/1.属于国家秘密"]
        == EXPECTED_TABLE3["withheld.state_secret"]
    )
    assert data["table4"]["行政复议"] == EXPECTED_TABLE4["review"]
    assert (
        data["table4"]["行政诉讼"]["未经复议直接起诉"]
        == EXPECTED_TABLE4["litigation_direct"]
    )
    assert "本年新收政府信息公开申请" in data["sections"]["applications"]
    assert all(c["ok"] is not False for c in data["checks"])
    # nothing was saved
    from gongkai.reporting.models import AnnualReport

    assert not AnnualReport.objects.exists()


def test_command_writes_files(world: World, tmp_path: Path) -> None:
    for fmt in ("html", "docx", "xlsx"):
        target = tmp_path / f"report.{fmt}"
        out = StringIO()
        call_command(
            "report",
            "annual",
            "--unit",
            "示例市教育局",
            "--year",
            str(YEAR),
            "--format",
            fmt,
            "-o",
            str(target),
            stdout=out,
        )
        assert target.exists() and target.stat().st_size > 1000, fmt
        assert "核验不通过0项" in out.getvalue()
    # read back with `gongkai report parse`: the same numbers, every check passes
    parsed_out = StringIO()
    call_command(
        "report",
        "parse",
        str(tmp_path / "report.html"),
        "--format",
        "json",
        stdout=parsed_out,
    )
    parsed = json.loads(parsed_out.getvalue())
    annual_out = StringIO()
    call_command(
        "report",
        "annual",
        "--unit",
        "示例市教育局",
        "--year",
        str(YEAR),
        stdout=annual_out,
    )
    annual = json.loads(annual_out.getvalue())
    assert parsed["warnings"] == []
    for key in ("format", "table2", "table3", "table4"):
        assert parsed[key] == annual[key], key
    assert all(c["ok"] is True for c in parsed["checks"])
    by_label = {row["label"]: row["values"] for row in parsed["table3"]}
    assert by_label["（七）总计"] == EXPECTED_TABLE3["total"]
    with pytest.raises(CommandError, match="-o"):
        call_command(
            "report",
            "annual",
            "--unit",
            "示例市教育局",
            "--year",
            str(YEAR),
            "--format",
            "docx",
            stdout=StringIO(),
        )
    with pytest.raises(CommandError, match="找不到"):
        call_command(
            "report", "annual", "--unit", "没有", "--year", "2024", stdout=StringIO()
        )


def test_command_government_level(world: World) -> None:
    out = StringIO()
    call_command(
        "report",
        "annual",
        "--unit",
        world.city.code,
        "--year",
        str(YEAR),
        "--coverage",
        "level",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["coverage"] == "level"
    # 教育局 and 财政局 (one application); not 东城区人民政府 (its own 本级 report)
    assert data["table3"][0]["values"]["总计"] == EXPECTED_TABLE3["new"]["总计"] + 1
