"""The demo data: an application in every state, made through the services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.disclosures import selectors
from gongkai.disclosures.demo import load_demo
from gongkai.disclosures.models import Application
from gongkai.disclosures.states import State
from gongkai.organizations.models import UnitKind
from gongkai.organizations.roles import Role
from tests.factories import UnitFactory, staff_with_role

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_with_due_dates_around_today() -> None:
    city = UnitFactory.create(name="示例市人民政府", kind=UnitKind.GOVERNMENT)
    education = UnitFactory.create(name="示例市教育局", parent=city)
    finance = UnitFactory.create(name="示例市财政局", parent=city)
    office = staff_with_role(city, Role.DISCLOSURE_OFFICE, username="gkjg")
    editor = staff_with_role(
        education, Role.EDITOR, username="jyj_xxy", full_name="张敏"
    )
    staff_with_role(finance, Role.EDITOR, username="czj_xxy", full_name="陈静")

    made = load_demo()

    assert len(made) >= 12
    assert set(Application.objects.values_list("state", flat=True)) == set(State)
    today = timezone.localdate()
    running = Application.objects.filter(state=State.HANDLING)
    assert running.filter(due_on__lt=today).exists()
    assert running.filter(due_on__gte=today).exists()

    # 条例第四十四条: one pending group of three applicants on the office's list.
    (group,) = selectors.same_information_groups(office)
    assert group.unit == city
    assert group.key == "文号:示教发〔2026〕7号"
    assert group.applicants == 3
    assert {a.number for a in made} >= set(group.numbers)
    assert selectors.same_information_groups(editor) == []
