"""Importing work plans through the service: the five seeds against trees made of
their own unit names, re-import, files, the preview, unit names and the command."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.ledger import services
from gongkai.ledger.models import Progress, Task, UnitAlias, WorkPlan
from gongkai.ledger.states import TaskStatus
from gongkai.ledger.tests.helpers import PLAN, import_plan, make_city, seed_text, task
from gongkai.organizations.models import Unit, UnitKind
from gongkai.organizations.roles import Role
from gongkai.rules.workplan import parse_workplan
from tests.factories import UnitFactory, staff_with_role, xlsx_bytes

pytestmark = pytest.mark.django_db


def _government(name: str, short: str = "市政府") -> Unit:
    unit: Unit = UnitFactory.create(
        name=name, kind=UnitKind.GOVERNMENT, short_names=[short]
    )
    return unit


def _departments(parent: Unit, city: str, names: list[str]) -> dict[str, Unit]:
    """Departments under ``parent`` whose full name is the city's ("大连市司法局")
    and whose short name is what the plan prints ("市司法局")."""
    made = {}
    for name in names:
        full = city + name[1:] if name.startswith("市") else name
        made[name] = UnitFactory.create(
            name=full, kind=UnitKind.DEPARTMENT, parent=parent, short_names=[name]
        )
    return made


def _units_of(result: services.ImportResult) -> set[str]:
    names: set[str] = set()
    for preview in result.tasks:
        for match in (*preview.lead, *preview.responsible):
            names.update(u.name for u in match.units)
    return names


# --- the five seeds -------------------------------------------------------------------


def test_seed_000_changchun_units_and_collectives() -> None:
    gov = _government("长春高新技术产业开发区管理委员会", "管委会")
    depts = _departments(
        gov, "", ["党政综合办", "建设管理局", "社会管理局", "经济发展局", "财政局"]
    )
    streets = [
        UnitFactory.create(name=n, kind=UnitKind.TOWNSHIP, parent=gov)
        for n in ("双德街道办事处", "硅谷街道办事处")
    ]
    supervisor = staff_with_role(gov, Role.SUPERVISOR)
    text = seed_text("000")
    result = services.workplan_import(actor=supervisor, text=text, dry_run=False)
    parsed = parse_workplan(text)
    assert len(result.tasks) == len(parsed.tasks) == 20
    assert result.plan is not None and result.plan.tasks.count() == 20
    assert set(result.unmatched) == {
        "各园区",
        "各级政务大厅",
        "各财政预算单位",
        "政策起草部门",
        "重大行政决策制定部门",
    }
    first = result.plan.tasks.order_by("sort_order").first()
    assert first is not None
    assert list(first.lead_units.all()) == [depts["党政综合办"]]
    # "管委会各部门、各街道": every department and every street of the 管委会.
    # 党政综合办 is 牵头 and listed once, as 牵头.
    others = {u for n, u in depts.items() if n != "党政综合办"}
    assert set(first.responsible_units.all()) == others | set(streets)
    assert first.lead_text == "党政综合办"
    assert first.responsible_text == "管委会各部门、各园区、各街道"
    assert first.unmatched_units == [{"name": "各园区", "role": "responsible"}]


def test_seed_001_linyi_without_units_title_or_year() -> None:
    gov = _government("某县人民政府", "县政府")
    supervisor = staff_with_role(gov, Role.SUPERVISOR)
    text = seed_text("001")
    preview = services.workplan_import(actor=supervisor, text=text, dry_run=True)
    assert not preview.can_save
    assert any("标题" in p for p in preview.problems)
    assert any("年度" in p for p in preview.problems)
    with pytest.raises(ValidationError, match="未识别到计划标题"):
        services.workplan_import(actor=supervisor, text=text, dry_run=False)
    result = services.workplan_import(
        actor=supervisor,
        text=text,
        year=2022,
        title="某县2022年政务公开工作实施方案",
        dry_run=False,
    )
    assert result.plan is not None
    assert result.plan.year == 2022
    assert result.plan.tasks.count() == len(parse_workplan(text, year=2022).tasks) == 14
    assert result.unmatched == ()
    assert not Task.objects.filter(lead_units__isnull=False).exists()


def test_seed_002_shaoxing_traditional_all_units_matched() -> None:
    gov = _government("绍兴市人民政府")
    names = [
        "市政府办公室",
        "市人力社保局",
        "市农业农村局",
        "市医保局",
        "市卫生健康委",
        "市发改委",
        "市司法局",
        "市大数据局",
        "市委深改办",
        "市委编办",
        "市市场监管局",
        "市建设局",
        "市政务服务办公室",
        "市教育局",
        "市民政局",
        "市治水办",
        "市生态环境局",
        "市税务局",
        "市经信局",
        "市综合执法局",
        "市自然资源和规划局",
        "市财政局",
        "市金融办",
    ]
    depts = _departments(gov, "绍兴市", names)
    county = UnitFactory.create(
        name="绍兴市柯桥区人民政府", kind=UnitKind.GOVERNMENT, parent=gov
    )
    supervisor = staff_with_role(gov, Role.SUPERVISOR)
    text = seed_text("002")
    result = services.workplan_import(actor=supervisor, text=text, dry_run=False)
    assert len(result.tasks) == len(parse_workplan(text).tasks) == 31
    assert result.unmatched == ()
    assert result.year == 2019 and result.title == "2019年绍兴市政务公开工作要点"
    assert _units_of(result) == {u.name for u in depts.values()} | {county.name}
    # Simplified on import: no traditional characters are stored.
    assert "財政" not in "".join(t.responsible_text for t in Task.objects.all())


def test_seed_003_dongguan_table_with_towns_and_unmatched_names() -> None:
    gov = _government("东莞市人民政府")
    names = [
        "市交通运输局",
        "市人力资源社会保障局",
        "市住房城乡建设局",
        "市公安局",
        "市农业农村局",
        "市卫生健康局",
        "市发改局",
        "市司法局",
        "市商务局",
        "市城管局",
        "市市场监管局",
        "市应急管理局",
        "市政府办公室",
        "市政数局",
        "市教育局",
        "市文广旅体局",
        "市民政局",
        "市水务局",
        "市生态环境局",
        "市自然资源局",
        "市财政局",
    ]
    depts = _departments(gov, "东莞市", names)
    tax = UnitFactory.create(name="东莞市税务局", kind=UnitKind.DEPARTMENT, parent=gov)
    towns = [
        UnitFactory.create(name=n, kind=UnitKind.TOWNSHIP, parent=gov)
        for n in ("莞城街道办事处", "石龙镇人民政府")
    ]
    supervisor = staff_with_role(gov, Role.SUPERVISOR)
    text = seed_text("003")
    result = services.workplan_import(actor=supervisor, text=text, dry_run=False)
    assert len(result.tasks) == len(parse_workplan(text).tasks) == 50
    assert set(result.unmatched) == {
        "具有行政职能的其他单位",
        "具有行政职能的市直其他单位",
        "具有行政职能的市直各单位",
        "市直相关单位",
        "开设网站的市府直属各单位",
        "有关单位",
    }
    first = task(result.plan, "1") if result.plan else None
    assert first is not None
    # "各镇街（园区）": every town and street; the rest of the cell is unmatched.
    assert set(first.responsible_units.all()) == set(towns)
    everything = _units_of(result)
    assert tax.name in everything
    assert {u.name for u in depts.values()} <= everything


def test_seed_004_dalian_deadlines_and_collectives() -> None:
    gov = _government("大连市人民政府")
    names = [
        "市政府办公室",
        "市司法局",
        "市工信局",
        "市营商局",
        "市教育局",
        "市生态环境局",
        "市住房城乡建设局",
        "市交通运输局",
        "市卫生健康委",
        "市财政局",
        "市发展改革委",
    ]
    depts = _departments(gov, "大连市", names)
    district = UnitFactory.create(
        name="大连市中山区人民政府", kind=UnitKind.GOVERNMENT, parent=gov
    )
    supervisor = staff_with_role(gov, Role.SUPERVISOR)
    text = seed_text("004")
    result = services.workplan_import(actor=supervisor, text=text, dry_run=False)
    plan = result.plan
    assert plan is not None
    assert (plan.title, plan.doc_number, plan.year) == (
        "持续深化政务公开 做好当前重点工作的任务分解",
        "大政公开办〔2023〕2号",
        2023,
    )
    assert plan.unit == gov
    assert plan.tasks.count() == len(parse_workplan(text).tasks) == 17
    assert set(result.unmatched) == {"先导区管委会", "市政府各有关部门"}
    first = task(plan, "1")
    assert set(first.lead_units.all()) == {depts["市政府办公室"], depts["市司法局"]}
    leads = {depts["市政府办公室"], depts["市司法局"]}
    assert set(first.responsible_units.all()) == set(depts.values()) - leads | {
        district
    }
    assert first.deadline == dt.date(2023, 10, 31)
    assert first.deadline_text == "2023年10月底前"
    second = task(plan, "2")
    assert second.deadline is None and second.recurring
    assert second.status == TaskStatus.ONGOING
    assert first.status == TaskStatus.OVERDUE  # 2023 is long past
    seventh = task(plan, "7")
    assert not seventh.lead_units.exists()
    assert {u.name for u in seventh.responsible_units.all()} == {
        "大连市教育局",
        "大连市生态环境局",
        "大连市住房城乡建设局",
        "大连市交通运输局",
        "大连市卫生健康委",
    }
    event = AuditEvent.objects.get(verb="ledger.plan.imported")
    assert event.after["task_count"] == 17


# --- preview, re-import, files --------------------------------------------------------


def test_dry_run_saves_nothing_and_shows_matches() -> None:
    city = make_city()
    result = services.workplan_import(actor=city.supervisor, text=PLAN, dry_run=True)
    assert result.plan is None and not WorkPlan.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="ledger.").exists()
    assert result.unmatched == ("市统筹办",)
    assert any("市统筹办" in w for w in result.warnings)
    second = result.tasks[1]
    collective = second.responsible[0]
    assert collective.how == "collective"
    assert {u.name for u in collective.units} == {
        "示例市人民政府办公室",
        "示例市教育局",
        "示例市财政局",
        "示例市司法局",
    }
    data = result.to_json()
    assert list(data) == ["title", "doc_number", "issuer", "year", "tasks", "warnings"]


def test_reimport_updates_adds_and_withdraws_keeping_progress() -> None:
    city = make_city()
    plan = import_plan(city)
    first = task(plan, "1")
    services.progress_add(
        actor=city.education_editor, task=first, unit=city.education, text="已开展清理"
    )
    changed_text = (
        PLAN.replace("2026年10月底前", "2026年11月底前")
        .replace(
            "3.公开财政预决算。按时公开部门预决算。（责任单位：市财政局、市统筹办；完成时限：2026年6月底前）\n",
            "",
        )
        .replace("4.提升政府网站", "3.提升政府网站")
        + "5.开展政务公开培训。每季度组织一次业务培训。（牵头单位：市政府办公室；完成时限：2026年12月底前）\n"
    )
    preview = services.workplan_import(
        actor=city.supervisor, text=changed_text, dry_run=True
    )
    assert preview.existing == plan
    assert (preview.added, preview.updated, preview.withdrawn) == (1, 2, 1)
    result = services.workplan_import(
        actor=city.supervisor, text=changed_text, dry_run=False
    )
    assert result.plan == plan
    assert WorkPlan.objects.count() == 1
    first.refresh_from_db()
    assert first.deadline == dt.date(2026, 11, 30)
    assert Progress.objects.filter(task=first).count() == 1
    # Task 3 is now the website task (matched by section and number); old 4 vanished.
    website = task(plan, "3")
    assert website.title == "提升政府网站能力水平"
    assert Task.objects.get(plan=plan, number="4").withdrawn_at is not None
    assert task(plan, "5").title == "开展政务公开培训"
    assert AuditEvent.objects.filter(verb="ledger.plan.reimported").count() == 1
    assert AuditEvent.objects.filter(verb="ledger.task.withdrawn").count() == 1
    # Importing the original again restores the withdrawn task.
    services.workplan_import(actor=city.supervisor, text=PLAN, dry_run=False)
    assert Task.objects.get(plan=plan, number="4").withdrawn_at is None
    assert task(plan, "5").withdrawn_at is not None


def test_same_plan_without_doc_number_is_matched_by_title_and_year() -> None:
    city = make_city()
    text = PLAN.replace("示政公开办〔2026〕1号\n", "")
    import_plan(city, text)
    again = services.workplan_import(actor=city.supervisor, text=text, dry_run=True)
    assert again.existing is not None
    assert again.unchanged == 4 and again.added == 0


def test_import_from_xlsx_and_docx_bytes() -> None:
    city = make_city()
    data = xlsx_bytes(
        [
            (
                "全面公开行政规范性文件",
                "1.集中公开现行有效的行政规范性文件。",
                "市司法局",
                "2026年9月底前",
            ),
            ("提高解读质量", "2.做好政策解读。", "市教育局、市财政局", "长期坚持"),
        ],
        header=("工作任务", "具体要求", "落实单位", "完成时限"),
        preamble=[("示例市2026年政务公开工作任务分解表",)],
    )
    result = services.workplan_import(
        actor=city.supervisor, data=data, filename="任务分解.xlsx", dry_run=False
    )
    assert result.plan is not None and result.plan.year == 2026
    assert result.plan.source_name == "任务分解.xlsx"
    tasks = list(result.plan.tasks.order_by("sort_order"))
    assert [t.deadline for t in tasks] == [dt.date(2026, 9, 30), None]
    assert list(tasks[0].responsible_units.all()) == [city.justice]

    import docx

    document = docx.Document()
    document.add_paragraph("示例市2026年政务公开工作要点")
    document.add_paragraph("一、加强公开")
    document.add_paragraph(
        "1.公开财政预决算。按时公开。（责任单位：市财政局；完成时限：2026年6月底前）"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    docx_result = services.workplan_import(
        actor=city.supervisor,
        data=buffer.getvalue(),
        filename="要点.docx",
        dry_run=True,
    )
    assert docx_result.tasks[0].task.deadline == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (None, None, "请粘贴工作要点全文"),
        (b"x", "plan.pdf", "不支持的文件类型"),
        (b"", "plan.txt", "空文件"),
        (b"not a zip", "plan.docx", "无法读取 Word 文件"),
    ],
)
def test_unreadable_input_is_refused(
    data: bytes | None, filename: str | None, message: str
) -> None:
    city = make_city()
    with pytest.raises(ValidationError, match=message):
        services.workplan_import(
            actor=city.supervisor, data=data, filename=filename, dry_run=True
        )


def test_only_the_supervising_office_imports() -> None:
    city = make_city()
    with pytest.raises(PermissionDenied):
        services.workplan_import(
            actor=city.education_editor, text=PLAN, unit=city.government, dry_run=True
        )
    preview = services.workplan_import(
        actor=city.education_editor, text=PLAN, dry_run=True
    )
    assert preview.unit is None and not preview.can_save


# --- unit names -----------------------------------------------------------------------


def test_alias_assigns_imported_tasks_and_is_used_by_later_imports() -> None:
    city = make_city()
    bureau = UnitFactory.create(
        name="示例市统计局", kind=UnitKind.DEPARTMENT, parent=city.government
    )
    plan = import_plan(city)
    third = task(plan, "3")
    assert third.unmatched_units == [{"name": "市统筹办", "role": "responsible"}]
    services.unit_alias_set(actor=city.supervisor, name="市统筹办", units=[bureau])
    third.refresh_from_db()
    assert third.unmatched_units == []
    assert set(third.responsible_units.all()) == {city.finance, bureau}
    again = services.workplan_import(actor=city.supervisor, text=PLAN, dry_run=True)
    assert again.unmatched == ()
    match = again.tasks[2].responsible[1]
    assert (match.how, match.units) == ("alias", (bureau,))
    alias = UnitAlias.objects.get(name="市统筹办")
    services.unit_alias_remove(actor=city.supervisor, alias=alias)
    assert not UnitAlias.objects.exists()


def test_ambiguous_names_are_not_guessed() -> None:
    city = make_city()
    other = UnitFactory.create(name="某市人民政府", kind=UnitKind.GOVERNMENT)
    UnitFactory.create(name="某市财政局", parent=other, short_names=["市财政局"])
    UnitFactory.create(
        name="示例市财政局（旧）", parent=city.government, short_names=["市统筹办"]
    )
    UnitFactory.create(
        name="示例市统筹办公室", parent=city.government, short_names=["市统筹办"]
    )
    result = services.workplan_import(actor=city.supervisor, text=PLAN, dry_run=True)
    # 市财政局 exists twice, but only once under the plan's own government.
    assert result.tasks[2].responsible[0].units == (city.finance,)
    ambiguous = result.tasks[2].responsible[1]
    assert not ambiguous.matched and ambiguous.note.startswith("有2个单位")


# --- the command ------------------------------------------------------------------------


def test_command_prints_the_json_shape_and_saves(tmp_path: object) -> None:
    city = make_city()
    path = tmp_path / "plan.txt"  # type: ignore[operator]
    path.write_text(PLAN, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "workplan", "import", str(path), "--dry-run", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert list(data) == ["title", "doc_number", "issuer", "year", "tasks", "warnings"]
    assert data["doc_number"] == "示政公开办〔2026〕1号"
    assert data["tasks"][0] == {
        "section": "一、提升政策文件公开水平",
        "number": "1",
        "title": "全面公开现行有效行政规范性文件",
        "requirement": "将现行有效行政规范性文件集中公开。",
        "lead_units": ["市政府办公室", "市司法局"],
        "responsible_units": ["市教育局", "市财政局"],
        "deadline": "2026-10-31",
        "deadline_text": "2026年10月底前",
        "recurring": False,
    }
    assert not WorkPlan.objects.exists()
    text = io.StringIO()
    call_command("workplan", "import", str(path), "--year", "2026", stdout=text)
    assert "已保存，共4项任务" in text.getvalue()
    plan = WorkPlan.objects.get()
    assert plan.unit == city.government  # the only root of the tree
    assert "市统筹办（未匹配）" in text.getvalue()


def test_command_needs_an_existing_file_and_known_unit(tmp_path: object) -> None:
    make_city()
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("workplan", "import", "/nonexistent/plan.txt")
    path = tmp_path / "plan.txt"  # type: ignore[operator]
    path.write_text(PLAN, encoding="utf-8")
    with pytest.raises(CommandError, match="单位树中没有"):
        call_command("workplan", "import", str(path), "--unit", "不存在的单位")
