"""Workbench notifications: sending, reading, and who may read which."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from gongkai.core import selectors, services
from gongkai.core.exceptions import NotFound
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_user(username: str) -> Any:
    return get_user_model().objects.create_user(
        username=username, password="Ceshi-mima-2024"
    )


def test_send_stores_and_audits() -> None:
    recipient = make_user("jyj_xxy")
    note = services.notification_send(
        actor=None,
        recipient=recipient,
        title="答复期限变更" * 50,
        body="因节假日调整，答复期限顺延。",
        link="/workbench/",
    )
    assert len(note.title) == 200
    assert note.read_at is None
    event = AuditEvent.objects.get(verb="core.notification.sent")
    assert event.after["recipient"] == "jyj_xxy"
    assert event.object_id == str(note.pk)
    assert selectors.notification_unread_count(recipient) == 1
    assert list(selectors.notifications_for(recipient, unread_only=True)) == [note]


def test_mark_read_is_for_the_recipient_only_and_audited_once() -> None:
    recipient, other = make_user("jyj_xxy"), make_user("czj_xxy")
    note = services.notification_send(actor=None, recipient=recipient, title="提醒")
    with pytest.raises(NotFound, match="找不到该通知"):
        services.notification_mark_read(actor=other, notification_id=note.pk)
    with pytest.raises(NotFound):
        services.notification_mark_read(actor=recipient, notification_id=999_999)

    read = services.notification_mark_read(actor=recipient, notification_id=note.pk)
    assert read.read_at is not None
    services.notification_mark_read(actor=recipient, notification_id=note.pk)
    assert AuditEvent.objects.filter(verb="core.notification.read").count() == 1
    assert selectors.notification_unread_count(recipient) == 0
    assert list(selectors.notifications_for(recipient)) == [read]
    assert list(selectors.notifications_for(recipient, unread_only=True)) == []


def test_anonymous_users_have_no_notifications() -> None:
    assert selectors.notification_unread_count(AnonymousUser()) == 0
