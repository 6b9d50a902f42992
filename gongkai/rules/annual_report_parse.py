"""读取已发布的政府信息公开工作年度报告，还原表二、表三、表四的数字并核验。

用途：单位开始使用 gongkai 时导入上一年度的报告（取“结转下年度继续办理”作为本年的
“上年结转”，并做跨年度核验）；上级主管部门核查所属单位的报告。

输入：网页（HTML；合并单元格 rowspan/colspan 展开为网格），或文本（每行是表格的一行，
单元格用“|”或制表符分隔）。

读取原则：只认全国格式中的行和列，**不猜**。
- 行标签按全国格式的文字匹配，容许全角/半角标点、空格、引号和编号写法的差异
  （“1.”“1、”“（1）”“（一）”“(一)”“一、”等）；对不上或对上多行的，记入 ``warnings``，
  该行不采用；
- 单元格空白为 None（“—”“/”“无”视为空白）；不是数字的单元格为 None，并记入 ``warnings``；
- 表头无法确定各列含义、或一行的数值单元格个数与表头不符时，该处的数字为 None，
  并在 ``warnings`` 中说明。
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any, Literal, TypedDict

from gongkai.rules.annual_report import (
    APPLICANT_COLUMNS,
    FORMAT_DOCUMENTS,
    MONEY_COLUMNS,
    SECTION_HEADINGS,
    SIGNED_COLUMNS,
    TABLE2_ROWS,
    TABLE3_GROUPS,
    TABLE3_HEADER_NOTE,
    TABLE3_ROWS,
    TABLE3_SECTION,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    TABLE4_LITIGATION,
    AnnualReportTables,
    Check,
    Number,
    ReportFormat,
    Table2,
    Table2Row,
    Table3,
    Table3Row,
    Table4,
    check_report,
)

__all__ = [
    "CheckJSON",
    "ContentType",
    "ParsedReport",
    "ParsedReportJSON",
    "Table2RowJSON",
    "Table3RowJSON",
    "detect_content_type",
    "parse_report",
]

ContentType = Literal["html", "text"]

# ---------------------------------------------------------------------------
# 文字规范化
# ---------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
# 行首编号：（一）(一) 一、 一. （1）(1) 1. 1、 ①（NFKC 后为 1）
_NUMBERING = re.compile(
    rf"^(?:\([{_CN_NUM}]+\)|[{_CN_NUM}]+[、.,:]|\(\d{{1,2}}\)|\d{{1,2}}[、.,:]?(?!\d))"
)
_BLOCK_RE = re.compile(rf"第二十条第\(([{_CN_NUM}]+)\)项")
_PLACEHOLDERS = frozenset(
    {"-", "--", "—", "——", "―", "/", "\\", "无", "空", "N/A", "NA"}
)


def _compact(text: str) -> str:
    """NFKC（全角转半角）并去掉所有空白。"""
    normalized = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normalized if not ch.isspace())


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZ")


def _core(text: str) -> str:
    """比较用的标签核心：去编号、标点、符号和空白。"""
    return _strip_marks(_NUMBERING.sub("", _compact(text), count=1))


def _short_core(text: str) -> str:
    """去掉括号中的说明后的核心，如“（二）部分公开（区分处理的……）”→“部分公开”。"""
    t = _NUMBERING.sub("", _compact(text), count=1)
    previous = None
    while previous != t:
        previous = t
        t = re.sub(r"\([^()]*\)", "", t)
    t = re.sub(r"\(.*$", "", t)  # 未闭合的括号（单元格被截断）
    return _strip_marks(t)


def _display(text: str) -> str:
    return " ".join(text.split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------------------
# 单元格与表格
# ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Cell:
    uid: int
    text: str
    col: int = 0
    colspan: int = 1

    def __post_init__(self) -> None:
        self.compact = _compact(self.text)
        self.core = _core(self.text)

    @property
    def end(self) -> int:
        return self.col + self.colspan

    @property
    def blank(self) -> bool:
        return self.compact == "" or self.compact in _PLACEHOLDERS

    @property
    def numeric(self) -> bool:
        return _NUMBER_RE.fullmatch(self.compact) is not None

    @property
    def is_value(self) -> bool:
        return self.blank or self.numeric

    @property
    def is_label(self) -> bool:
        return not self.is_value


_NUMBER_RE = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?(?:件|项|个|次|万元|元)?")


@dataclass
class _Row:
    slots: list[_Cell | None]
    where: str

    def cells(self) -> list[_Cell]:
        seen: set[int] = set()
        out: list[_Cell] = []
        for cell in self.slots:
            if cell is not None and cell.uid not in seen:
                seen.add(cell.uid)
                out.append(cell)
        return out

    def text(self) -> str:
        return " | ".join(_display(c.text) for c in self.cells() if not c.blank)


@dataclass
class _RawTable:
    rows: list[_Row]
    positional: bool  # 网页表格展开后的网格：各行的列号一一对应


class _Ids:
    def __init__(self) -> None:
        self.next = 0

    def __call__(self) -> int:
        self.next += 1
        return self.next


# ---- HTML ------------------------------------------------------------------


@dataclass
class _HCell:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _HTable:
    order: int
    rows: list[list[_HCell]] = field(default_factory=list)
    row: list[_HCell] | None = None
    cell: _HCell | None = None

    def close_cell(self) -> None:
        self.cell = None

    def close_row(self) -> None:
        self.cell = None
        if self.row is not None:
            self.rows.append(self.row)
            self.row = None


_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
)


def _span(value: str | None, limit: int) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    return max(1, min(int(match.group(1)), limit))


class _HtmlTables(HTMLParser):
    """收集网页中的所有表格（含嵌套表格，各自独立），以及表格之外的文字。"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_HTable] = []
        self.done: list[_HTable] = []
        self.outside: list[str] = []
        self.skip = 0
        self.count = 0

    def _text(self, data: str) -> None:
        if self.stack:
            table = self.stack[-1]
            if table.cell is not None:
                table.cell.parts.append(data)
        else:
            self.outside.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self.skip += 1
            return
        table = self.stack[-1] if self.stack else None
        if tag == "table":
            self.count += 1
            self.stack.append(_HTable(self.count))
        elif tag == "tr" and table is not None:
            table.close_row()
            table.row = []
        elif tag in {"td", "th"} and table is not None:
            table.close_cell()
            if table.row is None:
                table.row = []
            found = dict(attrs)
            cell = _HCell(
                rowspan=_span(found.get("rowspan"), 1000),
                colspan=_span(found.get("colspan"), 100),
            )
            table.row.append(cell)
            table.cell = cell
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._text("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._text("\n")
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"}:
            self.skip = max(0, self.skip - 1)
            return
        table = self.stack[-1] if self.stack else None
        if tag == "table" and table is not None:
            table.close_row()
            self.done.append(self.stack.pop())
        elif tag in {"td", "th"} and table is not None:
            table.close_cell()
        elif tag == "tr" and table is not None:
            table.close_row()
        elif tag in _BLOCK_TAGS:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._text(data)

    def finish(self) -> None:
        self.close()
        while self.stack:
            table = self.stack.pop()
            table.close_row()
            self.done.append(table)
        self.done.sort(key=lambda t: t.order)


def _grid(table: _HTable, number: int, ids: _Ids) -> _RawTable:
    """把 rowspan/colspan 展开成网格；跨出表格末行的 rowspan 截断。"""
    height = len(table.rows)
    grid: list[list[_Cell | None]] = [[] for _ in range(height)]
    for r, hrow in enumerate(table.rows):
        c = 0
        for hcell in hrow:
            line = grid[r]
            while c < len(line) and line[c] is not None:
                c += 1
            cell = _Cell(ids(), "".join(hcell.parts), c, hcell.colspan)
            for rr in range(r, min(height, r + hcell.rowspan)):
                target = grid[rr]
                while len(target) < c + hcell.colspan:
                    target.append(None)
                for cc in range(c, c + hcell.colspan):
                    if target[cc] is None:
                        target[cc] = cell
            c += hcell.colspan
    rows = [
        _Row(slots, f"第{number}个表格第{index + 1}行")
        for index, slots in enumerate(grid)
    ]
    return _RawTable(rows, positional=True)


# ---- 文本 ------------------------------------------------------------------

_RULE_LINE = re.compile(r"[\s|｜:\-—=+]*")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")


def _section_cores() -> frozenset[str]:
    return frozenset(_core(h) for hs in SECTION_HEADINGS.values() for h in hs)


def _is_boundary(line: str) -> bool:
    """正文或章节标题：结束一张文本表格。"""
    core = _core(line)
    return (
        core in _SECTION_CORES or _width(line) > 120 or bool(_SENTENCE_END.search(line))
    )


def _text_tables(text: str, ids: _Ids) -> list[_RawTable]:
    tables: list[_RawTable] = []
    current: list[_Row] = []
    has_cells = False

    def flush() -> None:
        nonlocal current, has_cells
        if has_cells:
            tables.append(_RawTable(current, positional=False))
        current, has_cells = [], False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"第{number}行"
        if not line:
            continue
        if "|" in line or "｜" in line or "\t" in line:
            if _RULE_LINE.fullmatch(line):
                continue
            if "|" in line or "｜" in line:
                parts = re.split(r"[|｜]", line)
                if parts and not parts[0].strip():
                    parts = parts[1:]
                if parts and not parts[-1].strip():
                    parts = parts[:-1]
            else:
                parts = raw.strip("\r\n").split("\t")
            cells: list[_Cell | None] = [
                _Cell(ids(), part.strip(), index) for index, part in enumerate(parts)
            ]
            current.append(_Row(cells, where))
            has_cells = True
        elif _is_boundary(line):
            flush()
        else:
            # 没有分隔符的短行：可能是被折行的单元格，或只有一格的行（如“第二十条第（一）项”）
            current.append(_Row([_Cell(ids(), line, 0)], where))
    flush()
    return tables


# ---------------------------------------------------------------------------
# 全国格式的标签索引
# ---------------------------------------------------------------------------

_SIX = "six"  # “（六）其他处理”：2019年格式是数据行，2021年格式是分组


@dataclass(frozen=True)
class _T3Label:
    kind: Literal["row", "group", "section", "six"]
    key: str


def _build_t3_index() -> tuple[dict[str, _T3Label], dict[str, _T3Label]]:
    full: dict[str, _T3Label] = {}
    short: dict[str, _T3Label] = {}

    def add(text: str, label: _T3Label) -> None:
        for index, core in ((full, _core(text)), (short, _short_core(text))):
            existing = index.get(core)
            if existing is not None and existing != label:
                raise AssertionError(f"表三标签冲突：{text}")
            index[core] = label

    for fmt, rows in TABLE3_ROWS.items():
        for row in rows:
            if row.key == "other" and fmt is ReportFormat.F2019:
                continue
            add(row.label, _T3Label("row", row.key))
        for group in TABLE3_GROUPS[fmt]:
            if group.key == "other":
                continue
            add(group.label, _T3Label("group", group.key))
    add("（六）其他处理", _T3Label("six", "other"))
    add(TABLE3_SECTION, _T3Label("section", "results"))
    return full, short


_T3_FULL, _T3_SHORT = _build_t3_index()
_T3_HEADER_WORDS = frozenset(
    {
        "申请人情况",
        "法人或其他组织",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
    }
)
_T3_HEADER_NOTE_CORE = _core(TABLE3_HEADER_NOTE)
_AMBIGUOUS_CORES = frozenset({"其他", "总计"})  # 表三、表四的表头和行标签中都有


def _t3_label(text: str) -> _T3Label | None:
    core = _core(text)
    if not core:
        return None
    found = _T3_FULL.get(core)
    if found is None:
        short = _short_core(text)
        if short:
            found = _T3_SHORT.get(short)
    return found


_T2_ROW_INDEX: dict[str, str] = {}
_T2_ROW_FORMAT: dict[str, ReportFormat | None] = {}
for _fmt, _rows in TABLE2_ROWS.items():
    for _r in _rows:
        _T2_ROW_INDEX[_core(_r.label)] = _r.key
        _c = _core(_r.label)
        _T2_ROW_FORMAT[_c] = _fmt if _c not in _T2_ROW_FORMAT else None
_T2_COLUMN_INDEX: dict[str, str] = {}
_T2_COLUMN_SHORT: dict[str, str] = {}
_T2_COLUMN_FORMATS: dict[str, set[ReportFormat]] = {}
for _fmt, _rows in TABLE2_ROWS.items():
    for _r in _rows:
        for _col in _r.columns:
            _T2_COLUMN_INDEX[_core(_col)] = _col
            _T2_COLUMN_SHORT[_short_core(_col)] = _col
            _T2_COLUMN_FORMATS.setdefault(_col, set()).add(_fmt)
# 两种格式都有的行，不用来判断格式
_T2_ROW_ONLY: dict[str, ReportFormat] = {
    core: fmt for core, fmt in _T2_ROW_FORMAT.items() if fmt is not None
}
_T2_COLUMN_ONLY: dict[str, ReportFormat] = {
    col: next(iter(fmts)) for col, fmts in _T2_COLUMN_FORMATS.items() if len(fmts) == 1
}

_T4_WORDS = frozenset(
    _core(w)
    for w in (
        "行政复议",
        TABLE4_LITIGATION,
        *(b.label for b in TABLE4_BLOCKS),
        *(c for c in TABLE4_COLUMNS if c != "总计"),
    )
)
_SECTION_CORES = _section_cores()


def _t2_column(text: str) -> str | None:
    core = _core(text)
    if not core:
        return None
    found = _T2_COLUMN_INDEX.get(core)
    if found is None:
        found = _T2_COLUMN_SHORT.get(_short_core(text))
    return found


def _row_types(row: _Row) -> set[int]:
    """一行属于哪张表（2、3、4）；靠全国格式中只在一张表出现的文字判断。"""
    types: set[int] = set()
    for cell in row.cells():
        core = cell.core
        if not core or cell.is_value:
            continue
        if (
            core in _T3_HEADER_WORDS
            or "勾稽关系" in core
            or (core not in _AMBIGUOUS_CORES and _t3_label(cell.text) is not None)
        ):
            types.add(3)
        if core in _T4_WORDS:
            types.add(4)
        if (
            _BLOCK_RE.search(cell.compact)
            or core == "信息内容"
            or core in _T2_ROW_INDEX
            or _t2_column(cell.text) is not None
        ):
            types.add(2)
    return types


# ---------------------------------------------------------------------------
# 读取一行的数值单元格
# ---------------------------------------------------------------------------


@dataclass
class _Read:
    labels: list[_Cell]
    values: list[_Cell] | None  # None：无法确定；[]：本行没有数值单元格
    problem: str | None = None


def _trim(values: list[_Cell], expected: int) -> list[_Cell] | None:
    out = list(values)
    while len(out) > expected and out[0].compact == "":
        out.pop(0)
    while len(out) > expected and out[-1].compact == "":
        out.pop()
    return out if len(out) == expected else None


def _read_row(
    row: _Row,
    expected: int,
    columns: Sequence[Sequence[int]] | None,
    positional: bool,
    table: str,
) -> _Read:
    """取一行的标签单元格和 expected 个数值单元格。

    先按单元格顺序读（标签之后的单元格个数恰好等于表头列数）；不行时按表头的列位置读
    （网页表格，或与表头单元格个数相同的文本行）；再不行，去掉多余的空白单元格后按顺序读。
    """
    cells = row.cells()
    last_label = max((i for i, c in enumerate(cells) if c.is_label), default=-1)
    labels = [c for c in cells[: last_label + 1] if not c.blank]
    tail = cells[last_label + 1 :]
    if not tail:
        return _Read(labels, [])
    if len(tail) == expected:
        return _Read(labels, tail)
    if columns is not None and positional:
        aligned = _read_aligned(row, columns)
        if aligned is not None:
            return aligned
    trimmed = _trim(tail, expected)
    if trimmed is not None:
        return _Read(labels, trimmed)
    return _Read(
        labels,
        None,
        f"{table}{row.where}（{row.text()}）有{len(tail)}个数值单元格，表头有{expected}列，无法对应",
    )


def _read_aligned(row: _Row, columns: Sequence[Sequence[int]]) -> _Read | None:
    first = min(min(cols) for cols in columns)
    values: list[_Cell] = []
    used: set[int] = set()
    for cols in columns:
        found = [row.slots[c] for c in cols if c < len(row.slots)]
        distinct = list({id(c): c for c in found if c is not None}.values())
        if not distinct or len(found) < len(cols):
            return None
        if any(c.col < first for c in distinct):
            return None  # 标签单元格伸进了数值列
        chosen = distinct[0]
        if len(distinct) > 1:
            filled = [c for c in distinct if not c.blank]
            texts = {c.compact for c in filled}
            if len(texts) > 1:
                return None
            chosen = filled[0] if filled else distinct[0]
        if chosen.uid in used:
            return None  # 一个单元格跨了两列表头
        used.add(chosen.uid)
        values.append(chosen)
    labels = [c for c in row.cells() if c.end <= first and not c.blank]
    if any(c.numeric for c in labels):
        return None
    return _Read(labels, values)


# ---------------------------------------------------------------------------
# 数值
# ---------------------------------------------------------------------------


@dataclass
class _Problems:
    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)


def _int_value(
    cell: _Cell, where: str, problems: _Problems, *, signed: bool = False
) -> int | None:
    if cell.blank:
        return None
    text = cell.compact.replace("−", "-").replace(",", "")
    text = re.sub(r"(件|项|个|次)$", "", text)
    pattern = r"[+\-]?\d+" if signed else r"\+?\d+"
    if re.fullmatch(pattern, text):
        return int(text)
    if re.fullmatch(r"[+\-]?\d+\.0+", text) and (signed or not text.startswith("-")):
        return int(Decimal(text))
    problems.add(f"{where}的单元格“{_display(cell.text)}”不是整数，按空白处理")
    return None


def _money_value(
    cell: _Cell, where: str, problems: _Problems, unit: str | None
) -> Decimal | None:
    if cell.blank:
        return None
    text = cell.compact.replace(",", "")
    match = re.fullmatch(r"(\+?\d+(?:\.\d+)?)(万元|元)?", text)
    if not match:
        problems.add(f"{where}的单元格“{_display(cell.text)}”不是金额，按空白处理")
        return None
    number, suffix = match.groups()
    if suffix is not None and unit is not None and suffix != unit:
        problems.add(
            f"{where}的单元格“{_display(cell.text)}”单位为{suffix}，表头单位为{unit}，按空白处理"
        )
        return None
    if suffix is not None and unit is None:
        problems.add(
            f"{where}的单元格“{_display(cell.text)}”带单位{suffix}，按原数读取"
        )
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - 正则已保证格式
        return None


# ---------------------------------------------------------------------------
# 表三
# ---------------------------------------------------------------------------


@dataclass
class _T3Record:
    label: str
    last_part: str
    match: _T3Label | None
    values: list[_Cell] | None
    order: list[str]
    where: str
    problem: str | None = None


@dataclass
class _T3Columns:
    order: list[str]
    positions: list[list[int]] | None
    width: int | None  # 文本表格：给出列位置的表头行的单元格个数


def _columnwise(rows: Sequence[_Row]) -> list[str]:
    """逐列把各表头行的文字连起来（同一单元格只取一次）。"""
    width = max((len(r.slots) for r in rows), default=0)
    out: list[str] = []
    for c in range(width):
        seen: set[int] = set()
        parts: list[str] = []
        for row in rows:
            cell = row.slots[c] if c < len(row.slots) else None
            if cell is not None and cell.uid not in seen:
                seen.add(cell.uid)
                parts.append(cell.core)
        out.append("".join(parts))
    return out


def _label_positions(
    columnwise: Sequence[str], labels: Sequence[str]
) -> dict[str, list[int]] | None:
    """每个标签对应的列：逐列文字以该标签结尾（长标签优先）。有冲突或不连续时返回 None。"""
    found: dict[str, list[int]] = {}
    ordered = sorted(labels, key=len, reverse=True)
    for index, text in enumerate(columnwise):
        for label in ordered:
            if text.endswith(label):
                found.setdefault(label, []).append(index)
                break
    if set(found) != set(labels):
        return None
    for cols in found.values():
        if cols != list(range(cols[0], cols[-1] + 1)):
            return None
    return found


def _t3_columns(header: Sequence[_Row], positional: bool) -> _T3Columns | None:
    labels = list(APPLICANT_COLUMNS)
    # 网页网格：逐列读表头
    if positional and header:
        grid_found = _label_positions(_columnwise(header), labels)
        if grid_found is not None:
            order = sorted(labels, key=lambda name: grid_found[name][0])
            return _T3Columns(order, [grid_found[name] for name in order], None)
    # 文本：某一表头行（或单元格个数相同的几行逐列连起来）含全部七列
    candidates: list[Sequence[_Row]] = [[r] for r in header]
    for start in range(len(header)):
        for end in range(start + 2, len(header) + 1):
            block = header[start:end]
            if len({len(r.slots) for r in block}) == 1:
                candidates.append(block)
    for block in candidates:
        found = _label_positions(_columnwise(block), labels)
        if found is not None and all(len(cols) == 1 for cols in found.values()):
            order = sorted(labels, key=lambda name: found[name][0])
            return _T3Columns(
                order, [found[name] for name in order], len(block[0].slots)
            )
    # 表头跨多行、位置对不上：七列都出现时，按全国格式的列序
    words = {c.core for r in header for c in r.cells()}
    if set(labels) <= words:
        return _T3Columns(labels, None, None)
    return None


def _resolve_t3(
    parts: Sequence[str], positional: bool
) -> tuple[_T3Label | None, str | None]:
    """由一行的标签单元格确定全国格式的行；返回（匹配, 问题说明）。

    分项文字在全国格式中是唯一的，所以一行由它唯一能对上的分项确定（网页的 rowspan
    写错时，分项单元格可能排到分组单元格前面，所以不要求分项在最后）。没有分项时，
    最后一个标签单元格是分组（小计行，或2019年格式的“（六）其他处理”）才算对上；
    最后一格对不上（如被折行的分项前半截）就是对不上。网页网格中同一行的分组必须与
    分项一致；文本表格中合并单元格的位置不可靠，不比较。
    """
    if not parts:
        return None, None
    matches = [m for m in (_t3_label(p) for p in parts) if m is not None]
    rows = {m for m in matches if m.kind == "row"}
    if len(rows) > 1:
        return None, "同时对应全国格式的多行"
    if rows:
        found = next(iter(rows))
        own = found.key.split(".", 1)[0] if "." in found.key else None
    else:
        last = _t3_label(parts[-1])
        if last is None or last.kind not in {"group", "six"}:
            return None, None
        found = last
        own = "other" if last.kind == "six" else last.key
    if positional:
        groups = {
            "other" if m.kind == "six" else m.key
            for m in matches
            if m.kind in {"group", "six"}
        }
        if groups - {own}:
            return None, "所在分组与分项不一致"
    return found, None


def _unambiguous_t3(cell: _Cell) -> bool:
    """表三行标签（不含表头中也有的“总计”“其他”，除非带编号）。"""
    match = _t3_label(cell.text)
    if match is None or match.kind == "section":
        return False
    return cell.core not in _AMBIGUOUS_CORES or bool(_NUMBERING.match(cell.compact))


def _parse_table3_segment(
    rows: Sequence[_Row],
    positional: bool,
    inherited: _T3Columns | None,
    problems: _Problems,
) -> tuple[list[_T3Record], _T3Columns | None]:
    first_data = next(
        (
            index
            for index, row in enumerate(rows)
            if any(c.is_label and _unambiguous_t3(c) for c in row.cells())
        ),
        None,
    )
    if first_data is None:
        return [], inherited
    header = rows[:first_data]
    columns = _t3_columns(header, positional) if header else None
    if columns is None:
        if any(c.core in _T3_HEADER_WORDS for r in header for c in r.cells()):
            problems.add(
                "表三的表头无法确定“自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计”"
                "各列的位置，表三的数字无法读取"
            )
            return [], None
        if inherited is None:
            problems.add("表三没有可以识别的表头，无法确定各列含义，表三的数字无法读取")
            return [], None
        columns = _T3Columns(inherited.order, None, None)
    records: list[_T3Record] = []
    pending: list[str] = []
    dropped: list[str] = []  # 数值全空白、标签对不上、也没能接到相邻行的行

    def discard_pending() -> None:
        if dropped:
            problems.add(
                f"表三“{''.join(dropped)}”无法对应全国格式中的任何一行，该行未采用"
            )
        pending.clear()
        dropped.clear()

    for row in rows[first_data:]:
        row_positional = positional or (
            columns.width is not None and len(row.slots) == columns.width
        )
        read = _read_row(
            row, len(columns.order), columns.positions, row_positional, "表三"
        )
        parts = [
            c.text
            for c in read.labels
            if c.core != _T3_HEADER_NOTE_CORE
            and _t3_label(c.text) != _T3Label("section", "results")
        ]
        match, why = _resolve_t3(parts, positional) if parts else (None, None)
        values = read.values
        blank_row = bool(values) and all(c.blank for c in values or [])
        if blank_row and parts and (match is None or match.kind == "group"):
            values = []  # 数值全空白而标签对不上：按被折行的标签处理
        if values == []:
            # 没有数值：分组标题、被折行的标签，或数字在下一行的标签
            if not parts:
                continue
            if match is not None and match.kind == "group":
                discard_pending()
                continue
            previous = records[-1] if records else None
            if previous is not None and not pending:
                joined = previous.last_part + "".join(parts)
                joined_match, _ = _resolve_t3([joined], positional)
                if (
                    joined_match is not None
                    and joined_match.kind in {"row", "six"}
                    and previous.match in {None, joined_match}
                    and match in {None, joined_match}
                ):
                    previous.match = joined_match
                    previous.label += "".join(_display(p) for p in parts)
                    previous.last_part = joined
                    previous.problem = None
                    continue
            pending.extend(parts)
            if blank_row:
                dropped.append("".join(_display(p) for p in parts))
            continue
        label = "".join(_display(p) for p in parts)
        if pending and match is None:
            joined = "".join(pending) + (parts[-1] if parts else "")
            joined_match, joined_why = _resolve_t3([*parts[:-1], joined], positional)
            if joined_match is not None:
                match, why = joined_match, joined_why
                label = "".join(_display(p) for p in pending) + label
                parts = [*parts[:-1], joined]
                dropped.clear()
        discard_pending()
        records.append(
            _T3Record(
                label=label or row.text(),
                last_part=parts[-1] if parts else "",
                match=match,
                values=values,
                order=list(columns.order),
                where=row.where,
                problem=read.problem
                or (f"表三{row.where}“{label}”{why}" if why else None),
            )
        )
    discard_pending()
    return records, columns


@dataclass
class _T3Result:
    values: dict[str, dict[str, int | None]]
    subtotals: dict[str, dict[str, int | None]]
    has_other_subrows: bool
    has_six_row: bool


def _assemble_table3(
    records: Sequence[_T3Record], fmt: ReportFormat | None, problems: _Problems
) -> _T3Result:
    values: dict[str, dict[str, int | None]] = {}
    subtotals: dict[str, dict[str, int | None]] = {}
    conflicts: set[tuple[str, str]] = set()
    for record in records:
        match = record.match
        if match is None:
            problems.add(
                (
                    record.problem
                    or f"表三{record.where}“{record.label}”无法对应全国格式中的任何一行"
                )
                + "，该行未采用"
            )
            continue
        if match.kind == "six":
            if fmt is ReportFormat.F2019:
                match = _T3Label("row", "other")
            elif fmt is ReportFormat.F2021:
                match = _T3Label("group", "other")
            else:
                problems.add(
                    f"表三{record.where}“{record.label}”：报告格式不明，无法确定是2019年格式的数据行"
                    "还是2021年格式的小计行，该行未采用"
                )
                continue
        if match.kind == "section":
            continue
        if record.values is None:
            if record.problem:
                problems.add(record.problem + "，该行的数字按空白处理")
            row_values: dict[str, int | None] = dict.fromkeys(APPLICANT_COLUMNS)
        else:
            row_values = {
                name: _int_value(
                    cell, f"表三{record.where}“{record.label}”{name}列", problems
                )
                for name, cell in zip(record.order, record.values, strict=True)
            }
        target = values if match.kind == "row" else subtotals
        if match.kind == "group" and all(v is None for v in row_values.values()):
            continue  # 分组标题行（没有数字），不是小计
        if match.key in target:
            if target[match.key] != row_values:
                conflicts.add((match.kind, match.key))
            continue
        target[match.key] = row_values
    for kind, key in sorted(conflicts):
        target = values if kind == "row" else subtotals
        target[key] = dict.fromkeys(APPLICANT_COLUMNS)
        problems.add(f"表三“{key}”行重复出现且数字不同，按空白处理")
    return _T3Result(
        values=values,
        subtotals=subtotals,
        has_other_subrows=any(key.startswith("other.") for key in values),
        has_six_row=any(
            r.match is not None and r.match.kind == "six" and r.values for r in records
        ),
    )


# ---------------------------------------------------------------------------
# 表二
# ---------------------------------------------------------------------------


@dataclass
class _T2Result:
    values: dict[str, dict[str, Number | None]]
    columns_seen: set[str]
    rows_seen: set[str]
    row_cores_seen: set[str]


def _fee_unit(text: str) -> tuple[str | None, str | None]:
    """收费金额表头的单位：（单位, 问题）。"""
    compact = _compact(text)
    if "万元" in compact:
        return "万元", None
    if "元" in compact:
        return (
            "元",
            "表二“本年收费金额”表头的单位为元，与全国格式的万元不同，该列按空白处理",
        )
    return None, "表二“本年收费金额”表头未注明单位，按全国格式的万元读取"


@dataclass
class _T2Head:
    name: str
    columns: list[int]
    text: str


def _t2_heads(rows: Sequence[_Row]) -> list[_T2Head]:
    """表头行（或单元格个数相同、逐列连起来的几行表头）中的全国格式列名。"""
    if len(rows) == 1:
        return [
            _T2Head(name, list(range(c.col, c.end)), c.text)
            for c in rows[0].cells()
            if (name := _t2_column(c.text)) is not None
        ]
    heads: list[_T2Head] = []
    for index, core in enumerate(_columnwise(rows)):
        name = _T2_COLUMN_INDEX.get(core) or _T2_COLUMN_SHORT.get(core)
        if name is None:
            continue
        if heads and heads[-1].name == name and heads[-1].columns[-1] == index - 1:
            heads[-1].columns.append(index)  # 同一表头单元格跨了几列
        else:
            heads.append(_T2Head(name, [index], core))
    return heads


@dataclass
class _T2Header:
    """表二当前的表头（每个“第二十条第（X）项”下可能不同）。"""

    heads: list[_T2Head] | None = None
    width: int = 0
    units: dict[str, str | None] = field(default_factory=dict)
    bad_units: set[str] = field(default_factory=set)

    def use(self, heads: list[_T2Head], width: int, problems: _Problems) -> None:
        self.heads, self.width = heads, width
        for head in heads:
            if head.name == "本年收费金额（单位：万元）":
                unit, problem = _fee_unit(head.text)
                self.units[head.name] = "万元" if unit is None else unit
                if problem:
                    problems.add(problem)
                if unit == "元":
                    self.bad_units.add(head.name)


def _parse_table2(
    segments: Sequence[tuple[Sequence[_Row], bool]], problems: _Problems
) -> _T2Result:
    values: dict[str, dict[str, Number | None]] = {}
    columns_seen: set[str] = set()
    rows_seen: set[str] = set()
    row_cores_seen: set[str] = set()
    for rows, positional in segments:
        state = _T2Header()
        buffer: list[_Row] = []  # 可能是被折成几行的表头
        for row in rows:
            cells = row.cells()
            if any(_BLOCK_RE.search(c.compact) for c in cells):
                buffer = []
            heads = _t2_heads([row])
            if heads:
                state.use(heads, len(row.slots), problems)
                columns_seen.update(h.name for h in heads)
                buffer = [row]
                continue
            key_cells = [
                (key, c)
                for c in cells
                if (key := _T2_ROW_INDEX.get(c.core)) is not None
            ]
            if not key_cells:
                if any(c.numeric for c in cells):
                    problems.add(
                        f"表二{row.where}（{row.text()}）无法对应全国格式中的任何一行，该行未采用"
                    )
                elif any(c.is_label for c in cells):
                    buffer.append(row)
                    if len(buffer) > 1 and len({len(r.slots) for r in buffer}) == 1:
                        joined = _t2_heads(buffer)
                        if joined:
                            state.use(joined, len(row.slots), problems)
                            columns_seen.update(h.name for h in joined)
                continue
            buffer = []
            key, label_cell = key_cells[0]
            rows_seen.add(key)
            row_cores_seen.add(label_cell.core)
            where = f"表二{row.where}“{_display(label_cell.text)}”"
            header = state.heads
            if header is None:
                problems.add(f"{where}前没有表头，无法确定各列含义")
                continue
            row_positional = positional or len(row.slots) == state.width
            read = _read_row(
                row, len(header), [h.columns for h in header], row_positional, "表二"
            )
            if read.values is None:
                problems.add(
                    (read.problem or f"{where}无法读取") + "，该行的数字按空白处理"
                )
                continue
            if not read.values:
                continue
            row_values = values.setdefault(key, {})
            for head, cell in zip(header, read.values, strict=True):
                name = head.name
                number: Number | None
                if name in state.bad_units:
                    number = None
                elif name in MONEY_COLUMNS:
                    number = _money_value(
                        cell, f"{where}{name}列", problems, state.units.get(name)
                    )
                else:
                    number = _int_value(
                        cell,
                        f"{where}{name}列",
                        problems,
                        signed=name in SIGNED_COLUMNS,
                    )
                if name in row_values and row_values[name] != number:
                    problems.add(f"{where}{name}列重复出现且数字不同，按空白处理")
                    number = None
                row_values[name] = number
    return _T2Result(values, columns_seen, rows_seen, row_cores_seen)


def _table2_format(result: _T2Result) -> set[ReportFormat]:
    found = {_T2_COLUMN_ONLY[c] for c in result.columns_seen if c in _T2_COLUMN_ONLY}
    found |= {_T2_ROW_ONLY[c] for c in result.row_cores_seen if c in _T2_ROW_ONLY}
    return found


# ---------------------------------------------------------------------------
# 表四
# ---------------------------------------------------------------------------


def _parse_table4(
    segments: Sequence[tuple[Sequence[_Row], bool]], problems: _Problems
) -> dict[str, dict[str, int | None]] | None:
    order = [(b.key, c) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    result: dict[str, dict[str, int | None]] | None = None
    for rows, positional in segments:
        header: list[_Row] = []
        value_row: _Row | None = None
        for row in rows:
            cells = row.cells()
            if not cells:
                continue
            if any(c.core in _T4_WORDS or c.core == "总计" for c in cells):
                header.append(row)
            elif header:
                value_row = row
                break
        if not header:
            continue
        if value_row is None:
            problems.add("表四没有数据行，表四的数字按空白处理")
            continue
        positions: list[list[int]] | None = None
        names = order
        if positional:
            mapped = _t4_positions(header)
            if mapped is not None:
                names = sorted(mapped, key=lambda k: mapped[k][0])
                positions = [mapped[k] for k in names]
        if positions is None:
            words = {c.core for r in header for c in r.cells()}
            needed = {_core(b.label) for b in TABLE4_BLOCKS} | {
                _core(c) for c in TABLE4_COLUMNS
            }
            if not needed <= words:
                problems.add(
                    "表四的表头不完整（缺少"
                    + "、".join(sorted(needed - words))
                    + "），无法确定各列含义，表四的数字按空白处理"
                )
                continue
        read = _read_row(value_row, len(names), positions, positional, "表四")
        if not read.values:
            problems.add(
                (read.problem or "表四的数据行无法读取") + "，表四的数字按空白处理"
            )
            continue
        parsed: dict[str, dict[str, int | None]] = {}
        for (block, column), cell in zip(names, read.values, strict=True):
            label = next(b.full_label for b in TABLE4_BLOCKS if b.key == block)
            parsed.setdefault(block, {})[column] = _int_value(
                cell, f"表四{value_row.where}{label}“{column}”列", problems
            )
        if result is not None and result != parsed:
            problems.add("报告中有两张数字不同的表四，表四的数字按空白处理")
            return None
        result = parsed
    return result


def _t4_positions(header: Sequence[_Row]) -> dict[tuple[str, str], list[int]] | None:
    width = max(len(r.slots) for r in header)
    found: dict[tuple[str, str], list[int]] = {}
    direct = _core(TABLE4_BLOCKS[1].label)
    after = _core(TABLE4_BLOCKS[2].label)
    review = _core(TABLE4_BLOCKS[0].label)
    column_cores = {_core(c): c for c in TABLE4_COLUMNS}
    for c in range(width):
        path: list[str] = []
        seen: set[int] = set()
        for row in header:
            cell = row.slots[c] if c < len(row.slots) else None
            if cell is not None and cell.uid not in seen:
                seen.add(cell.uid)
                path.append(cell.core)
        if after in path:
            block = TABLE4_BLOCKS[2].key
        elif direct in path:
            block = TABLE4_BLOCKS[1].key
        elif review in path:
            block = TABLE4_BLOCKS[0].key
        else:
            continue
        columns = [column_cores[p] for p in path if p in column_cores]
        if len(columns) != 1:
            return None
        found.setdefault((block, columns[0]), []).append(c)
    if len(found) != len(TABLE4_BLOCKS) * len(TABLE4_COLUMNS):
        return None
    return found


# ---------------------------------------------------------------------------
# 结果
# ---------------------------------------------------------------------------


class Table2RowJSON(TypedDict):
    block: str
    label: str
    values: dict[str, int | float | None]


class Table3RowJSON(TypedDict):
    label: str
    values: dict[str, int | None]


class CheckJSON(TypedDict):
    rule: str
    ok: bool | None
    detail: str


class ParsedReportJSON(TypedDict):
    """``ParsedReport.to_json()`` 的结构。

    ``table4`` 为 {"行政复议": {列: 数}, "行政诉讼": {"未经复议直接起诉": {列: 数},
    "复议后起诉": {列: 数}}}。
    """

    format: str | None
    table2: list[Table2RowJSON]
    table3: list[Table3RowJSON]
    table4: dict[str, dict[str, Any]]
    checks: list[CheckJSON]
    warnings: list[str]


def _json_number(value: Number | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class ParsedReport:
    """读取结果。

    ``format`` 为识别出的格式（无法确定时为 None）；``found`` 为找到的表（"table2"、
    "table3"、"table4"）；``warnings`` 说明读不准的地方（这些地方的数字为 None）；
    ``checks`` 为 ``check_report`` 的核验结果（格式不明时为空）。
    """

    format: ReportFormat | None
    table2: Table2
    table3: Table3
    table4: Table4
    found: frozenset[str]
    warnings: list[str]
    checks: list[Check]
    table2_format: ReportFormat | None = None

    @property
    def readable(self) -> bool:
        """是否找到了任何一张统计表。"""
        return bool(self.found)

    @property
    def tables(self) -> AnnualReportTables | None:
        if self.format is None:
            return None
        return AnnualReportTables(self.format, self.table2, self.table3, self.table4)

    def table2_rows(self) -> list[Table2Row]:
        fmt = self.table2_format or self.format
        return list(TABLE2_ROWS[fmt]) if fmt is not None else []

    def table3_rows(self) -> list[tuple[str, dict[str, int | None]]]:
        """（全国格式行文字, 数值）列表；报告自带分组小计行时，小计行排在其分项之前。"""
        if self.format is not None:
            rows: Sequence[Table3Row] = TABLE3_ROWS[self.format]
            groups = {g.label: g.key for g in TABLE3_GROUPS[self.format]}
        else:
            common = [
                r
                for r in TABLE3_ROWS[ReportFormat.F2021]
                if not r.key.startswith("other")
            ]
            rows, groups = common, {}
        out: list[tuple[str, dict[str, int | None]]] = []
        emitted: set[str] = set()
        for row in rows:
            if row.group is not None and row.group not in emitted:
                emitted.add(row.group)
                key = groups.get(row.group)
                if key is not None and key in self.table3.subtotals:
                    out.append((row.group, dict(self.table3.subtotals[key])))
            cols = self.table3.values.get(row.key, {})
            out.append((row.full_label, {c: cols.get(c) for c in APPLICANT_COLUMNS}))
        return out

    def to_json(self) -> ParsedReportJSON:
        table2: list[Table2RowJSON] = [
            {
                "block": row.block,
                "label": row.label,
                "values": {
                    c: _json_number(self.table2.get(row.key, c)) for c in row.columns
                },
            }
            for row in self.table2_rows()
        ]
        table3: list[Table3RowJSON] = [
            {"label": label, "values": values} for label, values in self.table3_rows()
        ]
        blocks = {
            b.key: {c: self.table4.get(b.key, c) for c in TABLE4_COLUMNS}
            for b in TABLE4_BLOCKS
        }
        review, direct, after = TABLE4_BLOCKS
        table4: dict[str, dict[str, Any]] = {
            review.label: blocks[review.key],
            TABLE4_LITIGATION: {
                direct.label: blocks[direct.key],
                after.label: blocks[after.key],
            },
        }
        checks: list[CheckJSON] = [
            {"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in self.checks
        ]
        return {
            "format": self.format.value if self.format is not None else None,
            "table2": table2,
            "table3": table3,
            "table4": table4,
            "checks": checks,
            "warnings": list(self.warnings),
        }

    def to_text(self) -> str:
        """中文摘要：格式、三张表、核验结果和读取提示。"""
        return _summary(self)


# ---------------------------------------------------------------------------
# 入口
# ---------------------------------------------------------------------------

_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|body|table|tr|td|p|div)\b", re.I)


def detect_content_type(content: str) -> ContentType:
    """内容看起来像网页时为 "html"，否则为 "text"。"""
    return "html" if _HTML_SNIFF.search(content[:20000]) else "text"


def _raw_tables(content: str, content_type: ContentType, ids: _Ids) -> list[_RawTable]:
    if content_type == "text":
        return _text_tables(content, ids)
    parser = _HtmlTables()
    parser.feed(content)
    parser.finish()
    tables = [_grid(t, n, ids) for n, t in enumerate(parser.done, start=1) if t.rows]
    if not tables:
        # 没有 <table>：按文本读取网页正文（如 <pre> 中的“|”表格）
        return _text_tables("".join(parser.outside), ids)
    return tables


def _segments(tables: Iterable[_RawTable]) -> list[tuple[int, list[_Row], bool]]:
    """把各表格按行切成属于表二、表三、表四的段。"""
    out: list[tuple[int, list[_Row], bool]] = []
    for table in tables:
        current: int | None = None
        rows: list[_Row] = []
        leading: list[_Row] = []
        for row in table.rows:
            types = _row_types(row)
            kind = next(iter(types)) if len(types) == 1 else None
            if kind is None:
                (rows if current is not None else leading).append(row)
            elif current is None:
                current, rows, leading = kind, [*leading, row], []
            elif kind != current:
                out.append((current, rows, table.positional))
                current, rows = kind, [row]
            else:
                rows.append(row)
        if current is not None:
            out.append((current, rows, table.positional))
    return out


def parse_report(
    content: str, *, content_type: ContentType | None = None
) -> ParsedReport:
    """读取一份已发布的年度报告（网页或文本），还原表二、表三、表四并核验。

    从不抛出内容错误：读不出的地方为 None 并记入 ``warnings``；一张表也没找到时
    ``readable`` 为 False。
    """
    kind = content_type or detect_content_type(content)
    ids = _Ids()
    problems = _Problems()
    segments = _segments(_raw_tables(content, kind, ids))

    # 表三
    records: list[_T3Record] = []
    columns: _T3Columns | None = None
    t3_found = False
    for number, rows, positional in segments:
        if number != 3:
            continue
        t3_found = True
        seg_records, seg_columns = _parse_table3_segment(
            rows, positional, columns, problems
        )
        records.extend(seg_records)
        columns = seg_columns or columns
    # 表二
    t2_segments = [(rows, positional) for n, rows, positional in segments if n == 2]
    t2 = _parse_table2(t2_segments, problems)
    t2_formats = _table2_format(t2)

    # 格式
    preliminary = _assemble_table3(records, None, _Problems())
    fmt3: ReportFormat | None = None
    if preliminary.has_other_subrows:
        fmt3 = ReportFormat.F2021
    elif preliminary.has_six_row:
        fmt3 = ReportFormat.F2019
    fmt2: ReportFormat | None = None
    if len(t2_formats) == 1:
        fmt2 = next(iter(t2_formats))
    elif len(t2_formats) > 1:
        problems.add("表二同时有2019年格式和2021年格式的行或列，无法据表二判断格式")
    fmt = fmt3 or fmt2
    if fmt3 is not None and fmt2 is not None and fmt3 is not fmt2:
        problems.add(
            f"表三为{fmt3.value}年格式，表二为{fmt2.value}年格式，两张表格式不一致；按表三认定为{fmt3.value}年格式"
        )
    if records and fmt3 is None and fmt is not None:
        problems.add(f"表三缺少“（六）其他处理”，按表二认定为{fmt.value}年格式")
    t3 = _assemble_table3(records, fmt, problems)
    if fmt is None and (t3_found or t2_segments):
        problems.add("无法判断报告格式（2019年或2021年），未做核验")

    # 表四
    t4_segments = [(rows, positional) for n, rows, positional in segments if n == 4]
    t4_values = _parse_table4(t4_segments, problems)

    found: set[str] = set()
    if t2_segments:
        found.add("table2")
    if t3_found:
        found.add("table3")
    if t4_segments:
        found.add("table4")
    for name, label in (("table2", "表二"), ("table3", "表三"), ("table4", "表四")):
        if found and name not in found:
            problems.add(f"报告中没有找到{label}，其数字按空白处理")
    if not found:
        problems.add("没有找到年度报告的统计表（表二、表三、表四）")

    # 缺行
    if fmt is not None and records:
        for row in TABLE3_ROWS[fmt]:
            if row.key not in t3.values:
                problems.add(f"表三缺少“{row.full_label}”行，其数字按空白处理")
    t2_fmt = fmt2 or fmt
    if t2_fmt is not None and t2_segments:
        for t2row in TABLE2_ROWS[t2_fmt]:
            if t2row.key not in t2.rows_seen:
                problems.add(f"表二缺少“{t2row.label}”行，其数字按空白处理")

    table2 = Table2(t2.values)
    table3 = Table3(t3.values, t3.subtotals)
    table4 = Table4(t4_values or {})
    checks: list[Check] = []
    if fmt is not None:
        checks = check_report(AnnualReportTables(fmt, table2, table3, table4))
    return ParsedReport(
        format=fmt,
        table2=table2,
        table3=table3,
        table4=table4,
        found=frozenset(found),
        warnings=problems.items,
        checks=checks,
        table2_format=t2_fmt,
    )


# ---------------------------------------------------------------------------
# 文字摘要
# ---------------------------------------------------------------------------


def _cell_text(value: Number | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _pad(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def _summary(report: ParsedReport) -> str:
    lines: list[str] = []
    if report.format is not None:
        lines.append(
            f"报告格式：{report.format.value}年格式（{FORMAT_DOCUMENTS[report.format]}）"
        )
    else:
        lines.append("报告格式：无法判断")
    lines.append("（“—”表示单元格空白）")
    rows2 = report.table2_rows()
    if rows2:
        lines += ["", "表二 主动公开政府信息情况"]
        current_block = None
        for row in rows2:
            if row.block != current_block:
                current_block = row.block
                lines.append(f"  {current_block}")
            row_text = "，".join(
                f"{c} {_cell_text(report.table2.get(row.key, c))}" for c in row.columns
            )
            lines.append(f"    {row.label}：{row_text}")
    lines += ["", "表三 收到和处理政府信息公开申请情况"]
    widths = [max(_width(c), 4) for c in APPLICANT_COLUMNS]
    lines.append(
        "  "
        + " ".join(_pad(c, w) for c, w in zip(APPLICANT_COLUMNS, widths, strict=True))
    )
    for label, values in report.table3_rows():
        cells = " ".join(
            _pad(_cell_text(values.get(c)), w)
            for c, w in zip(APPLICANT_COLUMNS, widths, strict=True)
        )
        lines.append(f"  {cells}  {label}")
    lines += ["", "表四 政府信息公开行政复议、行政诉讼情况"]
    for t4block in TABLE4_BLOCKS:
        block_text = "，".join(
            f"{c} {_cell_text(report.table4.get(t4block.key, c))}"
            for c in TABLE4_COLUMNS
        )
        lines.append(f"  {t4block.full_label}：{block_text}")
    lines += ["", "核验结果"]
    if not report.checks:
        lines.append("  未做核验（报告格式不明）")
    else:
        passed = sum(1 for c in report.checks if c.ok is True)
        failed = sum(1 for c in report.checks if c.ok is False)
        unknown = sum(1 for c in report.checks if c.ok is None)
        lines.append(f"  通过 {passed} 项，不通过 {failed} 项，无法核验 {unknown} 项")
        rules: list[str] = []
        for check in report.checks:
            if check.rule not in rules:
                rules.append(check.rule)
        for rule in rules:
            items = [c for c in report.checks if c.rule == rule]
            bad = [c for c in items if c.ok is not True]
            if not bad:
                lines.append(f"  [通过] {rule}（{len(items)}项全部相符）")
                continue
            lines.append(f"  {rule}：")
            for check in bad:
                lines.append(f"    [{check.status}] {check.detail}")
            good = len(items) - len(bad)
            if good:
                lines.append(f"    其余{good}项通过")
    if report.warnings:
        lines += ["", "读取提示"]
        lines += [f"  - {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"
