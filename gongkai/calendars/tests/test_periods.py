"""Other statutory periods on the same calendar, and the per-unit 留言 period."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars import selectors, services
from gongkai.calendars.models import UnitClockSettings
from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from gongkai.rules.periods import Period
from tests.factories import OrgTree, staff_with_role

pytestmark = pytest.mark.django_db


def test_statutory_periods_have_their_days(tree: OrgTree) -> None:
    days = {p: selectors.period_for_unit(p, tree.education) for p in Period}
    assert days == {
        Period.APPLICATION_REPLY: 20,
        Period.CORRECTION_NOTICE: 7,
        Period.THIRD_PARTY_OPINION: 15,
        Period.PROACTIVE_DISCLOSURE: 20,
        Period.ENFORCEMENT_DECISION: 7,
        Period.FEE_PAYMENT: 20,
        Period.MESSAGE_REPLY: 5,
    }


def test_correction_notice_period_on_the_stored_calendar() -> None:
    # deadlines.md: received 2026-02-13, correction must be notified by 2026-03-02.
    due, provisional = selectors.period_due_for_unit(
        Period.CORRECTION_NOTICE, date(2026, 2, 13)
    )
    assert (due, provisional) == (date(2026, 3, 2), False)
    due, provisional = selectors.period_due_for_unit(
        Period.ENFORCEMENT_DECISION, date(2026, 12, 28)
    )
    assert provisional is True


def test_a_unit_sets_its_message_reply_period_and_units_below_inherit_it(
    tree: OrgTree,
) -> None:
    office = staff_with_role(tree.district, Role.DISCLOSURE_OFFICE)
    services.unit_set_message_reply_days(
        actor=office, unit=tree.district, working_days=3
    )

    assert selectors.period_for_unit(Period.MESSAGE_REPLY, tree.district) == 3
    assert selectors.period_for_unit(Period.MESSAGE_REPLY, tree.town) == 3
    assert selectors.period_for_unit(Period.MESSAGE_REPLY, tree.education) == 5
    due, _ = selectors.period_due_for_unit(
        Period.MESSAGE_REPLY, date(2026, 9, 30), tree.town
    )
    assert due == date(2026, 10, 10)  # 10月8日、9日，10月10日（周六）调休上班
    event = AuditEvent.objects.get(verb="calendars.unit.message_reply_days_set")
    assert (event.before, event.after) == (
        {"message_reply_days": None},
        {"message_reply_days": 3},
    )

    services.unit_set_message_reply_days(
        actor=office, unit=tree.district, working_days=None
    )
    assert not UnitClockSettings.objects.exists()
    assert selectors.period_for_unit(Period.MESSAGE_REPLY, tree.town) == 5


def test_message_reply_period_needs_the_unit_profile_right(
    tree: OrgTree, clerk: Staff
) -> None:
    with pytest.raises(PermissionDenied):
        services.unit_set_message_reply_days(
            actor=clerk, unit=tree.finance, working_days=3
        )
    with pytest.raises(ValidationError, match="1至60个工作日"):
        services.unit_set_message_reply_days(
            actor=clerk, unit=tree.education, working_days=0
        )
    assert not UnitClockSettings.objects.exists()
