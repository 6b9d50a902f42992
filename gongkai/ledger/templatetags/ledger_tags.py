from __future__ import annotations

from django import template

from gongkai.ledger.states import TaskStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """未开始 / 推进中 / 已完成 / 逾期 / 长期."""
    try:
        return TaskStatus(value).label
    except ValueError:
        return str(value)
