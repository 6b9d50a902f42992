"""Audit events: what audit_record writes, and the before/after helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from gongkai.core.audit import audit_record, changed, snapshot
from gongkai.core.models import AuditEvent, Notification
from gongkai.core.selectors import audit_events_for


@dataclass
class FakeUnit:
    pk: int
    name: str


@pytest.fixture
def user() -> Any:
    return get_user_model().objects.create_user(
        username="gkjg", password="Ceshi-mima-2024", full_name="李晓红"
    )


@pytest.mark.django_db
def test_audit_record_names_actor_object_and_unit(user: Any) -> None:
    note = Notification.objects.create(recipient=user, title="提醒")
    event = audit_record(
        actor=user,
        verb="core.notification.sent",
        obj=note,
        unit=FakeUnit(pk=7, name="示例市教育局"),
        before={"title": ""},
        after={"title": "提醒", "when": dt.date(2025, 3, 1), "fee": Decimal("1.50")},
        reason="测试",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == user
    assert stored.actor_name == "李晓红"
    assert stored.content_type == ContentType.objects.get_for_model(Notification)
    assert stored.object_id == str(note.pk)
    assert stored.object_repr == "提醒"
    assert (stored.unit_id, stored.unit_name) == (7, "示例市教育局")
    assert stored.after == {"title": "提醒", "when": "2025-03-01", "fee": "1.50"}
    assert stored.reason == "测试"
    assert audit_events_for(note) == [stored]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "name"), [(None, "系统"), ("定时任务", "定时任务"), ("", "系统")]
)
def test_audit_record_without_a_user(actor: str | None, name: str) -> None:
    event = audit_record(actor=actor, verb="core.test.done")
    assert event.actor is None
    assert event.actor_name == name
    assert (event.content_type, event.object_id, event.unit_id) == (None, "", None)


@pytest.mark.django_db
def test_audit_events_for_lists_the_newest_first(user: Any) -> None:
    note = Notification.objects.create(recipient=user, title="提醒")
    other = Notification.objects.create(recipient=user, title="另一条")
    first = audit_record(actor=user, verb="core.test.first", obj=note)
    audit_record(actor=user, verb="core.test.other", obj=other)
    second = audit_record(actor=user, verb="core.test.second", obj=note)
    assert audit_events_for(note) == [second, first]
    assert audit_events_for(note, limit=1) == [second]


@pytest.mark.django_db
def test_snapshot_is_json_ready(user: Any) -> None:
    note = Notification(
        recipient=user,
        title="提醒",
        created_at=dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC),
    )
    assert snapshot(note, ["title", "recipient", "created_at", "read_at"]) == {
        "title": "提醒",
        "recipient": "李晓红",
        "created_at": "2025-03-01T08:30:00+00:00",
        "read_at": None,
    }


def test_changed_keeps_only_differences() -> None:
    before = {"name": "甲", "phones": ["1"], "code": ""}
    after = {"name": "乙", "phones": ["1"], "code": "X"}
    assert changed(before, after) == (
        {"name": "甲", "code": ""},
        {"name": "乙", "code": "X"},
    )
    assert changed(after, after) == ({}, {})
