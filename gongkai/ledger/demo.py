"""Demo data of the ledger: a work plan with progress and a 考评 sheet.

The plan is seed 004 (大连 2023, 任务分解 with "（牵头单位：…；责任单位：…；完成时限：…）")
with the city renamed to 示例市 and its units to the demo units, moved to the current
year so that its deadlines fall around today. It is imported through the service as
the 主管部门 (zgbm) would; "市政府各有关部门" stays unmatched, to be resolved on the
“单位名称对照” page. Called by ``gongkai.ops.demo.load_demo()`` after the
organisation and the publications demo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.ledger import services
from gongkai.ledger.models import Indicator, Task, WorkPlan
from gongkai.ledger.states import Method
from gongkai.organizations.models import Staff, Unit
from gongkai.publications.models import Record

SAMPLE = Path(__file__).parent / "demo_data" / "workplan_sample.txt"
POLICY_TITLE = "示例市2026年义务教育招生入学工作实施方案"


def sample_text(year: int) -> str:
    """The demo plan with its year (2023 in the seed) replaced by ``year``."""
    return SAMPLE.read_text(encoding="utf-8").replace("2023", str(year))


def _this_quarter(today: dt.date) -> tuple[str, dt.date, dt.date]:
    quarter = (today.month - 1) // 3 + 1
    start = dt.date(today.year, 3 * quarter - 2, 1)
    end = (
        dt.date(today.year, 12, 31)
        if quarter == 4
        else dt.date(today.year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    names = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
    return f"{today.year}年{names[quarter]}", start, end


def _record(title: str) -> Record | None:
    return (
        Record.objects.filter(public_revision__title=title, is_public=True)
        .order_by("-pk")
        .first()
    )


def _task(plan: WorkPlan, number: str) -> Task:
    return plan.tasks.get(number=number)


@transaction.atomic
def load_demo() -> WorkPlan:
    """Import the demo plan, post progress, and score the units for the current
    quarter (automatic indicators computed, manual ones scored; the 通报 is left for
    the 主管部门 to publish)."""
    today = timezone.localdate()
    staff = {s.username: s for s in Staff.objects.all()}
    city = Unit.objects.get(name="示例市人民政府")
    supervisor, education, finance = staff["zgbm"], staff["jyj_xxy"], staff["czj_xxy"]
    edu_unit = Unit.objects.get(name="示例市教育局")
    fin_unit = Unit.objects.get(name="示例市财政局")

    result = services.workplan_import(
        actor=supervisor,
        text=sample_text(today.year),
        filename="示例市政务公开重点工作任务分解.txt",
        unit=city,
        dry_run=False,
    )
    plan = result.plan
    assert plan is not None

    policy = _record(POLICY_TITLE)
    interpretation = _record(f"《{POLICY_TITLE}》政策解读")
    linked = [r for r in (policy, interpretation) if r is not None]
    services.progress_add(
        actor=education,
        task=_task(plan, "2"),
        unit=edu_unit,
        text=(
            "《示例市2026年义务教育招生入学工作实施方案》与政策解读同步起草、同步审签，"
            "经三审后同步发布，解读与政策原文已双向关联。"
        ),
        records=linked,
    )
    services.progress_add(
        actor=education,
        task=_task(plan, "7"),
        unit=edu_unit,
        text="已梳理教育领域公共企事业单位信息公开基本目录，正在逐校核对公开内容。",
    )
    services.progress_add(
        actor=finance,
        task=_task(plan, "8"),
        unit=fin_unit,
        text="已在市政府门户网站发布最新版行政事业性收费目录清单、涉企收费目录清单和政府性基金目录清单。",
        links=["https://www.example.gov.cn/zwgk/czxx/sfml/"],
        done=True,
    )
    services.progress_add(
        actor=finance,
        task=_task(plan, "6"),
        unit=fin_unit,
        text="惠企政策库已更新至本月，“免申即享”事项梳理完成第一批12项。",
    )
    services.progress_add(
        actor=finance,
        task=_task(plan, "12"),
        unit=fin_unit,
        text="本局网站栏目已按新版政府信息公开专栏规范调整，支持IPv6访问。",
        done=True,
    )
    services.task_set_done(actor=supervisor, task=_task(plan, "3"), done=True)

    period, start, end = _this_quarter(today)
    sheet = services.sheet_create(
        actor=supervisor,
        unit=city,
        name="政务公开工作考评",
        period=period,
        start=start,
        end=end,
    )
    services.sheet_compute(actor=supervisor, sheet=sheet, today=today)
    deductions = {
        ("示例市教育局", "平台建设"): [("2", "“通知公告”栏目超过3个月未更新")],
        ("示例市财政局", "组织保障"): [("1", "未按时报送季度工作台账")],
    }
    for indicator in Indicator.objects.filter(sheet=sheet, method=Method.MANUAL):
        for unit in sheet.units.all():
            services.score_set(
                actor=supervisor,
                indicator=indicator,
                unit=unit,
                deductions=deductions.get((unit.name, indicator.section), []),
                evidence="季度检查记录"
                if (unit.name, indicator.section) in deductions
                else "",
            )
    return plan
