"""政府信息公开工作年度报告：全国统一格式、勾稽核验和HTML版式。

依据：《政府信息公开条例》第四十九条（报送、公布期限）、第五十条（报告内容和统一格式）；
《中华人民共和国政府信息公开工作年度报告格式》——2019年试行版（国办公开办函〔2019〕60号）
和2021年修订版（国办公开办函〔2021〕30号）。

本模块把格式写成数据：表二（主动公开政府信息情况）、表三（收到和处理政府信息公开申请情况）、
表四（政府信息公开行政复议、行政诉讼情况）的每一行、每一列；再按表中写明的计数规则核验
数字（``check_report``），并生成可发布的HTML文档（``render_html``）。

表格数字的约定：``None`` 表示单元格空白。空白不当作0：涉及空白单元格的核验结果为
“无法核验”（``Check.ok is None``），不判为不通过。
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_PARTS",
    "FORMAT_DOCUMENTS",
    "MONEY_COLUMNS",
    "ORGANIZATION_COLUMNS",
    "ORGANIZATION_GROUP",
    "SECTION_HEADINGS",
    "SECTION_KEYS",
    "SIGNED_COLUMNS",
    "TABLE2_ROWS",
    "TABLE3_GROUPS",
    "TABLE3_HEADER_NOTE",
    "TABLE3_ROWS",
    "TABLE3_SECTION",
    "TABLE4_BLOCKS",
    "TABLE4_COLUMNS",
    "TABLE4_LITIGATION",
    "AnnualReportTables",
    "Check",
    "Number",
    "ReportFormat",
    "Rule",
    "Table2",
    "Table2Row",
    "Table3",
    "Table3Group",
    "Table3Row",
    "Table4",
    "Table4Block",
    "check_report",
    "render_html",
    "table2_row",
    "table3_row",
    "table3_row_label",
]

Number = int | Decimal
"""表二的数值：件数为 int，金额（万元）为 Decimal。"""


class ReportFormat(StrEnum):
    """年度报告格式的版本。"""

    F2021 = "2021"
    F2019 = "2019"


FORMAT_DOCUMENTS: dict[ReportFormat, str] = {
    ReportFormat.F2021: "国办公开办函〔2021〕30号",
    ReportFormat.F2019: "国办公开办函〔2019〕60号",
}

# ---------------------------------------------------------------------------
# 报告的六个部分
# ---------------------------------------------------------------------------

SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "proactive",
    "applications",
    "review_litigation",
    "problems",
    "other",
)
"""``render_html(sections=...)`` 的键，依次对应一至六部分。"""

_SECTIONS_COMMON = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)
SECTION_HEADINGS: dict[ReportFormat, tuple[str, ...]] = {
    ReportFormat.F2021: (
        *_SECTIONS_COMMON,
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ),
    ReportFormat.F2019: (
        *_SECTIONS_COMMON,
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ),
}

# ---------------------------------------------------------------------------
# 表三：申请人列
# ---------------------------------------------------------------------------

ORGANIZATION_GROUP = "法人或其他组织"
ORGANIZATION_COLUMNS: tuple[str, ...] = (
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)
APPLICANT_COLUMNS: tuple[str, ...] = ("自然人", *ORGANIZATION_COLUMNS, "总计")
"""表三的七个数值列，按全国格式的顺序。"""
APPLICANT_PARTS: tuple[str, ...] = APPLICANT_COLUMNS[:-1]
"""“总计”列的加数：自然人和法人或其他组织的五列。"""

TABLE3_HEADER_NOTE = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
)
TABLE3_SECTION = "三、本年度办理结果"


@dataclass(frozen=True)
class Table3Row:
    """表三的一行。

    ``label`` 是全国格式中本行自己的文字；``group`` 是分项所属的合并单元格
    （如“（三）不予公开”），``section`` 是“三、本年度办理结果”（本行属于办理结果时）。
    ``is_sum`` 表示合计行（“（七）总计”）。
    """

    key: str
    label: str
    group: str | None = None
    section: str | None = None
    is_sum: bool = False

    @property
    def full_label(self) -> str:
        """分项连同所属分组，用“/”连接，如“（三）不予公开/1.属于国家秘密”。"""
        return f"{self.group}/{self.label}" if self.group else self.label

    @property
    def group_key(self) -> str | None:
        """分项所属分组的键（如 "withheld"）；不是分项时为 None。"""
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def is_result(self) -> bool:
        """是否是计入“（七）总计”的办理结果行。"""
        return self.section == TABLE3_SECTION and not self.is_sum


@dataclass(frozen=True)
class Table3Group:
    """表三中带分项的分组（全国格式中是跨行合并的单元格，没有小计行）。"""

    key: str
    label: str


_WITHHELD = Table3Group("withheld", "（三）不予公开")
_UNABLE = Table3Group("unable", "（四）无法提供")
_NOT_PROCESSED = Table3Group("not_processed", "（五）不予处理")
_OTHER = Table3Group("other", "（六）其他处理")


def _sub(group: Table3Group, key: str, label: str) -> Table3Row:
    return Table3Row(f"{group.key}.{key}", label, group.label, TABLE3_SECTION)


def _table3_rows(other_rows: tuple[Table3Row, ...]) -> tuple[Table3Row, ...]:
    return (
        Table3Row("new", "一、本年新收政府信息公开申请数量"),
        Table3Row("carried_in", "二、上年结转政府信息公开申请数量"),
        Table3Row("granted", "（一）予以公开", section=TABLE3_SECTION),
        Table3Row(
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            section=TABLE3_SECTION,
        ),
        _sub(_WITHHELD, "state_secret", "1.属于国家秘密"),
        _sub(_WITHHELD, "prohibited_by_law", "2.其他法律行政法规禁止公开"),
        _sub(_WITHHELD, "endangers_security", "3.危及“三安全一稳定”"),
        _sub(_WITHHELD, "third_party", "4.保护第三方合法权益"),
        _sub(_WITHHELD, "internal_affairs", "5.属于三类内部事务信息"),
        _sub(_WITHHELD, "process_info", "6.属于四类过程性信息"),
        _sub(_WITHHELD, "enforcement_files", "7.属于行政执法案卷"),
        _sub(_WITHHELD, "administrative_query", "8.属于行政查询事项"),
        _sub(_UNABLE, "not_held", "1.本机关不掌握相关政府信息"),
        _sub(_UNABLE, "needs_creation", "2.没有现成信息需要另行制作"),
        _sub(_UNABLE, "still_unclear", "3.补正后申请内容仍不明确"),
        _sub(_NOT_PROCESSED, "petition", "1.信访举报投诉类申请"),
        _sub(_NOT_PROCESSED, "repeated", "2.重复申请"),
        _sub(_NOT_PROCESSED, "publication", "3.要求提供公开出版物"),
        _sub(_NOT_PROCESSED, "excessive", "4.无正当理由大量反复申请"),
        _sub(_NOT_PROCESSED, "confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        *other_rows,
        Table3Row("total", "（七）总计", section=TABLE3_SECTION, is_sum=True),
        Table3Row("carried_out", "四、结转下年度继续办理"),
    )


TABLE3_ROWS: dict[ReportFormat, tuple[Table3Row, ...]] = {
    ReportFormat.F2021: _table3_rows(
        (
            _sub(
                _OTHER,
                "no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            _sub(
                _OTHER,
                "fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            _sub(_OTHER, "other", "3.其他"),
        )
    ),
    ReportFormat.F2019: _table3_rows(
        (Table3Row("other", _OTHER.label, section=TABLE3_SECTION),)
    ),
}
"""表三各行，按全国格式的顺序。2019年格式的“（六）其他处理”是单独一行（键 "other"），
2021年格式分为三个分项（键 "other.*"）。"""

TABLE3_GROUPS: dict[ReportFormat, tuple[Table3Group, ...]] = {
    ReportFormat.F2021: (_WITHHELD, _UNABLE, _NOT_PROCESSED, _OTHER),
    ReportFormat.F2019: (_WITHHELD, _UNABLE, _NOT_PROCESSED),
}


def table3_row(key: str, format: ReportFormat) -> Table3Row:
    """按键取表三的一行；格式中没有这一行时抛出 KeyError。"""
    for row in TABLE3_ROWS[ReportFormat(format)]:
        if row.key == key:
            return row
    raise KeyError(f"{format}年格式的表三没有“{key}”行")


def table3_row_label(key: str, format: ReportFormat) -> str:
    """表三一行的全国格式文字，分项连同分组，如“（三）不予公开/1.属于国家秘密”。

    也接受分组的键（"withheld" 等），返回分组文字（用于小计行）。
    """
    for group in TABLE3_GROUPS[ReportFormat(format)]:
        if group.key == key:
            return group.label
    return table3_row(key, format).full_label


# ---------------------------------------------------------------------------
# 表二
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table2Row:
    """表二的一行：所属“第二十条第（X）项”、信息内容和本行的数值列。"""

    key: str
    label: str
    block: str
    columns: tuple[str, ...]


_B1 = "第二十条第（一）项"
_B5 = "第二十条第（五）项"
_B6 = "第二十条第（六）项"
_B8 = "第二十条第（八）项"
_B9 = "第二十条第（九）项"

_C2021_DOCS = ("本年制发件数", "本年废止件数", "现行有效件数")
_C2021_DECISIONS = ("本年处理决定数量",)
_C2021_FEES = ("本年收费金额（单位：万元）",)
_C2019_DOCS = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
_C2019_ITEMS = ("上一年项目数量", "本年增/减", "处理决定数量")
_C2019_FEES = ("上一年项目数量", "本年增/减")
_C2019_PROCUREMENT = ("采购项目数量", "采购总金额")

TABLE2_ROWS: dict[ReportFormat, tuple[Table2Row, ...]] = {
    ReportFormat.F2021: (
        Table2Row("rules", "规章", _B1, _C2021_DOCS),
        Table2Row("normative_documents", "行政规范性文件", _B1, _C2021_DOCS),
        Table2Row("licensing", "行政许可", _B5, _C2021_DECISIONS),
        Table2Row("penalty", "行政处罚", _B6, _C2021_DECISIONS),
        Table2Row("coercion", "行政强制", _B6, _C2021_DECISIONS),
        Table2Row("fees", "行政事业性收费", _B8, _C2021_FEES),
    ),
    ReportFormat.F2019: (
        Table2Row("rules", "规章", _B1, _C2019_DOCS),
        Table2Row("normative_documents", "规范性文件", _B1, _C2019_DOCS),
        Table2Row("licensing", "行政许可", _B5, _C2019_ITEMS),
        Table2Row("other_services", "其他对外管理服务事项", _B5, _C2019_ITEMS),
        Table2Row("penalty", "行政处罚", _B6, _C2019_ITEMS),
        Table2Row("coercion", "行政强制", _B6, _C2019_ITEMS),
        Table2Row("fees", "行政事业性收费", _B8, _C2019_FEES),
        Table2Row("procurement", "政府集中采购", _B9, _C2019_PROCUREMENT),
    ),
}
"""表二各行。列名就是全国格式表头的文字，也是 ``Table2.values`` 中的列键。"""

MONEY_COLUMNS: frozenset[str] = frozenset({"本年收费金额（单位：万元）", "采购总金额"})
"""金额列，数值为 Decimal（可以有小数）；其余列为整数件数。"""
SIGNED_COLUMNS: frozenset[str] = frozenset({"本年增/减"})
"""可以为负数的列。"""


def table2_row(key: str, format: ReportFormat) -> Table2Row:
    """按键取表二的一行；格式中没有这一行时抛出 KeyError。"""
    for row in TABLE2_ROWS[ReportFormat(format)]:
        if row.key == key:
            return row
    raise KeyError(f"{format}年格式的表二没有“{key}”行")


# ---------------------------------------------------------------------------
# 表四
# ---------------------------------------------------------------------------

TABLE4_COLUMNS: tuple[str, ...] = (
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
)
TABLE4_LITIGATION = "行政诉讼"


@dataclass(frozen=True)
class Table4Block:
    """表四的一块（五列）：行政复议，或行政诉讼下的两种起诉方式之一。"""

    key: str
    label: str
    parent: str | None = None

    @property
    def full_label(self) -> str:
        return f"{self.parent}/{self.label}" if self.parent else self.label


TABLE4_BLOCKS: tuple[Table4Block, ...] = (
    Table4Block("review", "行政复议"),
    Table4Block("litigation_direct", "未经复议直接起诉", TABLE4_LITIGATION),
    Table4Block("litigation_after_review", "复议后起诉", TABLE4_LITIGATION),
)

# ---------------------------------------------------------------------------
# 数据
# ---------------------------------------------------------------------------


@dataclass
class Table2:
    """表二的数字：``values[行键][列名]``，列名为全国格式的表头文字。缺项视为空白。"""

    values: dict[str, dict[str, Number | None]] = field(default_factory=dict)

    def get(self, row: str, column: str) -> Number | None:
        return self.values.get(row, {}).get(column)


@dataclass
class Table3:
    """表三的数字：``values[行键][申请人列]``。缺项视为空白。

    ``subtotals`` 只在读入的报告自带分组小计行（如单列一行“（三）不予公开”的合计数）时
    才有内容，键为分组键（"withheld" 等）；全国格式没有小计行。
    """

    values: dict[str, dict[str, int | None]] = field(default_factory=dict)
    subtotals: dict[str, dict[str, int | None]] = field(default_factory=dict)

    def get(self, row: str, column: str) -> int | None:
        return self.values.get(row, {}).get(column)

    def with_sums(self, format: ReportFormat) -> Table3:
        """补上可以算出的合计：每行的“总计”列和“（七）总计”行（加数全部有数时）。

        已有的数字不改动。用于从办理记录生成报告：先按行、按申请人类型填数，再补合计。
        """
        values = {key: dict(cols) for key, cols in self.values.items()}
        rows = TABLE3_ROWS[ReportFormat(format)]
        result_keys = [row.key for row in rows if row.is_result]
        total_row = values.setdefault("total", {})
        for column in APPLICANT_PARTS:
            if total_row.get(column) is None:
                total_row[column] = _sum_or_none(
                    values.get(key, {}).get(column) for key in result_keys
                )
        for row in rows:
            cols = values.setdefault(row.key, {})
            if cols.get("总计") is None:
                cols["总计"] = _sum_or_none(cols.get(c) for c in APPLICANT_PARTS)
        return Table3(values, {k: dict(v) for k, v in self.subtotals.items()})


@dataclass
class Table4:
    """表四的数字：``values[块键][列名]``，块键见 ``TABLE4_BLOCKS``。缺项视为空白。"""

    values: dict[str, dict[str, int | None]] = field(default_factory=dict)

    def get(self, block: str, column: str) -> int | None:
        return self.values.get(block, {}).get(column)

    def with_sums(self) -> Table4:
        """补上每块的“总计”（四个加数全部有数时）；已有的数字不改动。"""
        values = {key: dict(cols) for key, cols in self.values.items()}
        for block in TABLE4_BLOCKS:
            cols = values.setdefault(block.key, {})
            if cols.get("总计") is None:
                cols["总计"] = _sum_or_none(cols.get(c) for c in TABLE4_COLUMNS[:-1])
        return Table4(values)


@dataclass
class AnnualReportTables:
    """一份年度报告的三张统计表。"""

    format: ReportFormat
    table2: Table2 = field(default_factory=Table2)
    table3: Table3 = field(default_factory=Table3)
    table4: Table4 = field(default_factory=Table4)


def _sum_or_none(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


# ---------------------------------------------------------------------------
# 核验
# ---------------------------------------------------------------------------


class Rule(StrEnum):
    """核验规则的名称（出现在 ``Check.rule`` 中）。"""

    BALANCE = "表三勾稽关系：一+二=三（七）总计+四"
    APPLICANT_SUM = "表三“总计”列=自然人+法人或其他组织各列之和"
    RESULT_SUM = "表三（七）总计=本年度办理结果各项之和"
    SUBTOTAL = "表三分组小计=该组各分项之和"
    TABLE4_SUM = "表四总计=结果维持+结果纠正+其他结果+尚未审结"
    CARRIED_OVER = "跨年度：本年“上年结转”=上年报告“结转下年度继续办理”"
    IN_FORCE = "跨年度：现行有效件数=上年现行有效件数+本年制发件数−本年废止件数"
    CLOSED_ONCE = (
        "本年办结的申请每件只计入一行（部分公开只计一次）：三（七）总计=本年办结件数"
    )


@dataclass(frozen=True)
class Check:
    """一项核验的结果。

    ``ok`` 为 True（通过）、False（不通过）或 None（无法核验：有关单元格空白或缺少数据）。
    ``detail`` 写明是哪一列、哪一行以及两边的数字。
    """

    rule: str
    ok: bool | None
    detail: str

    @property
    def status(self) -> str:
        if self.ok is None:
            return "无法核验"
        return "通过" if self.ok else "不通过"

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


_Term = tuple[str, Number | None, int]
"""等式中的一项：名称、数值（None 为空白）、符号（+1 或 −1）。"""


def _show(value: Number | None) -> str:
    if value is None:
        return "空白"
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value)
        )
    return str(value)


def _side(terms: Sequence[_Term]) -> tuple[str, Number | None, Number]:
    """一边的文字、数值（有空白时为 None）和空白按0计的数值。"""
    parts: list[str] = []
    total: Number = 0
    as_zero: Number = 0
    blank = False
    for index, (name, value, sign) in enumerate(terms):
        op = ("" if index == 0 else "+") if sign > 0 else "−"
        parts.append(f"{op}{name}（{_show(value)}）")
        if value is None:
            blank = True
        else:
            total += sign * value
            as_zero += sign * value
    return "".join(parts), (None if blank else total), as_zero


def _equation(
    rule: Rule, subject: str, left: Sequence[_Term], right: Sequence[_Term]
) -> Check:
    left_text, left_value, left_zero = _side(left)
    right_text, right_value, right_zero = _side(right)
    if left_value is None or right_value is None:
        blanks = [name for name, value, _ in (*left, *right) if value is None]
        verdict = "相符" if left_zero == right_zero else "不相符"
        return Check(
            rule.value,
            None,
            f"{subject}：{'、'.join(blanks)}空白，无法核验"
            f"（如空白按0计：{_show(left_zero)}与{_show(right_zero)}，{verdict}）",
        )
    equation = f"{left_text}={_show(left_value)}，{right_text}={_show(right_value)}"
    if left_value == right_value:
        return Check(rule.value, True, f"{subject}：{equation}")
    gap: Number = left_value - right_value
    if gap < 0:
        gap = -gap
    return Check(
        rule.value, False, f"{subject}：{equation}，不相等（相差{_show(gap)}）"
    )


def _has_any(values: Mapping[str, Mapping[str, object]]) -> bool:
    return any(v is not None for cols in values.values() for v in cols.values())


def check_report(
    tables: AnnualReportTables,
    *,
    previous: AnnualReportTables | None = None,
    closed_in_year: Mapping[str, int] | None = None,
) -> list[Check]:
    """按年度报告格式中的计数规则核验三张表。

    - 表三每一列：一+二=三（七）总计+四（表头写明的勾稽关系）；
    - 表三每一行：“总计”列=自然人+法人或其他组织五列之和；
    - 表三每一列：（七）总计=办理结果各行之和（（一）（二）和各分组的每个分项；
      报告自带分组小计行时，另核小计=分项之和）；
    - 表四每一块：总计=结果维持+结果纠正+其他结果+尚未审结；
    - 给出 ``previous``（上年报告）时：本年“上年结转”=上年“结转下年度继续办理”（每列），
      2021年格式的规章、行政规范性文件：现行有效件数=上年现行有效+本年制发−本年废止；
    - 给出 ``closed_in_year``（按办理记录统计的本年办结件数，键为申请人列）时：
      三（七）总计=办结件数（每件申请只计入一行，部分公开只计一次）。

    空白单元格不当作0，相关核验为“无法核验”，并提示空白按0计时是否相符。
    某张表完全没有数字（例如报告中没有这张表）时，该表的每条规则只给出一条“无法核验”。
    """
    fmt = ReportFormat(tables.format)
    checks: list[Check] = []
    t3 = tables.table3
    if not _has_any(t3.values):
        for rule in (Rule.BALANCE, Rule.APPLICANT_SUM, Rule.RESULT_SUM):
            checks.append(Check(rule.value, None, "表三没有任何数字，无法核验"))
    else:
        checks.extend(_check_table3(fmt, t3))
    t4 = tables.table4
    if not _has_any(t4.values):
        checks.append(Check(Rule.TABLE4_SUM.value, None, "表四没有任何数字，无法核验"))
    else:
        for block in TABLE4_BLOCKS:
            left = [(block.full_label + "总计", t4.get(block.key, "总计"), 1)]
            right = [(col, t4.get(block.key, col), 1) for col in TABLE4_COLUMNS[:-1]]
            checks.append(_equation(Rule.TABLE4_SUM, block.full_label, left, right))
    if previous is not None:
        checks.extend(_check_cross_year(tables, previous))
    if closed_in_year is not None:
        for column in APPLICANT_COLUMNS:
            closed = closed_in_year.get(column)
            if closed is None and column == "总计":
                closed = _sum_or_none(closed_in_year.get(c) for c in APPLICANT_PARTS)
            checks.append(
                _equation(
                    Rule.CLOSED_ONCE,
                    f"{column}列",
                    [("三（七）总计", t3.get("total", column), 1)],
                    [("办理记录中的本年办结件数", closed, 1)],
                )
            )
    return checks


def _check_table3(fmt: ReportFormat, t3: Table3) -> list[Check]:
    rows = TABLE3_ROWS[fmt]
    checks: list[Check] = []
    for column in APPLICANT_COLUMNS:
        checks.append(
            _equation(
                Rule.BALANCE,
                f"{column}列",
                [
                    ("一", t3.get("new", column), 1),
                    ("二", t3.get("carried_in", column), 1),
                ],
                [
                    ("三（七）总计", t3.get("total", column), 1),
                    ("四", t3.get("carried_out", column), 1),
                ],
            )
        )
    labelled: list[tuple[str, dict[str, int | None]]] = [
        (row.full_label, t3.values.get(row.key, {})) for row in rows
    ]
    for group in TABLE3_GROUPS[fmt]:
        if group.key in t3.subtotals:
            labelled.append((f"{group.label}（小计）", t3.subtotals[group.key]))
    for label, cols in labelled:
        checks.append(
            _equation(
                Rule.APPLICANT_SUM,
                label,
                [("总计", cols.get("总计"), 1)],
                [(c, cols.get(c), 1) for c in APPLICANT_PARTS],
            )
        )
    result_rows = [row for row in rows if row.is_result]
    for column in APPLICANT_COLUMNS:
        checks.append(
            _equation(
                Rule.RESULT_SUM,
                f"{column}列",
                [("（七）总计", t3.get("total", column), 1)],
                [(_short(row), t3.get(row.key, column), 1) for row in result_rows],
            )
        )
    for group in TABLE3_GROUPS[fmt]:
        if group.key not in t3.subtotals:
            continue
        members = [row for row in rows if row.group_key == group.key]
        for column in APPLICANT_COLUMNS:
            checks.append(
                _equation(
                    Rule.SUBTOTAL,
                    f"{group.label}，{column}列",
                    [("小计", t3.subtotals[group.key].get(column), 1)],
                    [(_short(row), t3.get(row.key, column), 1) for row in members],
                )
            )
    return checks


def _short(row: Table3Row) -> str:
    """核验说明中用的简称，如“（三）1”“（二）”。"""
    if row.group is not None:
        number = row.label.split(".", 1)[0]
        return f"{row.group[:3]}{number}"
    return row.label[:3] if row.label.startswith("（") else row.label.split("、", 1)[0]


def _check_cross_year(
    tables: AnnualReportTables, previous: AnnualReportTables
) -> list[Check]:
    checks: list[Check] = []
    for column in APPLICANT_COLUMNS:
        checks.append(
            _equation(
                Rule.CARRIED_OVER,
                f"{column}列",
                [("本年二、上年结转", tables.table3.get("carried_in", column), 1)],
                [
                    (
                        "上年四、结转下年度继续办理",
                        previous.table3.get("carried_out", column),
                        1,
                    )
                ],
            )
        )
    fmt = ReportFormat(tables.format)
    if fmt is not ReportFormat.F2021:
        return checks
    for key in ("rules", "normative_documents"):
        row = table2_row(key, fmt)
        if ReportFormat(previous.format) is not ReportFormat.F2021:
            checks.append(
                Check(
                    Rule.IN_FORCE.value,
                    None,
                    f"{row.label}：上年报告为{previous.format}年格式，没有“现行有效件数”，无法核验",
                )
            )
            continue
        t2, p2 = tables.table2, previous.table2
        checks.append(
            _equation(
                Rule.IN_FORCE,
                row.label,
                [("现行有效件数", t2.get(key, "现行有效件数"), 1)],
                [
                    ("上年现行有效件数", p2.get(key, "现行有效件数"), 1),
                    ("本年制发件数", t2.get(key, "本年制发件数"), 1),
                    ("本年废止件数", t2.get(key, "本年废止件数"), -1),
                ],
            )
        )
    return checks


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_STYLE = """
body { font-family: "FangSong", "仿宋", "SimSun", "宋体", serif; line-height: 1.8;
  color: #222; margin: 0; }
main.annual-report { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { text-align: center; font-size: 1.6em; font-family: "SimHei", "黑体", sans-serif; }
h2 { font-size: 1.2em; font-family: "SimHei", "黑体", sans-serif; margin-top: 1.6em; }
p { text-indent: 2em; margin: 0.4em 0; }
table.report-table { border-collapse: collapse; margin: 12px auto; width: 100%; }
table.report-table th, table.report-table td { border: 1px solid #333;
  padding: 4px 6px; text-align: center; vertical-align: middle; font-weight: normal; }
table.report-table th.row-label { text-align: left; }
table.report-table td.num { font-variant-numeric: tabular-nums; min-width: 3em; }
table.table3 th[scope="col"] { white-space: nowrap; }
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _num(value: Number | None) -> str:
    return "" if value is None else _esc(_show(value))


def _attrs(rowspan: int = 1, colspan: int = 1) -> str:
    out = ""
    if rowspan > 1:
        out += f' rowspan="{rowspan}"'
    if colspan > 1:
        out += f' colspan="{colspan}"'
    return out


def _paragraphs(text: str) -> list[str]:
    return [
        f"<p>{_esc(line.strip())}</p>" for line in text.splitlines() if line.strip()
    ]


def _render_table2(fmt: ReportFormat, t2: Table2) -> list[str]:
    rows = TABLE2_ROWS[fmt]
    width = 1 + max(len(row.columns) for row in rows)
    out = [
        '<table class="report-table table2" border="1" cellspacing="0" cellpadding="4">'
    ]
    out.append("<tbody>")
    blocks: list[str] = []
    for row in rows:
        if row.block not in blocks:
            blocks.append(row.block)
    for block in blocks:
        members = [row for row in rows if row.block == block]
        columns = members[0].columns
        spans = _spread(len(columns), width - 1)
        out.append(
            f'<tr><th{_attrs(colspan=width)} scope="colgroup">{_esc(block)}</th></tr>'
        )
        head = "".join(
            f'<th{_attrs(colspan=span)} scope="col">{_esc(col)}</th>'
            for col, span in zip(columns, spans, strict=True)
        )
        out.append(f'<tr><th scope="col">信息内容</th>{head}</tr>')
        for row in members:
            cells = "".join(
                f'<td class="num"{_attrs(colspan=span)}>{_num(t2.get(row.key, col))}</td>'
                for col, span in zip(row.columns, spans, strict=True)
            )
            out.append(
                f'<tr><th class="row-label" scope="row">{_esc(row.label)}</th>{cells}</tr>'
            )
    out.append("</tbody></table>")
    return out


def _spread(count: int, width: int) -> list[int]:
    """把 width 列分给 count 个单元格，多出的列并入最后一格。"""
    return [1] * (count - 1) + [width - count + 1]


def _render_table3(fmt: ReportFormat, t3: Table3) -> list[str]:
    rows = TABLE3_ROWS[fmt]
    out = [
        '<table class="report-table table3" border="1" cellspacing="0" cellpadding="4">'
    ]
    orgs = "".join(f'<th scope="col">{_esc(c)}</th>' for c in ORGANIZATION_COLUMNS)
    out += [
        "<thead>",
        f"<tr><th{_attrs(3, 3)}>{_esc(TABLE3_HEADER_NOTE)}</th>"
        f'<th{_attrs(colspan=7)} scope="colgroup">申请人情况</th></tr>',
        f'<tr><th{_attrs(rowspan=2)} scope="col">自然人</th>'
        f'<th{_attrs(colspan=5)} scope="colgroup">{_esc(ORGANIZATION_GROUP)}</th>'
        f'<th{_attrs(rowspan=2)} scope="col">总计</th></tr>',
        f"<tr>{orgs}</tr>",
        "</thead>",
        "<tbody>",
    ]
    section_size = sum(1 for row in rows if row.section == TABLE3_SECTION)
    group_sizes: dict[str, int] = {}
    for row in rows:
        if row.group is not None:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    section_open = False
    groups_open: set[str] = set()
    for row in rows:
        cells: list[str] = []
        if row.section is None:
            cells.append(
                f'<th class="row-label"{_attrs(colspan=3)} scope="row">{_esc(row.label)}</th>'
            )
        else:
            if not section_open:
                section_open = True
                cells.append(
                    f"<th{_attrs(rowspan=section_size)}>{_esc(TABLE3_SECTION)}</th>"
                )
            if row.group is None:
                cells.append(
                    f'<th class="row-label"{_attrs(colspan=2)} scope="row">{_esc(row.label)}</th>'
                )
            else:
                if row.group not in groups_open:
                    groups_open.add(row.group)
                    cells.append(
                        f"<th{_attrs(rowspan=group_sizes[row.group])}>{_esc(row.group)}</th>"
                    )
                cells.append(
                    f'<th class="row-label" scope="row">{_esc(row.label)}</th>'
                )
        cells += [
            f'<td class="num">{_num(t3.get(row.key, c))}</td>'
            for c in APPLICANT_COLUMNS
        ]
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return out


def _render_table4(t4: Table4) -> list[str]:
    cols = "".join(f'<th scope="col">{_esc(c)}</th>' for c in TABLE4_COLUMNS)
    review, direct, after = TABLE4_BLOCKS
    review_cols = "".join(
        f'<th{_attrs(rowspan=2)} scope="col">{_esc(c)}</th>' for c in TABLE4_COLUMNS
    )
    values = "".join(
        f'<td class="num">{_num(t4.get(block.key, c))}</td>'
        for block in TABLE4_BLOCKS
        for c in TABLE4_COLUMNS
    )
    return [
        '<table class="report-table table4" border="1" cellspacing="0" cellpadding="4">',
        "<thead>",
        f'<tr><th{_attrs(colspan=5)} scope="colgroup">{_esc(review.label)}</th>'
        f'<th{_attrs(colspan=10)} scope="colgroup">{_esc(TABLE4_LITIGATION)}</th></tr>',
        f'<tr>{review_cols}<th{_attrs(colspan=5)} scope="colgroup">{_esc(direct.label)}</th>'
        f'<th{_attrs(colspan=5)} scope="colgroup">{_esc(after.label)}</th></tr>',
        f"<tr>{cols}{cols}</tr>",
        "</thead>",
        f"<tbody><tr>{values}</tr></tbody>",
        "</table>",
    ]


def render_html(
    tables: AnnualReportTables,
    *,
    title: str,
    sections: Mapping[str, str] | None = None,
) -> str:
    """生成可发布的完整HTML文档：标题、六个部分，表二、表三、表四按全国格式排版。

    ``sections`` 的键见 ``SECTION_KEYS``（"overview" 总体情况、"proactive"、
    "applications"、"review_litigation"、"problems" 存在的主要问题及改进情况、
    "other" 其他需要报告的事项），值为纯文本，每行一段；二、三、四部分的文字排在表格前。
    空白单元格输出为空。输出可以用 ``gongkai report parse`` 原样读回。
    """
    fmt = ReportFormat(tables.format)
    texts = dict(sections or {})
    unknown = sorted(set(texts) - set(SECTION_KEYS))
    if unknown:
        raise ValueError(
            f"未知的报告部分：{'、'.join(unknown)}（可用：{'、'.join(SECTION_KEYS)}）"
        )
    body: list[str] = [f"<h1>{_esc(title)}</h1>"]
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS[fmt], strict=True):
        body.append(f'<section class="report-section" id="section-{key}">')
        body.append(f"<h2>{_esc(heading)}</h2>")
        body += _paragraphs(texts.get(key, ""))
        if key == "proactive":
            body += _render_table2(fmt, tables.table2)
        elif key == "applications":
            body += _render_table3(fmt, tables.table3)
        elif key == "review_litigation":
            body += _render_table4(tables.table4)
        body.append("</section>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="description" content="{_esc(FORMAT_DOCUMENTS[fmt])}格式">',
            f"<title>{_esc(title)}</title>",
            f"<style>\n{_STYLE}\n</style>",
            "</head>",
            "<body>",
            '<main class="annual-report">',
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )
