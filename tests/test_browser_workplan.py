"""In a real browser: the 主管部门 imports a work plan by pasting it, previews and
confirms; the 教育局's editor reports progress with a link to a published record;
the dashboard and the .xlsx export show it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.ledger.models import Progress, WorkPlan
from gongkai.ops.demo import DEMO_PASSWORD, load_demo
from tests.browser import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The current year, so that the task is in time whenever the test runs.
YEAR = timezone.localdate().year
TITLE = f"示例市{YEAR}年教育领域政务公开重点任务"
TASK = "1.做好义务教育招生政策公开"
RECORD = "示例市2026年义务教育招生入学工作实施方案"
PLAN = f"""示政公开办〔{YEAR}〕9号
{TITLE}
一、重点领域信息公开
1.做好义务教育招生政策公开。及时公开招生入学实施方案及政策解读，做到同步起草、同步审签、同步发布。（牵头单位：市教育局；责任单位：东城区政府；完成时限：{YEAR}年12月底前）
2.公开教育收费项目和标准。（责任单位：市教育局、市财政局；完成时限：长期坚持）
"""
PROGRESS = "实施方案与政策解读已同步发布，解读与原文双向关联。"


def as_user(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/workbench/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/workbench/")
    return page


def test_import_report_progress_dashboard_and_export(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    load_demo()
    base = live_server.url

    supervisor = as_user(browser, base, "zgbm")
    supervisor.goto(f"{base}/workbench/ledger/")
    supervisor.get_by_role("link", name="导入工作要点").first.click()
    supervisor.get_by_label("工作要点全文").fill(PLAN)
    supervisor.get_by_role("button", name="预览").click()
    preview = supervisor.get_by_role("region", name="预览（尚未保存）")
    expect(preview).to_contain_text(TITLE)
    expect(preview).to_contain_text(f"示政公开办〔{YEAR}〕9号")
    tasks = supervisor.get_by_role("region", name="任务（2项）")
    expect(tasks).to_contain_text("示例市东城区人民政府")  # 东城区政府, matched
    assert not WorkPlan.objects.filter(title=TITLE).exists()
    supervisor.get_by_role("button", name="确认保存").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(supervisor.get_by_text("共2项任务")).to_be_visible()

    editor = as_user(browser, base, "jyj_xxy")
    editor.goto(f"{base}/workbench/ledger/")
    editor.get_by_role("link", name=TASK).click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text(TASK)
    editor.get_by_label("进展情况").fill(PROGRESS)
    editor.get_by_label("关联的政府信息").select_option(
        label=f"{RECORD}（示例市教育局）"
    )
    editor.get_by_role("button", name="报送", exact=True).click()
    expect(editor.get_by_text("进展已报送。")).to_be_visible()
    expect(editor.get_by_role("region", name="已报送的进展")).to_contain_text(
        f"《{RECORD}》"
    )
    progress = Progress.objects.get(text=PROGRESS)
    assert [str(r) for r in progress.records.all()] == [RECORD]

    supervisor.get_by_role("link", name="进度看板").click()
    recent = supervisor.get_by_role("region", name="最新进展")
    expect(recent).to_contain_text(PROGRESS)
    expect(recent).to_contain_text(f"《{RECORD}》")
    education = supervisor.get_by_role("region", name="按单位").get_by_role(
        "row", name="示例市教育局"
    )
    # 承担任务 2 (牵头 1): one 推进中 (the reported one), one 长期.
    expect(education.locator("td")).to_have_text(
        ["2", "1", "0", "1", "0", "0", "1", "0%"]
    )

    with supervisor.expect_download() as info:
        supervisor.get_by_role("link", name="导出Excel").click()
    target = tmp_path / "tasks.xlsx"
    info.value.save_as(target)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = {
        str(row[0]): row
        for row in sheet.iter_rows(min_row=3, values_only=True)
        if row[0]
    }
    row = rows[TASK]
    assert row[2] == "市教育局" and row[3] == "东城区政府"
    assert row[4] == f"{YEAR}年12月底前"
    assert PROGRESS in str(row[5]) and f"《{RECORD}》" in str(row[5])


def test_demo_plan_progress_and_published_report(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    from gongkai.ledger import demo

    load_demo()
    if not WorkPlan.objects.exists():  # until gongkai.ops.demo loads the ledger demo
        demo.load_demo()
    plan = WorkPlan.objects.get()
    assert plan.tasks.count() == 17 and plan.unit.name == "示例市人民政府"
    linked = Progress.objects.get(task__plan=plan, task__number="2")
    assert demo.POLICY_TITLE in [str(r) for r in linked.records.all()]
    base = live_server.url

    supervisor = as_user(browser, base, "zgbm")
    supervisor.goto(f"{base}/workbench/ledger/")
    supervisor.get_by_role("link", name=plan.title).click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text(plan.title)
    expect(supervisor.get_by_text("市政府各有关部门（未匹配）")).to_be_visible()
    supervisor.get_by_role("link", name="处理未匹配的单位名称").click()
    expect(supervisor.get_by_role("region", name="未匹配的单位名称")).to_contain_text(
        "市政府各有关部门"
    )
    supervisor.get_by_role("link", name="考评", exact=True).click()
    supervisor.get_by_role("link", name="政务公开工作考评").click()
    expect(supervisor.get_by_role("region", name="得分与排名")).to_contain_text(
        "示例市教育局"
    )
    supervisor.get_by_role("button", name="发布通报").click()
    expect(supervisor.get_by_text("考评通报已发布")).to_be_visible()
    supervisor.get_by_role("link", name="查看通报").click()
    expect(supervisor.get_by_role("heading", level=1)).to_contain_text("结果的通报")
    with supervisor.expect_download() as info:
        supervisor.get_by_role("link", name="下载PDF").click()
    target = tmp_path / "report.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
