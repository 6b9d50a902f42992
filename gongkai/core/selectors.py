"""Reads of audit events and notifications."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.core.models import AuditEvent, Notification


def audit_events_for(obj: models.Model, *, limit: int = 50) -> list[AuditEvent]:
    """The newest events about ``obj``: the history panel of its staff page.

    Callers have already checked that the user may see ``obj`` itself.
    """
    ct = ContentType.objects.get_for_model(obj)
    return list(
        AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def notifications_for(
    user: Any, *, unread_only: bool = False
) -> models.QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
