"""The unit and handler filters of the queue page: their choices come from the
organisation (the units where the actor sees applications and the people who may
handle them there), never from the applications; the filters still show only what
the actor may see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosures import selectors
from gongkai.disclosures.tests.helpers import (
    Office,
    assigned,
    login,
    register,
)
from gongkai.organizations.permissions import forget_scopes
from gongkai.organizations.roles import Role
from tests.factories import UnitFactory, staff_with_role

pytestmark = pytest.mark.django_db


def test_a_department_editor_chooses_among_their_unit_and_its_handlers(
    o: Office,
) -> None:
    colleague = staff_with_role(o.education, Role.EDITOR, username="jyj_xxy2")
    choices = selectors.queue_filter_choices(o.editor)
    assert choices.units == [o.education]
    assert choices.handlers == [o.editor, colleague]  # by username


def test_the_office_at_the_top_chooses_in_its_subtree(o: Office) -> None:
    top = staff_with_role(o.city, Role.DISCLOSURE_OFFICE, subtree=True, username="top")
    choices = selectors.queue_filter_choices(top)
    assert choices.units == [o.city, o.education, o.finance]  # by path
    # Those who handle or register in those units; not the leader nor the
    # supervisor (they only view), not the other city's office.
    assert choices.handlers == [o.finance_editor, o.office, o.editor, top]


def test_the_office_of_the_unit_alone_and_the_leader(o: Office) -> None:
    # The city office holds its role in the city only; the leader views the subtree.
    assert selectors.queue_filter_choices(o.office).units == [o.city]
    assert selectors.queue_filter_choices(o.office).handlers == [o.office]
    leader = selectors.queue_filter_choices(o.leader)
    assert leader.units == [o.city, o.education, o.finance]
    assert o.leader not in leader.handlers


def test_inactive_units_and_staff_are_not_offered(o: Office) -> None:
    top = staff_with_role(o.city, Role.DISCLOSURE_OFFICE, subtree=True, username="top")
    closed = UnitFactory.create(name="示例市已撤销局", parent=o.city, is_active=False)
    staff_with_role(closed, Role.EDITOR, username="closed_xxy")
    o.finance_editor.is_active = False
    o.finance_editor.save(update_fields=["is_active"])
    choices = selectors.queue_filter_choices(top)
    assert closed not in choices.units
    assert [s.username for s in choices.handlers] == ["gkjg", "jyj_xxy", "top"]


def test_without_any_role_there_is_nothing_to_choose() -> None:
    nobody = staff_with_role(UnitFactory.create(), Role.REVIEWER)
    choices = selectors.queue_filter_choices(nobody)
    assert (choices.units, choices.handlers) == ([], [])


def test_a_superuser_sees_and_chooses_everything(o: Office) -> None:
    application = register(o, timezone.localdate())
    admin = staff_with_role(o.city, Role.REVIEWER, username="root", is_superuser=True)
    assert set(selectors.queue_filter_choices(admin).units) >= {
        o.city,
        o.education,
        o.finance,
        o.other_city,
    }
    assert application in selectors.applications_visible_to(admin)
    assert application not in selectors.applications_visible_to(o.other_office)


def test_the_choices_do_not_read_the_applications(o: Office) -> None:
    for _ in range(3):
        assigned(o, timezone.localdate())
    forget_scopes(o.leader)
    with CaptureQueriesContext(connection) as queries:
        selectors.queue_filter_choices(o.leader)
    assert len(queries) <= 5  # three scopes, the units, the handlers
    assert not any("disclosures_application" in q["sql"] for q in queries)


def test_the_page_offers_the_choices_and_filters_within_what_is_visible(
    o: Office,
) -> None:
    mine = assigned(o, timezone.localdate())  # to the education bureau, o.editor
    other = register(o, timezone.localdate())  # not assigned: the editor cannot see
    client = login(o.editor)
    url = reverse("disclosures:queue") + "?view=all"
    html = client.get(url).content.decode()
    assert f'<option value="{o.education.pk}"' in html
    assert f'<option value="{o.city.pk}"' not in html
    assert f'<option value="{o.finance.pk}"' not in html
    assert f'<option value="{o.editor.pk}"' in html
    assert f'<option value="{o.office.pk}"' not in html

    by_unit = client.get(url + f"&unit={o.city.pk}").content.decode()
    assert mine.number in by_unit and other.number not in by_unit
    by_handler = client.get(url + f"&handler={o.office.pk}").content.decode()
    assert mine.number not in by_handler and other.number not in by_handler
    by_handler = client.get(url + f"&handler={o.editor.pk}").content.decode()
    assert mine.number in by_handler
