"""The 主动公开信息登记台账 (and the monthly 台账 units send before the 4th) as .xlsx."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.publications.models import Revision

HEADERS = (
    ("序号", 6),
    ("索引号", 30),
    ("信息名称", 44),
    ("文号", 20),
    ("发布机构", 22),
    ("生成日期", 12),
    ("发布日期", 12),
    ("应公开日期", 12),
    ("是否按时", 9),
    ("公开属性", 11),
    ("公开方式", 16),
    ("所属栏目", 18),
    ("有效性", 9),
)


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def ledger_workbook(rows: Iterable[Revision], *, start: dt.date, end: dt.date) -> bytes:
    """The ledger for approved versions published or registered in [start, end]."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记台账"
    title = f"主动公开信息登记台账（{start:%Y年%m月%d日}至{end:%Y年%m月%d日}）"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([h for h, _ in HEADERS])
    thin = Side(style="thin")
    for n, revision in enumerate(rows, start=1):
        record = revision.record
        published = (
            timezone.localdate(revision.published_at) if revision.published_at else None
        )
        on_time = ""
        if published and revision.due_on:
            on_time = "是" if published <= revision.due_on else "否"
        sheet.append(
            [
                n,
                record.index_number or "",
                revision.title,
                revision.doc_number,
                revision.publisher,
                _d(revision.formed_on),
                _d(published),
                _d(revision.due_on),
                on_time,
                revision.get_disclosure_display(),
                "、".join(revision.channels),
                "、".join(c.name for c in revision.columns.all()),
                record.get_validity_display() if record.validity else "",
            ]
        )
    for index, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
