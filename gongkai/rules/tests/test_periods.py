from __future__ import annotations

from datetime import date

import pytest

from gongkai.rules.periods import PERIOD_RULES, Period, period_due
from gongkai.rules.workdays import WorkCalendar


def test_every_period_has_a_rule() -> None:
    assert set(PERIOD_RULES) == set(Period)
    days = {p: r.working_days for p, r in PERIOD_RULES.items()}
    assert days == {
        Period.APPLICATION_REPLY: 20,
        Period.CORRECTION_NOTICE: 7,
        Period.THIRD_PARTY_OPINION: 15,
        Period.PROACTIVE_DISCLOSURE: 20,
        Period.ENFORCEMENT_DECISION: 7,
        Period.FEE_PAYMENT: 20,
        Period.MESSAGE_REPLY: 5,
    }
    assert "第三十三条" in PERIOD_RULES[Period.APPLICATION_REPLY].basis
    assert "第三十条" in PERIOD_RULES[Period.CORRECTION_NOTICE].basis
    assert "第三十二条" in PERIOD_RULES[Period.THIRD_PARTY_OPINION].basis
    assert "第二十六条" in PERIOD_RULES[Period.PROACTIVE_DISCLOSURE].basis
    assert "118号" in PERIOD_RULES[Period.ENFORCEMENT_DECISION].basis
    assert "109号" in PERIOD_RULES[Period.FEE_PAYMENT].basis
    assert all(rule.period is p for p, rule in PERIOD_RULES.items())


@pytest.mark.parametrize(
    ("period", "start", "due"),
    [
        (Period.CORRECTION_NOTICE, date(2026, 2, 13), date(2026, 3, 2)),
        (Period.APPLICATION_REPLY, date(2026, 9, 30), date(2026, 11, 3)),
        (Period.PROACTIVE_DISCLOSURE, date(2026, 9, 30), date(2026, 11, 3)),
        (Period.THIRD_PARTY_OPINION, date(2026, 9, 30), date(2026, 10, 27)),
        (Period.ENFORCEMENT_DECISION, date(2026, 9, 30), date(2026, 10, 15)),
        (Period.FEE_PAYMENT, date(2026, 2, 13), date(2026, 3, 19)),
        (Period.MESSAGE_REPLY, date(2026, 9, 30), date(2026, 10, 13)),
    ],
)
def test_period_due(cal: WorkCalendar, period: Period, start: date, due: date) -> None:
    assert period_due(period, start, cal) == (due, False)


def test_message_reply_is_configurable(cal: WorkCalendar) -> None:
    assert period_due(Period.MESSAGE_REPLY, date(2026, 9, 30), cal, working_days=3) == (
        date(2026, 10, 10),  # 周六调休上班
        False,
    )
    with pytest.raises(ValueError, match="正整数"):
        period_due(Period.MESSAGE_REPLY, date(2026, 9, 30), cal, working_days=0)


def test_period_into_unloaded_year_is_provisional(cal: WorkCalendar) -> None:
    due, provisional = period_due(Period.APPLICATION_REPLY, date(2026, 12, 15), cal)
    assert (due, provisional) == (date(2027, 1, 13), True)
    assert period_due(Period.CORRECTION_NOTICE, date(2026, 12, 15), cal) == (
        date(2026, 12, 24),
        False,
    )
