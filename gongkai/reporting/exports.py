"""Exports of a yearly report: JSON, HTML, .docx, PDF and .xlsx in the layout of the
national format (merged header cells as in 国办公开办函〔2021〕30号 / 〔2019〕60号).

The HTML is ``gongkai.rules.annual_report.render_html`` (readable back with
``gongkai report parse``); the PDF is that HTML printed by WeasyPrint; the .docx and
.xlsx lay the same tables out with python-docx and openpyxl.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.core.exceptions import ValidationError
from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    ORGANIZATION_COLUMNS,
    ORGANIZATION_GROUP,
    SECTION_HEADINGS,
    SECTION_KEYS,
    TABLE2_ROWS,
    TABLE3_HEADER_NOTE,
    TABLE3_ROWS,
    TABLE3_SECTION,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    TABLE4_LITIGATION,
    AnnualReportTables,
    Check,
    Number,
    ReportFormat,
    render_html,
)
from gongkai.rules.annual_report_parse import ParsedReport, ParsedReportJSON

FORMATS = ("json", "html", "docx", "pdf", "xlsx")
CONTENT_TYPES: dict[str, str] = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ReportDocument:
    """Everything an export needs: the title, the six sections, the tables."""

    title: str
    tables: AnnualReportTables
    sections: Mapping[str, str]
    checks: Sequence[Check] = ()
    meta: Mapping[str, Any] | None = None


def _show(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value)
        )
    return str(value)


def _sections(doc: ReportDocument) -> dict[str, str]:
    return {k: v for k, v in doc.sections.items() if k in SECTION_KEYS and v}


# --- JSON and HTML --------------------------------------------------------------------------


def to_json(doc: ReportDocument) -> dict[str, Any]:
    """The tables in the shape of ``gongkai report parse --format json`` (so a report
    exported here and one read from a published page compare key by key), with the
    report's title, sections and metadata."""
    tables = doc.tables
    parsed: ParsedReportJSON = ParsedReport(
        format=ReportFormat(tables.format),
        table2=tables.table2,
        table3=tables.table3,
        table4=tables.table4,
        found=frozenset({"table2", "table3", "table4"}),
        warnings=[],
        checks=list(doc.checks),
    ).to_json()
    return {
        **dict(doc.meta or {}),
        "title": doc.title,
        "sections": dict(doc.sections),
        **parsed,
    }


def to_html(doc: ReportDocument) -> str:
    return render_html(doc.tables, title=doc.title, sections=_sections(doc))


# --- grids: the three tables as merged cells ------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = True
    key: str = ""
    """For a number: its cell key (``t3:new:自然人``), for the drill-down links."""
    scope: str = "col"
    """For a header: what it labels in HTML (``col``, ``colgroup``, ``row``)."""


@dataclass(frozen=True)
class Grid:
    rows: int
    cols: int
    cells: tuple[GridCell, ...]

    def lines(self) -> list[list[GridCell]]:
        """The cells of each row that start there, left to right (HTML order)."""
        out: list[list[GridCell]] = [[] for _ in range(self.rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out


def _spread(count: int, width: int) -> list[int]:
    return [1] * (count - 1) + [width - count + 1]


def table2_grid(tables: AnnualReportTables) -> Grid:
    fmt = ReportFormat(tables.format)
    rows = TABLE2_ROWS[fmt]
    width = 1 + max(len(r.columns) for r in rows)
    cells: list[GridCell] = []
    r = 0
    blocks: list[str] = []
    for row in rows:
        if row.block not in blocks:
            blocks.append(row.block)
    for block in blocks:
        members = [row for row in rows if row.block == block]
        spans = _spread(len(members[0].columns), width - 1)
        cells.append(GridCell(r, 0, block, colspan=width, scope="colgroup"))
        r += 1
        cells.append(GridCell(r, 0, "信息内容"))
        c = 1
        for col, span in zip(members[0].columns, spans, strict=True):
            cells.append(GridCell(r, c, col, colspan=span))
            c += span
        r += 1
        for row in members:
            cells.append(GridCell(r, 0, row.label, scope="row"))
            c = 1
            for col, span in zip(row.columns, spans, strict=True):
                cells.append(
                    GridCell(
                        r,
                        c,
                        _show(tables.table2.get(row.key, col)),
                        colspan=span,
                        header=False,
                        key=f"t2:{row.key}:{col}",
                    )
                )
                c += span
            r += 1
    return Grid(r, width, tuple(cells))


def table3_grid(tables: AnnualReportTables) -> Grid:
    fmt = ReportFormat(tables.format)
    rows = TABLE3_ROWS[fmt]
    cells: list[GridCell] = [
        GridCell(0, 0, TABLE3_HEADER_NOTE, rowspan=3, colspan=3),
        GridCell(0, 3, "申请人情况", colspan=7, scope="colgroup"),
        GridCell(1, 3, "自然人", rowspan=2),
        GridCell(1, 4, ORGANIZATION_GROUP, colspan=5, scope="colgroup"),
        GridCell(1, 9, "总计", rowspan=2),
        *(GridCell(2, 4 + i, col) for i, col in enumerate(ORGANIZATION_COLUMNS)),
    ]
    section_size = sum(1 for row in rows if row.section == TABLE3_SECTION)
    group_sizes: dict[str, int] = {}
    for row in rows:
        if row.group is not None:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    section_open = False
    groups_open: set[str] = set()
    for offset, row in enumerate(rows):
        r = 3 + offset
        if row.section is None:
            cells.append(GridCell(r, 0, row.label, colspan=3, scope="row"))
        else:
            if not section_open:
                section_open = True
                cells.append(
                    GridCell(
                        r, 0, TABLE3_SECTION, rowspan=section_size, scope="rowgroup"
                    )
                )
            if row.group is None:
                cells.append(GridCell(r, 1, row.label, colspan=2, scope="row"))
            else:
                if row.group not in groups_open:
                    groups_open.add(row.group)
                    cells.append(
                        GridCell(
                            r,
                            1,
                            row.group,
                            rowspan=group_sizes[row.group],
                            scope="rowgroup",
                        )
                    )
                cells.append(GridCell(r, 2, row.label, scope="row"))
        for i, col in enumerate(APPLICANT_COLUMNS):
            cells.append(
                GridCell(
                    r,
                    3 + i,
                    _show(tables.table3.get(row.key, col)),
                    header=False,
                    key=f"t3:{row.key}:{col}",
                )
            )
    return Grid(3 + len(rows), 10, tuple(cells))


def table4_grid(tables: AnnualReportTables) -> Grid:
    review, direct, after = TABLE4_BLOCKS
    cells: list[GridCell] = [
        GridCell(0, 0, review.label, colspan=5, scope="colgroup"),
        GridCell(0, 5, TABLE4_LITIGATION, colspan=10, scope="colgroup"),
        *(GridCell(1, i, col, rowspan=2) for i, col in enumerate(TABLE4_COLUMNS)),
        GridCell(1, 5, direct.label, colspan=5, scope="colgroup"),
        GridCell(1, 10, after.label, colspan=5, scope="colgroup"),
        *(GridCell(2, 5 + i, col) for i, col in enumerate(TABLE4_COLUMNS)),
        *(GridCell(2, 10 + i, col) for i, col in enumerate(TABLE4_COLUMNS)),
    ]
    c = 0
    for block in TABLE4_BLOCKS:
        for col in TABLE4_COLUMNS:
            cells.append(
                GridCell(
                    3,
                    c,
                    _show(tables.table4.get(block.key, col)),
                    header=False,
                    key=f"t4:{block.key}:{col}",
                )
            )
            c += 1
    return Grid(4, 15, tuple(cells))


TABLE_TITLES = (
    "表二 主动公开政府信息情况",
    "表三 收到和处理政府信息公开申请情况",
    "表四 政府信息公开行政复议、行政诉讼情况",
)


def grids(tables: AnnualReportTables) -> list[Grid]:
    return [table2_grid(tables), table3_grid(tables), table4_grid(tables)]


# --- .docx -------------------------------------------------------------------------------------


def to_docx(doc: ReportDocument) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for style_name in ("Title", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = "黑体"
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
    title = document.add_heading(doc.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = ReportFormat(doc.tables.format)
    section_grids = dict(
        zip(
            ("proactive", "applications", "review_litigation"),
            grids(doc.tables),
            strict=True,
        )
    )
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS[fmt], strict=True):
        document.add_heading(heading, level=1)
        for line in doc.sections.get(key, "").splitlines():
            if line.strip():
                paragraph = document.add_paragraph(line.strip())
                paragraph.paragraph_format.first_line_indent = Pt(24)
        grid = section_grids.get(key)
        if grid is None:
            continue
        table = document.add_table(rows=grid.rows, cols=grid.cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell in grid.cells:
            target = table.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(
                    table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
                )
            target.text = cell.text
            for paragraph in target.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- .xlsx -------------------------------------------------------------------------------------


def to_xlsx(doc: ReportDocument) -> bytes:
    """Three sheets, one per table, laid out like the national format."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, (sheet_title, grid) in enumerate(
        zip(TABLE_TITLES, grids(doc.tables), strict=True)
    ):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = sheet_title
        sheet.cell(row=1, column=1, value=f"{doc.title}　{sheet_title}").font = Font(
            bold=True
        )
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.cols)
        top = 3
        for cell in grid.cells:
            r, c = top + cell.row, 1 + cell.col
            value: Any = cell.text
            if not cell.header and cell.text:
                value = Decimal(cell.text) if "." in cell.text else int(cell.text)
            target = sheet.cell(row=r, column=c, value=value)
            target.alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + cell.rowspan - 1,
                    end_column=c + cell.colspan - 1,
                )
        for r in range(top, top + grid.rows):
            for c in range(1, grid.cols + 1):
                sheet.cell(row=r, column=c).border = border
        for c in range(1, grid.cols + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 14
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def pdf_available() -> bool:
    try:
        import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def to_pdf(doc: ReportDocument) -> bytes:
    """The HTML printed by WeasyPrint (A4). WeasyPrint is optional: without it (or
    without its system libraries) the export says so."""
    try:
        import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except (ImportError, OSError) as exc:
        raise ValidationError(
            "本机没有安装 WeasyPrint（或其依赖的 Pango 库），不能导出PDF；"
            "可以导出网页或Word文档后另存为PDF。"
        ) from exc
    page = to_html(doc).replace(
        "</style>", "@page { size: A4; margin: 20mm 15mm; }\n</style>", 1
    )
    result: bytes = weasyprint.HTML(string=page).write_pdf()
    return result


def export(doc: ReportDocument, fmt: str) -> bytes:
    """The report as bytes in ``fmt`` (one of ``FORMATS``)."""
    import json

    if fmt == "json":
        return json.dumps(to_json(doc), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "xlsx":
        return to_xlsx(doc)
    raise ValidationError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
