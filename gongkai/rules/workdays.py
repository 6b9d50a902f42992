"""工作日日历：法定节假日、调休上班日与尚未公布年份的估算。

《政府信息公开条例》规定的各类期限以“工作日”计算（第二十六条、第三十条、
第三十二条、第三十三条等）。工作日指周一至周五中不属于法定节假日的日子，
加上国务院办公厅放假安排通知中确定的调休上班日（周六、周日）。
尚未公布放假安排的年份，按周末和《全国年节及纪念日放假办法》第二条规定的
法定节假日估算，结果为暂定。
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.rules import lunar

__all__ = [
    "CHINESE_CALENDAR_SOURCE",
    "ESTIMATE_SOURCE",
    "DayEntry",
    "DayKind",
    "WorkCalendar",
    "chinese_calendar_entries",
    "estimate_year",
    "format_date_cn",
    "format_day_range_cn",
    "weekday_cn",
]

ESTIMATE_SOURCE = "估算：《全国年节及纪念日放假办法》第二条"
CHINESE_CALENDAR_SOURCE = "chinese-calendar 1.11.0"

_WEEKDAYS = "一二三四五六日"
_ONE_DAY = timedelta(days=1)


class DayKind(StrEnum):
    """日历条目的类型。"""

    HOLIDAY = "holiday"
    WORKDAY = "workday"  # 调休上班：本为周末、按通知上班的日子


@dataclass(frozen=True)
class DayEntry:
    """某一天的放假或调休上班安排。

    name 为节日名称（如“国庆节”），source 为依据（通知文号、数据来源或估算说明）。
    """

    day: date
    kind: DayKind
    name: str
    source: str

    @property
    def estimated(self) -> bool:
        """是否为估算条目（该年放假安排尚未公布）。"""
        return self.source.startswith("估算")


def format_date_cn(d: date) -> str:
    """把日期写成“2026年11月3日”（不补零），用于答复期限说明。"""
    return f"{d.year}年{d.month}月{d.day}日"


def weekday_cn(d: date) -> str:
    """返回“周一”至“周日”。"""
    return "周" + _WEEKDAYS[d.weekday()]


def format_day_range_cn(first: date, last: date, *, with_year: bool = False) -> str:
    """把日期区间写成“10月1日至7日”“1月28日至2月4日”或“1月1日”。"""
    prefix = f"{first.year}年" if with_year else ""
    head = f"{prefix}{first.month}月{first.day}日"
    if first == last:
        return head
    if last.year != first.year:
        return f"{head}至{format_date_cn(last)}"
    if last.month != first.month:
        return f"{head}至{last.month}月{last.day}日"
    return f"{head}至{last.day}日"


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def estimate_year(year: int) -> list[DayEntry]:
    """估算尚未公布放假安排年份的全体公民放假节日。

    依据《全国年节及纪念日放假办法》（2024年修订）第二条：元旦（1月1日）、
    春节（农历除夕、正月初一至初三，共4天）、清明节（农历清明当日）、
    劳动节（5月1日、2日）、端午节（农历五月初五）、中秋节（农历八月十五）、
    国庆节（10月1日至3日）。

    节日逢周末时不顺延：第六条的补假和第七条的调休（包括调休上班的周末）
    要等国务院办公厅当年通知公布后才能确定，估算中一律不包括。
    农历日期仅覆盖2004—2100年，超出范围抛出 ValueError。
    """
    fest = lunar.festivals(year)
    days: list[tuple[date, str]] = [(date(year, 1, 1), "元旦")]
    days += [(fest.new_year_eve + timedelta(days=i), "春节") for i in range(4)]
    days += [
        (fest.qingming, "清明节"),
        (date(year, 5, 1), "劳动节"),
        (date(year, 5, 2), "劳动节"),
        (fest.dragon_boat, "端午节"),
    ]
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    days.append((fest.mid_autumn, "中秋节"))
    merged: dict[date, list[str]] = {}
    for day, name in days:
        names = merged.setdefault(day, [])
        if name not in names:
            names.append(name)
    return [
        DayEntry(
            day=day,
            kind=DayKind.HOLIDAY,
            name="、".join(merged[day]),
            source=ESTIMATE_SOURCE,
        )
        for day in sorted(merged)
    ]


_CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def chinese_calendar_entries(years: range = range(2004, 2027)) -> list[DayEntry]:
    """从 chinese-calendar 1.11.0 读取历年国务院放假安排（放假日和调休上班日）。

    chinese-calendar 收录2004—2026年国务院办公厅部分节假日安排通知的内容；
    这些日子决定《政府信息公开条例》第三十三条等规定中“工作日”的计算。
    返回按日期排序的条目，节日名称为中文。
    """
    import chinese_calendar

    wanted = set(years)
    entries: list[DayEntry] = []
    tables = (
        (chinese_calendar.holidays, DayKind.HOLIDAY),
        (chinese_calendar.workdays, DayKind.WORKDAY),
    )
    for table, kind in tables:
        for day, english in table.items():
            if day.year not in wanted:
                continue
            name = _CC_NAMES.get(str(english), str(english))
            entries.append(
                DayEntry(day=day, kind=kind, name=name, source=CHINESE_CALENDAR_SOURCE)
            )
    entries.sort(key=lambda e: e.day)
    return entries


class WorkCalendar:
    """工作日日历。

    已载入年份（有国务院放假安排通知的年份）：周一至周五且不是放假日，
    或者是调休上班日，即为工作日。未载入年份：按周末和估算的法定节假日计算
    （见 estimate_year），结果为暂定。
    明确给出的条目（entries）总是优先于估算。
    """

    def __init__(
        self, entries: Iterable[DayEntry], loaded_years: Iterable[int]
    ) -> None:
        self.loaded_years: frozenset[int] = frozenset(loaded_years)
        self._entries: dict[date, DayEntry] = {}
        for entry in entries:
            self._entries[entry.day] = entry
        self._estimates: dict[int, dict[date, DayEntry]] = {}

    def __repr__(self) -> str:
        years = sorted(self.loaded_years)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"WorkCalendar(loaded_years={span}, entries={len(self._entries)})"

    def is_loaded(self, year: int) -> bool:
        """该年的放假安排是否已载入。"""
        return year in self.loaded_years

    def _estimated(self, year: int) -> dict[date, DayEntry]:
        cached = self._estimates.get(year)
        if cached is None:
            cached = {e.day: e for e in estimate_year(year)}
            self._estimates[year] = cached
        return cached

    def entry(self, d: date) -> DayEntry | None:
        """返回该日的放假或调休条目（已载入或估算），普通日子返回 None。"""
        explicit = self._entries.get(d)
        if explicit is not None or d.year in self.loaded_years:
            return explicit
        return self._estimated(d.year).get(d)

    def is_workday(self, d: date) -> bool:
        """该日是否为工作日（《政府信息公开条例》所称“工作日”）。"""
        found = self.entry(d)
        if found is None:
            return not _is_weekend(d)
        return found.kind is DayKind.WORKDAY

    def add_working_days(self, start: date, n: int) -> date:
        """返回 start 之后的第 n 个工作日（start 当日不计入，n≥1）。

        期间开始之日不计算在期间内（《民事诉讼法》第八十五条、
        《民法典》第二百零一条），用于《政府信息公开条例》第三十三条等。
        """
        if n < 1:
            raise ValueError(f"工作日数必须为正整数，当前为{n}。")
        d = start
        count = 0
        while count < n:
            d += _ONE_DAY
            if self.is_workday(d):
                count += 1
        return d

    def working_days_in(self, after: date, until: date) -> int:
        """统计 after 之后（不含）至 until（含）之间的工作日数。"""
        count = 0
        d = after + _ONE_DAY
        while d <= until:
            if self.is_workday(d):
                count += 1
            d += _ONE_DAY
        return count

    def estimated_years_used(self, after: date, until: date) -> frozenset[int]:
        """after 之后（不含）至 until（含）之间涉及的未载入（估算）年份。"""
        if until <= after:
            return frozenset()
        first = (after + _ONE_DAY).year
        return frozenset(
            y for y in range(first, until.year + 1) if y not in self.loaded_years
        )

    def describe_interval(self, after: date, until: date) -> list[str]:
        """列出 after 之后（不含）至 until（含）之间的节假日和调休上班日，用于说明。

        每行形如“10月1日至7日国庆节假期不计；”“10月10日（周六）调休上班，计入；”。
        区间所在年份与 after 不同时写出年份。
        """
        lines: list[str] = []
        d = after + _ONE_DAY
        while d <= until:
            found = self.entry(d)
            if found is None:
                d += _ONE_DAY
                continue
            with_year = d.year != after.year
            estimate = "（估算）" if found.estimated else ""
            if found.kind is DayKind.WORKDAY:
                if _is_weekend(d):
                    day_text = format_day_range_cn(d, d, with_year=with_year)
                    lines.append(f"{day_text}（{weekday_cn(d)}）调休上班，计入；")
                d += _ONE_DAY
                continue
            first = last = d
            names = [found.name]
            nxt = d + _ONE_DAY
            while nxt <= until:
                following = self.entry(nxt)
                if following is None or following.kind is not DayKind.HOLIDAY:
                    break
                if following.name not in names:
                    names.append(following.name)
                last = nxt
                nxt += _ONE_DAY
            day_text = format_day_range_cn(first, last, with_year=with_year)
            name = "、".join(names)
            lines.append(f"{day_text}{name}假期{estimate}不计；")
            d = last + _ONE_DAY
        return lines
