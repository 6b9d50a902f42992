"""文号 (发文字号) and 索引号: reading them however they are typed, and writing them.

文号 (GB/T 9704-2012 7.2.4): 发文机关代字、年份、发文顺序号, the year in 六角括号
〔〕, e.g. 国发〔2018〕43号. In practice the year is typed in whatever bracket is at
hand — [] 【】 ［］ () （） ﹝﹞ 〖〗 — and all of these are read as one and written
back with 〔〕.

索引号 (《政府信息公开目录系统实施指引（试行）》): "前段码/后段码"; the front part is
the issuing unit's code (组织机构代码, nowadays often the 统一社会信用代码), the back
part four digits of year, "-", five digits of serial. It is unique and never changes.
Sites differ in practice (see docs/domain/compliance.md), so parsing is tolerant:
a 6–20 character front part (a hyphen inside is allowed, "0142768-8"), a year, an
optional two-digit month ("202110-00013"), and a 3–8 digit serial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening and closing brackets seen around the year of a 文号; any opening one may
# be closed by any closing one (a mixed pair such as "〔2024]" is still a 文号).
BRACKETS: tuple[tuple[str, str], ...] = (
    ("〔", "〕"),
    ("[", "]"),
    ("【", "】"),
    ("［", "］"),
    ("(", ")"),
    ("（", "）"),
    ("﹝", "﹞"),
    ("〖", "〗"),
)
_OPEN = "".join(o for o, _ in BRACKETS)
_CLOSE = "".join(c for _, c in BRACKETS)
_OPEN_CLASS = "[" + re.escape(_OPEN) + "]"
_CLOSE_CLASS = "[" + re.escape(_CLOSE) + "]"

# Full-width digits and letters, one character each way (offsets are kept).
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－／",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/",
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# The year in brackets, an optional 第, the serial and 号.
_YEAR_SERIAL = (
    rf"{_OPEN_CLASS}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSE_CLASS}"
    r"\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
_DOC_NUMBER = re.compile(rf"^(?P<issuer>[{_CJK}A-Za-z0-9]+?)\s*{_YEAR_SERIAL}$")
# In free text the issuer code is the run of CJK characters (and letters, e.g.
# "XX委DJ发") just before the bracket; the run is cut after words that introduce a
# 文号 rather than belong to it ("根据鲁政办发〔2022〕5号" → "鲁政办发〔2022〕5号").
_DOC_NUMBER_IN_TEXT = re.compile(
    rf"(?P<issuer>[{_CJK}A-Za-z]{{1,16}})\s*{_YEAR_SERIAL}(?![0-9])"
)
_LEAD_WORDS = (
    "根据",
    "按照",
    "依据",
    "依照",
    "参照",
    "对照",
    "贯彻",
    "落实",
    "执行",
    "转发",
    "印发",
    "文件",
    "通知",
    "意见",
    "精神",
    "要求",
    "规定",
    "办法",
    "关于",
    "附件",
    "原文",
    "已被",
    "废止",
    "修订",
    "的",
    "和",
    "及",
    "与",
    "见",
    "即",
    "如",
    "按",
    "依",
    "以",
    "在",
    "将",
    "由",
)


def _fold(s: str) -> str:
    return s.translate(_FULLWIDTH)


def normalize_doc_number(s: str) -> str:
    """One way of writing a 文号: 〔〕 around the year, ASCII digits, no spaces.

    "闽政办[2024]12号" → "闽政办〔2024〕12号"; "" for an empty or blank string.
    A string that does not look like a 文号 is returned folded and trimmed.
    """
    text = _fold(s).strip()
    if not text:
        return ""
    text = re.sub(
        rf"\s*{_OPEN_CLASS}\s*((?:19|20)\d\d)\s*{_CLOSE_CLASS}\s*", r"〔\1〕", text
    )
    return re.sub(r"\s+", "", text) if _DOC_NUMBER.match(text) else text


@dataclass(frozen=True)
class DocNumber:
    issuer_code: str  # 发文机关代字, e.g. 闽政办
    year: int
    serial: int
    text: str  # normalised, e.g. 闽政办〔2024〕12号


def parse_doc_number(s: str) -> DocNumber | None:
    text = normalize_doc_number(s)
    m = _DOC_NUMBER.match(text)
    if not m:
        return None
    return DocNumber(
        issuer_code=m["issuer"],
        year=int(m["year"]),
        serial=int(m["serial"]),
        text=text,
    )


def doc_number_key(s: str) -> str:
    """A key for matching and searching: brackets unified, spaces, 第 and leading
    zeros of the serial removed, letters upper case. 鲁政办发[2022]第05号 and
    鲁政办发〔2022〕5号 have the same key."""
    parsed = parse_doc_number(s)
    if parsed is not None:
        return f"{parsed.issuer_code.upper()}〔{parsed.year}〕{parsed.serial}号"
    return re.sub(r"\s+", "", normalize_doc_number(s)).upper()


def find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Spans of 文号 in free text: (start, end, normalised 文号), in order."""
    folded = _fold(text)
    found: list[tuple[int, int, str]] = []
    for m in _DOC_NUMBER_IN_TEXT.finditer(folded):
        start = m.start("issuer")
        issuer = m["issuer"]
        cut = max(
            (issuer.rfind(w) + len(w) for w in _LEAD_WORDS if w in issuer[:-1]),
            default=0,
        )
        if cut >= len(issuer):
            continue
        start += cut
        found.append((start, m.end(), normalize_doc_number(folded[start : m.end()])))
    return found


# --- 索引号 -----------------------------------------------------------------------

_INDEX_NUMBER = re.compile(
    r"(?P<code>[0-9A-Z]{5,18}(?:-[0-9A-Z])?)\s*/\s*"
    r"(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])?"
    r"\s*[-—–]\s*(?P<serial>\d{3,8})"
)
_INDEX_NUMBER_EXACT = re.compile(rf"^{_INDEX_NUMBER.pattern}$")
_INDEX_NUMBER_IN_TEXT = re.compile(
    rf"(?<![0-9A-Za-z]){_INDEX_NUMBER.pattern}(?![0-9A-Za-z])"
)


def format_index_number(unit_code: str, year: int, serial: int) -> str:
    """ "{code}/{year}-{serial:05d}", e.g. "11370100004000016E/2026-00012".

    The code is written as given apart from spaces and case (a site that has always
    used "0142768-8" keeps it); a serial past 99999 simply gets more digits."""
    code = "".join(unit_code.split()).upper()
    if not code:
        raise ValueError("索引号的前段码（单位代码）不能为空。")
    if not 1000 <= year <= 9999:
        raise ValueError("索引号的年份应为4位数字。")
    if serial < 1:
        raise ValueError("索引号的流水号应从1开始。")
    return f"{code}/{year}-{serial:05d}"


def parse_index_number(s: str) -> tuple[str, int, int] | None:
    """(front part, year, serial), or None. Tolerant of the forms sites use:
    "000014349/2018-00222", "11370322004222241N/2021-5135380",
    "0142768-8/2022-00185", "11341702486344515H/202110-00013" (year and month)."""
    m = _INDEX_NUMBER_EXACT.match(_fold(s).strip().upper())
    if not m:
        return None
    return m["code"], int(m["year"]), int(m["serial"])


def find_index_numbers(text: str) -> list[tuple[int, int, str]]:
    """Spans of 索引号 in free text: (start, end, the 索引号 as written, folded)."""
    folded = _fold(text)
    return [
        (m.start(), m.end(), m.group(0)) for m in _INDEX_NUMBER_IN_TEXT.finditer(folded)
    ]
