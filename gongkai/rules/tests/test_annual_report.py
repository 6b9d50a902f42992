"""年度报告格式（表二、表三、表四）、勾稽核验和HTML版式。"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    TABLE2_ROWS,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    AnnualReportTables,
    Check,
    ReportFormat,
    Rule,
    Table2,
    Table3,
    Table4,
    check_report,
    render_html,
    table3_row,
    table3_row_label,
)

F2021 = ReportFormat.F2021
F2019 = ReportFormat.F2019


def cols(*values: int | None) -> dict[str, int | None]:
    """六个申请人列（不含总计）。"""
    assert len(values) == 6
    return dict(zip(APPLICANT_PARTS, values, strict=True))


def consistent_tables(fmt: ReportFormat = F2021) -> AnnualReportTables:
    """手工构造、各项勾稽关系都成立的一份报告。"""
    results: dict[str, dict[str, int | None]] = {
        "granted": cols(30, 3, 0, 1, 1, 0),
        "partial": cols(8, 1, 0, 0, 1, 0),
        "withheld.third_party": cols(3, 1, 0, 0, 0, 0),
        "withheld.process_info": cols(2, 0, 0, 0, 0, 1),
        "unable.not_held": cols(20, 2, 0, 0, 1, 0),
        "not_processed.petition": cols(6, 1, 0, 0, 0, 0),
    }
    if fmt is F2021:
        results["other.no_correction"] = cols(2, 0, 0, 0, 0, 0)
    else:
        results["other"] = cols(2, 0, 0, 0, 0, 0)
    values = {
        row.key: results.get(row.key, cols(0, 0, 0, 0, 0, 0))
        for row in TABLE3_ROWS[fmt]
        if row.is_result
    }
    values["carried_in"] = cols(4, 1, 0, 0, 0, 0)
    values["carried_out"] = cols(3, 2, 0, 0, 0, 0)
    # 总计 71+8+0+1+3+1 = 84；一 = 总计 + 四 − 二
    values["new"] = cols(70, 9, 0, 1, 3, 1)
    table3 = Table3(values).with_sums(fmt)
    if fmt is F2021:
        table2 = Table2(
            {
                "rules": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 3},
                "normative_documents": {
                    "本年制发件数": 2,
                    "本年废止件数": 1,
                    "现行有效件数": 17,
                },
                "licensing": {"本年处理决定数量": 4312},
                "penalty": {"本年处理决定数量": 287},
                "coercion": {"本年处理决定数量": 19},
                "fees": {"本年收费金额（单位：万元）": Decimal("3.6")},
            }
        )
    else:
        table2 = Table2({"rules": {"本年新制作数量": 1}})
    table4 = Table4(
        {
            "review": {"结果维持": 3, "结果纠正": 1, "其他结果": 0, "尚未审结": 1},
            "litigation_direct": {
                "结果维持": 1,
                "结果纠正": 0,
                "其他结果": 0,
                "尚未审结": 1,
            },
            "litigation_after_review": {
                "结果维持": 0,
                "结果纠正": 0,
                "其他结果": 0,
                "尚未审结": 0,
            },
        }
    ).with_sums()
    return AnnualReportTables(fmt, table2, table3, table4)


def by_rule(checks: list[Check], rule: Rule) -> list[Check]:
    return [c for c in checks if c.rule == rule.value]


# ---------------------------------------------------------------------------
# 格式数据


def test_table3_rows_follow_the_national_format() -> None:
    rows21 = TABLE3_ROWS[F2021]
    rows19 = TABLE3_ROWS[F2019]
    assert len(rows21) == 25
    assert len(rows19) == 23
    assert [r.key for r in rows21][:4] == ["new", "carried_in", "granted", "partial"]
    assert [r.key for r in rows21][-2:] == ["total", "carried_out"]
    # “三、本年度办理结果”在2019年格式中跨20行，在2021年格式中跨22行
    assert sum(1 for r in rows19 if r.section is not None) == 20
    assert sum(1 for r in rows21 if r.section is not None) == 22
    assert [r.key for r in rows21 if r.key.startswith("other")] == [
        "other.no_correction",
        "other.fee_unpaid",
        "other.other",
    ]
    assert [r.key for r in rows19 if r.key.startswith("other")] == ["other"]
    assert [r.key for r in rows21 if r.is_sum] == ["total"]
    assert len({r.key for r in rows21}) == len(rows21)


def test_row_labels_are_the_national_text() -> None:
    assert (
        table3_row_label("withheld.state_secret", F2021)
        == "（三）不予公开/1.属于国家秘密"
    )
    assert (
        table3_row_label("partial", F2021)
        == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert (
        table3_row_label("other.fee_unpaid", F2021)
        == "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    assert table3_row_label("other", F2019) == "（六）其他处理"
    assert table3_row_label("withheld", F2021) == "（三）不予公开"
    assert table3_row_label("carried_out", F2019) == "四、结转下年度继续办理"
    assert table3_row("unable.still_unclear", F2021).label == "3.补正后申请内容仍不明确"
    with pytest.raises(KeyError):
        table3_row_label("other.fee_unpaid", F2019)
    assert table3_row_label("other", F2021) == "（六）其他处理"  # 2021年格式中是分组


def test_table2_and_table4_layout() -> None:
    assert [r.label for r in TABLE2_ROWS[F2021]] == [
        "规章",
        "行政规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ]
    assert TABLE2_ROWS[F2021][0].columns == (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    )
    assert TABLE2_ROWS[F2021][-1].columns == ("本年收费金额（单位：万元）",)
    assert "政府集中采购" in [r.label for r in TABLE2_ROWS[F2019]]
    assert TABLE4_COLUMNS == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert [b.full_label for b in TABLE4_BLOCKS] == [
        "行政复议",
        "行政诉讼/未经复议直接起诉",
        "行政诉讼/复议后起诉",
    ]
    assert APPLICANT_COLUMNS[-1] == "总计"


# ---------------------------------------------------------------------------
# 核验


@pytest.mark.parametrize("fmt", [F2021, F2019])
def test_consistent_report_passes_every_check(fmt: ReportFormat) -> None:
    checks = check_report(consistent_tables(fmt))
    assert checks
    assert [c for c in checks if c.ok is not True] == []
    assert len(by_rule(checks, Rule.BALANCE)) == 7
    assert len(by_rule(checks, Rule.APPLICANT_SUM)) == len(TABLE3_ROWS[fmt])
    assert len(by_rule(checks, Rule.RESULT_SUM)) == 7
    assert len(by_rule(checks, Rule.TABLE4_SUM)) == 3
    balance = by_rule(checks, Rule.BALANCE)[0]
    assert balance.detail == (
        "自然人列：一（70）+二（4）=74，三（七）总计（71）+四（3）=74"
    )


def test_broken_balance_fails_naming_the_column() -> None:
    tables = consistent_tables()
    tables.table3.values["carried_out"]["商业企业"] = 5
    tables.table3.values["carried_out"]["总计"] = 8  # 总计列仍与各列相符
    checks = check_report(tables)
    failed = [c for c in checks if c.ok is False]
    assert [c.rule for c in failed] == [Rule.BALANCE.value, Rule.BALANCE.value]
    assert failed[0].detail.startswith("商业企业列：")
    assert "一（9）+二（1）=10" in failed[0].detail
    assert "三（七）总计（8）+四（5）=13" in failed[0].detail
    assert "相差3" in failed[0].detail
    assert failed[1].detail.startswith("总计列：")
    assert failed[0].status == "不通过"


def test_total_column_mismatch_is_flagged_for_the_row() -> None:
    tables = consistent_tables()
    tables.table3.values["granted"]["总计"] = 36
    checks = check_report(tables)
    failed = [c for c in checks if c.ok is False]
    sums = [c for c in failed if c.rule == Rule.APPLICANT_SUM.value]
    assert len(sums) == 1
    assert sums[0].detail.startswith("（一）予以公开：总计（36）=36")
    assert "=35" in sums[0].detail
    # （七）总计不再等于各项之和（总计列）
    assert [
        c.detail.split("：")[0] for c in failed if c.rule == Rule.RESULT_SUM.value
    ] == ["总计列"]


def test_result_rows_must_add_up_to_the_total() -> None:
    tables = consistent_tables()
    tables.table3.values["total"]["自然人"] = 70
    tables.table3.values["total"]["总计"] = 83
    tables.table3.values["new"]["自然人"] = 69
    tables.table3.values["new"]["总计"] = 83
    checks = check_report(tables)
    failed = [c for c in checks if c.ok is False]
    assert [c.rule for c in failed] == [Rule.RESULT_SUM.value, Rule.RESULT_SUM.value]
    assert failed[0].detail.startswith(
        "自然人列：（七）总计（70）=70，（一）（30）+（二）（8）"
    )


def test_partial_counted_twice_is_caught_by_closed_count() -> None:
    """部分公开的申请又计入（三）：各表内部仍可自洽，但与办结件数对不上。"""
    tables = consistent_tables()
    closed = {c: tables.table3.get("total", c) or 0 for c in APPLICANT_PARTS}
    assert all(c.ok for c in check_report(tables, closed_in_year=closed))
    # 同一件部分公开的申请又计入了“（三）不予公开/4”，并相应改了合计
    t3 = tables.table3.values
    t3["withheld.third_party"]["自然人"] = 4
    t3["withheld.third_party"]["总计"] = 5
    t3["total"]["自然人"] = 72
    t3["total"]["总计"] = 85
    t3["new"]["自然人"] = 71
    t3["new"]["总计"] = 85
    checks = check_report(tables, closed_in_year=closed)
    failed = [c for c in checks if c.ok is False]
    assert {c.rule for c in failed} == {Rule.CLOSED_ONCE.value}
    assert [c.detail.split("：")[0] for c in failed] == ["自然人列", "总计列"]


def test_blank_cell_cannot_be_verified_but_is_not_a_failure() -> None:
    tables = consistent_tables()
    tables.table3.values["carried_in"]["科研机构"] = None
    checks = check_report(tables)
    assert [c for c in checks if c.ok is False] == []
    unknown = [c for c in checks if c.ok is None]
    assert [c.rule for c in unknown] == [Rule.BALANCE.value, Rule.APPLICANT_SUM.value]
    assert unknown[0].status == "无法核验"
    assert unknown[0].detail == (
        "科研机构列：二空白，无法核验（如空白按0计：0与0，相符）"
    )
    assert unknown[1].detail.startswith(
        "二、上年结转政府信息公开申请数量：科研机构空白"
    )


def test_empty_table_gives_one_unverifiable_check_per_rule() -> None:
    checks = check_report(AnnualReportTables(F2021))
    assert [(c.rule, c.ok) for c in checks] == [
        (Rule.BALANCE.value, None),
        (Rule.APPLICANT_SUM.value, None),
        (Rule.RESULT_SUM.value, None),
        (Rule.TABLE4_SUM.value, None),
    ]


def test_subtotal_rows_are_checked_when_present() -> None:
    tables = consistent_tables()
    tables.table3.subtotals["withheld"] = cols(5, 1, 0, 0, 0, 1) | {"总计": 7}
    checks = check_report(tables)
    assert all(c.ok for c in by_rule(checks, Rule.SUBTOTAL))
    assert len(by_rule(checks, Rule.SUBTOTAL)) == 7
    tables.table3.subtotals["withheld"]["自然人"] = 6
    failed = [c for c in check_report(tables) if c.ok is False]
    assert {c.rule for c in failed} == {Rule.SUBTOTAL.value, Rule.APPLICANT_SUM.value}
    subtotal = next(c for c in failed if c.rule == Rule.SUBTOTAL.value)
    assert subtotal.detail.startswith("（三）不予公开，自然人列：小计（6）")


def test_table4_total() -> None:
    tables = consistent_tables()
    tables.table4.values["litigation_direct"]["总计"] = 3
    failed = [c for c in check_report(tables) if c.ok is False]
    assert len(failed) == 1
    assert failed[0].rule == Rule.TABLE4_SUM.value
    assert failed[0].detail.startswith("行政诉讼/未经复议直接起诉：")


def test_cross_year_in_force_and_carried_over() -> None:
    previous = consistent_tables()
    previous.table2.values["normative_documents"]["现行有效件数"] = 16
    previous.table2.values["rules"]["现行有效件数"] = 3
    current = consistent_tables()
    # 本年上年结转 = 上年结转下年度继续办理
    current.table3.values["carried_in"] = dict(previous.table3.values["carried_out"])
    checks = check_report(current, previous=previous)
    in_force = by_rule(checks, Rule.IN_FORCE)
    assert [c.ok for c in in_force] == [True, True]
    assert in_force[1].detail == (
        "行政规范性文件：现行有效件数（17）=17，"
        "上年现行有效件数（16）+本年制发件数（2）−本年废止件数（1）=17"
    )
    carried = by_rule(checks, Rule.CARRIED_OVER)
    assert len(carried) == 7
    assert all(c.ok for c in carried)

    previous.table2.values["normative_documents"]["现行有效件数"] = 20
    in_force = by_rule(check_report(current, previous=previous), Rule.IN_FORCE)
    assert [c.ok for c in in_force] == [True, False]
    assert "相差4" in in_force[1].detail


def test_cross_year_carried_over_mismatch_names_the_column() -> None:
    previous = consistent_tables()
    current = consistent_tables()
    # 本年上年结转（4, 1, …）与上年结转下年度（3, 2, …）不同
    carried = by_rule(check_report(current, previous=previous), Rule.CARRIED_OVER)
    assert [c.detail.split("：")[0] for c in carried if c.ok is False] == [
        "自然人列",
        "商业企业列",
    ]


def test_cross_year_against_a_2019_report_cannot_check_in_force() -> None:
    checks = check_report(consistent_tables(), previous=consistent_tables(F2019))
    in_force = by_rule(checks, Rule.IN_FORCE)
    assert [c.ok for c in in_force] == [None, None]
    assert "2019年格式" in in_force[0].detail


def test_with_sums_fills_only_what_can_be_computed() -> None:
    values = {r.key: cols(0, 0, 0, 0, 0, 0) for r in TABLE3_ROWS[F2021] if r.is_result}
    values["granted"] = cols(1, 2, None, 0, 0, 0)
    values["partial"] = cols(1, 0, 0, 0, 0, 0)
    t3 = Table3(values)
    filled = t3.with_sums(F2021)
    assert filled.get("granted", "总计") is None  # 有空白，不算
    assert filled.get("partial", "总计") == 1
    assert filled.get("total", "自然人") == 2
    assert filled.get("total", "科研机构") is None
    assert filled.get("total", "总计") is None
    assert t3.get("partial", "总计") is None  # 原表不变
    # 缺少结果行时（七）总计不算
    partial_only = Table3({"granted": cols(1, 0, 0, 0, 0, 0)}).with_sums(F2021)
    assert partial_only.get("total", "自然人") is None


# ---------------------------------------------------------------------------
# HTML


def test_render_html_is_a_complete_document_in_the_national_layout() -> None:
    html = render_html(
        consistent_tables(),
        title="某区市场监督管理局2024年<政府信息公开>工作年度报告",
        sections={"overview": "第一段。\n第二段。", "other": "收取信息处理费380元。"},
    )
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in html
    assert "&lt;政府信息公开&gt;" in html
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "<p>第一段。</p>\n<p>第二段。</p>" in html
    assert 'rowspan="22">三、本年度办理结果' in html
    assert 'rowspan="8">（三）不予公开' in html
    assert 'rowspan="3">（六）其他处理' in html
    assert 'colspan="7" scope="colgroup">申请人情况' in html
    assert 'colspan="10" scope="colgroup">行政诉讼' in html
    assert ">3.6<" in html


def test_render_html_2019_layout() -> None:
    html = render_html(consistent_tables(F2019), title="2019年报告")
    assert 'rowspan="20">三、本年度办理结果' in html
    assert "五、政府信息公开工作存在的主要问题及改进情况" in html
    assert "政府集中采购" in html
    assert "（六）其他处理</th><td" in html


def test_render_html_rejects_unknown_sections() -> None:
    with pytest.raises(ValueError, match="未知的报告部分"):
        render_html(consistent_tables(), title="t", sections={"summary": "x"})
