"""The REST API of the ledger, through ninja's test client."""

from __future__ import annotations

import pytest
from ninja.testing import TestClient

from gongkai.core.exceptions import NotFound, PermissionDenied, ValidationError
from gongkai.ledger.api import router
from gongkai.ledger.models import WorkPlan
from gongkai.ledger.tests.helpers import PLAN, City, import_plan, make_city, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> City:
    return make_city()


def test_import_preview_then_save(city: City) -> None:
    client = TestClient(router)
    preview = client.post(
        "/workplans/import", json={"text": PLAN}, user=city.supervisor
    ).json()
    assert preview["saved"] is False and preview["unmatched"] == ["市统筹办"]
    assert list(preview["plan"]) == [
        "title",
        "doc_number",
        "issuer",
        "year",
        "tasks",
        "warnings",
    ]
    assert not WorkPlan.objects.exists()
    saved = client.post(
        "/workplans/import", json={"text": PLAN, "dry_run": False}, user=city.supervisor
    ).json()
    plan = WorkPlan.objects.get()
    assert saved["plan_id"] == plan.pk
    detail = client.get(f"/workplans/{plan.pk}", user=city.supervisor).json()
    assert [t["number"] for t in detail["tasks"]] == ["1", "2", "3", "4"]
    assert detail["tasks"][2]["unmatched_units"] == ["市统筹办"]
    with pytest.raises(PermissionDenied):
        client.post(
            "/workplans/import",
            json={"text": PLAN, "dry_run": False},
            user=city.education_editor,
        )


def test_progress_through_the_api(city: City) -> None:
    plan = import_plan(city)
    client = TestClient(router)
    mine = client.get("/tasks/mine", user=city.finance_editor).json()
    assert sorted(t["number"] for t in mine) == ["1", "2", "3"]
    third = task(plan, "3")
    created = client.post(
        f"/tasks/{third.pk}/progress",
        json={"unit_id": city.finance.pk, "text": "预决算已公开", "done": True},
        user=city.finance_editor,
    )
    assert created.status_code == 201
    assert created.json()["done"] is True
    detail = client.get(f"/tasks/{third.pk}", user=city.finance_editor).json()
    assert [p["text"] for p in detail["progress"]] == ["预决算已公开"]
    with pytest.raises(ValidationError):
        client.post(
            f"/tasks/{third.pk}/progress",
            json={"unit_id": city.education.pk, "text": "代报"},
            user=city.education_editor,
        )
    with pytest.raises(NotFound):
        client.get(f"/tasks/{third.pk}", user=city.district_editor)
    assert client.get("/workplans", user=city.district_editor).json() == []
