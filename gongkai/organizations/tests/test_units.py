"""Creating, changing, moving and stopping units through the services."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations import services
from gongkai.organizations.models import Unit, UnitKind
from gongkai.organizations.roles import Role
from tests.factories import (
    OrgTree,
    UnitFactory,
    build_tree,
    staff_with_role,
    valid_uscc,
    wrong_check_char,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> OrgTree:
    return build_tree()


def test_create_places_the_unit_in_the_tree_and_audits(tree: OrgTree) -> None:
    unit = services.unit_create(
        actor=None,
        name="  示例市  审计局 ",
        kind=UnitKind.DEPARTMENT,
        parent=tree.city,
        short_names="市审计局，审计局、市审计局",
    )
    assert unit.name == "示例市 审计局"
    assert unit.path == f"{tree.city.path}{unit.pk}/"
    assert unit.depth == 1
    assert unit.short_names == ["市审计局", "审计局"]
    assert unit.ancestor_ids() == [tree.city.pk, unit.pk]
    event = AuditEvent.objects.get(verb="organizations.unit.created")
    assert event.object_id == str(unit.pk)
    assert event.after["name"] == "示例市 审计局"
    assert event.actor_name == "系统"


def test_create_top_level_unit() -> None:
    unit = services.unit_create(actor=None, name="示例省人民政府", kind="government")
    assert (unit.parent, unit.path, unit.depth) == (None, f"/{unit.pk}/", 0)


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("   ", "department", "请填写单位名称"),
        ("单" * 201, "department", "过长"),
        ("示例市审计局", "ministry", "单位类型不正确"),
        ("示例市教育局", "department", "已有名为“示例市教育局”的单位"),
    ],
)
def test_create_refuses_bad_input(
    tree: OrgTree, name: str, kind: str, message: str
) -> None:
    before = Unit.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.unit_create(actor=None, name=name, kind=kind, parent=tree.city)
    assert Unit.objects.count() == before


def test_create_refuses_an_inactive_parent(tree: OrgTree) -> None:
    stopped = UnitFactory.create(parent=tree.city, is_active=False)
    with pytest.raises(ValidationError, match="已停用"):
        services.unit_create(actor=None, name="下级", kind="department", parent=stopped)


def test_the_same_name_is_allowed_under_another_parent(tree: OrgTree) -> None:
    unit = services.unit_create(
        actor=None, name="示例市教育局", kind="department", parent=tree.district
    )
    assert unit.parent == tree.district


def test_only_unit_managers_create_units(tree: OrgTree) -> None:
    editor = staff_with_role(tree.education, Role.EDITOR)
    with pytest.raises(PermissionDenied, match="新建、调整、停用下级单位"):
        services.unit_create(
            actor=editor, name="下级", kind="department", parent=tree.education
        )
    supervisor = staff_with_role(tree.district, Role.SUPERVISOR)
    services.unit_create(
        actor=supervisor, name="东城区审计局", kind="department", parent=tree.district
    )
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=supervisor, name="示例市审计局", kind="department", parent=tree.city
        )
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=supervisor, name="顶层单位", kind="government")


# --- codes ------------------------------------------------------------------------


def test_a_valid_uscc_is_accepted_and_normalised(tree: OrgTree) -> None:
    code = valid_uscc(1)
    unit = services.unit_create(
        actor=None,
        name="示例市审计局",
        kind="department",
        parent=tree.city,
        code=f" {code.lower()} ",
    )
    assert len(unit.code) == 18
    assert unit.code == code


def test_a_nine_character_org_code_is_accepted(tree: OrgTree) -> None:
    unit = services.unit_create(
        actor=None,
        name="示例市审计局",
        kind="department",
        parent=tree.city,
        code="D2143569-X",
    )
    assert unit.code == "D2143569X"


def test_a_wrong_check_character_is_refused_in_chinese(tree: OrgTree) -> None:
    with pytest.raises(ValidationError) as caught:
        services.unit_create(
            actor=None,
            name="示例市审计局",
            kind="department",
            parent=tree.city,
            code=wrong_check_char(valid_uscc(1)),
        )
    assert "统一社会信用代码的校验码不正确" in caught.value.message
    assert not Unit.objects.filter(name="示例市审计局").exists()


def test_a_duplicate_code_is_refused(tree: OrgTree) -> None:
    code = valid_uscc(2)
    services.unit_update(
        actor=None,
        unit=tree.education,
        name=tree.education.name,
        kind="department",
        code=code,
        short_names=[],
    )
    with pytest.raises(ValidationError, match=f"代码 {code} 已被“示例市教育局”使用"):
        services.unit_create(
            actor=None,
            name="示例市审计局",
            kind="department",
            parent=tree.city,
            code=code,
        )
    # Keeping its own code when saving again is no duplicate.
    services.unit_update(
        actor=None,
        unit=tree.education,
        name="示例市教育和体育局",
        kind="department",
        code=code.lower(),
        short_names=["市教体局"],
    )
    tree.education.refresh_from_db()
    assert (tree.education.name, tree.education.code) == ("示例市教育和体育局", code)


def test_update_audits_only_what_changed(tree: OrgTree) -> None:
    services.unit_update(
        actor=None,
        unit=tree.finance,
        name=tree.finance.name,
        kind="department",
        code="",
        short_names="市财政局",
        sort_order=tree.finance.sort_order,
        reason="补充简称",
    )
    event = AuditEvent.objects.get(verb="organizations.unit.updated")
    assert event.before == {"short_names": []}
    assert event.after == {"short_names": ["市财政局"]}
    assert event.reason == "补充简称"


def test_update_profile_checks_the_email(tree: OrgTree) -> None:
    with pytest.raises(ValidationError, match="电子邮箱格式不正确"):
        services.unit_update_profile(
            actor=None, unit=tree.finance, short_names=[], email="not-an-email"
        )
    unit = services.unit_update_profile(
        actor=None,
        unit=tree.finance,
        short_names="市财政局",
        address=" 人民路2号 ",
        phones="0531-1111111，0531-2222222",
        email="czj@example.gov.cn",
    )
    assert unit.address == "人民路2号"
    assert unit.phones == ["0531-1111111", "0531-2222222"]


# --- moving -----------------------------------------------------------------------


def test_move_carries_the_whole_subtree(tree: OrgTree) -> None:
    services.unit_move(
        actor=None, unit=tree.town, new_parent=tree.city, reason="区划调整"
    )
    for unit in tree.all():
        unit.refresh_from_db()
    assert tree.town.parent == tree.city
    assert tree.town.path == f"/{tree.city.pk}/{tree.town.pk}/"
    assert tree.town.depth == 1
    assert tree.village.path == f"/{tree.city.pk}/{tree.town.pk}/{tree.village.pk}/"
    assert tree.village.depth == 2
    # Units outside the moved subtree stay where they were.
    assert tree.district_education.path == (
        f"/{tree.city.pk}/{tree.district.pk}/{tree.district_education.pk}/"
    )
    event = AuditEvent.objects.get(verb="organizations.unit.moved")
    assert event.before == {"parent": "示例市东城区人民政府"}
    assert event.after == {"parent": "示例市人民政府"}


def test_move_deeper_updates_every_depth(tree: OrgTree) -> None:
    services.unit_move(actor=None, unit=tree.district, new_parent=tree.education)
    for unit in tree.all():
        unit.refresh_from_db()
    assert tree.district.depth == 2
    assert tree.town.depth == 3
    assert tree.village.depth == 4
    for unit in tree.all():
        assert unit.depth == unit.path.count("/") - 2
        parent = unit.parent
        assert unit.path == f"{parent.path if parent else '/'}{unit.pk}/"


@pytest.mark.parametrize("target", ["district", "town", "village"])
def test_a_unit_cannot_move_under_itself_or_its_descendants(
    tree: OrgTree, target: str
) -> None:
    with pytest.raises(ValidationError, match="不能把单位移到它自己或它的下级单位之下"):
        services.unit_move(
            actor=None, unit=tree.district, new_parent=getattr(tree, target)
        )
    tree.district.refresh_from_db()
    assert tree.district.parent == tree.city


def test_move_refuses_a_name_taken_at_the_destination(tree: OrgTree) -> None:
    UnitFactory.create(name="东城区教育局", parent=tree.city)
    with pytest.raises(ValidationError, match="已有名为“东城区教育局”的单位"):
        services.unit_move(
            actor=None, unit=tree.district_education, new_parent=tree.city
        )


# --- stopping ---------------------------------------------------------------------


def test_stopping_a_unit_needs_a_reason_and_no_active_children(tree: OrgTree) -> None:
    with pytest.raises(ValidationError, match="须填写理由"):
        services.unit_set_active(actor=None, unit=tree.village, active=False)
    with pytest.raises(ValidationError, match="还有启用中的下级单位"):
        services.unit_set_active(
            actor=None, unit=tree.town, active=False, reason="撤并"
        )
    services.unit_set_active(actor=None, unit=tree.village, active=False, reason="撤并")
    tree.village.refresh_from_db()
    assert not tree.village.is_active
    assert AuditEvent.objects.filter(verb="organizations.unit.deactivated").count() == 1
    # Stopping it again changes nothing and records nothing.
    services.unit_set_active(actor=None, unit=tree.village, active=False, reason="撤并")
    assert AuditEvent.objects.filter(verb="organizations.unit.deactivated").count() == 1
    services.unit_set_active(actor=None, unit=tree.village, active=True)
    tree.village.refresh_from_db()
    assert tree.village.is_active
