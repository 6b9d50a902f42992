"""Services of core: notifications. Every service writes an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.exceptions import NotFound
from gongkai.core.models import Notification


@transaction.atomic
def notification_send(
    *, actor: Any, recipient: Any, title: str, body: str = "", link: str = ""
) -> Notification:
    """Send a workbench notification to one staff member (reminders, changed dates)."""
    note = Notification.objects.create(
        recipient=recipient, title=title[:200], body=body, link=link[:500]
    )
    audit_record(
        actor=actor,
        verb="core.notification.sent",
        obj=note,
        after={"recipient": recipient.get_username(), "title": note.title},
    )
    return note


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_id: int) -> Notification:
    """Mark one of the actor's own notifications as read."""
    try:
        note = Notification.objects.select_for_update().get(
            pk=notification_id, recipient=actor
        )
    except Notification.DoesNotExist:
        raise NotFound("找不到该通知。") from None
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
        audit_record(actor=actor, verb="core.notification.read", obj=note)
    return note
