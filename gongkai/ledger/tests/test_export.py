"""The .xlsx task sheet, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.ledger import services
from gongkai.ledger.export import HEADERS, plan_workbook
from gongkai.ledger.tests.helpers import import_plan, make_city, task

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC), tick=False)
def test_export_lists_tasks_units_deadlines_and_progress() -> None:
    city = make_city()
    plan = import_plan(city)
    services.progress_add(
        actor=city.education_editor,
        task=task(plan, "1"),
        unit=city.education,
        text="已完成本局文件清理",
        links=["https://www.example.gov.cn/a"],
        files=[("清理清单.xlsx", b"PK fake")],
        done=True,
    )
    book = load_workbook(io.BytesIO(plan_workbook(plan)))
    sheet = book.active
    assert sheet is not None
    rows = [
        tuple(c if c is not None else "" for c in r)
        for r in sheet.iter_rows(values_only=True)
    ]
    assert rows[0][0] == "示例市2026年政务公开工作要点任务台账"
    assert (
        rows[1]
        == tuple(h for h, _ in HEADERS)
        == (
            "工作任务",
            "具体要求",
            "牵头单位",
            "责任单位",
            "完成时限",
            "进展情况",
        )
    )
    assert rows[2][0] == "一、提升政策文件公开水平"
    first = rows[3]
    assert first[:5] == (
        "1.全面公开现行有效行政规范性文件",
        "将现行有效行政规范性文件集中公开。",
        "市政府办公室、市司法局",
        "市教育局、市财政局",
        "2026年10月底前",
    )
    assert first[5] == (
        "状态：推进中\n"
        "2026年9月15日 示例市教育局：已完成本局文件清理（本单位已完成）"
        "（佐证材料：清理清单.xlsx；链接：https://www.example.gov.cn/a）"
    )
    assert rows[4][4] == "长期坚持" and rows[4][5] == "状态：长期"
    assert rows[5][0] == "二、优化平台功能"
    assert [r[0] for r in rows[6:]] == ["3.公开财政预决算", "4.提升政府网站能力水平"]
    assert "A3" in str(sheet.freeze_panes)
