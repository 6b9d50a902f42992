"""解析《国务院办公厅关于20XX年部分节假日安排的通知》的文本。

通知每年由国务院办公厅依据《全国年节及纪念日放假办法》第六条、第七条发布，
逐项列明放假日期和调休上班日期，例如：
“二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，
共9天。2月14日（周六）、2月28日（周六）上班。”
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.rules.workdays import DayEntry, DayKind, format_date_cn, weekday_cn

__all__ = ["NoticeParse", "parse_holiday_notice"]

_CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "Ｏ": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_WEEKDAY_INDEX = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
}

_TITLE_YEAR = re.compile(r"关于(\d{4})年(?:部分)?节假日安排")
_TITLE_YEAR_CN = re.compile(
    r"关于([〇零○Ｏ一二三四五六七八九]{4})年(?:部分)?节假日安排"
)
_TITLE = re.compile(r"国务院办公厅关于\S{4}年(?:部分)?节假日安排的通知")
_DOC_NUMBER = re.compile(
    r"国办发明电\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号"
)
_ITEM = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.]\s*(?P<name>[^:：]{1,20}?)\s*[:：]"
)
_ITEM_START = re.compile(r"(?:(?<=[。;；])\s*|\s+)(?=[一二三四五六七八九十]+、)")
_PAREN = r"(?:\((?P<{0}>[^)]*)\))?"
_DATE = r"(?:(?P<{0}y>\d{{4}})年)?(?:(?P<{0}m>\d{{1,2}})月)?(?P<{0}d>\d{{1,2}})日"
_RANGE = re.compile(
    _DATE.format("a")
    + r"\s*"
    + _PAREN.format("ap")
    + r"(?:\s*(?:至|-|—|–|~)\s*"
    + _DATE.format("b")
    + r"\s*"
    + _PAREN.format("bp")
    + r")?"
)
_WEEKDAY_IN_PAREN = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_SINGLE_TOTAL = re.compile(r"放假\s*(\d+)\s*天")


@dataclass(frozen=True)
class NoticeParse:
    """解析结果：年份、放假和调休上班条目（按日期排序）、需要人工核对的警告。"""

    year: int
    entries: tuple[DayEntry, ...]
    warnings: tuple[str, ...]


def _normalize(text: str) -> str:
    """全角数字、括号、冒号、逗号转半角（NFKC），统一换行。"""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # 整段粘贴（不分行）时，在“。二、”等事项序号前断行。
    return _ITEM_START.sub("\n", text)


def _find_year(text: str) -> int | None:
    found = _TITLE_YEAR.search(text)
    if found:
        return int(found.group(1))
    found_cn = _TITLE_YEAR_CN.search(text)
    if found_cn:
        return int("".join(_CN_DIGITS[c] for c in found_cn.group(1)))
    return None


def _find_source(original: str, normalized: str) -> str | None:
    number = _DOC_NUMBER.search(normalized)
    if number:
        return f"国办发明电〔{number.group(1)}〕{number.group(2)}号"
    title = _TITLE.search(original) or _TITLE.search(normalized)
    if title:
        return title.group(0)
    return None


class _LineParser:
    def __init__(self, year: int, source: str) -> None:
        self.year = year
        self.source = source
        self.entries: dict[date, DayEntry] = {}
        self.warnings: list[str] = []

    def _date(
        self, match: re.Match[str], prefix: str, default_month: int | None
    ) -> date | None:
        year_text = match.group(f"{prefix}y")
        month_text = match.group(f"{prefix}m")
        month = int(month_text) if month_text else default_month
        if month is None:
            return None
        year = int(year_text) if year_text else self.year
        try:
            return date(year, month, int(match.group(f"{prefix}d")))
        except ValueError:
            self.warnings.append(
                f"“{match.group(0)}”不是有效日期，已跳过，请核对通知原文。"
            )
            return None

    def _check_weekday(self, d: date, paren: str | None, raw: str) -> None:
        if not paren:
            return
        found = _WEEKDAY_IN_PAREN.search(paren)
        if found and _WEEKDAY_INDEX[found.group(1)] != d.weekday():
            self.warnings.append(
                f"“{raw}”：括号中的星期与日期不符，{format_date_cn(d)}"
                f"实际为{weekday_cn(d)}，请核对通知原文。"
            )

    def _add(self, d: date, kind: DayKind, name: str) -> None:
        previous = self.entries.get(d)
        if previous is not None and previous.kind is not kind:
            self.warnings.append(
                f"{format_date_cn(d)}既被列为放假又被列为上班，请核对通知原文。"
            )
        self.entries[d] = DayEntry(day=d, kind=kind, name=name, source=self.source)

    def _holiday_sentence(self, name: str, sentence: str) -> bool:
        match = _RANGE.search(sentence)
        if match is None:
            return False
        first = self._date(match, "a", None)
        if first is None:
            return False
        last = first
        if match.group("bd"):
            end = self._date(match, "b", first.month)
            if end is None:
                return False
            if end < first and not match.group("by"):
                end = date(end.year + 1, end.month, end.day)
            last = end
        self._check_weekday(first, match.group("ap"), match.group(0))
        if last != first:
            self._check_weekday(last, match.group("bp"), match.group(0))
        length = (last - first).days + 1
        total = _TOTAL.search(sentence) or _SINGLE_TOTAL.search(sentence)
        if total and int(total.group(1)) != length:
            self.warnings.append(
                f"{name}：通知写“共{total.group(1)}天”，但"
                f"{format_date_cn(first)}至{format_date_cn(last)}为{length}天，"
                "请核对通知原文。"
            )
        d = first
        while d <= last:
            self._add(d, DayKind.HOLIDAY, name)
            d += timedelta(days=1)
        return True

    def _workday_sentence(self, name: str, sentence: str) -> bool:
        found = False
        for match in _RANGE.finditer(sentence):
            d = self._date(match, "a", None)
            if d is None:
                continue
            self._check_weekday(d, match.group("ap"), match.group(0))
            self._add(d, DayKind.WORKDAY, name)
            found = True
        return found

    def parse_line(self, line: str) -> None:
        item = _ITEM.match(line)
        if item is None:
            return
        name = item.group("name").strip()
        body = line[item.end() :]
        parsed_holiday = False
        for sentence in re.split(r"[。;；]", body):
            if "放假" in sentence:
                parsed_holiday = (
                    self._holiday_sentence(name, sentence) or parsed_holiday
                )
            elif "上班" in sentence and not self._workday_sentence(name, sentence):
                self.warnings.append(
                    f"未能识别“{sentence.strip()}”中的上班日期，请核对通知原文。"
                )
        if "放假" in body and not parsed_holiday:
            self.warnings.append(
                f"未能识别“{line.strip()}”中的放假日期，请核对通知原文或手工录入。"
            )


def parse_holiday_notice(
    text: str, *, year: int | None = None, source: str | None = None
) -> NoticeParse:
    """解析国务院办公厅部分节假日安排通知，得到放假日和调休上班日。

    依据：《全国年节及纪念日放假办法》第六条（节日逢周末补假）、第七条（调休），
    以及国务院办公厅当年的放假安排通知。year 为空时从标题
    “关于2026年部分节假日安排的通知”（也识别“二〇二六年”）读取；source 为空时
    取文中的文号（如“国办发明电〔2024〕12号”），没有文号时取通知标题。
    放假区间内的每一天（含周末）记为放假日，“上班”句中的日期记为调休上班日。
    括号中的星期与日期不符、“共N天”与区间天数不符、提到放假却无法识别的事项，
    都记入 warnings，由管理人员核对。
    """
    normalized = _normalize(text)
    found_year = year if year is not None else _find_year(normalized)
    if found_year is None:
        raise ValueError(
            "未能从通知标题中识别年份，请保留标题"
            "“国务院办公厅关于20XX年部分节假日安排的通知”，或手工填写年份。"
        )
    found_source = source or _find_source(text, normalized)
    if found_source is None:
        found_source = f"国务院办公厅关于{found_year}年部分节假日安排的通知"
    parser = _LineParser(found_year, found_source)
    for line in normalized.split("\n"):
        parser.parse_line(line)
    if not parser.entries:
        parser.warnings.append(
            "未能从通知中识别出任何放假安排，请核对粘贴的是否为通知全文。"
        )
    entries = tuple(parser.entries[d] for d in sorted(parser.entries))
    return NoticeParse(
        year=found_year, entries=entries, warnings=tuple(parser.warnings)
    )
