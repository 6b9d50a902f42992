""" "My queue": what waits for the user. Each capability adds its own source here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueSection:
    title: str
    items: list[Any]
    empty_text: str


def queue_for(user: Any) -> list[QueueSection]:
    """The sections of the user's queue, in the order they should be handled."""
    return [
        QueueSection(
            title="待审核的主动公开信息",
            items=[],
            empty_text="部门信息员提交的信息进入源头审查、保密审查和发布审查后，会出现在对应审核人的这里。",
        ),
        QueueSection(
            title="待办理的政府信息公开申请",
            items=[],
            empty_text="分配给您的依申请公开件会按答复期限排列在这里，临近期限和已超期的件会标红。",
        ),
        QueueSection(
            title="工作要点任务",
            items=[],
            empty_text="年度政务公开工作要点分解给本单位的任务和需要报送的进展会出现在这里。",
        ),
    ]
