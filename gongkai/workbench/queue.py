""" "My queue": what waits for the user. Each capability adds its own section here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from gongkai.disclosures import selectors as disclosures
from gongkai.publications import selectors as publications


@dataclass(frozen=True)
class QueueItem:
    title: str
    url: str
    note: str


@dataclass(frozen=True)
class QueueSection:
    title: str
    items: list[QueueItem]
    empty_text: str


def _revision_item(revision: Any, note: str) -> QueueItem:
    return QueueItem(
        title=revision.title,
        url=reverse("publications:detail", args=[revision.record_id]),
        note=note,
    )


def queue_for(user: Any) -> list[QueueSection]:
    """The sections of the user's queue, in the order they should be handled."""
    review = [
        _revision_item(r, f"{r.record.unit.name} · {r.get_state_display()}")
        for r in publications.review_queue(user)
    ]
    returned = [
        _revision_item(r, f"退回理由：{r.returned_reason}")
        for r in publications.my_returned(user)[:50]
    ]
    overdue = [
        _revision_item(r, f"应于{r.due_on:%Y年%m月%d日}前公开，已超期")
        for r in publications.revisions_overdue(user)[:50]
    ]
    return [
        QueueSection(
            title="待审核的主动公开信息",
            items=review,
            empty_text="部门信息员提交的信息进入源头审查、保密审查和发布审查后，会出现在对应审核人的这里。",
        ),
        QueueSection(
            title="退回给我修改的信息",
            items=returned,
            empty_text="审核人退回的草稿会带着退回理由出现在这里。",
        ),
        QueueSection(
            title="超过法定公开期限的信息",
            items=overdue,
            empty_text="形成或变更之日起20个工作日（行政许可、行政处罚决定7个工作日）内未公开的信息会出现在这里。",
        ),
        QueueSection(
            title="待办理的政府信息公开申请",
            items=[
                QueueItem(title=title, url=url, note=note)
                for title, url, note in disclosures.queue_items(user)
            ],
            empty_text="分配给您的依申请公开件会按答复期限排列在这里，临近期限和已超期的件会标红。",
        ),
    ]
