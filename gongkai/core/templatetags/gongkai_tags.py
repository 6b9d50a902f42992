from __future__ import annotations

import datetime as dt

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from gongkai.core.audit import verb_label as _verb_label

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


@register.filter
def verb_label(verb: str) -> str:
    """The Chinese name of an audit verb."""
    return _verb_label(verb)


@register.filter
def field_changes(event: object) -> list[tuple[str, object, object]]:
    """(field, before, after) rows of an audit event, for the history panel."""
    before = getattr(event, "before", {}) or {}
    after = getattr(event, "after", {}) or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    content_type = getattr(event, "content_type", None)
    model = content_type.model_class() if content_type is not None else None

    def label(name: str) -> str:
        if model is None:
            return name
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            return name

    return [(label(k), before.get(k, ""), after.get(k, "")) for k in keys]
