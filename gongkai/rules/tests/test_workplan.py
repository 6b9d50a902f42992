"""Unit tests of the work-plan parser: deadlines, units, layouts, files."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import pytest

from gongkai.rules import workplan, workplan_units
from gongkai.rules.workplan import (
    ParsedPlan,
    PlanTask,
    extract_text,
    parse_deadline,
    parse_workplan,
    split_units,
)

DATA = Path(__file__).parent / "data" / "workplan"


def _task(plan: ParsedPlan, number: str) -> PlanTask:
    matches = [task for task in plan.tasks if task.number == number]
    assert len(matches) == 1, [t.number for t in plan.tasks]
    return matches[0]


# ---------------------------------------------------------------------------
# parse_deadline
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2023年10月底前", None, (date(2023, 10, 31), "2023年10月底前", False)),
        ("7月底前", 2021, (date(2021, 7, 31), "7月底前", False)),
        ("10月底前", 2023, (date(2023, 10, 31), "10月底前", False)),
        ("年底前", 2022, (date(2022, 12, 31), "年底前", False)),
        ("2021年底前", None, (date(2021, 12, 31), "2021年底前", False)),
        ("2021年年底前", None, (date(2021, 12, 31), "2021年年底前", False)),
        ("今年底前", 2024, (date(2024, 12, 31), "今年底前", False)),
        ("年内", 2024, (date(2024, 12, 31), "年内", False)),
        ("6月30日前", 2023, (date(2023, 6, 30), "6月30日前", False)),
        ("2019年7月1日前", None, (date(2019, 7, 1), "2019年7月1日前", False)),
        ("2月底前", 2024, (date(2024, 2, 29), "2月底前", False)),
        ("三季度末", 2023, (date(2023, 9, 30), "三季度末", False)),
        ("第一季度", 2023, (date(2023, 3, 31), "第一季度", False)),
        ("2023年第四季度", None, (date(2023, 12, 31), "2023年第四季度", False)),
        ("上半年", 2023, (date(2023, 6, 30), "上半年", False)),
        ("下半年", 2023, (date(2023, 12, 31), "下半年", False)),
        ("12月中旬前", 2023, (date(2023, 12, 20), "12月中旬前", False)),
        ("十月底前", 2023, (date(2023, 10, 31), "十月底前", False)),
        (
            "二〇二三年十二月底前",
            None,
            (date(2023, 12, 31), "二〇二三年十二月底前", False),
        ),
        ("明年3月底前", 2023, (date(2024, 3, 31), "明年3月底前", False)),
        ("2021年12月底前完成", None, (date(2021, 12, 31), "2021年12月底前", False)),
        ("2024.6.30", None, (date(2024, 6, 30), "2024.6.30", False)),
        ("2023年10月31日", None, (date(2023, 10, 31), "2023年10月31日", False)),
        ("２０２３年１０月底前", None, (date(2023, 10, 31), "2023年10月底前", False)),
        ("每季度", 2023, (None, "每季度", True)),
        ("每月4日前", 2023, (None, "每月4日前", True)),
        ("长期坚持", 2023, (None, "长期坚持", True)),
        ("持续推进", 2023, (None, "持续推进", True)),
        ("长期", 2023, (None, "长期", True)),
        ("常态化", 2023, (None, "常态化", True)),
        # Several: the last date wins, all kept as written.
        (
            "2023年6月底前完成初稿，2023年12月底前全面完成",
            None,
            (date(2023, 12, 31), "2023年6月底前；2023年12月底前", False),
        ),
        (
            "2023年10月底前，并长期坚持",
            None,
            (date(2023, 10, 31), "2023年10月底前；长期坚持", True),
        ),
        # Never invented.
        ("7月底前", None, (None, "7月底前", False)),
        ("年底前", None, (None, "年底前", False)),
        ("10月前", 2023, (None, "10月前", False)),  # before or by October?
        ("2月30日前", 2023, (None, "2月30日前", False)),
        ("根据工作需要", 2023, (None, "根据工作需要", False)),
        ("", 2023, (None, "", False)),
    ],
)
def test_parse_deadline(
    text: str, year: int | None, expected: tuple[date | None, str, bool]
) -> None:
    assert parse_deadline(text, year=year) == expected


def test_parse_deadline_reads_traditional_characters() -> None:
    assert parse_deadline("長期堅持", year=2019) == (None, "长期坚持", True)


# ---------------------------------------------------------------------------
# split_units
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市政府办公室、市司法局", ["市政府办公室", "市司法局"]),
        (
            "各区市县政府、先导区管委会，市政府各部门",
            ["各区市县政府", "先导区管委会", "市政府各部门"],
        ),
        ("市营商局；市政府办公室", ["市营商局", "市政府办公室"]),
        ("市营商局 市政府办公室", ["市营商局", "市政府办公室"]),
        ("市营商局/市政府办公室", ["市营商局", "市政府办公室"]),
        ("党政综合办和政策起草部门", ["党政综合办", "政策起草部门"]),
        ("市公安局及各分局", ["市公安局", "各分局"]),
        # 和 inside a name is not a separator.
        ("市自然资源和规划局", ["市自然资源和规划局"]),
        (
            "市工业和信息化局、市住房和城乡建设局",
            ["市工业和信息化局", "市住房和城乡建设局"],
        ),
        # 、 inside a collective name is not a separator.
        ("市政府各部门，各区、县〔市〕政府", ["市政府各部门", "各区、县（市）政府"]),
        ("各县(市、区)政府", ["各县（市、区）政府"]),
        ("各镇街(园区);市政数局", ["各镇街（园区）", "市政数局"]),
        # Glued names, split with the built-in list.
        ("市教育局市卫生健康委市医保局", ["市教育局", "市卫生健康委", "市医保局"]),
        ("区政府办公室区财政局", ["区政府办公室", "区财政局"]),
        # A level prefix written once is shared.
        (
            "市发改局、商务局、市场监管局",
            ["市发改局", "市商务局", "市市场监管局"],
        ),
        ("东莞市税务局", ["东莞市税务局"]),
        # Role words are not names.
        ("市发改局、教育局等单位按职责分工落实", ["市发改局", "市教育局"]),
        ("市财政局分别牵头负责", ["市财政局"]),
        ("市委市政府督查室", ["市委市政府督查室"]),
        ("", []),
    ],
)
def test_split_units(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


def test_split_units_glued_with_known_units() -> None:
    known = ["高新区党政综合办", "高新区财政金融局", "高新区社会事业局"]
    assert (
        split_units(
            "高新区党政综合办高新区财政金融局高新区社会事业局", known_units=known
        )
        == known
    )
    # Without the directory the run cannot be split honestly: kept whole.
    assert split_units("党政综合办财政金融局社会事业局") == [
        "党政综合办财政金融局社会事业局"
    ]


def test_split_units_glued_known_and_builtin_mixed() -> None:
    names = split_units(
        "市教育局市卫生健康委市新区建设局", known_units=["市新区建设局"]
    )
    assert names == ["市教育局", "市卫生健康委", "市新区建设局"]


def test_builtin_list_is_data() -> None:
    names = workplan_units.builtin_unit_names()
    for name in (
        "市政府办公室",
        "市发展改革委",
        "市教育局",
        "市公安局",
        "市民政局",
        "市司法局",
        "市财政局",
        "市人力资源社会保障局",
        "市自然资源局",
        "市生态环境局",
        "市住房城乡建设局",
        "市交通运输局",
        "市水务局",
        "市农业农村局",
        "市商务局",
        "市文化广电旅游局",
        "市卫生健康委",
        "市应急管理局",
        "市审计局",
        "市市场监管局",
        "市统计局",
        "市医保局",
        "市政务服务数据管理局",
        "市信访局",
        "区财政局",
        "县教育局",
        "各区市县政府",
        "各镇街",
        "市直各部门",
    ):
        assert name in names, name


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


ROWS = """\
某市2024年政务公开工作要点任务分工
某市人民政府办公室
2024年3月1日
序号 | 工作任务 | 具体要求 | 牵头单位 | 责任单位 | 完成时限
一、加强政策解读 | | | | |
1 | 深化政策解读 | 围绕重大政策开展解读，做到图解全覆盖。 | 市政府办公室 | 各区县政府、市直各部门 | 2024年6月底前
2 | 回应社会关切 | 加强舆情监测，及时回应。 | 市政府办公室 | 市教育局市卫生健康委市医保局 | 长期坚持
二、推进基层标准化 | | | | |
3 | 更新标准目录 | 动态更新基层政务公开标准目录。 | 市政务服务数据管理局 | 各镇街 | 三季度末
4 | 公开专区建设 | 建设实体政务公开专区。 | 市政务服务数据管理局 |  | 10月前
"""


def test_table_flattened_with_separators() -> None:
    plan = parse_workplan(ROWS)
    assert plan.title == "某市2024年政务公开工作要点任务分工"
    assert plan.issuer == "某市人民政府办公室"
    assert plan.year == 2024
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"]
    one, two, three, four = plan.tasks
    assert one.section == "一、加强政策解读"
    assert one.title == "深化政策解读"
    assert one.requirement == "围绕重大政策开展解读，做到图解全覆盖。"
    assert one.lead_units == ("市政府办公室",)
    assert one.responsible_units == ("各区县政府", "市直各部门")
    assert (one.deadline, one.deadline_text) == (date(2024, 6, 30), "2024年6月底前")
    assert two.responsible_units == ("市教育局", "市卫生健康委", "市医保局")
    assert (two.deadline, two.recurring) == (None, True)
    assert three.section == "二、推进基层标准化"
    assert three.deadline == date(2024, 9, 30)
    assert (four.deadline, four.deadline_text) == (None, "10月前")
    assert any("10月前" in w for w in plan.warnings)


def test_table_tabs_and_markdown() -> None:
    tabbed = (
        "工作任务\t责任单位\t完成时限\n1.做好政策解读。\t市政府办公室\t2023年12月底前\n"
    )
    plan = parse_workplan(tabbed, year=2023)
    task = _task(plan, "1")
    assert task.requirement == "做好政策解读。"
    assert task.responsible_units == ("市政府办公室",)
    assert task.deadline == date(2023, 12, 31)
    markdown = (
        "| 序号 | 工作任务 | 牵头单位 | 完成时限 |\n"
        "|---|---|---|---|\n"
        "| 1 | 做好政策解读，提高质量。 | 市政府办公室 | 长期坚持 |\n"
    )
    task = _task(parse_workplan(markdown, year=2023), "1")
    assert task.lead_units == ("市政府办公室",)
    assert task.recurring is True


def test_table_one_cell_per_line() -> None:
    text = (DATA / "cells_one_per_line.txt").read_text(encoding="utf-8")
    plan = parse_workplan(text)
    assert plan.year == 2023
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    one, two, three = plan.tasks
    assert one.requirement == "加强组织领导，明确分管负责人，配齐工作人员。"
    assert one.responsible_units == ("县政府办公室",)
    assert one.deadline == date(2023, 12, 31)
    assert two.responsible_units == ("县司法局", "县政府办公室")
    assert (two.deadline, two.deadline_text, two.recurring) == (None, "持续推进", True)
    assert three.requirement == "做好财政预决算公开。"
    assert three.deadline == date(2023, 6, 30)


def test_table_one_cell_per_line_with_pipes_and_merged_cells() -> None:
    text = (DATA / "cells_with_pipes.txt").read_text(encoding="utf-8")
    plan = parse_workplan(text)
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"]
    one, two, three, four = plan.tasks
    assert one.title == two.title == "做好政策解读"
    assert one.lead_units == ("区政府办公室",)
    assert one.responsible_units == ("区直各部门",)
    assert two.responsible_units == ("区司法局",)
    # Task 3's units cell is empty: nothing is carried over, a warning is given.
    assert three.title == "做好政策解读"
    assert (three.lead_units, three.responsible_units) == ((), ())
    assert any("3" in w and "合并" in w for w in plan.warnings)
    assert four.title == "回应社会关切"
    assert four.responsible_units == ("各街道",)
    assert four.deadline == date(2022, 12, 31)


def test_spaced_out_headers() -> None:
    text = (
        "2022年政务公开工作要点分工\n"
        "工 作 任 务 | 具 体 要 求 | 落 实 单 位\n"
        "政策解读 | 1.强化政策解读，提高解读质量。 2.做好政策问答。 | 区政府办公室牵头，区直各部门配合\n"
        "回应关切 | 3.做好舆情回应。 | 区直各部门\n"
    )
    plan = parse_workplan(text)
    assert [(t.number, t.title) for t in plan.tasks] == [
        ("1", "政策解读"),
        ("2", "政策解读"),
        ("3", "回应关切"),
    ]
    assert plan.tasks[0].requirement == "强化政策解读，提高解读质量。"
    assert plan.tasks[1].requirement == "做好政策问答。"
    assert plan.tasks[1].lead_units == ("区政府办公室",)
    assert plan.tasks[1].responsible_units == ("区直各部门",)
    assert plan.tasks[2].lead_units == ()


def test_spaced_headers_one_per_line() -> None:
    text = "工 作 任 务\n责 任 单 位\n完 成 时 限\n1.做好政策解读。\n市司法局\n年底前\n"
    task = _task(parse_workplan(text, year=2025), "1")
    assert task.responsible_units == ("市司法局",)
    assert task.deadline == date(2025, 12, 31)


def test_units_clause_closing_a_paragraph() -> None:
    text = (DATA / "closing_clauses.txt").read_text(encoding="utf-8")
    plan = parse_workplan(text)
    assert plan.year == 2023
    one, two, three = plan.tasks
    assert (one.section, one.number, one.title) == (
        "一、深化政策解读",
        "1",
        "做好政策解读",
    )
    assert one.requirement == "围绕重大政策开展解读。"
    assert one.responsible_units == ("区政府办公室", "区司法局")
    assert one.deadline == date(2023, 10, 31)
    # Labels on lines of their own after the paragraph.
    assert two.requirement == "加强舆情回应，及时发布权威信息。"
    assert two.lead_units == ("区政府办公室",)
    assert two.responsible_units == ("各街道",)
    assert (two.deadline, two.recurring) == (None, True)
    assert three.section == "二、加强平台建设"
    assert three.requirement == "完成IPv6改造。"
    assert three.responsible_units == ("区政务服务数据管理局",)
    assert three.deadline == date(2023, 6, 30)


def test_paragraph_ending_in_units_parenthesis() -> None:
    text = (
        "2021年政务公开工作要点\n"
        "一、加强解读\n"
        "（一）做好政策解读\n"
        "围绕重大政策开展解读。7月底前完成专栏建设。（市政府办公室牵头，各部门按照职能分别落实）\n"
        "（二）回应关切。及时回应社会关切。（市委宣传部、市政府办公室分别牵头）"
        "做好舆情监测。（市委网信办负责）\n"
    )
    plan = parse_workplan(text)
    assert [t.number for t in plan.tasks] == ["（一）", "（二）-1", "（二）-2"]
    first = plan.tasks[0]
    assert first.title == "做好政策解读"
    assert first.requirement == "围绕重大政策开展解读。7月底前完成专栏建设。"
    assert first.lead_units == ("市政府办公室",)
    assert first.responsible_units == ("各部门",)
    assert (first.deadline, first.deadline_text) == (date(2021, 7, 31), "7月底前")
    assert plan.tasks[1].lead_units == ("市委宣传部", "市政府办公室")
    assert plan.tasks[2].responsible_units == ("市委网信办",)
    assert plan.tasks[2].title == "回应关切"


def test_parentheses_that_are_not_units_stay_in_the_text() -> None:
    text = (
        "2021年政务公开工作要点\n"
        "一、规范管理\n"
        "1.规范公开。按照《办法（试行）》（某政发〔2020〕3号）要求，各部门（单位）做好公开（包括解读）。"
        "（市政府办公室牵头）\n"
    )
    task = parse_workplan(text).tasks[0]
    assert task.requirement == (
        "按照《办法（试行）》（某政发〔2020〕3号）要求，各部门（单位）做好公开（包括解读）。"
    )
    assert task.lead_units == ("市政府办公室",)


def test_subpoints_fold_into_their_task() -> None:
    text = (
        "2023年政务公开工作要点\n"
        "一、平台建设\n"
        "1.加强政府网站建设。具体要求：\n"
        "（1）完善栏目设置；\n"
        "（2）做好内容保障。（牵头单位：市政府办公室；完成时限：2023年9月底前）\n"
        "2.加强新媒体管理。（牵头单位：市委网信办）\n"
    )
    plan = parse_workplan(text)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    first = plan.tasks[0]
    assert "（1）完善栏目设置；" in first.requirement
    assert first.lead_units == ("市政府办公室",)
    assert first.deadline == date(2023, 9, 30)


def test_traditional_characters_are_folded() -> None:
    text = (
        "2020年某市政務公開工作要點\n"
        "一、加強政策解讀\n"
        "（一）深入解讀重要政策。認真執行解讀辦法。（市政府辦公室牽頭負責）\n"
    )
    plan = parse_workplan(text)
    assert plan.title == "2020年某市政务公开工作要点"
    task = plan.tasks[0]
    assert task.section == "一、加强政策解读"
    assert task.title == "深入解读重要政策"
    assert task.lead_units == ("市政府办公室",)


def test_doc_number_brackets_are_normalised() -> None:
    for written in (
        "长高政公组字﹝2021﹞1号",
        "长高政公组字〔2021〕1号",
        "长高政公组字[2021]1号",
        "长高政公组字【2021】1号",
        "长高政公组字［2021］1号",
        "长高政公组字(2021)1号",
        "长高政公组字（2021）1号",
    ):
        text = f"{written}\n高新区政务公开工作要点\n一、加强解读\n1.做好解读。（党政综合办牵头）\n"
        plan = parse_workplan(text)
        assert plan.doc_number == "长高政公组字〔2021〕1号", written
        assert plan.year == 2021  # the title has no year: from the 文号


def test_no_deadline_is_invented() -> None:
    text = "某区政务公开工作要点\n一、加强解读\n1.做好解读。7月底前完成。（区政府办公室牵头）\n"
    plan = parse_workplan(text)
    task = plan.tasks[0]
    assert plan.year is None
    assert (task.deadline, task.deadline_text) == (None, "7月底前")
    assert any("年度" in w for w in plan.warnings)
    task = parse_workplan(text, year=2021).tasks[0]
    assert task.deadline == date(2021, 7, 31)


def test_unreadable_deadline_is_kept_and_warned() -> None:
    text = "工作任务 | 责任单位 | 完成时限\n1.做好解读。 | 市政府办公室 | 视情况而定\n"
    plan = parse_workplan(text, year=2023)
    task = plan.tasks[0]
    assert (task.deadline, task.deadline_text, task.recurring) == (
        None,
        "视情况而定",
        False,
    )
    assert any("视情况而定" in w and "无法识别" in w for w in plan.warnings)


def test_dropped_text_that_looks_like_a_task_is_warned() -> None:
    text = (
        "2023年政务公开工作要点\n"
        "一、加强解读\n"
        "1.做好解读。围绕政策开展解读。（责任单位：市政府办公室）\n"
        "各单位要于2023年6月底前报送总结。（责任单位：市政府办公室）\n"
    )
    plan = parse_workplan(text)
    assert len(plan.tasks) == 1
    assert any("未导入" in w and "报送总结" in w for w in plan.warnings)


def test_body_deadline_phrases_need_a_clear_form() -> None:
    text = (
        "2021年政务公开工作要点\n"
        "一、加强考核\n"
        "1.加强考核。纳入年底评优考核范围，截至2021年6月底已完成一半。（市政府办公室牵头）\n"
    )
    task = parse_workplan(text).tasks[0]
    assert (task.deadline, task.deadline_text) == (None, "")


def test_to_json() -> None:
    plan = parse_workplan(ROWS)
    data = plan.to_json()
    assert data["title"] == "某市2024年政务公开工作要点任务分工"
    assert data["year"] == 2024
    tasks = data["tasks"]
    assert isinstance(tasks, list)
    assert tasks[0] == {
        "section": "一、加强政策解读",
        "number": "1",
        "title": "深化政策解读",
        "requirement": "围绕重大政策开展解读，做到图解全覆盖。",
        "lead_units": ["市政府办公室"],
        "responsible_units": ["各区县政府", "市直各部门"],
        "deadline": "2024-06-30",
        "deadline_text": "2024年6月底前",
        "recurring": False,
    }
    assert tasks[1]["deadline"] is None


# ---------------------------------------------------------------------------
# extract_text
# ---------------------------------------------------------------------------


def test_extract_text_docx_with_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某市2024年政务公开工作要点任务分工")
    document.add_paragraph("一、加强政策解读")
    table = document.add_table(rows=4, cols=4)
    for column, header in enumerate(["工作任务", "具体要求", "责任单位", "完成时限"]):
        table.cell(0, column).text = header
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "深化政策解读"
    table.cell(1, 1).text = "1.围绕重大政策开展解读。"
    table.cell(1, 2).text = "市政府办公室牵头，市直各部门配合"
    table.cell(1, 3).text = "2024年6月底前"
    table.cell(2, 1).text = "2.做好政策问答。"
    table.cell(2, 2).text = "市司法局"
    table.cell(2, 3).text = "长期坚持"
    section = table.cell(3, 0).merge(table.cell(3, 3))
    section.text = "二、推进基层标准化"
    document.add_paragraph("附件：任务清单")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    text = extract_text(path)
    assert text.splitlines() == [
        "某市2024年政务公开工作要点任务分工",
        "一、加强政策解读",
        "工作任务 | 具体要求 | 责任单位 | 完成时限",
        "深化政策解读 | 1.围绕重大政策开展解读。 | 市政府办公室牵头，市直各部门配合 | 2024年6月底前",
        "深化政策解读 | 2.做好政策问答。 | 市司法局 | 长期坚持",
        "二、推进基层标准化",
        "附件：任务清单",
    ]
    plan = parse_workplan(text)
    assert plan.year == 2024
    assert [(t.section, t.number, t.title) for t in plan.tasks] == [
        ("一、加强政策解读", "1", "深化政策解读"),
        ("一、加强政策解读", "2", "深化政策解读"),
    ]
    assert plan.tasks[0].lead_units == ("市政府办公室",)
    assert plan.tasks[0].responsible_units == ("市直各部门",)
    assert plan.tasks[1].recurring is True


def test_extract_text_xlsx(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2023年政务公开工作要点任务分工表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
    sheet.append(
        [
            1,
            "加强政策解读，提高质量。",
            "市政府办公室",
            "各区县政府",
            datetime(2023, 10, 31),
        ]
    )
    sheet.append([2, "做好政策问答。", None, "市司法局", "三季度末"])
    sheet.merge_cells("C3:C4")
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    text = extract_text(path)
    assert text.splitlines()[:4] == [
        "2023年政务公开工作要点任务分工表 |  |  |  |  |",
        "序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限 |",
        "1 | 加强政策解读，提高质量。 | 市政府办公室 | 各区县政府 | 2023年10月31日 |",
        "2 | 做好政策问答。 | 市政府办公室 | 市司法局 | 三季度末 |",
    ]
    plan = parse_workplan(text)
    assert plan.title == "2023年政务公开工作要点任务分工表"
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[0].deadline == date(2023, 10, 31)
    assert plan.tasks[1].lead_units == ("市政府办公室",)  # merged cell filled down
    assert plan.tasks[1].deadline == date(2023, 9, 30)


def test_extract_text_txt_encodings(tmp_path: Path) -> None:
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes("\ufeff2023年政务公开工作要点".encode())
    assert extract_text(utf8) == "2023年政务公开工作要点"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("2023年政务公开工作要点".encode("gb18030"))
    assert extract_text(gbk) == "2023年政务公开工作要点"


def test_extract_text_rejects_other_files(tmp_path: Path) -> None:
    doc = tmp_path / "plan.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValueError, match="不支持的文件类型"):
        extract_text(doc)
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="无法读取 Word 文件"):
        extract_text(broken)
    broken_xlsx = tmp_path / "plan.xlsx"
    broken_xlsx.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="无法读取 Excel 文件"):
        extract_text(broken_xlsx)
    with pytest.raises(ValueError, match="找不到文件"):
        extract_text(tmp_path / "missing.txt")


# ---------------------------------------------------------------------------
# Hard rule: pure Python
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("module", [workplan, workplan_units])
def test_no_django_import(module: object) -> None:
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
