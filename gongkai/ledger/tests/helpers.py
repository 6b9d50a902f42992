"""Test data for the ledger: a small city with a 主管部门, departments and a district,
and a short plan written in the layout of seed 004."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.ledger import services
from gongkai.ledger.models import Task, WorkPlan
from gongkai.organizations.models import Staff, Unit, UnitKind
from gongkai.organizations.roles import Role
from tests.factories import UnitFactory, staff_with_role, valid_uscc

SEEDS = Path(__file__).resolve().parents[2] / "rules" / "tests" / "data" / "workplan"


def seed_text(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8")


@dataclass
class City:
    """示例市: the government (where the 主管部门 works), four departments, a district
    with its own department, and staff who report for 教育局 and 财政局."""

    government: Unit
    office: Unit
    education: Unit
    finance: Unit
    justice: Unit
    district: Unit
    district_education: Unit
    supervisor: Staff
    education_editor: Staff
    education_office: Staff
    finance_editor: Staff
    district_editor: Staff
    extra: dict[str, Unit] = field(default_factory=dict)


def make_city() -> City:
    gov = UnitFactory.create(
        name="示例市人民政府",
        kind=UnitKind.GOVERNMENT,
        short_names=["市政府"],
        code=valid_uscc(100),
    )
    serial = iter(range(101, 200))

    def department(name: str, short: list[str], parent: Unit = gov) -> Unit:
        unit: Unit = UnitFactory.create(
            name=name,
            kind=UnitKind.DEPARTMENT,
            parent=parent,
            short_names=short,
            code=valid_uscc(next(serial)),
        )
        return unit

    office = department("示例市人民政府办公室", ["市政府办公室", "市府办"])
    education = department("示例市教育局", ["市教育局"])
    finance = department("示例市财政局", ["市财政局"])
    justice = department("示例市司法局", ["市司法局"])
    district = UnitFactory.create(
        name="示例市东城区人民政府",
        kind=UnitKind.GOVERNMENT,
        parent=gov,
        short_names=["东城区政府"],
    )
    district_education = department("东城区教育局", ["区教育局"], parent=district)
    return City(
        government=gov,
        office=office,
        education=education,
        finance=finance,
        justice=justice,
        district=district,
        district_education=district_education,
        supervisor=staff_with_role(gov, Role.SUPERVISOR, full_name="王主管"),
        education_editor=staff_with_role(education, Role.EDITOR, full_name="张信息员"),
        education_office=staff_with_role(
            education, Role.DISCLOSURE_OFFICE, full_name="李公开"
        ),
        finance_editor=staff_with_role(finance, Role.EDITOR, full_name="陈信息员"),
        district_editor=staff_with_role(
            district_education, Role.EDITOR, full_name="赵信息员"
        ),
    )


PLAN = """示政公开办〔2026〕1号
示例市2026年政务公开工作要点
一、提升政策文件公开水平
1.全面公开现行有效行政规范性文件。将现行有效行政规范性文件集中公开。（牵头单位：市政府办公室、市司法局；责任单位：市教育局、市财政局；完成时限：2026年10月底前）
2.切实提高政策文件解读质量。坚持政策文件与解读材料同步组织、同步审签、同步解读。（牵头单位：市政府办公室；责任单位：市政府各部门；完成时限：长期坚持）
二、优化平台功能
3.公开财政预决算。按时公开部门预决算。（责任单位：市财政局、市统筹办；完成时限：2026年6月底前）
4.提升政府网站能力水平。全面完成政府网站支持互联网协议第6版工作任务。（牵头单位：市政府办公室；责任单位：各区县政府；完成时限：2026年12月底前）
"""


def import_plan(city: City, text: str = PLAN, *, year: int | None = None) -> WorkPlan:
    result = services.workplan_import(
        actor=city.supervisor, text=text, year=year, dry_run=False
    )
    assert result.plan is not None
    return result.plan


def task(plan: WorkPlan, number: str) -> Task:
    return plan.tasks.get(number=number)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
