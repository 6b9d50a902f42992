"""Read a yearly work plan (政务公开工作要点 / 任务分工) into tasks.

The importer takes the text of a plan (pasted, or extracted from .txt, .docx or
.xlsx by :func:`extract_text`) and returns a :class:`ParsedPlan`: title, 文号,
issuer, year and the list of tasks, each with its section path, number, title,
requirement, 牵头单位, 责任单位 (责任/配合/落实 units), deadline and whether the
task is recurring (长期坚持, 持续推进 ...).

Layouts understood (all seen in real plans):

* outline paragraphs numbered 一、 / （一） / 1. / （1）, a task being a leaf of
  the outline, either with a heading line followed by paragraphs or with a bold
  lead phrase ("1.加强组织领导。……");
* units in a parenthesis closing a sentence, "（党政综合办牵头，各部门按照职能
  分别落实）" or "（牵头单位：…；责任单位：…；完成时限：…）"; several such
  parentheses inside one numbered item make one task each ("（三）-1", "（三）-2");
* "责任单位：…" / "完成时限：…" closing a paragraph or on lines of their own;
* tables: one row per line with separators ("a | b | c", tabs, Markdown) or one
  cell per line (with or without a trailing "|"), headers possibly spaced out
  ("工 作 任 务"), merged cells printed as empty cells;
* traditional characters (folded to simplified with OpenCC before parsing).

What it never does: invent a deadline (no phrase, no date), invent a unit, or
complete a mangled 文号. Doubts become warnings (in Chinese) for the user.

This module is pure Python: it must not import Django.
"""

from __future__ import annotations

import calendar
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from gongkai.rules.workplan_units import builtin_unit_names

__all__ = [
    "ParsedPlan",
    "PlanTask",
    "extract_text",
    "parse_deadline",
    "parse_workplan",
    "split_units",
]


# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanTask:
    """One task of a work plan, as written in the document."""

    section: str
    number: str
    title: str
    requirement: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    deadline: date | None
    deadline_text: str
    recurring: bool

    def to_json(self) -> dict[str, object]:
        """Return the task in the JSON shape of ``gongkai workplan import``."""
        return {
            "section": self.section,
            "number": self.number,
            "title": self.title,
            "requirement": self.requirement,
            "lead_units": list(self.lead_units),
            "responsible_units": list(self.responsible_units),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "recurring": self.recurring,
        }


@dataclass(frozen=True)
class ParsedPlan:
    """A parsed work plan: metadata, tasks and warnings for the user."""

    title: str
    doc_number: str
    issuer: str
    year: int | None
    tasks: tuple[PlanTask, ...]
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """Return the plan in the JSON shape of ``gongkai workplan import``."""
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "year": self.year,
            "tasks": [task.to_json() for task in self.tasks],
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------------------
# Character classes and small helpers
# ---------------------------------------------------------------------------

_CJK_RANGES = (
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\u3000", "\u303f"),
    ("\uff00", "\uffef"),
    ("\u2018", "\u201d"),
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\r": "",
    }
)
_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_Y4 = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
_NUM12 = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


def _is_cjk(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in _CJK_RANGES)


def _cn_int(text: str) -> int | None:
    """Read an Arabic or Chinese number ("12", "十二", "二〇二一")."""
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGIT for ch in text):
        if len(text) == 1:
            return _CN_DIGIT[text]
        if len(text) == 4:  # a year written digit by digit
            return int("".join(str(_CN_DIGIT[ch]) for ch in text))
        return None
    if "十" in text:
        tens_text, _, units_text = text.partition("十")
        tens = _CN_DIGIT.get(tens_text, -1) if tens_text else 1
        units = _CN_DIGIT.get(units_text, -1) if units_text else 0
        if tens < 0 or units < 0:
            return None
        return tens * 10 + units
    return None


# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------


@cache
def _t2s() -> Callable[[str], str] | None:
    """Return an OpenCC traditional→simplified converter, or None if unavailable."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    converter = opencc.OpenCC("t2s")

    def convert(text: str) -> str:
        return str(converter.convert(text))

    return convert


def _fold_traditional(text: str) -> str:
    """Fold traditional characters to simplified when the text is traditional.

    Simplified text is left alone (OpenCC is only applied when at least 1 % of
    the Chinese characters change), so that a simplified plan is never altered.
    """
    convert = _t2s()
    if convert is None:
        return text
    converted = convert(text)
    han = len(_HAN.findall(text))
    if not han:
        return text
    if len(converted) == len(text):
        changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    else:
        changed = han
    if changed >= 2 and changed / han >= 0.01:
        return converted
    return text


def _neighbour(line: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(line) and line[index] == " ":
        index += step
    return line[index] if 0 <= index < len(line) else ""


def _widen_punctuation(line: str) -> str:
    """Use full-width punctuation in Chinese lines (web pages often drop it)."""
    if not _HAN.search(line):
        return line
    out: list[str] = []
    for index, ch in enumerate(line):
        if ch == "(":
            out.append("（")
        elif ch == ")":
            out.append("）")
        elif ch in _WIDE and (
            _is_cjk(_neighbour(line, index, -1)) or _is_cjk(_neighbour(line, index, 1))
        ):
            out.append(_WIDE[ch])
        else:
            out.append(ch)
    result = "".join(out)
    return re.sub(r" *([，；：？！（）、]) *", r"\1", result)


def _normalise_text(text: str) -> str:
    """Return the text simplified, with full-width punctuation and tidy spaces."""
    text = text.translate(_SPACES).translate(_FULLWIDTH_DIGITS)
    text = _fold_traditional(text)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r"[ ]{2,}", " ", raw).strip()
        lines.append(_widen_punctuation(line))
    return "\n".join(lines)


_JUNK = re.compile(
    r"^(?:扫一扫|信息来源|来源[：:]|当前位置|您当前的位置|发布时间|浏览次数|打印本页|"
    r"关闭窗口|【打印】|【关闭】|分享到|登录 ?注册|字体[：:]|字号[：:]|首页 ?>)"
    r"|>>|&gt;|^> "
)
_ATTACHMENT = re.compile(r"^附件(?:\s|\d|[：:一二三四五六七八九十]|$)")


def _is_junk(line: str) -> bool:
    return bool(_JUNK.search(line))


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------

_BEFORE = r"(?:之前|以前|前)"
_DEADLINE_RE = re.compile(
    "|".join(
        (
            # 每月4日前, 每季度末, 每年
            r"(?P<every>每(?:个)?(?:月|季度|季|半年|年度|年|周|旬)"
            rf"(?:第?{_NUM12}(?:日|号|个工作日)|最后一个工作日)?"
            r"(?:底前|末前|前|底|末)?)",
            # 长期坚持, 持续推进 ...
            r"(?P<ongoing>长期坚持|长期推进|长期开展|长期执行|持续推进|持续开展|持续落实|"
            r"常态化推进|常态化开展|常态化|长期|持续|定期|经常性|常年)",
            # 2024.6.30, 2024-06-30, 2024/6/30 (spreadsheet cells)
            r"(?P<dotted>(?P<ty>\d{4})[.．/-](?P<tm>\d{1,2})[.．/-](?P<td>\d{1,2})(?!\d)"
            rf"(?:{_BEFORE})?)",
            # 2019年7月1日前, 6月30日前
            rf"(?P<day>(?:(?P<dy>{_Y4})年|(?P<drel>今年|本年|当年|明年|次年))?"
            rf"(?P<dm>{_NUM12})月(?P<dd>{_NUM12})[日号](?P<dbefore>{_BEFORE})?)",
            # 2023年10月底前, 10月底前, 12月中旬前, 10月
            rf"(?P<month>(?:(?P<my>{_Y4})年|(?P<mrel>今年|本年|当年|明年|次年))?"
            rf"(?P<mm>{_NUM12})月份?(?P<mpart>底|末|上旬|中旬|下旬)?"
            rf"(?P<mbefore>{_BEFORE})?)",
            # 三季度末, 2023年第三季度
            rf"(?P<quarter>(?:(?P<qy>{_Y4})年|(?P<qrel>今年|本年|当年|明年|次年))?"
            r"第?(?P<q>[一二三四1-4])季度(?P<qpart>末|底)?"
            rf"(?P<qbefore>{_BEFORE})?)",
            # 2021年底前, 年底前, 今年底, 年内
            rf"(?P<yearend>(?:(?P<ey>{_Y4})|(?P<erel>今|本|当|明|次))?年(?:年)?"
            rf"(?P<epart>底|末|内|度内)(?P<ebefore>{_BEFORE})?)",
            # 上半年, 下半年, 年中
            rf"(?P<half>(?:(?P<hy>{_Y4})年|(?P<hrel>今年|本年|当年|明年|次年))?"
            rf"(?P<h>上半年|下半年|年中)(?P<hbefore>{_BEFORE})?)",
        )
    )
)
_NOT_A_DEADLINE_BEFORE = re.compile(r"(?:截至|截止到|截止|自|从|于)$")


@dataclass(frozen=True)
class _DeadlineHit:
    text: str
    start: int
    kind: str  # "date", "recurring" or "unclear"
    when: date | None
    strong: bool  # reliable enough to be read from the body of a requirement


def _resolve_year(
    explicit: str | None, relative: str | None, year: int | None
) -> int | None:
    if explicit:
        return _cn_int(explicit)
    if relative and relative[0] in "明次":
        return year + 1 if year is not None else None
    return year


def _safe_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int | None, month: int | None) -> date | None:
    if year is None or month is None or not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _hit_from_match(match: re.Match[str], year: int | None) -> _DeadlineHit:
    text = match.group(0)
    start = match.start()
    group = match.group
    when: date | None
    if group("every"):
        strong = bool(re.search(r"[日号]|底|末|前", text))
        return _DeadlineHit(text, start, "recurring", None, strong)
    if group("ongoing"):
        return _DeadlineHit(text, start, "recurring", None, text == "长期坚持")
    if group("dotted"):
        when = _safe_date(int(group("ty")), int(group("tm")), int(group("td")))
        return _DeadlineHit(text, start, "date" if when else "unclear", when, False)
    if group("day"):
        y = _resolve_year(group("dy"), group("drel"), year)
        when = _safe_date(y, _cn_int(group("dm")), _cn_int(group("dd")))
        kind = "date" if when else "unclear"
        return _DeadlineHit(text, start, kind, when, bool(group("dbefore")))
    if group("month"):
        y = _resolve_year(group("my"), group("mrel"), year)
        month = _cn_int(group("mm"))
        part = group("mpart")
        if part is None and group("mbefore"):
            # "10月前": before October or by October? Ambiguous, never guessed.
            return _DeadlineHit(text, start, "unclear", None, False)
        if part == "上旬":
            when = _safe_date(y, month, 10)
        elif part == "中旬":
            when = _safe_date(y, month, 20)
        else:
            when = _month_end(y, month)
        strong = part in {"底", "末"} or (part is not None and bool(group("mbefore")))
        return _DeadlineHit(text, start, "date" if when else "unclear", when, strong)
    if group("quarter"):
        y = _resolve_year(group("qy"), group("qrel"), year)
        quarter = _cn_int(group("q"))
        when = _month_end(y, quarter * 3) if quarter else None
        strong = bool(group("qpart"))
        return _DeadlineHit(text, start, "date" if when else "unclear", when, strong)
    if group("yearend"):
        rel = group("erel")
        y = _resolve_year(group("ey"), rel + "年" if rel else None, year)
        when = _safe_date(y, 12, 31)
        strong = bool(group("ebefore")) or (
            bool(group("ey")) and group("epart") in {"底", "末"}
        )
        return _DeadlineHit(text, start, "date" if when else "unclear", when, strong)
    y = _resolve_year(group("hy"), group("hrel"), year)
    when = _safe_date(y, 12, 31) if group("h") == "下半年" else _safe_date(y, 6, 30)
    return _DeadlineHit(text, start, "date" if when else "unclear", when, False)


def _deadline_hits(text: str, year: int | None) -> list[_DeadlineHit]:
    return [_hit_from_match(match, year) for match in _DEADLINE_RE.finditer(text)]


def parse_deadline(text: str, *, year: int | None) -> tuple[date | None, str, bool]:
    """Read a deadline phrase: ``(deadline, as written, recurring)``.

    "2023年10月底前" → 2023-10-31; "7月底前" with ``year=2021`` → 2021-07-31;
    "年底前" → 31 December of ``year``; "三季度末" → 30 September; "上半年" →
    30 June; "长期坚持", "持续推进", "每季度" → recurring. With several phrases
    the last date wins and every phrase is kept, joined with "；". A phrase whose
    date cannot be known (no year, "10月前") gives ``None`` — never a guess.
    When nothing is recognised the text itself is returned as written.
    """
    clean = _normalise_text(text).replace("\n", " ").strip()
    hits = _deadline_hits(clean, year)
    if not hits:
        return None, clean, False
    return _summarise_hits(hits)


def _summarise_hits(hits: Sequence[_DeadlineHit]) -> tuple[date | None, str, bool]:
    written: list[str] = []
    for hit in hits:
        if hit.text not in written:
            written.append(hit.text)
    dated = [hit.when for hit in hits if hit.when is not None]
    recurring = any(hit.kind == "recurring" for hit in hits)
    return (dated[-1] if dated else None), "；".join(written), recurring


def _body_deadline_hits(text: str, year: int | None) -> list[_DeadlineHit]:
    """Deadline phrases stated inside a requirement ("2021年底前将…公开")."""
    hits = []
    for hit in _deadline_hits(text, year):
        if not hit.strong:
            continue
        if _NOT_A_DEADLINE_BEFORE.search(text[max(0, hit.start - 3) : hit.start]):
            continue
        hits.append(hit)
    return hits


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|室|厅|部|院|会|中心|政府|单位|部门|机构|镇街|街道|街|园区|社区|"
    r"办事处|公司|集团|银行|队|所|站|处|科|组|馆|台|团|联|署|镇|乡|区市县|区县|"
    r"区市县政府|支队|大队|总队|分局)$"
)
_GLUE_SUFFIX = re.compile(r"(?:局|委|办|室|厅|院|中心|政府|部|会|队|所|站|馆|组)$")
_ROLE = re.compile(r"牵头|负责|落实|配合|参与|协助|协办|承办|主办|督办")
_MODIFIER_TAIL = re.compile(
    r"(?:分别|共同|会同|具体|按要求|按照?职[责能](?:分工)?|根据职[责能](?:分工)?|"
    r"按照?各自职[责能]|等单位|等部门|等|牵头|负责|落实|配合|参与|协助|协办|承办)$"
)
_LABEL_RE = re.compile(
    r"(?P<label>牵头单位|牵头部门|主责单位|牵头责任单位|责任单位|责任部门|责任主体|"
    r"配合单位|配合部门|协办单位|参与单位|落实单位|实施单位|承办单位|责任科室|"
    r"完成时限|完成时间|时间节点|时限要求|完成期限|办结时限)\s*[：:]"
)
_LABEL_KIND = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "牵头责任单位": "lead",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限要求": "deadline",
    "完成期限": "deadline",
    "办结时限": "deadline",
}
_PAREN_FOLD = str.maketrans(
    {"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）"}
)


def _known_set(known_units: Iterable[str]) -> frozenset[str]:
    extra = {_clean_unit(name) for name in known_units}
    return builtin_unit_names() | frozenset(name for name in extra if name)


@cache
def _index_by_first_char(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name in names:
        index.setdefault(name[0], []).append(name)
    return {
        key: tuple(sorted(value, key=len, reverse=True)) for key, value in index.items()
    }


def _clean_unit(name: str) -> str:
    name = name.translate(_PAREN_FOLD).strip(" 　：:。.，,；;、")
    name = re.sub(r"^(?:由|请|并)", "", name)
    previous = None
    while previous != name:
        previous = name
        name = _MODIFIER_TAIL.sub("", name).strip()
    return name


def _unit_like(name: str, known: frozenset[str]) -> bool:
    """Whether a piece of text reads as a unit name (not a phrase of a sentence)."""
    if name in known:
        return True
    base = re.sub(r"（[^（）]*）$", "", name)
    if re.fullmatch(
        r"各(?:地区?|区县?|县区?|县市区|区市县|市县|镇|乡镇|乡|街道|园区)", base
    ):
        return True  # 各区, 各县区, 各乡镇 …
    return len(base) >= 2 and bool(_UNIT_SUFFIX.search(base))


def _split_depth0(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at separators outside （）; return (piece, separator that ended it)."""
    pieces: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            pieces.append(("".join(current), ch))
            current = []
            continue
        current.append(ch)
    pieces.append(("".join(current), ""))
    return pieces


def _split_conjunctions(piece: str, known: frozenset[str]) -> list[str]:
    """Split "A和B" when A is itself a unit (not "市自然资源和规划局")."""
    if piece in known:
        return [piece]
    for conj in ("以及", "和", "及", "与"):
        index = piece.find(conj)
        while index > 0:
            left, right = piece[:index], piece[index + len(conj) :]
            if right and _unit_like(left, known) and "（" not in left[-1:]:
                return [left, *_split_conjunctions(right, known)]
            index = piece.find(conj, index + 1)
    return [piece]


def _split_glued(piece: str, known: frozenset[str]) -> list[str]:
    """Split unit names printed with no separator, e.g. "市教育局市医保局"."""
    if piece in known or len(piece) < 6:
        return [piece]
    index = _index_by_first_char(known)
    size = len(piece)
    # best[i]: (unknown characters, tokens) for piece[:i]; tokens are (text, known)
    best: list[tuple[int, list[tuple[str, bool]]] | None] = [None] * (size + 1)
    best[0] = (0, [])
    for start in range(size):
        state = best[start]
        if state is None:
            continue
        unknown, tokens = state
        for name in index.get(piece[start], ()):
            if piece.startswith(name, start):
                _offer(best, start + len(name), unknown, [*tokens, (name, True)])
        if tokens and not tokens[-1][1]:
            grown = [*tokens[:-1], (tokens[-1][0] + piece[start], False)]
        else:
            grown = [*tokens, (piece[start], False)]
        _offer(best, start + 1, unknown + 1, grown)
    final = best[size]
    if final is not None and len(final[1]) > 1:
        unknown, tokens = final
        if any(is_known for _, is_known in tokens) and all(
            is_known or _single_unit(text, known) for text, is_known in tokens
        ):
            return [text for text, _ in tokens]
    return _split_by_suffix(piece)


def _single_unit(text: str, known: frozenset[str]) -> bool:
    """An unmatched piece of a glued run that looks like exactly one unit name."""
    return (
        len(text) >= 3
        and _unit_like(text, known)
        and not re.search(
            r"[局委办室厅](?!$|会|员会|公室)", re.sub(r"^[市区县镇党]委", "", text)
        )
    )


def _offer(
    best: list[tuple[int, list[tuple[str, bool]]] | None],
    position: int,
    unknown: int,
    tokens: list[tuple[str, bool]],
) -> None:
    current = best[position]
    if current is None or (unknown, len(tokens)) < (current[0], len(current[1])):
        best[position] = (unknown, tokens)


def _split_by_suffix(piece: str) -> list[str]:
    """Split after an organ suffix followed by a level prefix ("…局市…")."""
    parts: list[str] = []
    start = 0
    for index in range(1, len(piece) - 1):
        left = piece[start:index]
        if (
            piece[index] in "市区县镇省"
            and len(left) >= 3
            and _GLUE_SUFFIX.search(left)
            and len(piece) - index >= 3
        ):
            parts.append(left)
            start = index
    parts.append(piece[start:])
    return parts


def _bare_department(name: str, known: frozenset[str]) -> bool:
    if name in known:
        return False
    if not re.search(r"(?:局|委|办|委员会|办公室)$", name) or len(name) > 12:
        return False
    if re.match(r"(?:市(?!场)|区|县|省|镇|乡|街道|各|全|有关|相关|本|国家|中央)", name):
        return False
    return not re.search(r"市(?!场)|区|县", name)


def _distribute_prefix(items: list[str], known: frozenset[str]) -> list[str]:
    """ "市发改局、商务局" → 市发改局、市商务局: the level prefix is written once."""
    if len(items) < 2:
        return items
    match = re.match(r"^(市(?!场)|区|县)", items[0])
    if not match:
        return items
    prefix = match.group(1)
    return [items[0]] + [
        prefix + item if _bare_department(item, known) else item for item in items[1:]
    ]


def split_units(text: str, *, known_units: Iterable[str] = ()) -> list[str]:
    """Split a list of unit names as written in a plan into single names.

    Separators: 、，,；; / spaces, 和/及/与 (only after a complete unit name, so
    "市自然资源和规划局" stays whole), and names glued together with no separator,
    which are split with ``known_units`` (the organisation directory) and the
    built-in list of common unit names. A level prefix written once is shared
    ("市发改局、商务局" → "市发改局", "市商务局"). Role words ("牵头", "分别负责",
    "按职责分工落实", "等单位") are not part of a name and are removed.
    Parentheses inside names are written full-width: "各镇街（园区）".
    """
    return _split_units_known(text, _known_set(known_units))


@cache
def _names_with_separators(known: frozenset[str]) -> tuple[str, ...]:
    return tuple(
        sorted(
            (name for name in known if re.search(r"[、，,；; 和及与]", name)),
            key=len,
            reverse=True,
        )
    )


def _split_units_known(text: str, known: frozenset[str]) -> list[str]:
    clean = text.translate(_PAREN_FOLD).replace("\n", " ")
    clean = re.sub(r"\s*（\s*", "（", re.sub(r"\s*）", "）", clean)).strip()
    # Protect known names that contain a separator ("各区、县（市）政府").
    protected = [name for name in _names_with_separators(known) if name in clean]
    placeholders: dict[str, str] = {}
    for number, name in enumerate(protected):
        token = f"\x00{number}\x00"
        if name in clean:
            clean = clean.replace(name, token)
            placeholders[token] = name
    result: list[str] = []
    for run, _ in _split_depth0(clean, "，,；;"):
        items: list[str] = []
        for part, _sep in _split_depth0(run, "、/ "):
            for token, name in placeholders.items():
                part = part.replace(token, name)
            part = _clean_unit(part)
            if not part:
                continue
            for piece in _split_conjunctions(part, known):
                for glued in _split_glued(_clean_unit(piece), known):
                    name = _clean_unit(glued)
                    if name and not _ROLE.fullmatch(name):
                        items.append(name)
        result.extend(_distribute_prefix(items, known))
    unique: list[str] = []
    for name in result:
        if name not in unique:
            unique.append(name)
    return unique


@dataclass
class _Units:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    dropped: int = 0

    def add(self, role: str, names: Iterable[str]) -> None:
        target = self.lead if role == "lead" else self.responsible
        for name in names:
            if name not in target:
                target.append(name)

    def merge(self, other: _Units) -> None:
        self.add("lead", other.lead)
        self.add("responsible", other.responsible)
        self.deadlines.extend(other.deadlines)
        self.dropped += other.dropped

    @property
    def named(self) -> bool:
        return bool(self.lead or self.responsible)


def _looks_like_deadline(text: str) -> bool:
    hits = _deadline_hits(text, 2000)
    if not hits:
        return False
    covered = sum(len(hit.text) for hit in hits)
    rest = re.sub(r"完成|并|之前|前|；|，|。|、|\s", "", text)
    return covered * 2 >= len(rest) or len(text) <= 12


def _parse_role_clauses(text: str, default: str, known: frozenset[str]) -> _Units:
    """Read "党政综合办牵头，各部门按照职能分别落实" into lead/responsible units."""
    units = _Units()
    clauses = _split_depth0(text, "；;，,")
    parsed: list[tuple[str | None, list[str], str]] = []
    for clause, separator in clauses:
        clause = clause.strip(" 。")
        if not clause:
            continue
        if _looks_like_deadline(clause) and not _unit_like(_clean_unit(clause), known):
            units.deadlines.append(clause)
            continue
        role_match = _ROLE.search(clause)
        if role_match:
            names_text = clause[: role_match.start()]
            role: str | None = (
                "lead" if "牵头" in clause[role_match.start() :] else "responsible"
            )
            names = _split_units_known(names_text, known) if names_text.strip() else []
        else:
            role = None
            names = _split_units_known(clause, known)
        if not names or not all(_unit_like(name, known) for name in names):
            units.dropped += 1
            continue
        parsed.append((role, names, separator))
    # A clause without a role word takes the role of the next clause when they
    # are joined by a comma ("A，B分别牵头"); otherwise the default role.
    for position, (role, names, separator) in enumerate(parsed):
        resolved = role
        if resolved is None:
            nxt = position
            sep = separator
            while resolved is None and sep in {"，", ","} and nxt + 1 < len(parsed):
                nxt += 1
                resolved = parsed[nxt][0]
                sep = parsed[nxt][2]
        units.add(resolved or default, names)
    return units


def _parse_units_clause(content: str, known: frozenset[str]) -> _Units:
    """Read the content of a units parenthesis or a "牵头单位：…" clause."""
    units = _Units()
    labels = list(_LABEL_RE.finditer(content))
    if not labels:
        return _parse_role_clauses(content, "responsible", known)
    prefix = content[: labels[0].start()].strip(" ；;，,。")
    if prefix:
        units.merge(_parse_role_clauses(prefix, "responsible", known))
    for position, match in enumerate(labels):
        end = (
            labels[position + 1].start() if position + 1 < len(labels) else len(content)
        )
        value = content[match.end() : end].strip(" ；;，,。")
        kind = _LABEL_KIND.get(match.group("label"), "responsible")
        if not value:
            continue
        if kind == "deadline":
            units.deadlines.append(value)
        else:
            units.merge(_parse_role_clauses(value, kind, known))
    return units


# ---------------------------------------------------------------------------
# Units closers inside paragraphs
# ---------------------------------------------------------------------------

_NOT_UNITS = re.compile(
    r"以下简称|简称|包括|包含|含|详见|见附件|试行|暂行|〔\d{4}|（\d{4}）|号$|第.{1,4}条"
)
_SENTENCE_END = "。；;！？!?\n"
_VALUE_END = re.compile(r"[；;。\n]")


@dataclass(frozen=True)
class _Closer:
    start: int
    end: int
    content: str


def _paren_groups(text: str) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    stack: list[int] = []
    for index, ch in enumerate(text):
        if ch == "（":
            stack.append(index)
        elif ch == "）" and stack:
            start = stack.pop()
            if not stack:
                groups.append((start, index + 1))
    return groups


def _is_units_content(content: str, known: frozenset[str]) -> bool:
    if not content.strip() or len(content) > 300 or _NOT_UNITS.search(content):
        return False
    if _LABEL_RE.search(content):
        return True
    units = _parse_role_clauses(content, "responsible", known)
    return units.named and not units.dropped


def _find_closers(text: str, known: frozenset[str]) -> list[_Closer]:
    """Find the units parentheses and "责任单位：…" runs that close a sentence."""
    closers: list[_Closer] = []
    groups = _paren_groups(text)
    for start, end in groups:
        before = text[:start].rstrip(" ")
        after = text[end:].lstrip(" ")
        closing = (
            not before
            or before[-1] in _SENTENCE_END
            or not after
            or after[0] in "。；;\n"
        )
        content = text[start + 1 : end - 1]
        if closing and _is_units_content(content, known):
            stop = end
            if text[stop : stop + 1] == "。":
                stop += 1
            closers.append(_Closer(start, stop, content))
    inside = [(start, end) for start, end in groups]
    position = 0
    while True:
        match = _LABEL_RE.search(text, position)
        if match is None:
            break
        start = match.start()
        if any(lo <= start < hi for lo, hi in inside):
            position = match.end()
            continue
        before = text[:start].rstrip(" ")
        if before and before[-1] not in _SENTENCE_END + "，,":
            position = match.end()
            continue
        end = _label_run_end(text, start)
        closers.append(_Closer(start, end, text[start:end]))
        position = end
    closers.sort(key=lambda closer: closer.start)
    merged: list[_Closer] = []
    for closer in closers:
        if merged and closer.start < merged[-1].end:
            continue
        merged.append(closer)
    return merged


def _label_run_end(text: str, start: int) -> int:
    """Return where a run of "标签：值；标签：值" clauses ends."""
    position = start
    while True:
        match = _LABEL_RE.match(text, position)
        if match is None:
            return position
        stop = _VALUE_END.search(text, match.end())
        nxt = _LABEL_RE.search(text, match.end())
        ends = [found.start() for found in (stop, nxt) if found is not None]
        if not ends:
            return len(text)
        position = min(ends)
        while position < len(text) and text[position] in "；;。\n ":
            position += 1


@dataclass
class _Segment:
    text: str
    units: _Units
    closed: bool


def _segments(text: str, known: frozenset[str]) -> list[_Segment]:
    """Cut a task's text at each units closer: one segment per closer."""
    segments: list[_Segment] = []
    position = 0
    for closer in _find_closers(text, known):
        piece = text[position : closer.start]
        segments.append(
            _Segment(_tidy(piece), _parse_units_clause(closer.content, known), True)
        )
        position = closer.end
    tail = text[position:]
    if _tidy(tail):
        gap = tail[: len(tail) - len(tail.lstrip(" \n。；;"))]
        if segments and "\n" in gap:
            last = segments[-1]
            last.text = (last.text + "\n" + _tidy(tail)).strip()
        else:
            segments.append(_Segment(_tidy(tail), _Units(), False))
    if not segments:
        segments.append(_Segment(_tidy(text), _Units(), False))
    return segments


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    joined = "\n".join(line for line in lines if line)
    return joined.lstrip(" 。；;，,").rstrip(" ；;，,").strip()


# ---------------------------------------------------------------------------
# Outline markers
# ---------------------------------------------------------------------------

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("k1", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.]\s*(.*)$")),
    ("k2", re.compile(r"^（\s*([一二三四五六七八九十]{1,3})\s*）\s*[、．.]?\s*(.*)$")),
    ("k4", re.compile(r"^（\s*(\d{1,3})\s*）\s*[、．.]?\s*(.*)$")),
    ("k3", re.compile(r"^(\d{1,3})\s*[.．、](?:(?!\d)|(?=\d{4}年))\s*(.*)$")),
    ("k6", re.compile(r"^(\d{1,3})）\s*(.*)$")),
    ("k5", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$")),
)
_SUBPOINT_KINDS = {"k4", "k5", "k6"}
_PREAMBLE = re.compile(
    r"^(?:指导思想|基本原则|工作原则|主要目标|工作目标|总体目标|总体要求|目标任务|"
    r"重要意义|基本要求|适用范围|编制依据|工作依据|背景|总体思路)"
)


def _marker(line: str) -> tuple[str, str, str] | None:
    """Return (kind, number as displayed, rest of line) for a numbered line."""
    for kind, pattern in _MARKERS:
        match = pattern.match(line)
        if match:
            raw = match.group(1)
            if kind == "k1":
                number = raw
            elif kind in {"k2", "k4"}:
                number = f"（{raw}）"
            elif kind == "k6":
                number = f"{raw}）"
            else:
                number = raw
            return kind, number, match.group(2).strip()
    return None


def _marker_label(kind: str, number: str) -> str:
    if kind == "k1":
        return number + "、"
    if kind == "k3":
        return number + "."
    return number


@dataclass
class _Node:
    kind: str
    number: str
    head: str
    body: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def heading_text(self) -> str:
        """The heading as shown in a section path: number and short text."""
        head = self.head
        cut = re.search(r"[。：:]", head)
        if cut and cut.start() <= 60:
            head = head[: cut.start()]
        return _marker_label(self.kind, self.number) + head

    def own_text(self) -> str:
        return "\n".join([self.head, *self.body]).strip()


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------

_DOC_NUMBER = re.compile(
    r"^([\u4e00-\u9fff]{1,16}?)\s*[〔［\[【（﹝]\s*(\d{4})\s*[〕］\]】）﹞]\s*(\d{1,4})\s*号"
)
_DOC_NUMBER_BROKEN = re.compile(
    r"^[\u4e00-\u9fff]{2,16}[〔［\[【（﹝]\s*\d{4}[^\u4e00-\u9fff]{0,8}号?$"
)
_DATE_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{5,8})$"
)
_ORG_SUFFIX = re.compile(
    r"(?:办公室|人民政府|政府|领导小组|小组|委员会|管委会|办事处|局|委|办|厅|中心)$"
)
_TITLE_KEYWORD = re.compile(
    r"工作要点|要点|任务分工|分工方案|实施方案|工作方案|任务分解|工作计划|重点任务|任务清单|台账"
)
_TITLE_PUNCT = re.compile(r"[，。：；！？,:;!?]")


def _cell_text(line: str) -> str:
    """A line that is one table cell among empty ones ("标题 | | |") → its text."""
    if not re.search(r"[|｜\t]", line):
        return line
    cells = [cell for cell in _split_cells(line) if cell]
    return cells[0] if len(cells) == 1 else line


def _title_candidate(line: str) -> bool:
    return (
        0 < len(line) <= 60
        and not _TITLE_PUNCT.search(line)
        and not line.startswith("关于")
        and "通知" not in line
        and not _DATE_LINE.match(line)
        and not _DOC_NUMBER.match(line)
        and not re.search(r"[|｜\t]", line)
    )


def _find_title(head: Sequence[str]) -> str:
    title = ""
    for index, line in enumerate(head):
        if not (_title_candidate(line) and _TITLE_KEYWORD.search(line)):
            continue
        candidate = line
        if index > 0:
            previous = head[index - 1]
            if (
                _title_candidate(previous)
                and not _TITLE_KEYWORD.search(previous)
                and not _ORG_SUFFIX.search(previous)
                and len(previous) + len(line) <= 80
                and not re.search(r"\d{4}年", line)
                and (
                    re.search(r"\d{4}年", previous)
                    or re.search(r"(?:政务公开|的|及|和|、)$", previous)
                )
            ):
                candidate = previous + line
        title = candidate
    if title:
        return title
    joined = "".join(head)
    match = re.search(r"关于印发《([^《》]{4,80})》的通知", joined)
    return match.group(1) if match else ""


def _find_issuer(head: Sequence[str]) -> str:
    issuer = ""
    for index, line in enumerate(head[:-1]):
        if (
            len(line) <= 30
            and _ORG_SUFFIX.search(line)
            and not _TITLE_PUNCT.search(line)
            and not line.startswith("关于")
            and _DATE_LINE.match(head[index + 1])
        ):
            issuer = line
    if issuer:
        return issuer
    for line in head:
        match = re.match(r"^(.{2,30}?)关于印发", line)
        if match and _ORG_SUFFIX.search(match.group(1)):
            return match.group(1)
    return ""


def _find_doc_number(head: Sequence[str]) -> tuple[str, str]:
    """Return (文号 normalised to 〔〕, warning) from the lines above the body."""
    for line in head:
        match = _DOC_NUMBER.match(line)
        if match and len(line) <= 40:
            prefix, year, serial = match.groups()
            return f"{prefix}〔{year}〕{serial}号", ""
    for line in head:
        if len(line) <= 30 and _DOC_NUMBER_BROKEN.match(line):
            warning = (
                f"文号“{line}”不完整（可能是网页转换时丢失了括号或“号”字），"
                "已按原文保留，未作补全，请对照原件核对。"
            )
            return line, warning
    return "", ""


def _year_of(text: str) -> int | None:
    match = re.search(rf"({_Y4})年", text)
    if match:
        return _cn_int(match.group(1))
    match = re.search(r"[〔（]\s*(\d{4})\s*[〕）]", text)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

_HEADER_KEYS = {
    "序号": "seq",
    "编号": "seq",
    "类别": "section",
    "分类": "section",
    "板块": "section",
    "工作类别": "section",
    "重点领域": "section",
    "领域": "section",
    "工作任务": "title",
    "重点任务": "title",
    "主要任务": "title",
    "任务名称": "title",
    "工作事项": "title",
    "任务事项": "title",
    "工作项目": "title",
    "重点工作": "title",
    "任务": "title",
    "事项": "title",
    "具体要求": "requirement",
    "工作要求": "requirement",
    "任务要求": "requirement",
    "具体内容": "requirement",
    "主要内容": "requirement",
    "工作内容": "requirement",
    "具体任务": "requirement",
    "工作措施": "requirement",
    "具体措施": "requirement",
    "任务内容": "requirement",
    "目标要求": "requirement",
    "具体工作": "requirement",
    "工作任务及要求": "requirement",
    "任务及要求": "requirement",
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "牵头责任单位": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "responsible",
    "配合部门": "responsible",
    "落实单位": "responsible",
    "协办单位": "responsible",
    "参与单位": "responsible",
    "责任主体": "responsible",
    "实施单位": "responsible",
    "承办单位": "responsible",
    "责任科室": "responsible",
    "牵头及责任单位": "responsible",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限要求": "deadline",
    "时限": "deadline",
    "完成期限": "deadline",
    "办结时限": "deadline",
    "进度安排": "deadline",
    "备注": "other",
    "完成情况": "other",
    "进展情况": "other",
    "推进情况": "other",
}


def _split_cells(line: str, *, keep_trailing: bool = False) -> list[str]:
    """Split a table line at | ｜ or tabs; a final separator ends the row.

    With ``keep_trailing`` a final separator is kept as an empty last cell, for
    rows whose trailing cells are empty ("一 | 加强解读 | |").
    """
    stripped = line.strip()
    if re.fullmatch(r"[|｜\s:：\-—]+", stripped) and "-" in stripped:
        return []  # Markdown separator row
    if stripped.startswith(("|", "｜")) and len(stripped) > 1 and stripped[1:].strip():
        stripped = stripped[1:]
    if stripped.endswith(("|", "｜")) and not keep_trailing:
        stripped = stripped[:-1]
    return [cell.strip() for cell in re.split(r"\s*[|｜\t]\s*", stripped)]


def _fit_row(line: str, width: int) -> list[str]:
    """The cells of a table row, matched to the header's width when possible."""
    cells = _split_cells(line, keep_trailing=True)
    if len(cells) == width + 1 and not cells[-1]:
        cells = cells[:-1]
    if len(cells) == width:
        return cells
    return _split_cells(line)


def _header_key(cell: str) -> str | None:
    compact = re.sub(r"\s+", "", cell)
    if compact in _HEADER_KEYS:
        return _HEADER_KEYS[compact]
    if len(compact) > 10:
        return None
    if "牵头" in compact and re.search(r"单位|部门", compact):
        return "lead"
    if re.search(r"责任|配合|落实|协办", compact) and re.search(
        r"单位|部门|主体", compact
    ):
        return "responsible"
    if re.search(r"时限|完成时间", compact):
        return "deadline"
    return None


def _header_columns(cells: Sequence[str]) -> list[str] | None:
    keys = [_header_key(cell) if cell else None for cell in cells]
    mapped = [key for key in keys if key and key != "other"]
    if len(mapped) < 2:
        return None
    if not ({"title", "requirement"} & set(mapped)):
        return None
    if not ({"lead", "responsible", "deadline"} & set(mapped)):
        return None
    if any(cell and key is None for cell, key in zip(cells, keys, strict=True)):
        return None
    return [key or "other" for key in keys]


@dataclass
class _Row:
    cells: dict[str, list[str]] = field(default_factory=dict)

    def put(self, kind: str, text: str) -> None:
        self.cells.setdefault(kind, []).append(text)

    def get(self, kind: str) -> str:
        return "\n".join(text for text in self.cells.get(kind, []) if text)

    def has(self, kind: str) -> bool:
        return bool(self.get(kind))


def _section_row(cells: Sequence[str], columns: Sequence[str]) -> str:
    """A table row that is a heading ("一 | 加强政策解读 | | |") → "一、加强政策解读"."""
    if len(cells) != len(columns):
        return ""
    for kind, cell in zip(columns, cells, strict=True):
        if cell and kind in {"lead", "responsible", "deadline"}:
            return ""
    texts = [cell for cell in cells if cell]
    if not texts or len(texts) > 2:
        return ""
    first = texts[0]
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}[、.．]?", first):
        return first.rstrip("、.．") + "、" + "".join(texts[1:])
    if re.fullmatch(r"（[一二三四五六七八九十]{1,3}）", first):
        return first + "".join(texts[1:])
    return "".join(texts) if _marker("".join(texts)) else ""


def _numbered_parts(text: str) -> list[tuple[str, str]]:
    """Split "5.主动公开… 6.及时公开…" into [("5", "主动公开…"), ("6", …)]."""
    match = re.match(r"^(\d{1,3})\s*[.．、](?:(?!\d)|(?=\d{4}年))\s*", text)
    if not match:
        return [("", text)]
    parts: list[tuple[str, str]] = []
    number = int(match.group(1))
    position = match.end()
    while True:
        nxt = re.compile(
            rf"(?:(?<=[\s。；;！？])|(?<=^)){number + 1}\s*[.．、](?:(?!\d)|(?=\d{{4}}年))"
        ).search(text, position)
        if nxt is None:
            parts.append((str(number), text[position:].strip()))
            return parts
        parts.append((str(number), text[position : nxt.start()].strip()))
        number += 1
        position = nxt.end()
        while position < len(text) and text[position] == " ":
            position += 1


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------


@dataclass
class _Draft:
    section: str
    number: str
    title: str
    requirement: str
    units: _Units
    deadline_field: list[str]
    from_table: bool = False


class _PlanParser:
    """Stateful parser of one plan's normalised text."""

    def __init__(self, text: str, year: int | None, known: frozenset[str]) -> None:
        self.lines = [line for line in text.split("\n") if line.strip()]
        self.year_argument = year
        self.year = year  # the plan's year, settled by parse()
        self.known = known
        self.warnings: list[str] = []

    # -- metadata --------------------------------------------------------

    def body_start(self, table_start: int | None) -> int:
        for index, line in enumerate(self.lines):
            if table_start is not None and index >= table_start:
                return table_start
            found = _marker(line)
            if found and found[0] in {"k1", "k2", "k3"} and not _is_junk(line):
                return index
        return len(self.lines) if table_start is None else table_start

    # -- entry point -------------------------------------------------------

    def parse(self) -> ParsedPlan:
        table = self.find_table_header()
        start = self.body_start(table[0] if table else None)
        head = [_cell_text(line) for line in self.lines[:start] if not _is_junk(line)]
        title = _find_title(head)
        doc_number, doc_warning = _find_doc_number(head)
        issuer = _find_issuer(head)
        detected = _year_of(title) if title else None
        if detected is None and doc_number:
            detected = _year_of(doc_number)
        year = self.year_argument if self.year_argument is not None else detected
        if doc_warning:
            self.warnings.append(doc_warning)
        if not title:
            self.warnings.append("未识别到计划标题，请在预览中填写。")
        if year is None:
            self.warnings.append(
                "未能从标题或文号确定计划年度，只写月份的完成时限无法换算为日期；"
                "请指定年度（--year）后重新导入。"
            )
        self.year = year
        drafts: list[_Draft] = []
        if table is not None:
            drafts = self.parse_table(*table)
        if not drafts:
            drafts = self.parse_outline(start)
        tasks = self.finish(drafts)
        return ParsedPlan(
            title=title,
            doc_number=doc_number,
            issuer=issuer,
            year=year,
            tasks=tuple(tasks),
            warnings=tuple(self.warnings),
        )

    # -- outline -----------------------------------------------------------

    def parse_outline(self, start: int) -> list[_Draft]:
        root = _Node("root", "", "")
        stack = [root]
        last: _Node | None = None
        for line in self.lines[start:]:
            if _is_junk(line):
                continue
            if _ATTACHMENT.match(line):
                break
            found = _marker(line)
            if found is None:
                stack[-1].body.append(line)
                continue
            kind, number, rest = found
            kinds = [node.kind for node in stack[1:]]
            if kind in kinds:
                del stack[kinds.index(kind) + 1 :]
            node = _Node(kind, number, rest, parent=stack[-1])
            stack[-1].children.append(node)
            stack.append(node)
            last = node
        if last is not None and last.body and not self.is_heading_line(last):
            # Paragraphs after the last inline task are closing remarks or page
            # furniture ("各地各部门要…", "信息来源").
            for line in last.body:
                self.warn_if_task_like(line)
            last.body = []
        self.fold_subpoints(root)
        has_depth = any(child.children for child in root.children)
        drafts: list[_Draft] = []
        self.collect(root, [], has_depth, drafts)
        return drafts

    def is_heading_line(self, node: _Node) -> bool:
        head = self.strip_closers(node.head)
        return (
            bool(node.body)
            and len(head) <= 50
            and not re.search(r"[。；！？]", head)
            and bool(head)
        )

    def strip_closers(self, text: str) -> str:
        out = text
        for closer in reversed(_find_closers(text, self.known)):
            out = out[: closer.start] + out[closer.end :]
        return out.strip()

    def fold_subpoints(self, node: _Node) -> None:
        for child in node.children:
            self.fold_subpoints(child)
        if node.kind in {"root", "k1"} or not node.children:
            return
        if not all(child.kind in _SUBPOINT_KINDS for child in node.children):
            return
        if not (re.search(r"[。：:]", node.head) or node.body):
            return  # a heading: its sub-points are the tasks
        with_units = sum(
            1 for child in node.children if _find_closers(child.own_text(), self.known)
        )
        if with_units >= 2:
            return
        for child in node.children:
            node.body.append(_marker_label(child.kind, child.number) + child.head)
            node.body.extend(child.body)
        node.children = []

    def collect(
        self, node: _Node, path: list[str], has_depth: bool, drafts: list[_Draft]
    ) -> None:
        for child in node.children:
            if child.children:
                for line in child.body:
                    self.warn_if_task_like(line)
                self.collect(child, [*path, child.heading_text], has_depth, drafts)
                continue
            if _PREAMBLE.match(child.head):
                continue
            if node.kind == "root":
                if has_depth and not _find_closers(child.own_text(), self.known):
                    self.warn_if_task_like(child.own_text())
                    continue
            drafts.extend(self.leaf_drafts(child, " / ".join(path)))

    def leaf_drafts(self, node: _Node, section: str) -> list[_Draft]:
        if self.is_heading_line(node):
            head_closers = _find_closers(node.head, self.known)
            title = self.strip_closers(node.head).rstrip("：:")
            text = "\n".join(node.body)
            if head_closers:
                text += "\n" + "".join(node.head[c.start : c.end] for c in head_closers)
        else:
            full = "\n".join([node.head, *node.body])
            title, text = _lead_phrase(full)
            if title and not self.strip_closers(text):
                title, text = "", full  # a one-sentence task has no separate title
        segments = _segments(text, self.known)
        drafts: list[_Draft] = []
        for index, segment in enumerate(segments, start=1):
            number = node.number if len(segments) == 1 else f"{node.number}-{index}"
            drafts.append(
                _Draft(
                    section=section,
                    number=number,
                    title=title,
                    requirement=segment.text,
                    units=segment.units,
                    deadline_field=list(segment.units.deadlines),
                )
            )
        return drafts

    def warn_if_task_like(self, text: str) -> None:
        if not text.strip():
            return
        if (
            _find_closers(text, self.known)
            or _body_deadline_hits(text, self.year)
            or _marker(text)
        ):
            snippet = text.replace("\n", " ")
            snippet = snippet if len(snippet) <= 40 else snippet[:40] + "…"
            self.warnings.append(
                f"以下内容像是任务，但不在任何编号条目之下，未导入：“{snippet}”"
            )

    # -- tables ------------------------------------------------------------

    def find_table_header(self) -> tuple[int, int, list[str], bool] | None:
        """Find the first table header.

        Returns (index of its first line, index of the line after it, columns,
        whether the table is printed one cell per line).
        """
        for index, line in enumerate(self.lines):
            cells = _split_cells(line)
            nonempty = [cell for cell in cells if cell]
            if len(nonempty) >= 2:
                columns = _header_columns(cells)
                if columns:
                    return index, index + 1, columns, False
                continue
            if len(nonempty) != 1 or _header_key(nonempty[0]) is None:
                continue
            run: list[str] = []
            probe = index
            while probe < len(self.lines):
                probe_cells = [cell for cell in _split_cells(self.lines[probe]) if cell]
                if not probe_cells:  # a separator printed on its own line
                    probe += 1
                    continue
                if len(probe_cells) != 1 or _header_key(probe_cells[0]) is None:
                    break
                run.append(probe_cells[0])
                probe += 1
            if len(run) >= 2:
                columns = _header_columns(run)
                if columns:
                    return index, probe, columns, True
        return None

    def parse_table(
        self, start: int, body_from: int, columns: list[str], stream: bool
    ) -> list[_Draft]:
        rows: list[tuple[_Row, list[str]]] = []
        sections: list[tuple[str, str]] = []

        def section_path() -> list[str]:
            return [text for _, text in sections]

        def set_section(cell: str) -> bool:
            found = _marker(cell)
            if found is None or found[0] not in {"k1", "k2"}:
                return False
            if _find_closers(cell, self.known) or len(cell) > 60:
                return False
            kind = found[0]
            while sections and (sections[-1][0] == kind or kind == "k1"):
                sections.pop()
            sections.append((kind, cell))
            return True

        for line in self.lines[:start]:
            set_section(_cell_text(line))
        if stream:
            cells: list[str] = []
            for line in self.lines[body_from:]:
                if _is_junk(line):
                    continue
                if _ATTACHMENT.match(line):
                    break
                cells.extend(cell for cell in _split_cells(line) if cell)
            machine = _CellMachine(columns, self.known)
            for cell in cells:
                if _header_key(cell) is not None and len(cell) <= 8:
                    continue
                if set_section(cell):
                    machine.flush()
                    machine.section = section_path()
                    continue
                machine.feed(cell)
            machine.flush()
            rows = machine.rows
        else:
            width = len(columns)
            for line in self.lines[body_from:]:
                if _is_junk(line):
                    continue
                if _ATTACHMENT.match(line):
                    break
                cells = _fit_row(line, width)
                nonempty = [cell for cell in cells if cell]
                if not nonempty:
                    continue
                if len(nonempty) >= 2 and _header_columns(cells):
                    columns = _header_columns(cells) or columns
                    width = len(columns)
                    continue
                if len(nonempty) == 1 and (set_section(nonempty[0]) or len(cells) == 1):
                    continue
                heading = _section_row(cells, columns)
                if heading and set_section(heading):
                    continue
                if len(cells) == width and self.row_fits(cells, columns):
                    row = _Row()
                    for kind, cell in zip(columns, cells, strict=True):
                        row.put(kind, cell)
                    rows.append((row, section_path()))
                else:
                    machine = _CellMachine(columns, self.known)
                    machine.section = section_path()
                    for cell in nonempty:
                        machine.feed(cell)
                    machine.flush()
                    rows.extend(machine.rows)
        return self.rows_to_drafts(rows, columns)

    def row_fits(self, cells: Sequence[str], columns: Sequence[str]) -> bool:
        """Whether a full-width row can be read by position (no shifted cells)."""
        for kind, cell in zip(columns, cells, strict=True):
            numbered = bool(_marker(cell)) and (_marker(cell) or ("",))[0] == "k3"
            if kind == "title" and numbered and "requirement" in columns:
                return False
        return True

    def rows_to_drafts(
        self, rows: list[tuple[_Row, list[str]]], columns: list[str]
    ) -> list[_Draft]:
        drafts: list[_Draft] = []
        carry_title = ""
        carry_section = ""
        has_title_column = "title" in columns
        for row, path in rows:
            title = row.get("title")
            requirement = row.get("requirement")
            if has_title_column and "requirement" in columns:
                title = title.rstrip("。")
                if title:
                    carry_title = title
                else:
                    title = carry_title
                if not (requirement or row.has("lead") or row.has("responsible")):
                    continue  # a task name alone: it heads the rows below
            section_cell = row.get("section")
            if section_cell:
                carry_section = section_cell
            section = " / ".join([*path, *([carry_section] if carry_section else [])])
            units = _Units()
            for text in row.cells.get("lead", []):
                if text:
                    units.merge(_parse_units_clause_default(text, "lead", self.known))
            for text in row.cells.get("responsible", []):
                if text:
                    units.merge(
                        _parse_units_clause_default(text, "responsible", self.known)
                    )
            deadline_field = [text for text in row.cells.get("deadline", []) if text]
            deadline_field.extend(units.deadlines)
            if not requirement:
                requirement, title = title, ""
            seq = re.sub(r"[.．、\s]", "", row.get("seq"))
            parts = _numbered_parts(requirement)
            for number, text in parts:
                task_title = title
                body = text
                if not task_title:
                    task_title, body = _lead_phrase(text)
                drafts.append(
                    _Draft(
                        section=section,
                        number=number or seq,
                        title=task_title,
                        requirement=_tidy(body),
                        units=units,
                        deadline_field=list(deadline_field),
                        from_table=True,
                    )
                )
        return drafts

    # -- finishing ---------------------------------------------------------

    def finish(self, drafts: list[_Draft]) -> list[PlanTask]:
        plan_names_units = any(draft.units.named for draft in drafts)
        tasks: list[PlanTask] = []
        for draft in drafts:
            label = _task_label(draft)
            hits: list[_DeadlineHit] = []
            if draft.deadline_field:
                for text in draft.deadline_field:
                    found = _deadline_hits(text, self.year)
                    if not found:
                        self.warnings.append(
                            f"任务“{label}”的完成时限“{text}”无法识别，已按原文保留，未换算为日期。"
                        )
                        found = [_DeadlineHit(text, 0, "unclear", None, False)]
                    hits.extend(found)
            else:
                hits = _body_deadline_hits(
                    f"{draft.title}\n{draft.requirement}", self.year
                )
            deadline, written, recurring = (
                _summarise_hits(hits) if hits else (None, "", False)
            )
            unclear = [
                hit.text
                for hit in hits
                if hit.kind == "unclear" and _deadline_hits(hit.text, 2000)
            ]
            if unclear and self.year is not None:
                shown = "；".join(unclear)
                self.warnings.append(
                    f"任务“{label}”的完成时限“{shown}”不能确定是哪一天，未换算为日期，请核对。"
                )
            if plan_names_units and not draft.units.named:
                hint = (
                    "（表格中该单元格为空，可能与上一行合并）"
                    if draft.from_table
                    else ""
                )
                self.warnings.append(
                    f"任务“{label}”未写明牵头单位或责任单位{hint}，请核对后补充。"
                )
            tasks.append(
                PlanTask(
                    section=draft.section,
                    number=draft.number,
                    title=draft.title,
                    requirement=draft.requirement,
                    lead_units=tuple(draft.units.lead),
                    responsible_units=tuple(
                        name
                        for name in draft.units.responsible
                        if name not in draft.units.lead
                    ),
                    deadline=deadline,
                    deadline_text=written,
                    recurring=recurring,
                )
            )
        return tasks


def _parse_units_clause_default(
    text: str, default: str, known: frozenset[str]
) -> _Units:
    if _LABEL_RE.search(text):
        return _parse_units_clause(text, known)
    return _parse_role_clauses(text, default, known)


def _task_label(draft: _Draft) -> str:
    parts = [
        part
        for part in (
            draft.section.split(" / ")[-1] if draft.section else "",
            draft.number,
        )
        if part
    ]
    label = " ".join(parts)
    if draft.title:
        label = f"{label} {draft.title}" if label else draft.title
    return label or draft.requirement[:20]


def _lead_phrase(text: str) -> tuple[str, str]:
    """Split the bold lead phrase ("加强组织领导。") from the rest of the text."""
    match = re.match(r"^([^。：:\n（]{2,40}?)[。：:]", text)
    rest = text[match.end() :].strip() if match else ""
    if match and rest and not re.search(r"[，,；;]", match.group(1)):
        return match.group(1).strip(), rest
    return "", text.strip()


class _CellMachine:
    """Assign a stream of table cells to columns when rows are not delimited.

    Cells are matched to the columns in header order by what they look like (a
    numbered requirement, a list of units, a deadline, a short task name). A
    cell that fits an earlier column starts a new row; skipped columns were
    merged cells (the task name is carried over from the row above).
    """

    def __init__(self, columns: Sequence[str], known: frozenset[str]) -> None:
        self.columns = list(columns)
        self.known = known
        self.rows: list[tuple[_Row, list[str]]] = []
        self.section: list[str] = []
        self.row = _Row()
        self.expected = 0
        self.last_kind = ""

    def kinds(self, cell: str) -> set[str]:
        kinds: set[str] = set()
        if re.fullmatch(r"\d{1,3}[.．、]?", cell):
            kinds.add("seq")
            return kinds
        numbered = bool(re.match(r"^\d{1,3}\s*[.．、](?:(?!\d)|(?=\d{4}年))", cell))
        if not numbered:
            if _looks_like_deadline(cell) and len(cell) <= 30:
                kinds.add("deadline")
            units = _parse_units_clause_default(cell, "responsible", self.known)
            if units.named and not units.dropped and not re.search(r"。.", cell):
                kinds.update({"lead", "responsible"})
        long_text = len(cell) >= 30 and bool(re.search(r"[，。；]", cell))
        if numbered or (long_text and not kinds):
            kinds.add("requirement")
            if "requirement" not in self.columns:
                kinds.add("title")
            return kinds
        if not kinds:
            kinds.add("title")
            kinds.add("section")
            sentence = bool(re.search(r"[，；,;]", cell)) or (
                cell.endswith("。") and len(cell) >= 15
            )
            if "title" not in self.columns or sentence:
                kinds.add("requirement")
        return kinds

    def feed(self, cell: str) -> None:
        kinds = self.kinds(cell)
        if kinds == {"seq"} and "seq" not in self.columns[self.expected :]:
            if self.row.has("requirement") or self.row.has("seq"):
                self.flush()
            self.row.put("seq", cell)  # a number column the header did not name
            return
        if (
            self.last_kind == "requirement"
            and kinds == {"requirement"}
            and not (re.match(r"^\d{1,3}\s*[.．、]", cell))
        ):
            self.row.put("requirement", cell)
            return
        size = len(self.columns)
        target = next(
            (k for k in range(self.expected, size) if self.columns[k] in kinds), None
        )
        if target is None:
            self.flush()
            target = next((k for k in range(size) if self.columns[k] in kinds), None)
            if target is None:
                return
        self.row.put(self.columns[target], cell)
        self.last_kind = self.columns[target]
        self.expected = target + 1
        if self.expected >= size:
            self.flush()

    def flush(self) -> None:
        if self.row.has("requirement") or self.row.has("title"):
            self.rows.append((self.row, list(self.section)))
        self.row = _Row()
        self.expected = 0
        self.last_kind = ""


def parse_workplan(
    text: str, *, year: int | None = None, known_units: Iterable[str] = ()
) -> ParsedPlan:
    """Parse the text of a work plan into a :class:`ParsedPlan`.

    ``year`` overrides the year read from the title (or 文号); it anchors
    deadlines written without a year ("7月底前"). ``known_units`` are the unit
    names of the organisation directory, used to split glued unit lists.
    """
    known = _known_set(known_units)
    parser = _PlanParser(_normalise_text(text), year, known)
    return parser.parse()


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def _cell_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s*\n\s*", " ", str(value)).strip()


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        f"无法识别文件“{path.name}”的文字编码，请另存为 UTF-8 编码的 .txt 文件后再导入。"
    )


def _read_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        SyntaxError,
    ) as exc:
        raise ValueError(
            f"无法读取 Word 文件“{path.name}”：文件已损坏或不是 .docx 格式。"
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                texts: list[str] = []
                previous = None
                for cell in row.cells:
                    if previous is not None and cell._tc is previous:
                        continue  # a horizontally merged cell is listed once
                    previous = cell._tc
                    texts.append(re.sub(r"\s*\n\s*", " ", cell.text).strip())
                if any(texts):
                    lines.append(" | ".join(texts))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _read_xlsx(path: Path) -> str:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
    ) as exc:
        raise ValueError(
            f"无法读取 Excel 文件“{path.name}”：文件已损坏或不是 .xlsx 格式。"
        ) from exc
    lines: list[str] = []
    for sheet in workbook.worksheets:
        fill: dict[tuple[int, int], object] = {}
        blank: set[tuple[int, int]] = set()
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for row_number in range(merged.min_row, merged.max_row + 1):
                fill[(row_number, merged.min_col)] = value
                for column in range(merged.min_col + 1, merged.max_col + 1):
                    blank.add((row_number, column))
        for row_number in range(1, sheet.max_row + 1):
            texts: list[str] = []
            for column in range(1, sheet.max_column + 1):
                if (row_number, column) in blank:
                    texts.append("")
                elif (row_number, column) in fill:
                    texts.append(_cell_value(fill[(row_number, column)]))
                else:
                    texts.append(_cell_value(sheet.cell(row_number, column).value))
            if any(texts):
                lines.append(" | ".join(texts) + " |")
        lines.append("")
    workbook.close()
    return "\n".join(lines)


def extract_text(path: Path) -> str:
    """Return the text of a plan file (.txt, .docx or .xlsx).

    .docx: paragraphs and tables in document order, each table row one line
    "cell | cell | cell" (a horizontally merged cell once; a vertically merged
    cell repeated on each row). .xlsx: every sheet, each row "cell | cell |",
    merged cells filled down. Raises ``ValueError`` with a Chinese message for
    other file types or unreadable files.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValueError(f"找不到文件“{path}”。")
    if suffix in {".txt", ".text", ".md"}:
        return _read_txt(path)
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    shown = suffix or "（无扩展名）"
    raise ValueError(
        f"不支持的文件类型“{shown}”：请导入 .txt、.docx 或 .xlsx 文件"
        "（.doc、.wps、.xls、.pdf 请先另存为 .docx 或 .xlsx）。"
    )
