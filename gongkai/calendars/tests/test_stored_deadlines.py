"""Stored clocks: deadline_store, and recomputing them when a year is loaded."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars import selectors, services
from gongkai.calendars.clocks import Clock, register_clock, unregister_clock
from gongkai.calendars.models import StoredDeadline
from gongkai.calendars.tests.conftest import TEST_CLOCK, notice_text
from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent, Notification
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.roles import Role
from tests.factories import OrgTree, staff_with_role

pytestmark = pytest.mark.django_db


def _store(
    owner: Unit,
    *,
    received: date,
    period: int = 20,
    events: list[dict[str, object]] | None = None,
    responsible: Staff | None = None,
    actor: Staff | None = None,
) -> StoredDeadline:
    return services.deadline_store(
        actor=actor,
        clock=TEST_CLOCK,
        obj=owner,
        received=received,
        period=period,
        events=events or [],
        unit=owner,
        responsible=responsible,
    )


def test_store_computes_and_audits_on_the_owner(
    tree: OrgTree, clerk: Staff, test_clock: Clock
) -> None:
    row = _store(tree.education, received=date(2026, 9, 30), actor=clerk)

    assert row.due == date(2026, 11, 3)
    assert not row.provisional
    assert row.provisional_years == []
    assert row.first_provisional_year is None
    assert row.explanation[-1] == "第20个工作日为2026年11月3日"
    event = AuditEvent.objects.get(verb="calendars.deadline.stored")
    assert event.actor == clerk
    assert event.object_id == str(tree.education.pk)
    assert event.unit_id == tree.education.pk
    assert event.after["due"] == "2026-11-03"
    assert selectors.deadline_get(clock=TEST_CLOCK, obj=tree.education) == row


def test_store_again_updates_the_same_clock(
    tree: OrgTree, clerk: Staff, test_clock: Clock
) -> None:
    first = _store(tree.education, received=date(2026, 9, 30))
    second = _store(
        tree.education,
        received=date(2026, 9, 30),
        events=[{"kind": "extended", "date": "2026-10-20", "working_days": 20}],
        actor=clerk,
    )
    assert second.pk == first.pk
    assert second.due == date(2026, 12, 1)
    assert second.events == [
        {"kind": "extended", "date": "2026-10-20", "working_days": 20}
    ]
    assert StoredDeadline.objects.count() == 1
    update = AuditEvent.objects.filter(verb="calendars.deadline.stored").first()
    assert update is not None
    assert update.before["due"] == "2026-11-03"
    assert update.after["due"] == "2026-12-01"


def test_a_date_in_an_unloaded_year_is_stored_as_provisional(
    tree: OrgTree, test_clock: Clock
) -> None:
    row = _store(tree.education, received=date(2026, 12, 15))
    assert row.due == date(2027, 1, 13)
    assert row.provisional
    assert row.provisional_years == [2027]
    assert row.first_provisional_year == 2027
    assert any("2027年节假日安排尚未公布" in line for line in row.explanation)


def test_store_refuses_what_the_law_forbids_and_saves_nothing(
    tree: OrgTree, test_clock: Clock
) -> None:
    too_long = [{"kind": "extended", "date": "2026-10-09", "working_days": 25}]
    with pytest.raises(ValidationError, match="累计不得超过20个工作日"):
        _store(tree.education, received=date(2026, 9, 30), events=too_long)
    with pytest.raises(ValidationError, match="无法识别"):
        _store(
            tree.education,
            received=date(2026, 9, 30),
            events=[{"kind": "holiday", "date": "2026-10-09"}],
        )
    with pytest.raises(ValidationError, match="不是有效日期"):
        _store(
            tree.education,
            received=date(2026, 9, 30),
            events=[{"kind": "fee_paid", "date": "2026-02-30"}],
        )
    assert not StoredDeadline.objects.exists()
    assert not AuditEvent.objects.filter(verb="calendars.deadline.stored").exists()


def test_an_unregistered_clock_is_a_programming_error(tree: OrgTree) -> None:
    with pytest.raises(ValueError, match="尚未登记"):
        services.deadline_store(
            actor=None,
            clock="nobody.registered",
            obj=tree.city,
            received=date(2026, 9, 30),
            period=20,
        )


def test_loading_the_year_recomputes_clears_provisional_and_notifies(
    tree: OrgTree, admin: Staff, clerk: Staff
) -> None:
    mirrored: list[tuple[int, date | None, date | None]] = []

    def mirror(row: StoredDeadline, old_due: date | None) -> None:
        mirrored.append((row.pk, old_due, row.due))

    register_clock(TEST_CLOCK, label="测试答复期限", on_changed=mirror)
    try:
        # 40 working days from 2026-12-31 run through the 2027 Spring Festival.
        moved = _store(
            tree.education, received=date(2026, 12, 31), period=40, responsible=clerk
        )
        same = _store(tree.finance, received=date(2026, 12, 15), responsible=clerk)
        settled = _store(tree.district, received=date(2026, 9, 30), responsible=clerk)
        assert (moved.due, moved.provisional) == (date(2027, 3, 2), True)

        outcome = services.calendar_import_notice(
            actor=admin, text=notice_text(2027), confirm=True
        )
    finally:
        unregister_clock(TEST_CLOCK)

    assert outcome.recompute is not None
    assert outcome.recompute.recomputed == 2
    assert outcome.recompute.changed == 1
    assert outcome.recompute.still_provisional == 0
    moved.refresh_from_db()
    same.refresh_from_db()
    assert (moved.due, moved.provisional, moved.provisional_years) == (
        date(2027, 3, 4),
        False,
        [],
    )
    assert moved.first_provisional_year is None
    assert not any("尚未公布" in line for line in moved.explanation)
    assert (same.due, same.provisional) == (date(2027, 1, 13), False)
    assert StoredDeadline.objects.get(pk=settled.pk).computed_at == settled.computed_at
    assert mirrored == [(moved.pk, date(2027, 3, 2), date(2027, 3, 4))]

    note = Notification.objects.get(recipient=clerk)
    assert "2027年节假日安排" in note.title
    assert "原为2027年3月2日（暂定），现为2027年3月4日" in note.body
    assert tree.education.name in note.body
    summary = AuditEvent.objects.get(verb="calendars.deadlines.recomputed")
    assert summary.after["changed"] == 1
    assert summary.after["recomputed"] == 2


def test_recompute_for_a_loaded_year_without_changes_touches_nothing(
    tree: OrgTree, admin: Staff, clerk: Staff, test_clock: Clock
) -> None:
    _store(tree.education, received=date(2026, 12, 15), responsible=clerk)
    outcome = services.deadlines_recompute_for_year(actor=admin, year=2026)
    assert (outcome.recomputed, outcome.changed, outcome.notified) == (0, 0, 0)
    assert not Notification.objects.exists()
    assert AuditEvent.objects.filter(verb="calendars.deadlines.recomputed").exists()


def test_only_calendar_managers_recompute(tree: OrgTree) -> None:
    editor = staff_with_role(tree.city, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.deadlines_recompute_for_year(actor=editor, year=2027)
