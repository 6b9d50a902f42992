"""依申请公开的答复期限（《政府信息公开条例》第三十条至第三十五条）。

- 收到申请之日不计入，自次日起算第20个工作日为答复期限（第三十三条第二款；
  期间开始之日不计入，参照《民事诉讼法》第八十五条）。
- 补正：告知补正后期限停止计算，自收到补正申请之日起重新计算（第三十条）。
- 征求第三方和其他机关意见所需时间不计入（第三十三条第三款）。
- 发出收费通知至申请人缴费的时间不计入（国办函〔2020〕109号；该条原文未核实，
  是本系统采用的解读）。
- 延长答复期限累计不超过20个工作日（第三十三条第二款）。
- 延迟答复：由行政机关依第三十五条确定的合理期限取代法定期限。
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from gongkai.rules.workdays import WorkCalendar, format_date_cn

__all__ = [
    "MAX_EXTENSION",
    "ClockEvent",
    "ClockEventKind",
    "DeadlineResult",
    "DeadlineRuleError",
    "compute_deadline",
]

MAX_EXTENSION = 20
CORRECTION_NOTICE_DAYS = 7
_ONE_DAY = timedelta(days=1)


class ClockEventKind(StrEnum):
    """影响答复期限的办理事件。"""

    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    EXTENDED = "extended"
    DELAYED_REPLY = "delayed_reply"

    @property
    def label(self) -> str:
        """事件的中文名称。"""
        return _LABELS[self]


_LABELS: dict[ClockEventKind, str] = {
    ClockEventKind.CORRECTION_REQUESTED: "告知补正",
    ClockEventKind.CORRECTION_RECEIVED: "收到补正申请",
    ClockEventKind.CONSULTATION_STARTED: "开始征求意见",
    ClockEventKind.CONSULTATION_ENDED: "征求意见结束",
    ClockEventKind.FEE_NOTICE_SENT: "发出收费通知",
    ClockEventKind.FEE_PAID: "申请人缴费",
    ClockEventKind.EXTENDED: "延长答复期限",
    ClockEventKind.DELAYED_REPLY: "确定延迟答复期限",
}


@dataclass(frozen=True)
class ClockEvent:
    """一个办理事件。

    working_days 仅用于 EXTENDED（延长的工作日数）；until 仅用于 DELAYED_REPLY
    （行政机关依《政府信息公开条例》第三十五条确定的延迟答复期限）。
    """

    kind: ClockEventKind
    day: date
    working_days: int | None = None
    until: date | None = None


class DeadlineRuleError(ValueError):
    """办理事件不符合《政府信息公开条例》的规定或前后矛盾；消息为中文，说明如何处理。"""


@dataclass(frozen=True)
class DeadlineResult:
    """答复期限的计算结果。

    period_start 为当前期限的起算基准日（原收到申请之日，或收到补正申请之日），
    该日本身不计入。due 在等待补正期间为 None。used、left 为截至 today
    已计入和尚余的工作日数（不计期间除外）。provisional 为真时，计算用到了
    尚未公布放假安排、按估算处理的年份（provisional_years）。
    """

    received: date
    period_start: date
    due: date | None
    working_days: int
    extension_days: int
    used: int
    left: int
    excluded_working_days: int
    stopped: bool
    provisional: bool
    provisional_years: tuple[int, ...]
    explanation: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """转为可 JSON 序列化的字典，日期为 ISO 格式字符串。"""
        return {
            "received": self.received.isoformat(),
            "period_start": self.period_start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "working_days": self.working_days,
            "extension_days": self.extension_days,
            "used": self.used,
            "left": self.left,
            "excluded_working_days": self.excluded_working_days,
            "stopped": self.stopped,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class _Interval:
    kind: ClockEventKind  # CONSULTATION_STARTED 或 FEE_NOTICE_SENT
    start: date
    end: date | None  # None：尚未结束

    def effective_end(self, today: date) -> date:
        return self.end if self.end is not None else today

    def contains(self, d: date, today: date) -> bool:
        return self.start < d <= self.effective_end(today)


@dataclass
class _State:
    period_start: date
    stopped: bool = False
    correction_requested: date | None = None
    restarted: bool = False
    dropped: bool = False
    extensions: list[ClockEvent] = field(default_factory=list)
    intervals: list[_Interval] = field(default_factory=list)
    open_consultations: list[date] = field(default_factory=list)
    open_fee: date | None = None
    delayed: ClockEvent | None = None

    @property
    def extension_days(self) -> int:
        return sum(e.working_days or 0 for e in self.extensions)


def _where(event: ClockEvent) -> str:
    return f"“{event.kind.label}”（{format_date_cn(event.day)}）"


def _check_fields(event: ClockEvent, received: date) -> None:
    if event.day < received:
        raise DeadlineRuleError(
            f"{_where(event)}早于收到申请之日{format_date_cn(received)}，"
            "请核对事件日期。"
        )
    if event.kind is ClockEventKind.EXTENDED:
        if event.working_days is None or event.working_days < 1:
            raise DeadlineRuleError(
                f"{_where(event)}未填写延长的工作日数，请填写1至20之间的整数。"
            )
    elif event.working_days is not None:
        raise DeadlineRuleError(
            f"{_where(event)}不能填写工作日数，只有“延长答复期限”需要填写。"
        )
    if event.kind is ClockEventKind.DELAYED_REPLY:
        if event.until is None:
            raise DeadlineRuleError(
                f"{_where(event)}未填写延迟答复的期限，请填写告知申请人的答复日期"
                "（《政府信息公开条例》第三十五条）。"
            )
        if event.until < event.day:
            raise DeadlineRuleError(
                f"{_where(event)}确定的期限{format_date_cn(event.until)}早于告知日，"
                "请核对。"
            )
    elif event.until is not None:
        raise DeadlineRuleError(
            f"{_where(event)}不能填写延迟答复期限，只有“确定延迟答复期限”需要填写。"
        )


def _apply(state: _State, event: ClockEvent) -> None:
    kind = event.kind
    if state.stopped and kind is not ClockEventKind.CORRECTION_RECEIVED:
        raise DeadlineRuleError(
            f"{_where(event)}发生在等待申请人补正期间，请先记录收到补正申请的日期"
            "（《政府信息公开条例》第三十条）。"
        )
    if kind is ClockEventKind.CORRECTION_REQUESTED:
        if state.correction_requested is not None:
            raise DeadlineRuleError(
                f"{_where(event)}：已于{format_date_cn(state.correction_requested)}"
                "告知补正，补正应当一次性告知（《政府信息公开条例》第三十条），"
                "不能再次要求补正。"
            )
        if state.open_consultations or state.open_fee is not None:
            raise DeadlineRuleError(
                f"{_where(event)}：仍有未结束的征求意见或未缴费的收费通知，"
                "请先记录其结束日期。"
            )
        state.stopped = True
        state.correction_requested = event.day
    elif kind is ClockEventKind.CORRECTION_RECEIVED:
        if not state.stopped:
            raise DeadlineRuleError(
                f"{_where(event)}之前没有“告知补正”，请先记录告知补正的日期。"
            )
        state.stopped = False
        state.restarted = True
        state.dropped = bool(state.extensions or state.intervals or state.delayed)
        state.period_start = event.day
        state.extensions = []
        state.intervals = []
        state.delayed = None
    elif kind is ClockEventKind.CONSULTATION_STARTED:
        state.open_consultations.append(event.day)
    elif kind is ClockEventKind.CONSULTATION_ENDED:
        if not state.open_consultations:
            raise DeadlineRuleError(
                f"{_where(event)}之前没有“开始征求意见”，请先记录开始征求意见的日期。"
            )
        start = state.open_consultations.pop(0)
        state.intervals.append(
            _Interval(ClockEventKind.CONSULTATION_STARTED, start, event.day)
        )
    elif kind is ClockEventKind.FEE_NOTICE_SENT:
        if state.open_fee is not None:
            raise DeadlineRuleError(
                f"{_where(event)}：{format_date_cn(state.open_fee)}发出的收费通知"
                "尚未缴费，请先记录缴费日期。"
            )
        state.open_fee = event.day
    elif kind is ClockEventKind.FEE_PAID:
        if state.open_fee is None:
            raise DeadlineRuleError(
                f"{_where(event)}之前没有“发出收费通知”，请先记录发出收费通知的日期。"
            )
        state.intervals.append(
            _Interval(ClockEventKind.FEE_NOTICE_SENT, state.open_fee, event.day)
        )
        state.open_fee = None
    elif kind is ClockEventKind.EXTENDED:
        already = state.extension_days
        wanted = event.working_days or 0
        if already + wanted > MAX_EXTENSION:
            remaining = MAX_EXTENSION - already
            tail = (
                f"本次最多还可延长{remaining}个工作日。"
                if remaining > 0
                else "已累计延长20个工作日，不能再延长。"
            )
            raise DeadlineRuleError(
                f"延长答复期限累计不得超过{MAX_EXTENSION}个工作日"
                f"（《政府信息公开条例》第三十三条第二款），{tail}"
            )
        state.extensions.append(event)
    elif kind is ClockEventKind.DELAYED_REPLY:
        state.delayed = event


def _interval_line(interval: _Interval, count: int, today: date) -> str:
    start = format_date_cn(interval.start)
    consultation = interval.kind is ClockEventKind.CONSULTATION_STARTED
    basis = (
        "（《政府信息公开条例》第三十三条第三款）"
        if consultation
        else "（国办函〔2020〕109号，本系统采用的解读）"
    )
    if interval.end is None:
        what = "开始征求意见" if consultation else "发出收费通知"
        pending = "尚未结束" if consultation else "申请人尚未缴费"
        return (
            f"{start}{what}，截至{format_date_cn(today)}{pending}，"
            f"已不计{count}个工作日，答复期限随之顺延{basis}；"
        )
    end = format_date_cn(interval.end)
    if consultation:
        return f"{start}至{end}征求意见，其间{count}个工作日不计{basis}；"
    return f"{start}发出收费通知至{end}缴费，其间{count}个工作日不计{basis}；"


def compute_deadline(
    *,
    received: date,
    calendar: WorkCalendar,
    events: Sequence[ClockEvent] = (),
    period: int = 20,
    today: date | None = None,
    start_label: str = "收到申请",
) -> DeadlineResult:
    """计算依申请公开的答复期限（《政府信息公开条例》第三十条、第三十三条至第三十五条）。

    答复期限为起算日之后的第 period 个工作日，起算日本身不计入（第三十三条
    “自收到申请之日起20个工作日内”；期间开始之日不计入，见《民事诉讼法》
    第八十五条）。告知补正后停止计算，收到补正申请后自次日起重新计算完整期限，
    此前的延长和不计期间不再适用（第三十条）。征求第三方或其他机关意见期间
    （第三十三条第三款）以及发出收费通知至缴费期间（国办函〔2020〕109号，
    本系统采用的解读）的工作日不计入，重叠部分只计一次；尚未结束的按截至
    today 已经过的工作日顺延。延长累计不超过20个工作日（第三十三条第二款），
    超过时抛出 DeadlineRuleError。延迟答复以行政机关依第三十五条确定的日期为准。
    today 为空时取当天日期。
    """
    if period < 1:
        raise DeadlineRuleError(f"答复期限的工作日数必须为正整数，当前为{period}。")
    as_of = today if today is not None else date.today()  # noqa: DTZ011
    ordered = sorted(events, key=lambda e: e.day)
    state = _State(period_start=received)
    for event in ordered:
        _check_fields(event, received)
        _apply(state, event)

    lines: list[str] = []
    if state.correction_requested is None:
        lines.append(f"{format_date_cn(received)}{start_label}，自次日起算；")
    else:
        lines.append(f"{format_date_cn(received)}{start_label}；")
        notified_after = calendar.working_days_in(received, state.correction_requested)
        lines.append(
            f"{format_date_cn(state.correction_requested)}告知申请人补正，"
            "答复期限停止计算（《政府信息公开条例》第三十条）；"
        )
        if notified_after > CORRECTION_NOTICE_DAYS:
            lines.append(
                f"注意：补正告知在收到申请后第{notified_after}个工作日作出，"
                f"超过第三十条规定的{CORRECTION_NOTICE_DAYS}个工作日；"
            )

    if state.stopped:
        lines.append(f"等待申请人补正，收到补正申请后自次日起重新计算{period}个工作日")
        return DeadlineResult(
            received=received,
            period_start=state.period_start,
            due=None,
            working_days=period,
            extension_days=0,
            used=0,
            left=period,
            excluded_working_days=0,
            stopped=True,
            provisional=False,
            provisional_years=(),
            explanation=tuple(lines),
        )

    start = state.period_start
    if state.restarted:
        dropped = "，补正前记录的延长和不计期间不再适用" if state.dropped else ""
        lines.append(
            f"{format_date_cn(start)}收到补正后的申请，自次日起重新计算{dropped}；"
        )

    intervals = list(state.intervals)
    intervals += [
        _Interval(ClockEventKind.CONSULTATION_STARTED, s, None)
        for s in state.open_consultations
    ]
    if state.open_fee is not None:
        intervals.append(
            _Interval(ClockEventKind.FEE_NOTICE_SENT, state.open_fee, None)
        )

    def excluded(d: date) -> bool:
        return any(i.contains(d, as_of) for i in intervals)

    extension_days = state.extension_days
    total = period + extension_days
    d = start
    counted = 0
    excluded_days = 0
    while counted < total:
        d += _ONE_DAY
        if not calendar.is_workday(d):
            continue
        if excluded(d):
            excluded_days += 1
        else:
            counted += 1
    statutory_due = d
    due = state.delayed.until if state.delayed and state.delayed.until else d

    def counted_between(after: date, until: date) -> int:
        n = 0
        x = after + _ONE_DAY
        while x <= until:
            if calendar.is_workday(x) and not excluded(x):
                n += 1
            x += _ONE_DAY
        return n

    used = counted_between(start, min(as_of, due))
    left = counted_between(max(as_of, start), due)

    horizon = max(statutory_due, due)
    lines += calendar.describe_interval(start, horizon)
    per_interval = 0
    for interval in sorted(intervals, key=lambda i: i.start):
        count = sum(
            1
            for x in _days(interval.start, min(interval.effective_end(as_of), horizon))
            if x > start and calendar.is_workday(x)
        )
        per_interval += count
        lines.append(_interval_line(interval, count, as_of))
    if per_interval != excluded_days and intervals:
        lines.append(
            f"上述不计期间有重叠或超出期限的部分，重叠部分只计一次，"
            f"合计顺延{excluded_days}个工作日；"
        )
    for ext in state.extensions:
        lines.append(
            f"{format_date_cn(ext.day)}延长答复期限{ext.working_days}个工作日"
            "（《政府信息公开条例》第三十三条第二款，经政府信息公开工作机构"
            "负责人同意并告知申请人）；"
        )
    years = tuple(sorted(calendar.estimated_years_used(start, horizon)))
    for year in years:
        lines.append(
            f"{year}年节假日安排尚未公布，{year}年的日期按周末和"
            "《全国年节及纪念日放假办法》第二条规定的法定节假日估算，"
            "结果为暂定；"
        )
    final = f"第{total}个工作日为{format_date_cn(statutory_due)}"
    if state.delayed is not None:
        lines.append(final + "；")
        lines.append(
            f"{format_date_cn(state.delayed.day)}依《政府信息公开条例》第三十五条"
            f"确定延迟答复的合理期限，答复期限为{format_date_cn(due)}"
        )
    else:
        lines.append(final)

    return DeadlineResult(
        received=received,
        period_start=start,
        due=due,
        working_days=total,
        extension_days=extension_days,
        used=used,
        left=left,
        excluded_working_days=excluded_days,
        stopped=False,
        provisional=bool(years),
        provisional_years=years,
        explanation=tuple(lines),
    )


def _days(after: date, until: date) -> list[date]:
    """after 之后（不含）至 until（含）的每一天。"""
    result: list[date] = []
    d = after + _ONE_DAY
    while d <= until:
        result.append(d)
        d += _ONE_DAY
    return result
