"""The life of an application (依申请公开), as one transition table.

条例第四十五条 requires the work to be organised as 登记、审核、办理、答复、归档. An
application is registered (登记: received, waiting for the office to confirm the day
of receipt), reviewed by the disclosure office (审核: clear? ours? duplicate?),
assigned to the department holding the information (办理), answered (答复) and
archived (归档). On the way it may wait for the applicant's correction (待补正),
for third parties or co-producing agencies (征求意见中) or for a fee (待缴费); it may
be referred to the responsible agency (已转办/不属于本机关), closed because the
applicant did not correct it or did not pay (已终止), or merged into an earlier
registration of the same application (重复登记).

``action`` is the permission the transition needs. ``APPLICATION_HANDLE`` is checked
through the assigned department (or the disclosure office of the unit applied to);
every other action through the unit applied to (``permissions.allowed``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from gongkai.core.exceptions import InvalidTransition
from gongkai.organizations.roles import Action


class State(models.TextChoices):
    REGISTERED = "registered", "登记"
    REVIEW = "review", "审核"
    CORRECTION = "correction", "待补正"
    HANDLING = "handling", "办理"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REPLIED = "replied", "答复"
    REFERRED = "referred", "已转办/不属于本机关"
    CLOSED = "closed", "已终止"
    DUPLICATE = "duplicate", "重复登记"
    ARCHIVED = "archived", "归档"


# What the applicant reads on the tracking page.
PUBLIC_LABELS: dict[str, str] = {
    State.REGISTERED: "已提交，等待工作人员确认收到",
    State.REVIEW: "已收到，正在审核",
    State.CORRECTION: "等待您补正申请",
    State.HANDLING: "正在办理",
    State.CONSULTING: "正在征求第三方或有关机关意见（所需时间不计入答复期限）",
    State.AWAITING_FEE: "等待您缴纳信息处理费（期间不计入答复期限）",
    State.REPLIED: "已答复",
    State.REFERRED: "已告知：不属于本机关负责公开",
    State.CLOSED: "已终止处理",
    State.DUPLICATE: "重复提交，已与先前的申请合并办理",
    State.ARCHIVED: "已办结",
}


class Event(models.TextChoices):
    CONFIRM_RECEIPT = "confirm_receipt", "确认收到申请"
    ASSIGN = "assign", "分办"
    REQUEST_CORRECTION = "request_correction", "告知补正"
    RECEIVE_CORRECTION = "receive_correction", "收到补正"
    EXPIRE_CORRECTION = "expire_correction", "逾期不补正，终止处理"
    START_CONSULTATION = "start_consultation", "征求意见"
    END_CONSULTATION = "end_consultation", "征求意见结束"
    EXTEND = "extend", "延长答复期限"
    DELAY = "delay", "确定延迟答复期限（第三十五条）"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "申请人缴费"
    EXPIRE_FEE = "expire_fee", "逾期未缴费，终止处理"
    REPLY = "reply", "答复"
    REFER = "refer", "告知不属于本机关负责公开"
    MARK_DUPLICATE = "mark_duplicate", "标记为重复登记"
    ARCHIVE = "archive", "归档"


@dataclass(frozen=True)
class Transition:
    source: State
    event: Event
    target: State
    action: str


S, E, A = State, Event, Action

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.REGISTERED, E.CONFIRM_RECEIPT, S.REVIEW, A.APPLICATION_REGISTER),
    Transition(S.REGISTERED, E.MARK_DUPLICATE, S.DUPLICATE, A.APPLICATION_REGISTER),
    Transition(S.REVIEW, E.MARK_DUPLICATE, S.DUPLICATE, A.APPLICATION_REGISTER),
    Transition(S.REVIEW, E.ASSIGN, S.HANDLING, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.ASSIGN, S.HANDLING, A.APPLICATION_REGISTER),
    Transition(S.CONSULTING, E.ASSIGN, S.CONSULTING, A.APPLICATION_REGISTER),
    Transition(S.AWAITING_FEE, E.ASSIGN, S.AWAITING_FEE, A.APPLICATION_REGISTER),
    Transition(S.REVIEW, E.REQUEST_CORRECTION, S.CORRECTION, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.REQUEST_CORRECTION, S.CORRECTION, A.APPLICATION_REGISTER),
    Transition(S.CORRECTION, E.RECEIVE_CORRECTION, S.REVIEW, A.APPLICATION_REGISTER),
    Transition(S.CORRECTION, E.EXPIRE_CORRECTION, S.CLOSED, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.START_CONSULTATION, S.CONSULTING, A.APPLICATION_HANDLE),
    Transition(S.CONSULTING, E.START_CONSULTATION, S.CONSULTING, A.APPLICATION_HANDLE),
    # The last open consultation ends: back to 办理; others still open: stays.
    Transition(S.CONSULTING, E.END_CONSULTATION, S.HANDLING, A.APPLICATION_HANDLE),
    Transition(S.CONSULTING, E.END_CONSULTATION, S.CONSULTING, A.APPLICATION_HANDLE),
    Transition(S.REVIEW, E.EXTEND, S.REVIEW, A.APPLICATION_APPROVE_EXTENSION),
    Transition(S.HANDLING, E.EXTEND, S.HANDLING, A.APPLICATION_APPROVE_EXTENSION),
    Transition(S.CONSULTING, E.EXTEND, S.CONSULTING, A.APPLICATION_APPROVE_EXTENSION),
    Transition(
        S.AWAITING_FEE, E.EXTEND, S.AWAITING_FEE, A.APPLICATION_APPROVE_EXTENSION
    ),
    Transition(S.REVIEW, E.DELAY, S.REVIEW, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.DELAY, S.HANDLING, A.APPLICATION_REGISTER),
    Transition(S.CONSULTING, E.DELAY, S.CONSULTING, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.SEND_FEE_NOTICE, S.AWAITING_FEE, A.APPLICATION_REGISTER),
    Transition(S.AWAITING_FEE, E.RECORD_PAYMENT, S.HANDLING, A.APPLICATION_REGISTER),
    Transition(S.AWAITING_FEE, E.EXPIRE_FEE, S.CLOSED, A.APPLICATION_REGISTER),
    Transition(S.REVIEW, E.REPLY, S.REPLIED, A.APPLICATION_HANDLE),
    Transition(S.HANDLING, E.REPLY, S.REPLIED, A.APPLICATION_HANDLE),
    Transition(S.REVIEW, E.REFER, S.REFERRED, A.APPLICATION_REGISTER),
    Transition(S.HANDLING, E.REFER, S.REFERRED, A.APPLICATION_REGISTER),
    Transition(S.REPLIED, E.ARCHIVE, S.ARCHIVED, A.APPLICATION_REGISTER),
    Transition(S.REFERRED, E.ARCHIVE, S.ARCHIVED, A.APPLICATION_REGISTER),
    Transition(S.CLOSED, E.ARCHIVE, S.ARCHIVED, A.APPLICATION_REGISTER),
    Transition(S.DUPLICATE, E.ARCHIVE, S.ARCHIVED, A.APPLICATION_REGISTER),
)

# Open: the reply clock matters. Waiting: the applicant must act.
OPEN_STATES = frozenset(
    {S.REGISTERED, S.REVIEW, S.CORRECTION, S.HANDLING, S.CONSULTING, S.AWAITING_FEE}
)
CLOCK_RUNNING_STATES = frozenset({S.REVIEW, S.HANDLING, S.CONSULTING})
WAITING_FOR_APPLICANT = frozenset({S.CORRECTION, S.AWAITING_FEE})
CONCLUDED_STATES = frozenset({S.REPLIED, S.REFERRED, S.CLOSED, S.ARCHIVED})


def transition_for(state: str, event: str, target: str | None = None) -> Transition:
    """The transition from ``state`` on ``event`` (to ``target`` when the event has
    several), or ``InvalidTransition`` with a message saying what is possible."""
    found = [
        t
        for t in TRANSITIONS
        if t.source == state
        and t.event == event
        and (target is None or t.target == target)
    ]
    if not found:
        raise InvalidTransition(
            f"申请当前为“{State(state).label}”状态，不能执行“{Event(event).label}”。"
            "页面可能已被他人处理，请刷新后查看最新状态。"
        )
    return found[0]


def events_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


VERB_LABELS: dict[str, str] = {
    "disclosures.application.submitted": "网上提交政府信息公开申请",
    "disclosures.application.registered": "登记政府信息公开申请",
    "disclosures.application.clocks_refreshed": "顺延暂停中的答复期限",
    "disclosures.id_document.downloaded": "下载申请人身份证明",
    "disclosures.correction.requested": "告知补正",
    "disclosures.consultation.started": "开始征求意见",
    "disclosures.consultation.ended": "征求意见结束",
    "disclosures.extension.approved": "同意延长答复期限",
    "disclosures.fee.noticed": "发出收费通知",
    "disclosures.fee.paid": "记录缴费",
    "disclosures.reply.drafted": "保存答复草稿",
    "disclosures.reply.sent": "答复（已定稿）",
    "disclosures.referral.recorded": "告知负责公开的机关",
    "disclosures.review_case.added": "登记行政复议或行政诉讼",
    "disclosures.review_case.updated": "更新行政复议或行政诉讼结果",
    "disclosures.letter_number.allocated": "取文号",
    "disclosures.letter_prefix.set": "设置文号前缀",
    "disclosures.reason.updated": "修改答复理由库",
    "disclosures.feed_token.reset": "重置日历订阅地址",
    "disclosures.reminder.sent": "发送依申请公开期限提醒",
    "disclosures.reminder.email_failed": "依申请公开期限提醒邮件发送失败",
    "disclosures.same_information.converted": "转为主动公开（条例第四十四条）",
    "disclosures.same_information.declined": "不转为主动公开（条例第四十四条）",
    **{f"disclosures.application.{e.value}": e.label for e in Event},
}
