"""Writing audit events. Every service calls :func:`audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.core.models import AuditEvent


class _HasUnit(Protocol):
    pk: Any
    name: str


# Chinese names of audit verbs, registered by each app in its AppConfig.ready().
VERB_LABELS: dict[str, str] = {}


def register_verbs(labels: dict[str, str]) -> None:
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-ready values of ``fields`` of ``obj``, for before/after records."""
    return {name: _json_value(getattr(obj, name)) for name in fields}


def changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    unit: _HasUnit | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event. ``verb`` is dotted: ``organizations.unit.created``."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = ""
    if actor_obj is not None:
        actor_name = getattr(actor_obj, "display_name", "") or actor_obj.get_username()
    elif isinstance(actor, str):
        actor_name = actor
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=actor_name or "系统",
        unit_id=unit.pk if unit is not None else None,
        unit_name=unit.name if unit is not None else "",
        content_type=ContentType.objects.get_for_model(obj)
        if obj is not None
        else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        verb=verb,
        before=_json_value(before or {}),
        after=_json_value(after or {}),
        reason=reason,
    )
