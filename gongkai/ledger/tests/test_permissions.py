"""Who may see plans, post progress, manage plans and assess."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.exceptions import NotFound, PermissionDenied, ValidationError
from gongkai.ledger import selectors, services
from gongkai.ledger.tests.helpers import PLAN, City, import_plan, make_city, task
from gongkai.organizations.models import UnitKind
from gongkai.organizations.roles import ROLE_ACTIONS, Action, Role
from tests.factories import UnitFactory, staff_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> City:
    return make_city()


def test_role_table() -> None:
    manage = {
        r for r, actions in ROLE_ACTIONS.items() if Action.WORKPLAN_MANAGE in actions
    }
    report = {r for r, actions in ROLE_ACTIONS.items() if Action.TASK_REPORT in actions}
    assess = {
        r for r, actions in ROLE_ACTIONS.items() if Action.ASSESSMENT_MANAGE in actions
    }
    view = {r for r, actions in ROLE_ACTIONS.items() if Action.WORKPLAN_VIEW in actions}
    assert manage == {Role.ADMIN, Role.SUPERVISOR}
    assert report == {Role.ADMIN, Role.EDITOR, Role.DISCLOSURE_OFFICE}
    assert assess == {Role.ADMIN, Role.SUPERVISOR}
    assert view == set(Role)


def test_a_department_cannot_post_progress_on_another_units_task(city: City) -> None:
    plan = import_plan(city)
    third = task(plan, "3")  # 财政局 only
    with pytest.raises(ValidationError, match="不是该任务的牵头单位或责任单位"):
        services.progress_add(
            actor=city.education_editor, task=third, unit=city.education, text="代报"
        )
    with pytest.raises(PermissionDenied):
        services.progress_add(
            actor=city.education_editor, task=third, unit=city.finance, text="代报"
        )
    assert selectors.reporting_units(city.education_editor, third) == []
    assert selectors.reporting_units(city.finance_editor, third) == [city.finance]
    # The supervisor manages the plan but does not report for departments.
    with pytest.raises(PermissionDenied):
        services.progress_add(
            actor=city.supervisor, task=third, unit=city.finance, text="代报"
        )
    assert not third.progress.exists()


def test_withdrawn_tasks_take_no_progress(city: City) -> None:
    plan = import_plan(city)
    first = task(plan, "1")
    services.workplan_import(
        actor=city.supervisor,
        text="\n".join(line for line in PLAN.splitlines() if not line.startswith("1.")),
        dry_run=False,
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    with pytest.raises(ValidationError, match="已从计划中撤销"):
        services.progress_add(
            actor=city.education_editor, task=first, unit=city.education, text="x"
        )


def test_visibility_of_plans(city: City) -> None:
    plan = import_plan(city)
    outsider_unit = UnitFactory.create(name="某县人民政府", kind=UnitKind.GOVERNMENT)
    outsider = staff_with_role(outsider_unit, Role.SUPERVISOR)
    # Assigned units see the plan; the district department is not assigned.
    assert list(selectors.plans_visible_to(city.education_editor)) == [plan]
    assert list(selectors.plans_visible_to(city.supervisor)) == [plan]
    assert not selectors.plans_visible_to(city.district_editor).exists()
    assert not selectors.plans_visible_to(outsider).exists()
    with pytest.raises(NotFound):
        selectors.task_get(outsider, task(plan, "1").pk)
    with pytest.raises(PermissionDenied):
        services.task_set_done(actor=outsider, task=task(plan, "1"), done=True)
    with pytest.raises(PermissionDenied):
        services.unit_alias_set(actor=outsider, name="市统筹办", units=[city.finance])


def test_pages_refuse_or_hide(city: City, client: Client) -> None:
    plan = import_plan(city)
    third = task(plan, "3")
    client.force_login(city.education_editor)
    # The plan is visible, the task too, but there is no form to report on it.
    page = client.get(reverse("ledger:task", args=[third.pk]))
    assert page.status_code == 200 and 'id="report-h"' not in page.content.decode()
    posted = client.post(
        reverse("ledger:task", args=[third.pk]),
        {"unit": city.finance.pk, "text": "代报"},
    )
    assert posted.status_code == 403
    assert client.get(reverse("ledger:import")).status_code == 403
    assert client.get(reverse("ledger:task_edit", args=[third.pk])).status_code == 403
    client.force_login(city.district_editor)
    assert client.get(reverse("ledger:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("ledger:export", args=[plan.pk])).status_code == 404


def test_assessment_is_for_the_supervising_office(city: City) -> None:
    with pytest.raises(PermissionDenied):
        services.sheet_create(
            actor=city.education_office,
            unit=city.government,
            name="考评",
            period="2026年第三季度",
            start=dt.date(2026, 7, 1),
            end=dt.date(2026, 9, 30),
        )
    sheet = services.sheet_create(
        actor=city.supervisor,
        unit=city.government,
        name="考评",
        period="2026年第三季度",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 9, 30),
    )
    # Units see a sheet only once its 通报 is published.
    assert not selectors.sheets_visible_to(city.education_editor).exists()
    assert list(selectors.sheets_visible_to(city.supervisor)) == [sheet]
    assert set(sheet.units.all()) == {
        city.office,
        city.education,
        city.finance,
        city.justice,
        city.district,
    }
