"""Template helpers of the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return value


@register.filter
def time_cn(value: dt.date | dt.datetime | None) -> SafeString | str:
    """``<time datetime="2026-11-22">2026年11月22日</time>`` (machine and reader)."""
    if value is None:
        return ""
    day = _local_date(value)
    return format_html(
        '<time datetime="{}">{}年{}月{}日</time>',
        day.isoformat(),
        day.year,
        day.month,
        day.day,
    )


@register.filter
def time_iso(value: dt.date | dt.datetime | None) -> SafeString | str:
    """``<time datetime="2026-11-22">2026-11-22</time>``, for lists."""
    if value is None:
        return ""
    day = _local_date(value).isoformat()
    return format_html('<time datetime="{}">{}</time>', day, day)


def _reverse_or(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag
def search_url() -> str:
    """The search page (another app; its fixed address until it is installed)."""
    return _reverse_or("search:results", "/search/")


@register.simple_tag
def apply_url() -> str:
    """The online application form for 依申请公开 (the disclosures app)."""
    return _reverse_or("disclosures_public:apply", "/yisqgk/")
