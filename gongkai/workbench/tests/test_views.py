"""The workbench pages through Django's test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import RoleAssignment, Staff, Unit
from gongkai.organizations.roles import Role
from tests.factories import (
    PASSWORD,
    OrgTree,
    build_tree,
    staff_with_role,
    valid_uscc,
    wrong_check_char,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def tree() -> OrgTree:
    return build_tree()


@pytest.fixture
def admin(tree: OrgTree) -> Staff:
    return staff_with_role(tree.city, Role.ADMIN, username="admin")


@pytest.fixture
def editor(tree: OrgTree) -> Staff:
    return staff_with_role(tree.education, Role.EDITOR, username="jyj_xxy")


def logged_in(staff: Staff) -> Client:
    client = Client()
    client.force_login(staff, backend=BACKEND)
    return client


def page_text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/",
        "/workbench/units/",
        "/workbench/units/1/",
        "/workbench/units/import/",
        "/workbench/my-unit/",
    ],
)
def test_every_page_requires_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/login/?next={url}"


def test_logging_in_through_the_form(editor: Staff) -> None:
    client = Client()
    page = client.get("/workbench/login/")
    assert page.status_code == 200
    assert "工作人员登录" in page_text(page)
    wrong = client.post(
        "/workbench/login/", {"username": "jyj_xxy", "password": "wrong-password"}
    )
    assert wrong.status_code == 200
    assert "用户名或密码不正确" in page_text(wrong)
    right = client.post(
        "/workbench/login/", {"username": "jyj_xxy", "password": PASSWORD}
    )
    assert right.status_code == 302
    assert right["Location"] == "/workbench/"
    home = client.get("/workbench/")
    assert home.status_code == 200
    assert "我的待办" in page_text(home)


def test_my_unit_leads_to_the_users_unit(tree: OrgTree, editor: Staff) -> None:
    client = logged_in(editor)
    response = client.get("/workbench/my-unit/")
    assert response["Location"] == f"/workbench/units/{tree.education.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "示例市教育局" in page_text(page)
    assert "维护公开信息" in page_text(page)


def test_hidden_units_are_404_and_forbidden_actions_403(
    tree: OrgTree, editor: Staff
) -> None:
    client = logged_in(editor)
    for url in (
        f"/workbench/units/{tree.finance.pk}/",
        f"/workbench/units/{tree.finance.pk}/profile/",
        f"/workbench/units/{tree.finance.pk}/edit/",
        "/workbench/units/999999/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "找不到该单位，或您无权查看。" in page_text(response)
    events = AuditEvent.objects.count()
    response = client.post(
        f"/workbench/units/{tree.education.pk}/edit/",
        {"name": "改名", "kind": "department", "code": "", "short_names": ""},
    )
    assert response.status_code == 403
    assert "新建、调整、停用下级单位" in page_text(response)
    tree.education.refresh_from_db()
    assert tree.education.name == "示例市教育局"
    assert AuditEvent.objects.count() == events


def test_the_tree_shows_what_the_user_may_see(tree: OrgTree, editor: Staff) -> None:
    text = page_text(logged_in(editor).get("/workbench/units/"))
    assert "示例市教育局" in text
    assert "示例市财政局" not in text
    assert "从Excel导入单位" not in text
    supervisor = staff_with_role(tree.city, Role.SUPERVISOR)
    text = page_text(logged_in(supervisor).get("/workbench/units/"))
    for unit in tree.all():
        assert unit.name in text


def test_a_validation_error_is_a_form_error_and_nothing_is_saved(
    tree: OrgTree, admin: Staff
) -> None:
    client = logged_in(admin)
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    response = client.post(
        f"/workbench/units/new/?parent={tree.city.pk}",
        {
            "name": "示例市审计局",
            "kind": "department",
            "code": wrong_check_char(valid_uscc(5)),
            "short_names": "",
            "sort_order": "",
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码的校验码不正确" in page_text(response)
    assert 'role="alert"' in page_text(response)
    assert Unit.objects.count() == units
    assert AuditEvent.objects.count() == events

    response = client.post(
        f"/workbench/units/new/?parent={tree.city.pk}",
        {
            "name": "示例市审计局",
            "kind": "department",
            "code": valid_uscc(5),
            "short_names": "市审计局",
            "sort_order": "3",
        },
    )
    unit = Unit.objects.get(name="示例市审计局")
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/units/{unit.pk}/"
    assert unit.parent == tree.city


def test_profile_page_saves_and_shows_the_change(tree: OrgTree, editor: Staff) -> None:
    client = logged_in(editor)
    url = f"/workbench/units/{tree.education.pk}/profile/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"short_names": "市教育局", "address": "文化路8号", "email": "x"}
    )
    assert response.status_code == 200
    assert "电子邮箱格式不正确" in page_text(response)
    tree.education.refresh_from_db()
    assert tree.education.address == ""
    response = client.post(url, {"short_names": "市教育局", "address": "文化路8号"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "文化路8号" in page_text(page)
    assert "已保存单位公开信息。" in page_text(page)


def test_move_page(tree: OrgTree, admin: Staff) -> None:
    client = logged_in(admin)
    url = f"/workbench/units/{tree.town.pk}/move/"
    form = page_text(client.get(url))
    assert "青山村村民委员会" not in form  # its own subtree is not offered
    response = client.post(url, {"new_parent": tree.city.pk, "reason": "区划调整"})
    assert response.status_code == 302
    tree.village.refresh_from_db()
    assert tree.village.path == f"/{tree.city.pk}/{tree.town.pk}/{tree.village.pk}/"


def upload(data: bytes, name: str = "单位.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_unit_import_previews_then_confirms(tree: OrgTree, admin: Staff) -> None:
    client = logged_in(admin)
    page = client.get("/workbench/units/import/")
    assert page.status_code == 200
    data = xlsx_bytes(
        [
            ("示例市审计局", "示例市人民政府", "部门", valid_uscc(21), "市审计局"),
            ("示例市统计局", "示例市不存在局", "部门", "", ""),
        ]
    )
    units = Unit.objects.count()
    preview = client.post(
        "/workbench/units/import/", {"file": upload(data), "confirm": "0"}
    )
    text = page_text(preview)
    assert preview.status_code == 200
    assert "预览结果（尚未保存）" in text
    assert "示例市审计局" in text
    assert "找不到上级单位“示例市不存在局”" in text
    assert Unit.objects.count() == units

    confirmed = client.post(
        "/workbench/units/import/", {"file": upload(data), "confirm": "1"}
    )
    text = page_text(confirmed)
    assert "导入结果" in text
    assert "已导入1个单位，1行未导入。" in text
    assert Unit.objects.get(name="示例市审计局").parent == tree.city
    assert Unit.objects.count() == units + 1


def test_unit_import_of_a_broken_file_is_a_form_error(
    tree: OrgTree, admin: Staff
) -> None:
    client = logged_in(admin)
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    response = client.post(
        "/workbench/units/import/",
        {"file": upload(b"\x00\x01 not a workbook", "坏文件.xlsx"), "confirm": "1"},
    )
    assert response.status_code == 200
    assert "文件不是有效的 .xlsx 表格" in page_text(response)
    assert Unit.objects.count() == units
    assert AuditEvent.objects.count() == events


def test_editors_cannot_import(tree: OrgTree, editor: Staff) -> None:
    data = xlsx_bytes([("示例市审计局", "示例市人民政府", "部门", "", "")])
    response = logged_in(editor).post(
        "/workbench/units/import/", {"file": upload(data), "confirm": "1"}
    )
    assert not Unit.objects.filter(name="示例市审计局").exists()
    assert "新建、调整、停用下级单位的权限" in page_text(response)


def test_staff_pages_create_accounts_and_grant_roles(
    tree: OrgTree, admin: Staff
) -> None:
    client = logged_in(admin)
    weak = client.post(
        "/workbench/staff/new/",
        {
            "username": "new_editor",
            "full_name": "新同事",
            "unit": tree.finance.pk,
            "password": "123",
        },
    )
    assert weak.status_code == 200
    assert "密码不符合要求" in page_text(weak)
    assert not Staff.objects.filter(username="new_editor").exists()
    created = client.post(
        "/workbench/staff/new/",
        {
            "username": "new_editor",
            "full_name": "新同事",
            "unit": tree.finance.pk,
            "password": PASSWORD,
        },
    )
    member = Staff.objects.get(username="new_editor")
    assert created["Location"] == f"/workbench/staff/{member.pk}/"
    client.post(
        f"/workbench/staff/{member.pk}/roles/",
        {"unit": tree.finance.pk, "role": Role.EDITOR, "subtree": "default"},
    )
    assignment = RoleAssignment.objects.get(staff=member)
    assert (assignment.unit, assignment.role, assignment.subtree) == (
        tree.finance,
        Role.EDITOR,
        False,
    )
    detail = page_text(client.get(f"/workbench/staff/{member.pk}/"))
    assert "部门信息员" in detail
