"""Template helpers of the public pages."""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


@functools.lru_cache(maxsize=128)
def _reversed(name: str, fallback: str | None, prefix: str, urlconf: str) -> str:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        if fallback is None:
            raise
        return fallback


def _reverse_or(name: str, fallback: str | None = None) -> str:
    """``reverse(name)`` of an address without arguments, once per process (for
    each script prefix and URL configuration): a page's header and footer have 17
    of them, and each costs ~25 µs."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, fallback, get_script_prefix(), urlconf)


@register.simple_tag
def portal_url(name: str) -> str:
    """``{% url name %}`` for the fixed addresses of the header and footer."""
    return _reverse_or(name)


@register.simple_tag
def search_url() -> str:
    """The search page (another app; its fixed address until it is installed)."""
    return _reverse_or("search:results", "/search/")


@register.simple_tag
def apply_url() -> str:
    """The online application form for 依申请公开 (the disclosures app)."""
    return _reverse_or("disclosures_public:apply", "/yisqgk/")


def _esc(value: object) -> str:
    """``conditional_escape`` without its lazy-string wrapper and its SafeString:
    these two tags escape some 250 values a search page."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@register.simple_tag
def search_hits(hits: Iterable[Any]) -> SafeString:
    """The ``<li>`` entries of the search page's result list (``search.Hit``:
    ``title_html`` and ``snippet`` are already escaped HTML). Written here rather
    than as a template loop for the reason ``facet_links`` is."""
    parts = []
    esc = _esc
    for hit in hits:
        badge = ""
        if hit.exact:
            which = "文号" if hit.doc_number else "索引号"
            badge = f' <span class="badge">{which}一致</span>'
        snippet = f'<p class="search-snippet">{hit.snippet}</p>' if hit.snippet else ""
        meta = [
            f"<span>{esc(value)}</span>"
            for value in (
                hit.publisher,
                hit.doc_number,
                hit.published_at.isoformat() if hit.published_at else "",
            )
            if value
        ]
        exact = ' class="exact"' if hit.exact else ""
        parts.append(
            f"<li{exact}>"
            f'<h3><a href="{esc(hit.url)}">{hit.title_html}</a>{badge}</h3>'
            f'{snippet}<p class="search-meta">{"".join(meta)}'
            f"<span>索引号：{esc(hit.index_number)}</span></p></li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - the values are escaped above


@register.simple_tag
def facet_links(items: Iterable[Any]) -> SafeString:
    """The ``<li>`` links of one facet group of the search page (``label``, ``url``,
    ``active``, ``count``). Written here rather than as a template loop: a search
    page has some 50 of them, and the loop cost ~1 ms a page, a sixth of the
    page's time at 100,000 documents (bench/README.md, "portal")."""
    grouped = settings.USE_THOUSAND_SEPARATOR
    parts = []
    for item in items:
        active = ' aria-current="true" class="active"' if item.active else ""
        count = ""
        if item.count is not None:
            number = localize(item.count) if grouped else str(item.count)
            count = f' <span class="count">({_esc(number)})</span>'
        chosen = (
            '<span class="visually-hidden">（已选，点击取消）</span>'
            if item.active
            else ""
        )
        parts.append(
            f'<li><a href="{_esc(item.url)}"{active}>'
            f"{_esc(item.label)}{count}{chosen}</a></li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
