"""Who sees and may do what: scope_for, the selectors and role grants."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.exceptions import NotFound, PermissionDenied, ValidationError
from gongkai.organizations import selectors, services
from gongkai.organizations.models import RoleAssignment, Staff
from gongkai.organizations.permissions import (
    can,
    forget_scopes,
    has_any_role,
    require,
    scope_for,
)
from gongkai.organizations.roles import SUBTREE_BY_DEFAULT, Action, Role
from tests.factories import (
    OrgTree,
    RoleAssignmentFactory,
    StaffFactory,
    build_tree,
    staff_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> OrgTree:
    return build_tree()


def visible_names(actor: object) -> set[str]:
    return set(selectors.units_visible_to(actor).values_list("name", flat=True))


def test_a_department_editor_sees_only_their_unit(tree: OrgTree) -> None:
    editor = staff_with_role(tree.education, Role.EDITOR)
    assert visible_names(editor) == {"示例市教育局"}
    assert selectors.unit_get(editor, tree.education.pk) == tree.education
    assert can(editor, Action.UNIT_EDIT_PROFILE, tree.education)
    assert not can(editor, Action.UNIT_EDIT_PROFILE, tree.finance)
    assert not can(editor, Action.UNIT_MANAGE, tree.education)


def test_a_supervisor_with_a_subtree_role_sees_the_whole_subtree(
    tree: OrgTree,
) -> None:
    district = staff_with_role(tree.district, Role.SUPERVISOR)
    assert visible_names(district) == {
        "示例市东城区人民政府",
        "东城区教育局",
        "青山镇人民政府",
        "青山村村民委员会",
    }
    city = staff_with_role(tree.city, Role.SUPERVISOR)
    assert visible_names(city) == {u.name for u in tree.all()}
    assert can(city, Action.UNIT_MANAGE, tree.village)
    assert not can(city, Action.STAFF_MANAGE, tree.village)


def test_a_role_without_subtree_stays_in_its_unit(tree: OrgTree) -> None:
    supervisor = staff_with_role(tree.district, Role.SUPERVISOR, subtree=False)
    assert visible_names(supervisor) == {"示例市东城区人民政府"}


def test_roles_in_several_units_add_up(tree: OrgTree) -> None:
    staff = staff_with_role(tree.education, Role.EDITOR)
    RoleAssignmentFactory.create(staff=staff, unit=tree.town, role=Role.LEADER)
    assert visible_names(staff) == {
        "示例市教育局",
        "青山镇人民政府",
        "青山村村民委员会",
    }


def test_a_disabled_account_sees_nothing(tree: OrgTree) -> None:
    admin = staff_with_role(tree.city, Role.ADMIN)
    admin.is_active = False
    admin.save()
    assert scope_for(admin, Action.UNIT_VIEW).empty
    assert visible_names(admin) == set()
    with pytest.raises(NotFound):
        selectors.unit_get(admin, tree.city.pk)


def test_anonymous_sees_nothing_and_the_system_everything(tree: OrgTree) -> None:
    assert visible_names(AnonymousUser()) == set()
    assert not has_any_role(AnonymousUser())
    assert visible_names(None) == {u.name for u in tree.all()}
    assert scope_for(None, Action.ROLE_GRANT).everything


def test_a_superuser_sees_everything(tree: OrgTree) -> None:
    root = StaffFactory.create(is_superuser=True)
    assert scope_for(root, Action.ROLE_GRANT).everything
    assert visible_names(root) == {u.name for u in tree.all()}


def test_roles_in_a_stopped_unit_give_nothing(tree: OrgTree) -> None:
    editor = staff_with_role(tree.village, Role.EDITOR)
    tree.village.is_active = False
    tree.village.save()
    assert visible_names(editor) == set()


def test_staff_without_roles_see_nothing(tree: OrgTree) -> None:
    staff = StaffFactory.create(unit=tree.education)
    assert visible_names(staff) == set()
    assert not has_any_role(staff)
    assert selectors.unit_tree(staff) == []


@pytest.mark.parametrize("unit_id", ["finance", 999_999, "abc", None])
def test_hidden_or_missing_units_raise_not_found(
    tree: OrgTree, unit_id: object
) -> None:
    editor = staff_with_role(tree.education, Role.EDITOR)
    if unit_id == "finance":
        unit_id = tree.finance.pk
    with pytest.raises(NotFound, match="找不到该单位，或您无权查看。"):
        selectors.unit_get(editor, unit_id)  # type: ignore[arg-type]


def test_staff_and_role_lookups_are_scoped_too(tree: OrgTree) -> None:
    editor = staff_with_role(tree.education, Role.EDITOR)
    colleague = staff_with_role(tree.education, Role.REVIEWER)
    stranger = staff_with_role(tree.finance, Role.EDITOR)
    assert set(selectors.staff_visible_to(editor)) == {editor, colleague}
    assert selectors.staff_get(editor, colleague.pk) == colleague
    with pytest.raises(NotFound, match="找不到该工作人员"):
        selectors.staff_get(editor, stranger.pk)
    hidden = RoleAssignment.objects.get(staff=stranger)
    with pytest.raises(NotFound, match="找不到该角色授予记录"):
        selectors.role_assignment_get(editor, hidden.pk)
    mine = RoleAssignment.objects.get(staff=colleague)
    assert selectors.role_assignment_get(editor, mine.pk) == mine


def test_the_tree_hangs_visible_units_under_their_nearest_visible_ancestor(
    tree: OrgTree,
) -> None:
    staff = staff_with_role(tree.education, Role.EDITOR)
    RoleAssignmentFactory.create(staff=staff, unit=tree.town, role=Role.LEADER)
    roots = selectors.unit_tree(staff)
    assert [node.unit for node in roots] == [tree.education, tree.town]
    assert [node.unit for node in roots[1].children] == [tree.village]

    city = staff_with_role(tree.city, Role.SUPERVISOR)
    (root,) = selectors.unit_tree(city)
    assert root.unit == tree.city
    assert {node.unit for node in root.children} == {
        tree.education,
        tree.finance,
        tree.district,
    }


def test_require_explains_in_chinese(tree: OrgTree) -> None:
    editor = staff_with_role(tree.education, Role.EDITOR)
    require(editor, Action.UNIT_EDIT_PROFILE, tree.education)
    with pytest.raises(PermissionDenied) as caught:
        require(editor, Action.UNIT_EDIT_PROFILE, tree.finance)
    assert caught.value.message == (
        "您没有在“示例市财政局”维护单位公开信息（简称、电话、地址等）的权限。"
        "如需办理，请联系系统管理员授予相应角色。"
    )
    with pytest.raises(PermissionDenied, match="您没有新建、调整、停用下级单位的权限"):
        require(editor, Action.UNIT_MANAGE, None)


def test_unit_by_name_finds_full_and_short_names(tree: OrgTree) -> None:
    tree.finance.short_names = ["市财政局"]
    tree.finance.save()
    assert selectors.unit_by_name("示例市财政局") == tree.finance
    assert selectors.unit_by_name("市财政局") == tree.finance
    assert selectors.unit_by_name("财政局") is None


# --- granting roles ---------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_role_grant_default_scope(tree: OrgTree, role: str) -> None:
    staff = StaffFactory.create(unit=tree.city)
    assignment = services.role_grant(actor=None, staff=staff, unit=tree.city, role=role)
    expected = role in {Role.SUPERVISOR, Role.ADMIN, Role.LEADER}
    assert assignment.subtree is expected
    assert (role in SUBTREE_BY_DEFAULT) is expected


def test_role_grant_explicit_scope_and_regrant(tree: OrgTree) -> None:
    staff = StaffFactory.create(unit=tree.district)
    services.role_grant(
        actor=None, staff=staff, unit=tree.district, role=Role.SUPERVISOR, subtree=False
    )
    assert visible_names(staff) == {"示例市东城区人民政府"}
    # Granting again changes the scope instead of adding a second assignment;
    # the cached scope of the staff object is dropped by the service.
    services.role_grant(
        actor=None, staff=staff, unit=tree.district, role=Role.SUPERVISOR, subtree=True
    )
    assert RoleAssignment.objects.filter(staff=staff).count() == 1
    assert len(visible_names(staff)) == 4


def test_role_grant_refuses_bad_input(tree: OrgTree) -> None:
    staff = StaffFactory.create(unit=tree.city)
    with pytest.raises(ValidationError, match="角色不正确"):
        services.role_grant(actor=None, staff=staff, unit=tree.city, role="king")
    staff.is_active = False
    staff.save()
    with pytest.raises(ValidationError, match="已停用"):
        services.role_grant(actor=None, staff=staff, unit=tree.city, role=Role.EDITOR)
    assert not RoleAssignment.objects.filter(staff=staff).exists()


def test_only_admins_grant_roles_and_only_within_their_scope(tree: OrgTree) -> None:
    supervisor = staff_with_role(tree.city, Role.SUPERVISOR)
    target = StaffFactory.create(unit=tree.education)
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=supervisor, staff=target, unit=tree.education, role=Role.EDITOR
        )
    district_admin = staff_with_role(tree.district, Role.ADMIN)
    services.role_grant(
        actor=district_admin, staff=target, unit=tree.town, role=Role.EDITOR
    )
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=district_admin, staff=target, unit=tree.education, role=Role.EDITOR
        )


def test_role_revoke_takes_the_scope_away(tree: OrgTree) -> None:
    staff = staff_with_role(tree.education, Role.EDITOR)
    assert visible_names(staff) == {"示例市教育局"}
    assignment = RoleAssignment.objects.get(staff=staff)
    services.role_revoke(actor=None, assignment=assignment, reason="调岗")
    fresh = Staff.objects.get(pk=staff.pk)
    assert visible_names(fresh) == set()
    forget_scopes(staff)
    assert visible_names(staff) == set()


def test_acting_at_the_root_needs_a_whole_top_level_tree(tree: OrgTree) -> None:
    city = staff_with_role(tree.city, Role.SUPERVISOR)
    district = staff_with_role(tree.district, Role.SUPERVISOR)
    only_city = staff_with_role(tree.city, Role.SUPERVISOR, subtree=False)
    assert can(city, Action.UNIT_MANAGE, None)
    assert not can(district, Action.UNIT_MANAGE, None)
    assert not can(only_city, Action.UNIT_MANAGE, None)
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=district, name="顶层单位", kind="government")
