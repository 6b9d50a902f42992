"""The review chain (三审) of a revision, as one transition table.

A revision is one version of a government information record. It is drafted,
passes 源头审查 (attribute and column), 保密审查 (confidentiality and personal data)
and 发布审查 (final approval), and is then published (or scheduled, or registered
without publication when its 公开属性 is not 主动公开). Any reviewer may return it
to the editor with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from gongkai.core.exceptions import InvalidTransition
from gongkai.organizations.roles import Action


class RevisionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SOURCE_REVIEW = "source_review", "待源头审查"
    SECRECY_REVIEW = "secrecy_review", "待保密审查"
    FINAL_REVIEW = "final_review", "待发布审查"
    RETURNED = "returned", "已退回"
    SCHEDULED = "scheduled", "待定时发布"
    PUBLISHED = "published", "已发布"
    REGISTERED = "registered", "已登记（不主动公开）"
    SUPERSEDED = "superseded", "已被新版本替代"
    WITHDRAWN = "withdrawn", "已撤稿"


class Event(models.TextChoices):
    SUBMIT = "submit", "提交审核"
    APPROVE_SOURCE = "approve_source", "源头审查通过"
    APPROVE_SECRECY = "approve_secrecy", "保密审查通过"
    APPROVE_FINAL = "approve_final", "发布审查通过"
    SCHEDULE = "schedule", "定时发布"
    PUBLISH = "publish", "发布"
    REGISTER = "register", "登记（不主动公开）"
    RETURN = "return", "退回修改"
    SUPERSEDE = "supersede", "被新版本替代"
    WITHDRAW = "withdraw", "撤稿"


@dataclass(frozen=True)
class Transition:
    source: RevisionState
    event: Event
    target: RevisionState
    action: str | None  # the permission needed; None: the system does it


S, E = RevisionState, Event

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, E.SUBMIT, S.SOURCE_REVIEW, Action.PUBLICATION_DRAFT),
    Transition(S.RETURNED, E.SUBMIT, S.SOURCE_REVIEW, Action.PUBLICATION_DRAFT),
    Transition(
        S.SOURCE_REVIEW,
        E.APPROVE_SOURCE,
        S.SECRECY_REVIEW,
        Action.PUBLICATION_SOURCE_REVIEW,
    ),
    Transition(S.SOURCE_REVIEW, E.RETURN, S.RETURNED, Action.PUBLICATION_SOURCE_REVIEW),
    Transition(
        S.SECRECY_REVIEW,
        E.APPROVE_SECRECY,
        S.FINAL_REVIEW,
        Action.PUBLICATION_SECRECY_REVIEW,
    ),
    Transition(
        S.SECRECY_REVIEW, E.RETURN, S.RETURNED, Action.PUBLICATION_SECRECY_REVIEW
    ),
    Transition(S.FINAL_REVIEW, E.PUBLISH, S.PUBLISHED, Action.PUBLICATION_FINAL_REVIEW),
    Transition(
        S.FINAL_REVIEW, E.SCHEDULE, S.SCHEDULED, Action.PUBLICATION_FINAL_REVIEW
    ),
    Transition(
        S.FINAL_REVIEW, E.REGISTER, S.REGISTERED, Action.PUBLICATION_FINAL_REVIEW
    ),
    Transition(S.FINAL_REVIEW, E.RETURN, S.RETURNED, Action.PUBLICATION_FINAL_REVIEW),
    Transition(S.SCHEDULED, E.PUBLISH, S.PUBLISHED, None),
    Transition(S.SCHEDULED, E.RETURN, S.RETURNED, Action.PUBLICATION_FINAL_REVIEW),
    Transition(S.PUBLISHED, E.SUPERSEDE, S.SUPERSEDED, None),
    Transition(S.REGISTERED, E.SUPERSEDE, S.SUPERSEDED, None),
    Transition(S.PUBLISHED, E.WITHDRAW, S.WITHDRAWN, Action.PUBLICATION_WITHDRAW),
)

_TABLE = {(t.source, t.event): t for t in TRANSITIONS}

EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
IN_REVIEW_STATES = frozenset(
    {S.SOURCE_REVIEW, S.SECRECY_REVIEW, S.FINAL_REVIEW, S.SCHEDULED}
)
# A record may have at most one revision "open" (being edited or reviewed) at a time.
OPEN_STATES = EDITABLE_STATES | IN_REVIEW_STATES

# The review step each waiting state belongs to, for queues.
REVIEW_STEP_ACTION: dict[str, str] = {
    S.SOURCE_REVIEW: Action.PUBLICATION_SOURCE_REVIEW,
    S.SECRECY_REVIEW: Action.PUBLICATION_SECRECY_REVIEW,
    S.FINAL_REVIEW: Action.PUBLICATION_FINAL_REVIEW,
}


def transition_for(state: str, event: str) -> Transition:
    """The transition from ``state`` on ``event``, or ``InvalidTransition``."""
    found = _TABLE.get((RevisionState(state), Event(event)))
    if found is None:
        raise InvalidTransition(
            f"当前状态为“{RevisionState(state).label}”，不能执行“{Event(event).label}”。"
            "页面可能已被他人处理，请刷新后查看最新状态。"
        )
    return found


def events_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


VERB_LABELS: dict[str, str] = {
    "publications.record.created": "新建政府信息",
    "publications.revision.updated": "修改草稿",
    "publications.revision.created": "新建修订版本",
    "publications.attachment.added": "上传附件",
    "publications.attachment.removed": "删除附件",
    "publications.finding.overridden": "保密审查：确认可以公开",
    "publications.record.validity_changed": "变更有效性",
    "publications.record.interpretation_linked": "关联政策解读",
    "publications.record.interpretation_unlinked": "取消关联政策解读",
    "publications.column.created": "新建栏目",
    "publications.column.updated": "修改栏目",
    "publications.sensitive_word.added": "添加敏感词",
    "publications.sensitive_word.removed": "删除敏感词",
    "publications.repeal.imported": "导入废止目录",
    "publications.record.imported": "导入政府信息",
    **{f"publications.revision.{e.value}": e.label for e in Event},
}
