"""The staff API: the same selectors and services as the workbench, as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.roles import Role
from tests.factories import OrgTree, build_tree, staff_with_role

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def tree() -> OrgTree:
    return build_tree()


@pytest.fixture
def editor(tree: OrgTree) -> Staff:
    return staff_with_role(
        tree.education, Role.EDITOR, username="jyj_xxy", full_name="张敏"
    )


def logged_in(staff: Staff) -> Client:
    client = Client()
    client.force_login(staff, backend=BACKEND)
    return client


def post_json(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/units", "/api/v1/units/1"])
def test_not_logged_in_gets_401(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 401


def test_me_describes_the_user_and_their_roles(tree: OrgTree, editor: Staff) -> None:
    response = logged_in(editor).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "jyj_xxy"
    assert body["full_name"] == "张敏"
    assert body["unit_id"] == tree.education.pk
    assert body["roles"] == [
        {
            "unit_id": tree.education.pk,
            "unit_name": "示例市教育局",
            "role": "editor",
            "role_label": "部门信息员",
            "subtree": False,
        }
    ]


def test_units_lists_only_visible_units(tree: OrgTree, editor: Staff) -> None:
    response = logged_in(editor).get("/api/v1/units")
    assert response.status_code == 200
    assert [u["name"] for u in response.json()] == ["示例市教育局"]

    supervisor = staff_with_role(tree.district, Role.SUPERVISOR)
    names = [u["name"] for u in logged_in(supervisor).get("/api/v1/units").json()]
    assert sorted(names) == sorted(
        ["示例市东城区人民政府", "东城区教育局", "青山镇人民政府", "青山村村民委员会"]
    )


def test_a_hidden_unit_is_a_404_like_a_missing_one(
    tree: OrgTree, editor: Staff
) -> None:
    client = logged_in(editor)
    own = client.get(f"/api/v1/units/{tree.education.pk}")
    assert own.status_code == 200
    assert own.json()["name"] == "示例市教育局"
    hidden = client.get(f"/api/v1/units/{tree.finance.pk}")
    missing = client.get("/api/v1/units/999999")
    for response in (hidden, missing):
        assert response.status_code == 404
        assert response.json() == {
            "code": "not_found",
            "message": "找不到该单位，或您无权查看。",
            "extra": {},
        }


def test_profile_update_through_the_api(tree: OrgTree, editor: Staff) -> None:
    client = logged_in(editor)
    response = post_json(
        client,
        f"/api/v1/units/{tree.education.pk}/profile",
        {"short_names": ["市教育局"], "address": "文化路8号", "phones": ["0531-1"]},
    )
    assert response.status_code == 200, response.content
    tree.education.refresh_from_db()
    assert tree.education.address == "文化路8号"

    events = AuditEvent.objects.count()
    response = post_json(
        client, f"/api/v1/units/{tree.finance.pk}/profile", {"address": "篡改"}
    )
    assert response.status_code == 404
    tree.finance.refresh_from_db()
    assert tree.finance.address == ""
    assert AuditEvent.objects.count() == events

    response = post_json(
        client, f"/api/v1/units/{tree.education.pk}/profile", {"email": "bad"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "电子邮箱格式不正确" in response.json()["message"]


def test_unit_create_through_the_api(tree: OrgTree, editor: Staff) -> None:
    payload = {
        "name": "东城区审计局",
        "kind": "department",
        "parent_id": tree.district.pk,
    }
    forbidden = post_json(logged_in(editor), "/api/v1/units", payload)
    # The editor cannot see the district at all: not found, as for a missing unit.
    assert forbidden.status_code == 404
    own = post_json(
        logged_in(editor),
        "/api/v1/units",
        {**payload, "parent_id": tree.education.pk},
    )
    assert own.status_code == 403
    assert own.json()["code"] == "forbidden"

    supervisor = staff_with_role(tree.district, Role.SUPERVISOR)
    created = post_json(logged_in(supervisor), "/api/v1/units", payload)
    assert created.status_code == 201, created.content
    unit = Unit.objects.get(pk=created.json()["id"])
    assert unit.parent == tree.district
    assert created.json()["depth"] == 2

    duplicate = post_json(logged_in(supervisor), "/api/v1/units", payload)
    assert duplicate.status_code == 400
    assert "已有名为“东城区审计局”的单位" in duplicate.json()["message"]


def test_the_api_requires_csrf_for_session_writes(tree: OrgTree, editor: Staff) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor, backend=BACKEND)
    response = post_json(
        client, f"/api/v1/units/{tree.education.pk}/profile", {"address": "无令牌"}
    )
    assert response.status_code == 403
    tree.education.refresh_from_db()
    assert tree.education.address == ""


def test_the_openapi_schema_is_served() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me" in paths
    assert "/api/v1/units/{unit_id}" in paths
