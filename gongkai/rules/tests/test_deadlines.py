from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.deadlines import (
    MAX_EXTENSION,
    ClockEvent,
    ClockEventKind,
    DeadlineRuleError,
    compute_deadline,
)
from gongkai.rules.tests.conftest import official_calendar
from gongkai.rules.workdays import WorkCalendar

K = ClockEventKind
D = date.fromisoformat

# legal.md §6 测试向量：收到申请日、+20、+40
VECTORS = [
    ("2025-09-26", "2025-10-30", "2025-11-27"),
    ("2025-12-31", "2026-01-29", "2026-03-04"),
    ("2026-01-30", "2026-03-05", "2026-04-02"),
    ("2026-02-13", "2026-03-19", "2026-04-17"),
    ("2026-04-30", "2026-06-01", "2026-06-30"),
    ("2026-09-18", "2026-10-22", "2026-11-19"),
    ("2026-09-30", "2026-11-03", "2026-12-01"),
    ("2026-10-09", "2026-11-05", "2026-12-03"),
]


@pytest.mark.parametrize(("received", "due20", "due40"), VECTORS)
def test_statutory_vectors(
    cal: WorkCalendar, received: str, due20: str, due40: str
) -> None:
    r = compute_deadline(received=D(received), calendar=cal, today=D(received))
    assert r.due == D(due20)
    assert (r.working_days, r.used, r.left) == (20, 0, 20)
    assert not r.provisional and not r.stopped
    assert r.period_start == D(received)
    extended = compute_deadline(
        received=D(received),
        calendar=cal,
        events=[ClockEvent(K.EXTENDED, D(received), working_days=20)],
        today=D(received),
    )
    assert extended.due == D(due40)
    assert (extended.working_days, extended.extension_days) == (40, 20)
    forty = compute_deadline(received=D(received), calendar=cal, period=40)
    assert forty.due == D(due40)


def test_correction_notice_vector(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D("2026-02-13"), 7) == D("2026-03-02")


def test_explanation_style(cal: WorkCalendar) -> None:
    r = compute_deadline(received=D("2026-09-30"), calendar=cal, today=D("2026-10-15"))
    assert r.explanation == (
        "2026年9月30日收到申请，自次日起算；",
        "10月1日至7日国庆节假期不计；",
        "10月10日（周六）调休上班，计入；",
        "第20个工作日为2026年11月3日",
    )
    # 10月8日、9日、10日（调休）、12日至15日
    assert (r.used, r.left) == (7, 13)


def test_to_json(cal: WorkCalendar) -> None:
    r = compute_deadline(received=D("2026-09-30"), calendar=cal, today=D("2026-09-30"))
    data = r.to_json()
    assert data["received"] == "2026-09-30"
    assert data["due"] == "2026-11-03"
    assert data["working_days"] == 20
    assert data["excluded_working_days"] == 0
    assert data["provisional"] is False
    assert data["provisional_years"] == []
    assert data["explanation"] == list(r.explanation)


def test_correction_stops_the_clock(cal: WorkCalendar) -> None:
    r = compute_deadline(
        received=D("2026-02-13"),
        calendar=cal,
        events=[ClockEvent(K.CORRECTION_REQUESTED, D("2026-02-27"))],
        today=D("2026-03-10"),
    )
    assert r.stopped
    assert r.due is None
    assert r.period_start == D("2026-02-13")
    assert r.to_json()["due"] is None
    assert "补正" in r.explanation[-1]


def test_restart_after_correction(cal: WorkCalendar) -> None:
    events = [
        ClockEvent(K.EXTENDED, D("2026-02-24"), working_days=5),
        ClockEvent(K.CONSULTATION_STARTED, D("2026-02-24")),
        ClockEvent(K.CONSULTATION_ENDED, D("2026-02-25")),
        ClockEvent(K.CORRECTION_REQUESTED, D("2026-02-26")),
        ClockEvent(K.CORRECTION_RECEIVED, D("2026-03-10")),
    ]
    r = compute_deadline(
        received=D("2026-02-13"), calendar=cal, events=events, today=D("2026-03-10")
    )
    assert not r.stopped
    assert r.period_start == D("2026-03-10")
    assert r.due == cal.add_working_days(D("2026-03-10"), 20) == D("2026-04-08")
    assert (r.extension_days, r.excluded_working_days) == (0, 0)
    assert any("重新计算" in line and "不再适用" in line for line in r.explanation)


def test_late_correction_notice_is_flagged(cal: WorkCalendar) -> None:
    events = [
        ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-03")),
        ClockEvent(K.CORRECTION_RECEIVED, D("2026-03-05")),
    ]
    r = compute_deadline(received=D("2026-02-13"), calendar=cal, events=events)
    assert any("超过第三十条" in line for line in r.explanation)


def test_consultation_spanning_national_day_and_adjusted_workday(
    cal: WorkCalendar,
) -> None:
    events = [
        ClockEvent(K.CONSULTATION_STARTED, D("2026-09-28")),
        ClockEvent(K.CONSULTATION_ENDED, D("2026-10-16")),
    ]
    r = compute_deadline(
        received=D("2026-09-25"), calendar=cal, events=events, today=D("2026-11-02")
    )
    # 不计：9月29日、30日，10月8日、9日、10日（周六调休），12日至16日
    assert r.excluded_working_days == 10
    base = cal.add_working_days(D("2026-09-25"), 20)
    assert base == D("2026-10-29")
    assert r.due == cal.add_working_days(base, 10) == D("2026-11-12")
    assert any("征求意见，其间10个工作日不计" in line for line in r.explanation)


def test_fee_notice_to_payment_is_excluded(cal: WorkCalendar) -> None:
    events = [
        ClockEvent(K.FEE_NOTICE_SENT, D("2026-03-02")),
        ClockEvent(K.FEE_PAID, D("2026-03-06")),
    ]
    r = compute_deadline(received=D("2026-02-13"), calendar=cal, events=events)
    assert r.excluded_working_days == 4  # 3月3日至6日
    assert r.due == cal.add_working_days(D("2026-03-19"), 4) == D("2026-03-25")
    assert any("收费通知" in line and "109号" in line for line in r.explanation)


def test_overlapping_exclusions_are_not_double_counted(cal: WorkCalendar) -> None:
    events = [
        ClockEvent(K.CONSULTATION_STARTED, D("2026-11-02")),
        ClockEvent(K.FEE_NOTICE_SENT, D("2026-11-04")),
        ClockEvent(K.CONSULTATION_STARTED, D("2026-11-05")),
        ClockEvent(K.CONSULTATION_ENDED, D("2026-11-09")),
        ClockEvent(K.FEE_PAID, D("2026-11-11")),
        ClockEvent(K.CONSULTATION_ENDED, D("2026-11-13")),
    ]
    r = compute_deadline(received=D("2026-10-30"), calendar=cal, events=events)
    # 合并后不计 11月3日至13日：9个工作日
    assert r.excluded_working_days == 9
    assert r.due == cal.add_working_days(D("2026-11-27"), 9)
    assert any("重叠部分只计一次" in line for line in r.explanation)


def test_open_interval_pushes_by_elapsed_days(cal: WorkCalendar) -> None:
    events = [ClockEvent(K.CONSULTATION_STARTED, D("2026-11-02"))]
    r = compute_deadline(
        received=D("2026-10-30"), calendar=cal, events=events, today=D("2026-11-06")
    )
    assert r.excluded_working_days == 4  # 11月3日至6日
    assert r.due == cal.add_working_days(D("2026-11-27"), 4)
    assert any("尚未结束" in line for line in r.explanation)
    assert (r.used, r.left) == (1, 19)


def test_extensions_up_to_twenty(cal: WorkCalendar) -> None:
    ok = compute_deadline(
        received=D("2026-03-02"),
        calendar=cal,
        events=[
            ClockEvent(K.EXTENDED, D("2026-03-20"), working_days=10),
            ClockEvent(K.EXTENDED, D("2026-03-25"), working_days=10),
        ],
    )
    assert ok.extension_days == MAX_EXTENSION
    assert ok.working_days == 40


def test_extension_of_21_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(DeadlineRuleError) as info:
        compute_deadline(
            received=D("2026-03-02"),
            calendar=cal,
            events=[ClockEvent(K.EXTENDED, D("2026-03-20"), working_days=21)],
        )
    assert str(info.value) == (
        "延长答复期限累计不得超过20个工作日（《政府信息公开条例》第三十三条第二款），"
        "本次最多还可延长20个工作日。"
    )


def test_extension_10_plus_11_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="本次最多还可延长10个工作日"):
        compute_deadline(
            received=D("2026-03-02"),
            calendar=cal,
            events=[
                ClockEvent(K.EXTENDED, D("2026-03-20"), working_days=10),
                ClockEvent(K.EXTENDED, D("2026-03-25"), working_days=11),
            ],
        )


def test_extension_after_twenty_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="不能再延长"):
        compute_deadline(
            received=D("2026-03-02"),
            calendar=cal,
            events=[
                ClockEvent(K.EXTENDED, D("2026-03-20"), working_days=20),
                ClockEvent(K.EXTENDED, D("2026-03-25"), working_days=1),
            ],
        )


def test_delayed_reply_replaces_due(cal: WorkCalendar) -> None:
    events = [ClockEvent(K.DELAYED_REPLY, D("2026-03-10"), until=D("2026-05-29"))]
    r = compute_deadline(
        received=D("2026-03-02"), calendar=cal, events=events, today=D("2026-05-01")
    )
    assert r.due == D("2026-05-29")
    assert "第三十五条" in r.explanation[-1]
    assert r.explanation[-1].endswith("2026年5月29日")


def test_year_boundary_is_provisional(cal: WorkCalendar) -> None:
    r = compute_deadline(received=D("2026-12-15"), calendar=cal)
    assert r.due == D("2027-01-13")
    assert r.provisional
    assert r.provisional_years == (2027,)
    assert any(
        "2027年节假日安排尚未公布" in line and "估算" in line for line in r.explanation
    )
    assert "2027年1月1日元旦假期（估算）不计；" in r.explanation


def test_spring_festival_2027_estimate(cal: WorkCalendar) -> None:
    r = compute_deadline(received=D("2027-01-25"), calendar=cal, today=D("2027-01-25"))
    # 估算假日：2月5日（除夕，周五）至8日（正月初三，周一）；不估算调休。
    assert r.due == D("2027-02-24")
    assert "2月5日至8日春节假期（估算）不计；" in r.explanation
    assert r.provisional_years == (2027,)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ClockEvent(K.CONSULTATION_ENDED, D("2026-03-05"))], "之前没有“开始征求意见”"),
        ([ClockEvent(K.FEE_PAID, D("2026-03-05"))], "之前没有“发出收费通知”"),
        (
            [ClockEvent(K.CORRECTION_RECEIVED, D("2026-03-05"))],
            "“收到补正申请”（2026年3月5日）之前没有“告知补正”",
        ),
        (
            [ClockEvent(K.EXTENDED, D("2026-02-27"), working_days=5)],
            "“延长答复期限”（2026年2月27日）早于收到申请之日2026年3月2日",
        ),
        (
            [
                ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-03")),
                ClockEvent(K.CONSULTATION_STARTED, D("2026-03-04")),
            ],
            "等待申请人补正期间",
        ),
        (
            [
                ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-03")),
                ClockEvent(K.CORRECTION_RECEIVED, D("2026-03-04")),
                ClockEvent(K.CORRECTION_REQUESTED, D("2026-03-05")),
            ],
            "一次性告知",
        ),
        (
            [
                ClockEvent(K.FEE_NOTICE_SENT, D("2026-03-03")),
                ClockEvent(K.FEE_NOTICE_SENT, D("2026-03-04")),
            ],
            "尚未缴费",
        ),
        ([ClockEvent(K.EXTENDED, D("2026-03-05"))], "未填写延长的工作日数"),
        ([ClockEvent(K.DELAYED_REPLY, D("2026-03-05"))], "未填写延迟答复的期限"),
        (
            [ClockEvent(K.FEE_PAID, D("2026-03-05"), working_days=3)],
            "不能填写工作日数",
        ),
    ],
)
def test_inconsistent_events_are_refused(
    cal: WorkCalendar, events: list[ClockEvent], message: str
) -> None:
    with pytest.raises(DeadlineRuleError, match=message):
        compute_deadline(received=D("2026-03-02"), calendar=cal, events=events)


def test_events_are_sorted_by_date(cal: WorkCalendar) -> None:
    events = [
        ClockEvent(K.CONSULTATION_ENDED, D("2026-11-09")),
        ClockEvent(K.CONSULTATION_STARTED, D("2026-11-02")),
    ]
    r = compute_deadline(received=D("2026-10-30"), calendar=cal, events=events)
    assert r.excluded_working_days == 5


def test_invalid_period(cal: WorkCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="正整数"):
        compute_deadline(received=D("2026-03-02"), calendar=cal, period=0)


# ---- 性质测试 ----

CAL = official_calendar()
receipts = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=150, deadline=None)
@given(received=receipts, period=st.integers(min_value=1, max_value=40))
def test_due_is_a_working_day(received: date, period: int) -> None:
    r = compute_deadline(received=received, calendar=CAL, period=period, today=received)
    assert r.due is not None
    assert CAL.is_workday(r.due)
    assert CAL.working_days_in(received, r.due) == period


@settings(max_examples=150, deadline=None)
@given(
    received=receipts,
    gap=st.integers(min_value=0, max_value=60),
    period=st.sampled_from([7, 15, 20, 40]),
)
def test_later_receipt_never_earlier_due(received: date, gap: int, period: int) -> None:
    later = received + timedelta(days=gap)
    a = compute_deadline(received=received, calendar=CAL, period=period)
    b = compute_deadline(received=later, calendar=CAL, period=period)
    assert a.due is not None and b.due is not None
    assert b.due >= a.due


@settings(max_examples=150, deadline=None)
@given(
    received=receipts,
    start_offset=st.integers(min_value=0, max_value=40),
    length=st.integers(min_value=0, max_value=30),
    kind=st.sampled_from([K.CONSULTATION_STARTED, K.FEE_NOTICE_SENT]),
    closed=st.booleans(),
)
def test_exclusion_never_makes_due_earlier(
    received: date, start_offset: int, length: int, kind: ClockEventKind, closed: bool
) -> None:
    start = received + timedelta(days=start_offset)
    end_kind = K.CONSULTATION_ENDED if kind is K.CONSULTATION_STARTED else K.FEE_PAID
    events = [ClockEvent(kind, start)]
    if closed:
        events.append(ClockEvent(end_kind, start + timedelta(days=length)))
    today = start + timedelta(days=length)
    base = compute_deadline(received=received, calendar=CAL, today=today)
    pushed = compute_deadline(
        received=received, calendar=CAL, events=events, today=today
    )
    assert base.due is not None and pushed.due is not None
    assert pushed.due >= base.due
    assert CAL.is_workday(pushed.due)
    assert (
        CAL.working_days_in(received, pushed.due) == 20 + pushed.excluded_working_days
    )


@settings(max_examples=150, deadline=None)
@given(received=receipts, period=st.integers(min_value=1, max_value=40))
def test_provisional_exactly_when_unloaded_year_touched(
    received: date, period: int
) -> None:
    r = compute_deadline(received=received, calendar=CAL, period=period)
    assert r.due is not None
    touched = {
        (received + timedelta(days=i)).year
        for i in range(1, (r.due - received).days + 1)
    } - set(CAL.loaded_years)
    assert r.provisional == bool(touched)
    assert set(r.provisional_years) == touched


def test_merged_national_day_and_mid_autumn_2025(cal: WorkCalendar) -> None:
    r = compute_deadline(received=D("2025-09-26"), calendar=cal)
    assert r.explanation == (
        "2025年9月26日收到申请，自次日起算；",
        "9月28日（周日）调休上班，计入；",
        "10月1日至8日国庆节、中秋节假期不计；",
        "10月11日（周六）调休上班，计入；",
        "第20个工作日为2025年10月30日",
    )
