"""读取已发布的年度报告：网页（rowspan/colspan）和文本（“|”、制表符）。"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    MONEY_COLUMNS,
    SIGNED_COLUMNS,
    TABLE2_ROWS,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    AnnualReportTables,
    ReportFormat,
    Rule,
    Table2,
    Table3,
    Table4,
    render_html,
)
from gongkai.rules.annual_report_parse import (
    ParsedReport,
    detect_content_type,
    parse_report,
)

DATA = Path(__file__).parent / "data" / "annual_reports"
F2021 = ReportFormat.F2021
F2019 = ReportFormat.F2019


def fixture(name: str) -> str:
    raw = (DATA / name).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def row(report: ParsedReport, key: str) -> list[int | None]:
    return [report.table3.get(key, c) for c in APPLICANT_COLUMNS]


def failures(report: ParsedReport) -> list[str]:
    return [c.detail for c in report.checks if c.ok is False]


def unverified(report: ParsedReport) -> list[str]:
    return [c.detail for c in report.checks if c.ok is None]


def realistic_tables(fmt: ReportFormat) -> AnnualReportTables:
    """一份数字各不相同的完整报告（每个单元格都有数，便于发现错位）。"""
    values: dict[str, dict[str, int | None]] = {}
    results = [r for r in TABLE3_ROWS[fmt] if r.is_result]
    for i, r in enumerate(results):
        values[r.key] = {c: (i * 7 + j * 3) % 11 for j, c in enumerate(APPLICANT_PARTS)}
    values["carried_in"] = {c: j + 1 for j, c in enumerate(APPLICANT_PARTS)}
    values["carried_out"] = {c: 2 * j for j, c in enumerate(APPLICANT_PARTS)}
    table3 = Table3(values).with_sums(fmt)
    table3.values["new"] = {
        c: (table3.get("total", c) or 0)
        + (table3.get("carried_out", c) or 0)
        - (table3.get("carried_in", c) or 0)
        for c in APPLICANT_COLUMNS
    }
    if fmt is F2021:
        table2 = Table2(
            {
                "rules": {"本年制发件数": 1, "本年废止件数": 2, "现行有效件数": 3},
                "normative_documents": {
                    "本年制发件数": 14,
                    "本年废止件数": 5,
                    "现行有效件数": 163,
                },
                "licensing": {"本年处理决定数量": 12580},
                "penalty": {"本年处理决定数量": 96},
                "coercion": {"本年处理决定数量": 7},
                "fees": {"本年收费金额（单位：万元）": Decimal("12.35")},
            }
        )
    else:
        table2 = Table2(
            {
                "rules": {
                    "本年新制作数量": 1,
                    "本年新公开数量": 1,
                    "对外公开总数量": 9,
                },
                "normative_documents": {
                    "本年新制作数量": 4,
                    "本年新公开数量": 4,
                    "对外公开总数量": 52,
                },
                "licensing": {
                    "上一年项目数量": 46,
                    "本年增/减": -3,
                    "处理决定数量": 1258,
                },
                "other_services": {
                    "上一年项目数量": 18,
                    "本年增/减": 2,
                    "处理决定数量": 341,
                },
                "penalty": {"上一年项目数量": 102, "本年增/减": 0, "处理决定数量": 96},
                "coercion": {"上一年项目数量": 11, "本年增/减": -1, "处理决定数量": 7},
                "fees": {"上一年项目数量": 3, "本年增/减": 0},
                "procurement": {"采购项目数量": 27, "采购总金额": Decimal("1536.8")},
            }
        )
    table4 = Table4(
        {
            "review": {"结果维持": 5, "结果纠正": 1, "其他结果": 2, "尚未审结": 3},
            "litigation_direct": {
                "结果维持": 4,
                "结果纠正": 0,
                "其他结果": 1,
                "尚未审结": 6,
            },
            "litigation_after_review": {
                "结果维持": 7,
                "结果纠正": 8,
                "其他结果": 0,
                "尚未审结": 9,
            },
        }
    ).with_sums()
    return AnnualReportTables(fmt, table2, table3, table4)


# ---------------------------------------------------------------------------
# 生成 → 读回


@pytest.mark.parametrize("fmt", [F2021, F2019])
def test_rendered_html_reads_back_identically(fmt: ReportFormat) -> None:
    tables = realistic_tables(fmt)
    html = render_html(
        tables,
        title="某市某局2024年政府信息公开工作年度报告",
        sections={"overview": "2024年，我局……", "proactive": "全年主动公开……"},
    )
    report = parse_report(html)
    assert report.format is fmt
    assert report.warnings == []
    assert report.tables == tables
    assert report.checks
    assert all(c.ok is True for c in report.checks)


def test_round_trip_with_a_blank_cell_gives_null_and_cannot_verify() -> None:
    tables = realistic_tables(F2021)
    tables.table3.values["withheld.state_secret"]["科研机构"] = None
    report = parse_report(render_html(tables, title="t"))
    assert report.table3.get("withheld.state_secret", "科研机构") is None
    assert report.tables == tables
    data = report.to_json()
    table3 = data["table3"]
    assert isinstance(table3, list)
    secret = next(r for r in table3 if r["label"] == "（三）不予公开/1.属于国家秘密")
    assert secret["values"]["科研机构"] is None
    assert failures(report) == []
    assert unverified(report)
    assert all("空白，无法核验" in d for d in unverified(report))


def test_broken_identity_in_a_published_report_is_flagged() -> None:
    tables = realistic_tables(F2021)
    assert tables.table3.values["carried_out"]["社会公益组织"] is not None
    tables.table3.values["carried_out"]["社会公益组织"] = 99
    tables.table3.values["carried_out"]["总计"] = sum(
        tables.table3.values["carried_out"][c] or 0 for c in APPLICANT_PARTS
    )
    report = parse_report(render_html(tables, title="t"))
    failed = [c for c in report.checks if c.ok is False]
    assert {c.rule for c in failed} == {Rule.BALANCE.value}
    assert [c.detail.split("：")[0] for c in failed] == ["社会公益组织列", "总计列"]


# ---------------------------------------------------------------------------
# 政府网站的网页


def test_government_page_with_rowspans() -> None:
    report = parse_report(fixture("gov_2021_rowspan.html"))
    assert report.format is F2021
    assert report.warnings == []
    assert report.found == {"table2", "table3", "table4"}
    assert row(report, "new") == [86, 9, 0, 1, 3, 2, 101]
    assert row(report, "partial") == [8, 1, 0, 0, 1, 0, 10]
    assert row(report, "withheld.endangers_security") == [0] * 7
    assert row(report, "withheld.internal_affairs") == [1, 0, 0, 0, 0, 0, 1]  # 缺 </td>
    assert row(report, "other.fee_unpaid") == [1, 0, 0, 0, 0, 0, 1]
    assert row(report, "total") == [86, 8, 0, 1, 3, 2, 100]
    assert row(report, "carried_out") == [4, 2, 0, 0, 0, 0, 6]
    assert report.table2.get("licensing", "本年处理决定数量") == 4312
    assert report.table2.get("normative_documents", "现行有效件数") == 17
    assert report.table2.get("fees", "本年收费金额（单位：万元）") == Decimal("3.6")
    assert report.table4.get("litigation_direct", "总计") == 2
    assert report.table4.get("review", "结果纠正") == 1
    assert all(c.ok is True for c in report.checks)


def test_wrong_rowspan_does_not_derail_the_table() -> None:
    """“三、本年度办理结果”写成 rowspan="20"（实为22行）：后面几行错位，仍按行读对。"""
    good = parse_report(fixture("gov_2021_rowspan.html"))
    bad = parse_report(
        fixture("gov_2021_rowspan.html").replace('rowspan="22"', 'rowspan="20"')
    )
    assert bad.warnings == []
    assert bad.table3 == good.table3


def test_old_site_2019_report_with_blank_cells() -> None:
    """GB2312网页；零值单元格留空（&nbsp;）；表二表头与数据的合并列对不齐。"""
    report = parse_report(fixture("city_2019_blanks_gbk.html"))
    assert report.format is F2019
    assert row(report, "new") == [205, 11, None, None, 2, 1, 219]
    assert row(report, "other") == [None] * 7
    assert row(report, "carried_out") == [10, None, None, None, None, None, 10]
    assert report.table2.get("licensing", "上一年项目数量") == 12
    assert report.table2.get("licensing", "本年增/减") == -1
    assert report.table2.get("licensing", "处理决定数量") == 356
    assert report.table2.get("procurement", "采购总金额") == Decimal("251000")
    assert report.table4.get("review", "结果纠正") is None
    assert report.table4.get("litigation_direct", "总计") == 9
    assert failures(report) == []
    assert any(c.ok is True for c in report.checks)  # 自然人列、总计列的勾稽关系
    assert (
        "科研机构列：一、二、三（七）总计、四空白，无法核验（如空白按0计：0与0，相符）"
        in (unverified(report))
    )
    assert report.warnings == [
        "表二第1个表格第18行“政府集中采购”采购总金额列的单元格“251000元”带单位元，按原数读取"
    ]


# ---------------------------------------------------------------------------
# 文本


def test_2019_report_as_tab_separated_text() -> None:
    report = parse_report(fixture("county_2019_tabs.txt"))
    assert report.format is F2019
    assert report.warnings == []
    assert row(report, "other") == [2, 0, 0, 0, 0, 0, 2]
    assert row(report, "new") == [110, 12, 1, 0, 3, 1, 127]
    assert row(report, "carried_out") == [3, 0, 0, 0, 0, 0, 3]
    assert report.table2.get("other_services", "本年增/减") == 2
    assert report.table2.get("procurement", "采购总金额") == Decimal("1536.8")
    assert report.table4.get("litigation_after_review", "尚未审结") == 1
    assert all(c.ok is True for c in report.checks)
    labels = [r["label"] for r in report.to_json()["table3"]]
    assert "（六）其他处理" in labels
    assert not any(str(label).startswith("（六）其他处理/") for label in labels)


def test_pipe_text_with_split_cells_and_spaced_headers() -> None:
    report = parse_report(fixture("town_2021_pipes.txt"))
    assert report.format is F2021
    assert report.warnings == []
    assert row(report, "partial") == [2, 0, 0, 0, 1, 0, 3]  # 标签折成两行
    assert row(report, "other.no_correction") == [1, 0, 0, 0, 0, 0, 1]
    assert row(report, "other.fee_unpaid") == [0] * 7  # 数字在折行的第二行
    assert row(report, "not_processed.confirmation") == [0] * 7
    assert row(report, "total") == [13, 1, 0, 0, 1, 0, 15]
    # “本年制发 / 件数”表头折成两行
    assert report.table2.get("normative_documents", "现行有效件数") == 6
    assert report.table2.get("licensing", "本年处理决定数量") == 35
    assert report.table4.get("review", "总计") == 0
    assert all(c.ok is True for c in report.checks)


def _text_report(rows: list[str], header: str | None = None) -> str:
    head = [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
        header
        or "| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
    ]
    return "\n".join(["三、收到和处理政府信息公开申请情况", *head, *rows, ""])


_MINIMAL_ROWS = [
    "| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
    "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    "| （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    "| （六）其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    "| （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
    "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
]


def test_unmatched_row_label_is_a_warning_not_a_guess() -> None:
    rows = [*_MINIMAL_ROWS]
    rows.insert(3, "| （三）不予公开 | 9.属于敏感信息 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |")
    report = parse_report(_text_report(rows))
    assert report.format is F2019
    assert any(
        "“（三）不予公开9.属于敏感信息”无法对应全国格式中的任何一行" in w
        for w in report.warnings
    )
    assert all(
        report.table3.get("withheld.state_secret", c) is None for c in APPLICANT_COLUMNS
    )
    assert row(report, "granted") == [2, 0, 0, 0, 0, 0, 2]
    assert failures(report) == []


@pytest.mark.parametrize(
    "label",
    [
        "（三）不予公开 | 1.属于国家秘密",
        "(三)不予公开 | 1、属于国家秘密",
        "三、不予公开 | （1）属于国家秘密",
        "| 1 ． 属 于 国 家 秘 密",
        "| ①属于国家秘密",
    ],
)
def test_label_variants_are_matched(label: str) -> None:
    rows = [*_MINIMAL_ROWS]
    rows.insert(3, f"| {label} | 4 | 0 | 0 | 0 | 0 | 0 | 4 |")
    report = parse_report(_text_report(rows))
    assert row(report, "withheld.state_secret") == [4, 0, 0, 0, 0, 0, 4]
    assert not any("无法对应" in w for w in report.warnings)


def test_row_naming_two_national_rows_is_rejected() -> None:
    rows = [*_MINIMAL_ROWS]
    rows.insert(
        3, "| 1.属于国家秘密 | 2.其他法律行政法规禁止公开 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |"
    )
    report = parse_report(_text_report(rows))
    assert row(report, "withheld.state_secret") == [None] * 7
    assert any("同时对应全国格式的多行" in w for w in report.warnings)


def test_non_numeric_cell_is_null_with_a_warning() -> None:
    rows = [*_MINIMAL_ROWS]
    rows[0] = "| 一、本年新收政府信息公开申请数量 | 3件 | 0 | 见附注 | 0 | 0 | 0 | 3 |"
    report = parse_report(_text_report(rows))
    assert row(report, "new") == [3, 0, None, 0, 0, 0, 3]
    assert any("“见附注”不是整数，按空白处理" in w for w in report.warnings)


def test_wrong_number_of_cells_makes_the_row_unreadable() -> None:
    rows = [*_MINIMAL_ROWS]
    rows[2] = "| （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 2 |"
    report = parse_report(_text_report(rows))
    assert row(report, "granted") == [None] * 7
    assert any("有6个数值单元格，表头有7列，无法对应" in w for w in report.warnings)


def test_header_without_all_applicant_columns_is_unreadable() -> None:
    header = "| | 自然人 | 法人或其他组织 | | | | | 总计 |"
    report = parse_report(_text_report(list(_MINIMAL_ROWS), header=header))
    assert report.table3.values == {}
    assert any("表三的表头无法确定" in w for w in report.warnings)
    table3 = report.to_json()["table3"]
    assert isinstance(table3, list)
    assert all(v is None for r in table3 for v in r["values"].values())


def test_conflicting_duplicate_rows_become_null() -> None:
    rows = [*_MINIMAL_ROWS]
    rows.insert(3, "| （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    report = parse_report(_text_report(rows))
    assert row(report, "granted") == [None] * 7
    assert any("重复出现且数字不同" in w for w in report.warnings)


def test_format_from_table2_when_table3_lacks_row_six() -> None:
    rows = [r for r in _MINIMAL_ROWS if "（六）" not in r]
    text = "\n".join(
        [
            "| 第二十条第（一）项 | | | |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 0 | 0 | 2 |",
            "",
            _text_report(rows),
        ]
    )
    report = parse_report(text)
    assert report.format is F2021
    assert "表三缺少“（六）其他处理”，按表二认定为2021年格式" in report.warnings


def test_fee_amount_in_yuan_is_not_read_as_wan_yuan() -> None:
    text = "\n".join(
        [
            "| 第二十条第（八）项 | |",
            "| 信息内容 | 本年收费金额（单位：元） |",
            "| 行政事业性收费 | 36000 |",
        ]
    )
    report = parse_report(text)
    assert report.table2.get("fees", "本年收费金额（单位：万元）") is None
    assert any("单位为元" in w for w in report.warnings)


def test_html_without_table_elements_is_read_as_text() -> None:
    html = "<html><body><pre>" + fixture("town_2021_pipes.txt") + "</pre></body></html>"
    report = parse_report(html)
    assert report.format is F2021
    assert row(report, "total") == [13, 1, 0, 0, 1, 0, 15]


def test_content_without_tables_is_unreadable() -> None:
    report = parse_report(
        "某局2024年政府信息公开工作年度报告\n\n一、总体情况\n本年度……。"
    )
    assert not report.readable
    assert report.format is None
    assert report.checks == []
    assert report.warnings == ["没有找到年度报告的统计表（表二、表三、表四）"]


def test_detect_content_type() -> None:
    assert detect_content_type("<!DOCTYPE html><html>") == "html"
    assert detect_content_type("<p>一、总体情况</p>") == "html"
    assert detect_content_type("规章\t0\t0\t0") == "text"


# ---------------------------------------------------------------------------
# JSON


def test_json_shape() -> None:
    data = parse_report(fixture("gov_2021_rowspan.html")).to_json()
    assert set(data) == {"format", "table2", "table3", "table4", "checks", "warnings"}
    assert data["format"] == "2021"
    json.dumps(data, ensure_ascii=False)  # 可以序列化
    table2 = data["table2"]
    assert isinstance(table2, list)
    assert table2[0] == {
        "block": "第二十条第（一）项",
        "label": "规章",
        "values": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
    }
    assert table2[-1]["values"] == {"本年收费金额（单位：万元）": 3.6}
    table3 = data["table3"]
    assert isinstance(table3, list)
    assert len(table3) == 25
    assert table3[4] == {
        "label": "（三）不予公开/1.属于国家秘密",
        "values": dict.fromkeys(APPLICANT_COLUMNS, 0),
    }
    assert [r["label"] for r in table3][-2:] == ["（七）总计", "四、结转下年度继续办理"]
    assert data["table4"] == {
        "行政复议": {
            "结果维持": 3,
            "结果纠正": 1,
            "其他结果": 0,
            "尚未审结": 1,
            "总计": 5,
        },
        "行政诉讼": {
            "未经复议直接起诉": {
                "结果维持": 1,
                "结果纠正": 0,
                "其他结果": 0,
                "尚未审结": 1,
                "总计": 2,
            },
            "复议后起诉": {
                "结果维持": 0,
                "结果纠正": 0,
                "其他结果": 0,
                "尚未审结": 0,
                "总计": 0,
            },
        },
    }
    checks = data["checks"]
    assert isinstance(checks, list)
    assert set(checks[0]) == {"rule", "ok", "detail"}
    assert checks[0]["rule"] == Rule.BALANCE.value


def test_subtotal_rows_of_published_reports_are_kept_and_checked() -> None:
    rows = [*_MINIMAL_ROWS]
    rows[3:3] = [
        "| （三）不予公开 | | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        "| | 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| | 4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    ]
    report = parse_report(_text_report(rows))
    assert report.table3.subtotals["withheld"]["自然人"] == 3
    subtotal = [c for c in report.checks if c.rule == Rule.SUBTOTAL.value]
    assert subtotal[0].ok is None  # 其他分项缺行，无法核验
    labels = [r["label"] for r in report.to_json()["table3"]]
    assert (
        labels.index("（三）不予公开")
        == labels.index("（三）不予公开/1.属于国家秘密") - 1
    )


def test_text_summary_lists_tables_checks_and_warnings() -> None:
    text = parse_report(fixture("city_2019_blanks_gbk.html")).to_text()
    assert text.startswith("报告格式：2019年格式（国办公开办函〔2019〕60号）")
    assert "表三 收到和处理政府信息公开申请情况" in text
    assert "—" in text
    assert "核验结果" in text
    assert "[无法核验]" in text
    assert "读取提示" in text


_cell = st.one_of(st.none(), st.integers(min_value=0, max_value=99999))


@settings(max_examples=40, deadline=None)
@given(data=st.data(), fmt=st.sampled_from([F2021, F2019]))
def test_round_trip_of_arbitrary_numbers_and_blanks(
    data: st.DataObject, fmt: ReportFormat
) -> None:
    table3 = Table3(
        {
            r.key: {c: data.draw(_cell) for c in APPLICANT_COLUMNS}
            for r in TABLE3_ROWS[fmt]
        }
    )
    table4 = Table4(
        {b.key: {c: data.draw(_cell) for c in TABLE4_COLUMNS} for b in TABLE4_BLOCKS}
    )
    table2 = Table2(
        {
            r.key: {
                c: (
                    data.draw(
                        st.one_of(
                            st.none(),
                            st.decimals(
                                min_value=0,
                                max_value=10**6,
                                places=2,
                                allow_nan=False,
                                allow_infinity=False,
                            ),
                        )
                    )
                    if c in MONEY_COLUMNS
                    else data.draw(
                        st.one_of(st.none(), st.integers(min_value=-50, max_value=9999))
                        if c in SIGNED_COLUMNS
                        else _cell
                    )
                )
                for c in r.columns
            }
            for r in TABLE2_ROWS[fmt]
        }
    )
    tables = AnnualReportTables(fmt, table2, table3, table4)
    report = parse_report(render_html(tables, title="t"))
    assert report.format is fmt
    assert report.tables == tables
    assert report.warnings == []
