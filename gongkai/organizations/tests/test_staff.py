"""Staff accounts: opening, changing, disabling, passwords."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations import services
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from tests.factories import PASSWORD, StaffFactory, UnitFactory, staff_with_role

pytestmark = pytest.mark.django_db


def test_staff_create_opens_an_account_that_can_log_in() -> None:
    unit = UnitFactory.create(name="示例市教育局")
    staff = services.staff_create(
        actor=None,
        username=" zhangmin ",
        full_name="张敏",
        unit=unit,
        password=PASSWORD,
        email="zm@example.gov.cn",
    )
    assert staff.username == "zhangmin"
    assert staff.check_password(PASSWORD)
    assert not staff.is_superuser
    event = AuditEvent.objects.get(verb="organizations.staff.created")
    assert event.unit_name == "示例市教育局"
    assert event.after["username"] == "zhangmin"
    assert PASSWORD not in str(event.after)


@pytest.mark.parametrize("username", ["zhangmin", "ZhangMin"])
def test_staff_create_refuses_a_taken_username(username: str) -> None:
    StaffFactory.create(username="zhangmin")
    with pytest.raises(ValidationError, match=f"用户名“{username}”已被使用"):
        services.staff_create(
            actor=None,
            username=username,
            full_name="张敏",
            unit=None,
            password=PASSWORD,
        )
    assert Staff.objects.count() == 1


@pytest.mark.parametrize(
    "password",
    ["short1!", "12345678901234", "password123", "qwertyuiop"],
    ids=["too-short", "numeric", "common", "keyboard-row"],
)
def test_staff_create_refuses_a_weak_password(password: str) -> None:
    with pytest.raises(ValidationError, match="密码不符合要求") as caught:
        services.staff_create(
            actor=None,
            username="zhangmin",
            full_name="张敏",
            unit=None,
            password=password,
        )
    assert caught.value.message.startswith("密码不符合要求：")
    assert not Staff.objects.filter(username="zhangmin").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("", "", "请填写用户名"),
        ("zhang min", "", "请填写用户名"),
        ("zhangmin", "not-an-email", "电子邮箱格式不正确"),
    ],
)
def test_staff_create_refuses_bad_fields(
    username: str, email: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.staff_create(
            actor=None,
            username=username,
            full_name="张敏",
            unit=None,
            password=PASSWORD,
            email=email,
        )


def test_only_superusers_create_superusers() -> None:
    unit = UnitFactory.create()
    admin = staff_with_role(unit, Role.ADMIN)
    with pytest.raises(ValidationError, match="只有超级管理员"):
        services.staff_create(
            actor=admin,
            username="root2",
            full_name="",
            unit=unit,
            password=PASSWORD,
            is_superuser=True,
        )
    root = services.staff_create(
        actor=None,
        username="root",
        full_name="",
        unit=None,
        password=PASSWORD,
        is_superuser=True,
    )
    assert root.is_superuser and root.is_staff


def test_only_staff_managers_open_accounts() -> None:
    unit = UnitFactory.create()
    for role in (Role.EDITOR, Role.SUPERVISOR, Role.LEADER):
        actor = staff_with_role(unit, role)
        with pytest.raises(PermissionDenied, match="管理工作人员账号"):
            services.staff_create(
                actor=actor,
                username=f"new_{role}",
                full_name="",
                unit=unit,
                password=PASSWORD,
            )


def test_staff_update_and_disable() -> None:
    unit, other = UnitFactory.create(), UnitFactory.create()
    admin = staff_with_role(unit, Role.ADMIN)
    staff = StaffFactory.create(unit=unit)
    with pytest.raises(PermissionDenied):
        # moving someone to a unit outside the actor's scope
        services.staff_update(actor=admin, staff=staff, full_name="改名", unit=other)
    services.staff_update(actor=admin, staff=staff, full_name="改名", unit=unit)
    staff.refresh_from_db()
    assert staff.full_name == "改名"

    with pytest.raises(ValidationError, match="须填写理由"):
        services.staff_set_active(actor=admin, staff=staff, active=False)
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        services.staff_set_active(actor=admin, staff=admin, active=False, reason="x")
    services.staff_set_active(actor=admin, staff=staff, active=False, reason="调离")
    staff.refresh_from_db()
    assert not staff.is_active
    assert AuditEvent.objects.filter(verb="organizations.staff.deactivated").exists()


def test_staff_set_password_by_self_or_by_an_admin() -> None:
    unit = UnitFactory.create()
    staff = StaffFactory.create(unit=unit)
    colleague = staff_with_role(unit, Role.EDITOR)
    services.staff_set_password(actor=staff, staff=staff, password="Wode-xin-mima-1")
    staff.refresh_from_db()
    assert staff.check_password("Wode-xin-mima-1")
    with pytest.raises(PermissionDenied):
        services.staff_set_password(
            actor=colleague, staff=staff, password="Bieren-gai-de-2"
        )
    with pytest.raises(ValidationError, match="密码不符合要求"):
        services.staff_set_password(actor=staff, staff=staff, password="123")
    admin = staff_with_role(unit, Role.ADMIN)
    services.staff_set_password(actor=admin, staff=staff, password="Guanliyuan-she-3")
    staff.refresh_from_db()
    assert staff.check_password("Guanliyuan-she-3")


def test_a_too_short_password_is_explained_in_chinese() -> None:
    with pytest.raises(ValidationError) as caught:
        services.staff_create(
            actor=None, username="zhangmin", full_name="", unit=None, password="Ab1!"
        )
    assert "10" in caught.value.message
    assert "password" not in caught.value.message.lower()
