"""The tables computed from a year of records equal the tables counted by hand, cell by
cell; the HTML read back with the parser gives the same numbers and the checks pass."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reporting import selectors, services
from gongkai.reporting.compute import compute
from gongkai.reporting.models import Coverage
from gongkai.reporting.tables import covered_unit_ids
from gongkai.reporting.tests.helpers import (
    EXPECTED_FIGURES,
    EXPECTED_TABLE2_PREVIOUS,
    EXPECTED_TABLE2_RECORDS,
    EXPECTED_TABLE3,
    EXPECTED_TABLE4,
    YEAR,
    World,
    apply,
    build_year,
    make_world,
)
from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    TABLE3_ROWS,
    ReportFormat,
)
from gongkai.rules.annual_report_parse import parse_report

pytestmark = pytest.mark.django_db

F21 = ReportFormat.F2021


@pytest.fixture
def world() -> World:
    return build_year(make_world())


def test_table3_equals_the_hand_count_cell_by_cell(world: World) -> None:
    computed = compute([world.education.pk], YEAR, F21)
    t3 = computed.tables.table3
    keys = [row.key for row in TABLE3_ROWS[F21]]
    assert set(EXPECTED_TABLE3) == set(keys), "the hand count covers every row"
    for key in keys:
        for column in APPLICANT_COLUMNS:
            assert t3.get(key, column) == EXPECTED_TABLE3[key][column], (key, column)
    # every applicant column and every result row has at least one application
    for column in APPLICANT_COLUMNS:
        assert EXPECTED_TABLE3["new"][column] > 0, column
    for row in TABLE3_ROWS[F21]:
        if row.is_result:
            assert EXPECTED_TABLE3[row.key]["总计"] > 0, row.key
    assert computed.closed_in_year["总计"] == EXPECTED_TABLE3["total"]["总计"]
    assert computed.unclassified == {}


def test_table2_and_table4_equal_the_hand_count(world: World) -> None:
    computed = compute([world.education.pk], YEAR, F21)
    t2 = computed.tables.table2
    for row, cols in EXPECTED_TABLE2_RECORDS.items():
        for column, value in cols.items():
            assert t2.get(row, column) == value, (row, column)
    for row, cols in EXPECTED_FIGURES.items():
        for column, value in cols.items():
            assert t2.get(row, column) == value, (row, column)
    assert isinstance(t2.get("fees", "本年收费金额（单位：万元）"), Decimal)
    assert computed.entered_missing == []
    previous = compute([world.education.pk], YEAR - 1, F21).tables.table2
    for row, cols in EXPECTED_TABLE2_PREVIOUS.items():
        for column, value in cols.items():
            assert previous.get(row, column) == value, (row, column)
    t4 = computed.tables.table4
    for block, cols in EXPECTED_TABLE4.items():
        for column, value in cols.items():
            assert t4.get(block, column) == value, (block, column)


def test_html_read_back_gives_the_same_numbers_and_the_checks_pass(
    world: World,
) -> None:
    report = services.report_create(actor=world.office, unit=world.education, year=YEAR)
    data = selectors.report_data(report)
    html = selectors.report_document(report).tables
    from gongkai.reporting.exports import to_html

    page = to_html(selectors.report_document(report, data))
    parsed = parse_report(page)
    assert parsed.format is F21
    assert parsed.warnings == []
    for key in EXPECTED_TABLE3:
        for column in APPLICANT_COLUMNS:
            assert parsed.table3.get(key, column) == html.table3.get(key, column)
            assert parsed.table3.get(key, column) == EXPECTED_TABLE3[key][column]
    for row, cols in {**EXPECTED_TABLE2_RECORDS, **EXPECTED_FIGURES}.items():
        for column, value in cols.items():
            assert parsed.table2.get(row, column) == value, (row, column)
    for block, cols in EXPECTED_TABLE4.items():
        for column, value in cols.items():
            assert parsed.table4.get(block, column) == value
    assert parsed.checks and all(c.ok is True for c in parsed.checks), [
        c for c in parsed.checks if c.ok is not True
    ]
    # the checks of the report itself: everything passes except the cross-year
    # ones, which cannot be checked without last year's report
    failing = [c for c in data.checks if c.ok is False]
    assert failing == []
    assert any(c.ok is None and "上年报告" in c.detail for c in data.checks)


def test_cross_year_checks_pass_against_last_years_published_report(
    world: World,
) -> None:
    last = services.report_create(
        actor=world.office, unit=world.education, year=YEAR - 1
    )
    services.report_sections_update(
        actor=world.office,
        report=last,
        sections={"overview": "总体情况", "problems": "无", "other": "无"},
    )
    services.figures_set(
        actor=world.office,
        unit=world.education,
        year=YEAR - 1,
        values={k: dict.fromkeys(v, 0) for k, v in EXPECTED_FIGURES.items()},
    )
    services.report_publish(actor=world.leader, report=last)
    report = services.report_create(actor=world.office, unit=world.education, year=YEAR)
    data = selectors.report_data(report)
    assert "2023年报告（在本系统发布）" in data.previous_source
    cross = [c for c in data.checks if c.rule.startswith("跨年度")]
    assert len(cross) == len(APPLICANT_COLUMNS) + 2
    assert all(c.ok is True for c in cross), cross


def test_the_government_report_covers_its_level_not_lower_governments(
    world: World,
) -> None:
    apply(world.city, YEAR_DATE, "natural")
    apply(world.district, YEAR_DATE, "natural")
    apply(world.district_education, YEAR_DATE, "natural")
    level = compute(covered_unit_ids(world.city, Coverage.LEVEL), YEAR, F21).tables
    subtree = compute(covered_unit_ids(world.city, Coverage.SUBTREE), YEAR, F21).tables
    only = compute([world.city.pk], YEAR, F21).tables
    education_new = EXPECTED_TABLE3["new"]["总计"]
    # 市政府 itself, 教育局 and 财政局 (one application each to 市政府 and 财政局)
    assert level.table3.get("new", "总计") == 1 + education_new + 1
    assert subtree.table3.get("new", "总计") == 1 + education_new + 1 + 2
    assert only.table3.get("new", "总计") == 1
    # table 二 figures are summed over the units that entered them
    assert level.table2.get("licensing", "本年处理决定数量") == 120
    assert only.table2.get("licensing", "本年处理决定数量") is None


YEAR_DATE = __import__("datetime").date(YEAR, 6, 3)


def test_2019_format_for_years_before_2021(world: World) -> None:
    computed = compute([world.education.pk], 2020, ReportFormat.F2019)
    tables = computed.tables
    keys = [row.key for row in TABLE3_ROWS[ReportFormat.F2019]]
    assert "other" in keys and "other.other" not in keys
    assert tables.table3.get("new", "总计") == 0
    assert tables.table2.get("rules", "对外公开总数量") == 0
    assert tables.table2.get("normative_documents", "对外公开总数量") == 0
    # entered rows of the 2019 format are blank until filled in
    assert tables.table2.get("procurement", "采购总金额") is None
    assert "政府集中采购·采购总金额" in computed.entered_missing


def test_2019_format_folds_the_three_other_rows(world: World) -> None:
    computed = compute([world.education.pk], YEAR, ReportFormat.F2019)
    t3 = computed.tables.table3
    assert t3.get("other", "总计") == 3
    assert t3.get("total", "总计") == EXPECTED_TABLE3["total"]["总计"]
    assert t3.get("new", "总计") == EXPECTED_TABLE3["new"]["总计"]
    # 2019 format table 二: 新公开 = published in the year, 对外公开总数 = by its end
    t2 = computed.tables.table2
    assert t2.get("normative_documents", "本年新公开数量") == 3
    assert t2.get("normative_documents", "对外公开总数量") == 5
    assert t2.get("rules", "本年新制作数量") == 1
