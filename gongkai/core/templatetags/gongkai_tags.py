from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def date_cn(value: dt.date | dt.datetime | None) -> str:
    """2026年11月22日 (the date as Chinese officials write it)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def datetime_cn(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
