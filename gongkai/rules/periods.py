"""政务公开中的其他法定期限（均以工作日计算，起算日不计入）。"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from gongkai.rules.workdays import WorkCalendar

__all__ = ["PERIOD_RULES", "Period", "PeriodRule", "period_due"]


class Period(StrEnum):
    """期限种类。"""

    APPLICATION_REPLY = "application_reply"
    CORRECTION_NOTICE = "correction_notice"
    THIRD_PARTY_OPINION = "third_party_opinion"
    PROACTIVE_DISCLOSURE = "proactive_disclosure"
    ENFORCEMENT_DECISION = "enforcement_decision"
    FEE_PAYMENT = "fee_payment"
    MESSAGE_REPLY = "message_reply"


@dataclass(frozen=True)
class PeriodRule:
    """一种期限：工作日数、中文名称和依据。"""

    period: Period
    working_days: int
    label: str
    basis: str


_RULES = (
    PeriodRule(
        Period.APPLICATION_REPLY,
        20,
        "依申请公开答复期限",
        "《政府信息公开条例》第三十三条第二款",
    ),
    PeriodRule(
        Period.CORRECTION_NOTICE,
        7,
        "一次性告知补正期限",
        "《政府信息公开条例》第三十条",
    ),
    PeriodRule(
        Period.THIRD_PARTY_OPINION,
        15,
        "第三方或共同制作机关提出意见期限",
        "《政府信息公开条例》第三十二条、第三十四条",
    ),
    PeriodRule(
        Period.PROACTIVE_DISCLOSURE,
        20,
        "主动公开期限（自信息形成或者变更之日起）",
        "《政府信息公开条例》第二十六条",
    ),
    PeriodRule(
        Period.ENFORCEMENT_DECISION,
        7,
        "行政许可、行政处罚执法决定信息公开期限",
        "国办发〔2018〕118号",
    ),
    PeriodRule(
        Period.FEE_PAYMENT,
        20,
        "信息处理费缴纳期限（自收到收费通知次日起）",
        "国办函〔2020〕109号",
    ),
    PeriodRule(
        Period.MESSAGE_REPLY,
        5,
        "留言答复期限（默认5个工作日，各单位可自行设定）",
        "本单位规定",
    ),
)

PERIOD_RULES: Mapping[Period, PeriodRule] = MappingProxyType(
    {rule.period: rule for rule in _RULES}
)


def period_due(
    period: Period,
    start: date,
    calendar: WorkCalendar,
    *,
    working_days: int | None = None,
) -> tuple[date, bool]:
    """返回期限届满日和是否为暂定（用到了尚未公布放假安排的年份）。

    期限为 start 之后的第 N 个工作日，start 当日不计入。N 取 PERIOD_RULES 中的
    法定工作日数：《政府信息公开条例》第三十三条（20）、第三十条（7）、
    第三十二条和第三十四条（15）、第二十六条（20），国办发〔2018〕118号（7），
    国办函〔2020〕109号（20）；留言答复默认5个工作日，由各单位设定，
    可用 working_days 覆盖。
    """
    n = PERIOD_RULES[period].working_days if working_days is None else working_days
    if n < 1:
        raise ValueError(f"期限的工作日数必须为正整数，当前为{n}。")
    due = calendar.add_working_days(start, n)
    return due, bool(calendar.estimated_years_used(start, due))
