"""A plan's tasks as the .xlsx sheet offices keep:
工作任务 | 具体要求 | 牵头单位 | 责任单位 | 完成时限 | 进展情况.

Section headings ("一、立足职责定位……") are rows merged across the sheet, as in the
sheets offices send around; each task is one row; 进展情况 lists the task's status
and every progress report with its date, unit and evidence.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.ledger.models import Progress, WorkPlan
from gongkai.ledger.selectors import plan_review
from gongkai.ledger.states import TaskStatus
from gongkai.rules.workdays import format_date_cn

HEADERS = (
    ("工作任务", 28),
    ("具体要求", 60),
    ("牵头单位", 20),
    ("责任单位", 28),
    ("完成时限", 16),
    ("进展情况", 60),
)


def _units(names_text: str, matched: list[str]) -> str:
    return names_text or "、".join(matched)


def progress_line(item: Progress) -> str:
    """ "2026年11月20日 示例市教育局：……（关联：《…》；附件：…；链接：…）"."""
    day = format_date_cn(timezone.localdate(item.created_at))
    evidence = []
    titles = [f"《{r}》" for r in item.records.all()]
    if titles:
        evidence.append("关联：" + "、".join(titles))
    files = [f.name for f in item.files.all()]
    if files:
        evidence.append("佐证材料：" + "、".join(files))
    if item.links:
        evidence.append("链接：" + " ".join(item.links))
    done = "（本单位已完成）" if item.marks_done else ""
    tail = f"（{'；'.join(evidence)}）" if evidence else ""
    return f"{day} {item.unit.name}：{item.text}{done}{tail}"


def plan_workbook(plan: WorkPlan) -> bytes:
    review = plan_review(plan)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务台账"
    width = len(HEADERS)
    sheet.append([plan.title + "任务台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([h for h, _ in HEADERS])
    section = None
    section_rows: list[int] = []
    for item in review.tasks:
        task = item.row.task
        if task.withdrawn_at is not None:
            continue
        top = task.section.split(" / ")[0]
        if top and top != section:
            section = top
            sheet.append([top])
            row = sheet.max_row
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=width
            )
            section_rows.append(row)
        lead = [p.unit.name for p in item.row.parts if p.lead]
        responsible = [p.unit.name for p in item.row.parts if not p.lead]
        deadline = task.deadline_text or (
            format_date_cn(task.deadline) if task.deadline else ""
        )
        if task.recurring and not deadline:
            deadline = "长期坚持"
        status = TaskStatus(item.row.status).label
        lines = [f"状态：{status}"] + [progress_line(p) for p in item.progress]
        sheet.append(
            [
                task.label,
                task.requirement,
                _units(task.lead_text, lead),
                _units(task.responsible_text, responsible),
                deadline,
                "\n".join(lines),
            ]
        )
    thin = Side(style="thin")
    for index, (_, column_width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for number in section_rows:
        sheet.cell(number, 1).font = Font(bold=True)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
