"""The five real work plans (seeds): the tasks a careful reader lists, by hand.

Each expectation below was written by reading the seed text, not by running
the parser. A row is (section, number, title, lead units, responsible units,
deadline, deadline as written, recurring).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from gongkai.rules.workplan import ParsedPlan, PlanTask, parse_workplan

DATA = Path(__file__).parent / "data" / "workplan"

Row = tuple[str, str, str, tuple[str, ...], tuple[str, ...], date | None, str, bool]


def _load(name: str, year: int | None = None) -> ParsedPlan:
    text = (DATA / name).read_text(encoding="utf-8")
    return parse_workplan(text, year=year)


def _row(task: PlanTask) -> Row:
    return (
        task.section,
        task.number,
        task.title,
        task.lead_units,
        task.responsible_units,
        task.deadline,
        task.deadline_text,
        task.recurring,
    )


def _assert_rows(plan: ParsedPlan, expected: list[Row]) -> None:
    assert len(plan.tasks) == len(expected)
    for task, row in zip(plan.tasks, expected, strict=True):
        assert _row(task) == row, f"task {task.section} {task.number}"


# ---------------------------------------------------------------------------
# Seed 000 — 长春高新区: heading lines "(一)…" with paragraphs ending in a
# parenthesis of units; a mangled 文号; no deadlines except "每月4日前".
# ---------------------------------------------------------------------------

S000_1 = "一、进一步做好信息公开条例的实施"
S000_2 = "二、进一步提高政策解读和回应社会关切的实效"
S000_3 = "三、进一步做好重点领域信息公开"
S000_4 = "四、进一步加强政务公开标准化规范化建设"
S000_5 = "五、进一步强化政务公开平台和渠道建设"
S000_6 = "六、进一步强化工作保障和监督"
ALL_000 = ("管委会各部门", "各园区", "各街道")
OFFICE_000 = ("党政综合办",)

SEED_000: list[Row] = [
    (
        S000_1,
        "（一）",
        "做好法定公开内容的日常维护",
        OFFICE_000,
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_1,
        "（二）",
        "优化依申请公开的服务体系",
        OFFICE_000,
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_1,
        "（三）",
        "规范信息公开管理",
        OFFICE_000,
        ("各部门", "各园区", "各街道"),
        None,
        "",
        False,
    ),
    # "（党政综合办负责解读材料的要件把关及报送工作，管委会各部门…按照职能落实）":
    # 负责, not 牵头 — read as a responsible unit.
    (
        S000_2,
        "（一）",
        "推进政策文件精准解读",
        (),
        ("党政综合办", *ALL_000),
        None,
        "",
        False,
    ),
    (
        S000_2,
        "（二）",
        "落实重大行政决策公众参与工作",
        OFFICE_000,
        ("重大行政决策制定部门", *ALL_000),
        None,
        "",
        False,
    ),
    (
        S000_2,
        "（三）",
        "及时回应社会关切",
        ("党政综合办", "政策起草部门"),
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_3,
        "（一）",
        "做好疫情防控常态化信息公开",
        ("党政综合办", "社会管理局"),
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_3,
        "（二）",
        "做好财政资金领域信息公开",
        ("财政局", "社会管理局"),
        ("各财政预算单位",),
        None,
        "",
        False,
    ),
    (
        S000_3,
        "（三）",
        "做好公共资源配置领域信息公开",
        OFFICE_000,
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_3,
        "（四）",
        "做好各类规划信息公开",
        ("经济发展局", "建设管理局"),
        ALL_000,
        None,
        "",
        False,
    ),
    (S000_3, "（五）", "其他重点领域", (), ALL_000, None, "", False),
    (
        S000_4,
        "（一）",
        "编制部门信息公开工作办法",
        OFFICE_000,
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_4,
        "（二）",
        "动态更新《基层标准化规范化目录》",
        OFFICE_000,
        ("各街道",),
        None,
        "",
        False,
    ),
    (
        S000_4,
        "（三）",
        "推进标准化规范化工作向村居延伸",
        ("各街道",),
        (),
        None,
        "",
        False,
    ),
    (
        S000_5,
        "（一）",
        "提升门户网站、政务新媒体公开主渠道建设和管理水平",
        OFFICE_000,
        ALL_000,
        None,
        "",
        False,
    ),
    (
        S000_5,
        "（二）",
        "加强政务公开专区建设",
        OFFICE_000,
        ("各级政务大厅", *ALL_000),
        None,
        "",
        False,
    ),
    (S000_6, "（一）", "加强学习，提高公开意识", (), (), None, "", False),
    (S000_6, "（二）", "狠抓任务落实", (), (), None, "", False),
    # "每月4日前，管委会各部门需将上个月台账报送党政综合办备案": a monthly duty.
    (S000_6, "（三）", "强化公开时效", (), (), None, "每月4日前", True),
    (S000_6, "（四）", "强化激励问责和工作监督", (), (), None, "", False),
]


def test_seed_000_metadata() -> None:
    plan = _load("000_fe1f8b64c1afa477.txt")
    assert plan.title == "高新区2021年政务公开工作要点及任务分工"
    assert plan.issuer == "长春高新区政务公开领导小组"
    assert plan.year == 2021
    # The web page dropped "﹞" and "号": kept as written, never completed.
    assert plan.doc_number == "长高政公组字﹝20211"
    assert any("文号" in w and "长高政公组字﹝20211" in w for w in plan.warnings)


def test_seed_000_tasks() -> None:
    plan = _load("000_fe1f8b64c1afa477.txt")
    _assert_rows(plan, SEED_000)


def test_seed_000_requirements() -> None:
    tasks = {(t.section, t.number): t for t in _load("000_fe1f8b64c1afa477.txt").tasks}
    first = tasks[(S000_1, "（一）")].requirement
    assert first.startswith("按照《长春新区信息公开工作办法（暂行）》")
    assert first.endswith("明晰权力边界。")
    assert "党政综合办牵头" not in first
    # 二（一） runs over two paragraphs; the units close the second.
    two = tasks[(S000_2, "（一）")].requirement
    assert two.startswith("按照长春新区《政策性文件解读和公开工作办法》")
    assert "\n政策起草部门要积极解答" in two
    assert two.endswith("实现政策找人、政策找企业。")
    timely = tasks[(S000_6, "（三）")].requirement
    assert "20个工作日内予以公开" in timely
    assert "每月4日前" in timely
    # The attachment list after the last task is not a task.
    last = tasks[(S000_6, "（四）")].requirement
    assert "附件" not in last
    assert last.endswith("严格对开展情况进行考核。")


def test_seed_000_warnings_name_the_tasks_without_units() -> None:
    plan = _load("000_fe1f8b64c1afa477.txt")
    missing = [w for w in plan.warnings if "未写明牵头单位或责任单位" in w]
    assert len(missing) == 4
    assert all(S000_6 in w for w in missing)


# ---------------------------------------------------------------------------
# Seed 001 — a county plan without title, 文号 or units: 一/二/三 are
# preamble (指导思想, 基本原则, 主要目标); tasks are 四/(x)/n and 五/(x).
# ---------------------------------------------------------------------------

S001_A = "四、组织实施 / （一）推动政务公开事项标准化"
S001_B = "四、组织实施 / （二）推动政务公开工作制度化"
S001_C = "四、组织实施 / （三）推动政务公开平台规范化"
S001_D = "五、保障措施"

SEED_001: list[tuple[str, str, str]] = [
    (S001_A, "1", "编制重点领域政务公开事项标准目录"),
    (S001_A, "2", "全面推进基层政务公开事项标准化规范化工作"),
    (S001_B, "1", "政府信息依法公开机制"),
    (S001_B, "2", "行政决策公众参与机制"),
    (S001_B, "3", "解读回应工作机制"),
    (S001_B, "4", "依申请公开工作机制"),
    (S001_B, "5", "政民互动工作机制"),
    (S001_B, "6", "社会关切回应工作机制"),
    (S001_C, "1", "充分发挥县政府网站“第一公开平台”作用"),
    (S001_C, "2", "因地制宜拓宽公开渠道"),
    (S001_C, "3", "严格做好政务新媒体备案和运维"),
    (S001_D, "（一）", "加强组织领导"),
    (S001_D, "（二）", "强化教育培训"),
    (S001_D, "（三）", "加强督导考核"),
]


def test_seed_001_metadata_is_not_invented() -> None:
    plan = _load("001_1116ba29eb660e83.txt")
    assert plan.title == ""
    assert plan.doc_number == ""  # the 文号 in the text belong to other documents
    assert plan.issuer == ""
    assert plan.year is None
    assert any("年度" in w for w in plan.warnings)
    assert any("标题" in w for w in plan.warnings)


def test_seed_001_tasks() -> None:
    plan = _load("001_1116ba29eb660e83.txt")
    expected: list[Row] = [
        (section, number, title, (), (), None, "", False)
        for section, number, title in SEED_001
    ]
    _assert_rows(plan, expected)
    # A plan that names no unit at all gets no "missing unit" warnings.
    assert not [w for w in plan.warnings if "未写明" in w]


def test_seed_001_year_argument() -> None:
    plan = _load("001_1116ba29eb660e83.txt", year=2022)
    assert plan.year == 2022
    assert not any("年度" in w for w in plan.warnings)
    assert [t.number for t in plan.tasks][:3] == ["1", "2", "1"]


def test_seed_001_requirements() -> None:
    tasks = {(t.section, t.number): t for t in _load("001_1116ba29eb660e83.txt").tasks}
    first = tasks[(S001_A, "1")].requirement
    assert first.startswith("根据国务院部门制定的重点领域标准指引")
    assert first.endswith("实行政务过程和结果全公开。")
    last = tasks[(S001_D, "（三）")].requirement
    assert last.startswith("县政府办公室要制定政务公开工作具体考核办法")
    assert "扫一扫" not in last
    every = "\n".join(t.requirement for t in tasks.values())
    assert "坚持以习近平新时代中国特色社会主义思想为指导" not in every  # 一、指导思想


# ---------------------------------------------------------------------------
# Seed 002 — 绍兴 2019, traditional characters; "(x)title。text(units)text(units)"
# — every units parenthesis closes one task ("（三）-1", "（三）-2").
# ---------------------------------------------------------------------------

S002_1 = "一、致力稳预期，加强政策解读和回应群众关切"
S002_2 = "二、致力强监督，纵深推进决策和执行公开"
S002_3 = "三、致力促落实，深化重点领域信息公开"
S002_4 = "四、致力优服务，加强公开平台建设"
S002_5 = "五、致力强保障，持续优化体制机制"
ALL_002 = ("市政府各部门", "各区、县（市）政府")
T002_31 = "加强三大攻坚战信息公开"
T002_32 = "深化“最多跑一次”改革信息公开"
T002_33 = "强化重点民生领域信息公开"
T002_35 = "加强重大建设项目批准和实施、公共资源配置等领域信息公开"

SEED_002: list[Row] = [
    (S002_1, "（一）", "深入解读重要政策", (), ALL_002, None, "", False),
    (S002_1, "（二）", "积极回应社会关切", (), ALL_002, None, "", False),
    (S002_1, "（三）-1", "增强解读回应效果", (), ALL_002, None, "", False),
    (
        S002_1,
        "（三）-2",
        "增强解读回应效果",
        ("市经信局", "市大数据局"),
        (),
        None,
        "",
        False,
    ),
    (S002_2, "（一）", "推进重要决策公开", (), ALL_002, None, "", False),
    (S002_2, "（二）", "推进重要部署执行公开", ("市政府办公室",), (), None, "", False),
    (
        S002_2,
        "（三）",
        "推动行政执法信息公开",
        ("市司法局", "市综合执法局"),
        (),
        None,
        "",
        False,
    ),
    (S002_3, "（一）-1", T002_31, ("市金融办",), (), None, "", False),
    (
        S002_3,
        "（一）-2",
        T002_31,
        ("市民政局", "市医保局", "市农业农村局", "市财政局"),
        (),
        None,
        "",
        False,
    ),
    (S002_3, "（一）-3", T002_31, ("市生态环境局", "市治水办"), (), None, "", False),
    (
        S002_3,
        "（二）-1",
        T002_32,
        ("市发改委", "市建设局", "市市场监管局", "市税务局"),
        (),
        None,
        "",
        False,
    ),
    (S002_3, "（二）-2", T002_32, ("市委编办",), (), None, "", False),
    # "…一站式公开;(市委深改办牵头负责)加强…": the parenthesis closes the
    # clause before it, the semicolon being misplaced.
    (S002_3, "（二）-3", T002_32, ("市委深改办",), (), None, "", False),
    (S002_3, "（二）-4", T002_32, ("市政务服务办公室",), (), None, "", False),
    (
        S002_3,
        "（二）-5",
        T002_32,
        ("市大数据局", "市政务服务办公室"),
        (),
        date(2019, 12, 31),
        "2019年底前",
        False,
    ),
    (S002_3, "（二）-6", T002_32, ("市司法局",), (), None, "", False),
    (S002_3, "（二）-7", T002_32, ("市发改委", "市市场监管局"), (), None, "", False),
    (S002_3, "（三）-1", T002_33, ("市人力社保局",), (), None, "", False),
    (S002_3, "（三）-2", T002_33, ("市教育局",), (), None, "", False),
    (S002_3, "（三）-3", T002_33, ("市建设局",), (), None, "", False),
    (S002_3, "（三）-4", T002_33, ("市卫生健康委", "市医保局"), (), None, "", False),
    (S002_3, "（四）", "细化财政信息公开", ("市财政局",), (), None, "", False),
    (S002_3, "（五）-1", T002_35, ("市发改委",), (), None, "", False),
    (S002_3, "（五）-2", T002_35, ("市政务服务办公室",), (), None, "", False),
    (S002_3, "（五）-3", T002_35, ("市自然资源和规划局",), (), None, "", False),
    (S002_4, "（一）", "推进政府网站提升发展", ("市大数据局",), (), None, "", False),
    (
        S002_4,
        "（二）",
        "推进政务新媒体有序发展",
        ("市政府办公室",),
        (),
        date(2019, 7, 1),
        "2019年7月1日前",
        False,
    ),
    (S002_4, "（三）", "推进政府公报创新发展", ("市政府办公室",), (), None, "", False),
    (S002_5, "（一）", "加强领导", (), (), None, "", False),
    (S002_5, "（二）", "健全制度", (), (), None, "", False),
    (S002_5, "（三）", "夯实基础", (), (), None, "", False),
]


def test_seed_002_metadata() -> None:
    plan = _load("002_91cc9bbc2359e795.txt")
    assert plan.title == "2019年绍兴市政务公开工作要点"
    assert plan.issuer == "绍兴市人民政府办公室"
    assert plan.doc_number == ""
    assert plan.year == 2019


def test_seed_002_tasks() -> None:
    _assert_rows(_load("002_91cc9bbc2359e795.txt"), SEED_002)


def test_seed_002_output_is_simplified_and_closing_text_dropped() -> None:
    plan = _load("002_91cc9bbc2359e795.txt")
    everything = str(plan.to_json())
    assert not re.search(r"[紹興辦務開門臺點陽]", everything)
    tasks = {(t.section, t.number): t for t in plan.tasks}
    assert tasks[(S002_3, "（二）-3")].requirement == (
        "推行市场主体和个人全生命周期的办事服务事项集成式、一站式公开"
    )
    assert tasks[(S002_1, "（三）-2")].requirement.startswith(
        "依托浙江政务服务网惠企帮扶"
    )
    last = tasks[(S002_5, "（三）")].requirement
    assert last.endswith("抓紧在政府网站上调整到位。")
    assert "各地各部门年度政务公开工作要点完成情况" not in everything
    assert "开奖" not in everything
    assert len([w for w in plan.warnings if "未写明" in w]) == 3


# ---------------------------------------------------------------------------
# Seed 003 — 东莞 2021: a 工作任务 | 具体要求 | 落实单位 table flattened one
# cell per line, merged cells left empty, several numbered tasks per cell.
# ---------------------------------------------------------------------------

TOWNS = "各镇街（园区）"
DIRECT = "具有行政职能的市直各单位"
OTHERS = "具有行政职能的市直其他单位"
A003 = (TOWNS, DIRECT)
T1 = "做好各类规划主动公开"
T2 = "做好市场规则标准和监管执法信息公开"
T3 = "做好财政信息公开"
T4 = "做好常态化疫情防控信息公开"
T5 = "持续推进粤港澳大湾区建设等重大政策发布解读"
T6 = "不断改进政策解读工作方式"
T7 = "切实增强回应关切效果"
T8 = "做好政务信息管理工作"
T9 = "完善政务公开平台建设"
T10 = "推进基层政务公开标准化规范化"
T11 = "落实《政府信息公开条例》"
T12 = "加强政务公开工作指导监督"
END_2021 = date(2021, 12, 31)
UNITS_34 = (
    "市发改局",
    "市政数局",
    "市教育局",
    "市公安局",
    "市财政局",
    "市民政局",
    "市司法局",
    "市人力资源社会保障局",
    "市住房城乡建设局",
    "市自然资源局",
    "市生态环境局",
    "市交通运输局",
    "市农业农村局",
    "市城管局",
    "市水务局",
    "市文广旅体局",
    "市卫生健康局",
    "市应急管理局",
    "市市场监管局",
    "东莞市税务局",
)
UNITS_41 = (
    "市发改局",
    "市教育局",
    "市卫生健康局",
    "市水务局",
    "市城管局",
    "市生态环境局",
    "市交通运输局",
)
OFFICE = ("市政府办公室",)


def _r003(
    number: int,
    title: str,
    lead: tuple[str, ...],
    responsible: tuple[str, ...],
    deadline: date | None = None,
    written: str = "",
    recurring: bool = False,
) -> Row:
    return ("", str(number), title, lead, responsible, deadline, written, recurring)


SEED_003: list[Row] = [
    _r003(1, "明确工作机构及领导职责", (), A003),
    _r003(2, "建立健全政务公开工作制度", (), A003, END_2021, "2021年底前"),
    _r003(3, T1, OFFICE, (TOWNS, "市政数局", "具有行政职能的其他单位")),
    # The 落实单位 cell of task 4 is empty (merged with task 3 on the web page):
    # not filled in, a warning asks the user.
    _r003(4, T1, (), ()),
    _r003(5, T2, ("市发改局", "市商务局", "市市场监管局"), (TOWNS, OTHERS)),
    _r003(6, T2, ("市发改局", "市商务局", "市市场监管局"), (TOWNS, OTHERS)),
    _r003(7, T2, ("市发改局", "市商务局", "市市场监管局"), (TOWNS, OTHERS)),
    _r003(8, T3, (), A003),
    _r003(9, T3, ("市财政局",), (TOWNS, OTHERS)),
    _r003(10, T3, ("市财政局",), (TOWNS, OTHERS)),
    _r003(11, T3, ("市财政局",), (TOWNS, OTHERS)),
    _r003(12, T4, ("市卫生健康局",), (TOWNS, OTHERS)),
    _r003(13, T4, ("市卫生健康局",), (TOWNS, OTHERS)),
    _r003(14, T4, ("市卫生健康局",), (TOWNS, OTHERS)),
    _r003(15, T5, (), A003),
    _r003(16, T5, (), A003),
    _r003(17, T6, (), A003),
    _r003(18, T6, OFFICE, (TOWNS, "市政数局", "有关单位")),
    _r003(19, T6, (), (TOWNS, "市直各单位")),
    _r003(20, T6, (), (TOWNS, "市直各单位")),
    _r003(21, T6, ("市政府办公室", "市政数局"), (TOWNS, OTHERS)),
    _r003(22, T6, ("市政府办公室", "市政数局"), (TOWNS, OTHERS)),
    _r003(23, T7, (), (TOWNS, "市直相关单位")),
    _r003(24, T7, (), (DIRECT,)),
    _r003(25, T7, OFFICE, (TOWNS, OTHERS)),
    _r003(26, T7, (), A003),
    _r003(27, T8, (), A003),
    _r003(28, T8, (), (TOWNS, "市政府办公室", "市司法局"), END_2021, "2021年底前"),
    _r003(29, T8, (), (DIRECT,), END_2021, "2021年底前"),
    _r003(30, T9, OFFICE, (TOWNS, OTHERS)),
    _r003(31, T9, OFFICE, (TOWNS, "市政数局")),
    _r003(
        32,
        T9,
        (),
        (TOWNS, "市政数局", "开设网站的市府直属各单位"),
        END_2021,
        "2021年底前",
    ),
    _r003(33, T9, (), OFFICE),
    # "2021年10月底前做好…，并长期坚持": the date, and recurring afterwards.
    _r003(34, T10, (), UNITS_34, date(2021, 10, 31), "2021年10月底前；长期坚持", True),
    _r003(35, T10, (), (TOWNS,)),
    _r003(36, T11, OFFICE, A003),
    _r003(37, T11, (), A003),
    _r003(38, T11, (), A003),
    _r003(39, T11, (), ("市司法局",)),
    _r003(40, T11, (), ("市司法局",)),
    _r003(41, T11, (), UNITS_41),
    _r003(42, T11, (), A003),
    _r003(43, T12, (), (TOWNS, "市政府办公室", DIRECT)),
    _r003(44, T12, (), (TOWNS, "市政府办公室", DIRECT)),
    _r003(45, T12, (), (TOWNS, "市政府办公室")),
    _r003(46, T12, (), (TOWNS, "市政府办公室")),
    _r003(47, T12, (), (TOWNS, "市政府办公室")),
    _r003(48, T12, (), (TOWNS, "市政府办公室")),
    _r003(49, T12, (), A003),
    _r003(50, T12, (), A003),
]


def test_seed_003_metadata() -> None:
    plan = _load("003_ab70099d35d4394f.txt")
    assert plan.title == "东莞市贯彻落实国家、省2021年政务公开工作要点分工方案"
    assert plan.issuer == "东莞市人民政府办公室"
    assert plan.doc_number == ""
    assert plan.year == 2021


def test_seed_003_tasks() -> None:
    _assert_rows(_load("003_ab70099d35d4394f.txt"), SEED_003)


def test_seed_003_requirements_and_warnings() -> None:
    plan = _load("003_ab70099d35d4394f.txt")
    tasks = {t.number: t for t in plan.tasks}
    assert tasks["2"].requirement.startswith(
        "2021年底前制定或完善本单位政务公开工作相关制度"
    )
    assert (
        tasks["5"].requirement
        == "主动公开全国统一的市场准入负面清单，及时根据调整情况做好更新发布。"
    )
    assert (
        tasks["7"].requirement
        == "强化行政执法信息公开，加强反垄断与反不正当竞争执法信息公开工作。"
    )
    assert (
        tasks["32"].requirement == "2021年底前政府网站（频道）全部支持互联网协议第6版。"
    )
    assert tasks["50"].requirement.startswith("对上一年度工作要点落实情况开展“回头看”")
    missing = [w for w in plan.warnings if "未写明" in w]
    assert len(missing) == 1
    assert "4" in missing[0] and "合并" in missing[0]


# ---------------------------------------------------------------------------
# Seed 004 — 大连 2023: "（牵头单位：…；责任单位：…；完成时限：…）".
# ---------------------------------------------------------------------------

S004_1 = "一、立足职责定位，努力提升政策文件公开水平"
S004_2 = "二、强化公众参与，不断完善政企政民互动功能"
S004_3 = "三、提升服务效能，助力营造良好创新创业生态"
S004_4 = "四、推动诉求办理，健全解决群众难题工作机制"
S004_5 = "五、优化平台功能，积极发挥政务公开渠道作用"
S004_6 = "六、持续改进作风，切实抓好各项工作落实到位"
B004 = ("各区市县政府", "先导区管委会", "市政府各部门")
B004_SHORT = ("各区市县政府", "先导区管委会")
KEEP = (None, "长期坚持", True)


def _r004(
    section: str,
    number: int,
    title: str,
    lead: tuple[str, ...],
    responsible: tuple[str, ...],
    when: tuple[date | None, str, bool],
) -> Row:
    return (section, str(number), title, lead, responsible, *when)


def _by(y: int, m: int, d: int, text: str) -> tuple[date | None, str, bool]:
    return date(y, m, d), text, False


SEED_004: list[Row] = [
    _r004(
        S004_1,
        1,
        "全面公开现行有效行政规范性文件",
        ("市政府办公室", "市司法局"),
        B004,
        _by(2023, 10, 31, "2023年10月底前"),
    ),
    _r004(S004_1, 2, "切实提高政策文件解读质量", OFFICE, B004, KEEP),
    _r004(
        S004_1,
        3,
        "积极开展三年行动相关信息公开",
        OFFICE,
        B004,
        _by(2023, 7, 31, "2023年7月底前"),
    ),
    _r004(
        S004_2,
        4,
        "规范政策文件公开征求社会意见工作",
        ("市政府办公室", "市司法局"),
        B004,
        KEEP,
    ),
    _r004(S004_2, 5, "发挥服务调查研究功能作用", OFFICE, B004, KEEP),
    _r004(
        S004_3,
        6,
        "推进惠企政策精准推送、免申即享",
        ("市工信局", "市营商局"),
        B004,
        _by(2023, 12, 31, "2023年12月底前"),
    ),
    _r004(
        S004_3,
        7,
        "有序开展公共企事业单位信息公开",
        (),
        (
            "市教育局",
            "市生态环境局",
            "市住房城乡建设局",
            "市交通运输局",
            "市卫生健康委",
        ),
        _by(2023, 10, 31, "2023年10月底前"),
    ),
    _r004(
        S004_3,
        8,
        "及时更新行政事业性收费目录",
        ("市财政局", "市政府办公室", "市发展改革委"),
        B004_SHORT,
        _by(2023, 7, 31, "2023年7月底前"),
    ),
    _r004(
        S004_3,
        9,
        "全面提升基层政务公开标准化规范化水平",
        OFFICE,
        ("各区市县政府", "先导区管委会", "市政府各有关部门"),
        _by(2023, 9, 30, "2023年9月底前"),
    ),
    _r004(S004_4, 10, "加强诉求办理平台建设", ("市营商局",), B004, KEEP),
    _r004(S004_4, 11, "发挥政府信息公开联系电话作用", OFFICE, B004, KEEP),
    _r004(
        S004_5,
        12,
        "提升政府网站能力水平",
        ("市政府办公室", "市营商局"),
        B004,
        _by(2023, 12, 31, "2023年12月底前"),
    ),
    _r004(
        S004_5,
        13,
        "强化政务新媒体管理",
        OFFICE,
        B004,
        _by(2023, 12, 31, "2023年12月底前"),
    ),
    _r004(
        S004_5,
        14,
        "务实推进实体政务公开专区建设",
        ("市营商局", "市政府办公室"),
        B004_SHORT,
        _by(2023, 12, 31, "2023年12月底前"),
    ),
    _r004(S004_6, 15, "切实落实审查制度", OFFICE, B004, KEEP),
    _r004(S004_6, 16, "深入开展调查研究", OFFICE, B004, KEEP),
    _r004(S004_6, 17, "加强工作指导监督", OFFICE, B004_SHORT, KEEP),
]


def test_seed_004_metadata() -> None:
    plan = _load("004_251355070ad81868.txt")
    assert plan.title == "持续深化政务公开 做好当前重点工作的任务分解"
    assert plan.doc_number == "大政公开办〔2023〕2号"
    assert plan.issuer == "大连市政务公开领导小组办公室"
    assert plan.year == 2023  # no year in the title: taken from the 文号
    assert plan.warnings == ()


def test_seed_004_tasks() -> None:
    _assert_rows(_load("004_251355070ad81868.txt"), SEED_004)


def test_seed_004_requirement_has_no_units_parenthesis() -> None:
    first = _load("004_251355070ad81868.txt").tasks[0]
    assert first.requirement.startswith("各地区及其部门要按照司法行政机关")
    assert first.requirement.endswith("在政府网站及时更新发布。")
    assert "牵头单位" not in first.requirement
    assert "完成时限" not in first.requirement


def test_seed_004_year_argument_wins() -> None:
    plan = _load("004_251355070ad81868.txt", year=2024)
    assert plan.year == 2024
    # Deadlines written with their own year keep it.
    assert plan.tasks[0].deadline == date(2023, 10, 31)


@pytest.mark.parametrize(
    "name",
    [
        "000_fe1f8b64c1afa477.txt",
        "001_1116ba29eb660e83.txt",
        "002_91cc9bbc2359e795.txt",
        "003_ab70099d35d4394f.txt",
        "004_251355070ad81868.txt",
    ],
)
def test_seed_json_shape(name: str) -> None:
    data = _load(name).to_json()
    assert list(data) == ["title", "doc_number", "issuer", "year", "tasks", "warnings"]
    tasks = data["tasks"]
    assert isinstance(tasks, list) and tasks
    for task in tasks:
        assert list(task) == [
            "section",
            "number",
            "title",
            "requirement",
            "lead_units",
            "responsible_units",
            "deadline",
            "deadline_text",
            "recurring",
        ]
        assert task["deadline"] is None or re.fullmatch(
            r"\d{4}-\d\d-\d\d", task["deadline"]
        )
