"""Reads of units, staff and roles, filtered by what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gongkai.core.exceptions import NotFound
from gongkai.organizations.models import RoleAssignment, Staff, Unit
from gongkai.organizations.permissions import scope_for
from gongkai.organizations.roles import Action


def units_visible_to(actor: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(actor, Action.UNIT_VIEW).q())


def unit_get(actor: Any, unit_id: int) -> Unit:
    """The unit if ``actor`` may see it; ``NotFound`` alike when missing or hidden."""
    try:
        return units_visible_to(actor).get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该单位，或您无权查看。") from None


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path)


def unit_by_name(name: str) -> Unit | None:
    """The one unit with this full name, else the one with this short name; ``None``
    when there is none or the name is ambiguous (names are unique only under a parent)."""
    by_name = list(Unit.objects.filter(name=name)[:2])
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        return None
    matches = [
        candidate.pk
        for candidate in Unit.objects.exclude(short_names=[]).only("id", "short_names")
        if name in candidate.short_names
    ]
    return Unit.objects.get(pk=matches[0]) if len(matches) == 1 else None


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def unit_tree(actor: Any) -> list[TreeNode]:
    """The visible units as a forest: each visible unit under its nearest visible
    ancestor, so a department editor sees only their own branch."""
    units = list(units_visible_to(actor).order_by("depth", "sort_order", "name"))
    nodes = {u.pk: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for unit in units:
        parent_id = next(
            (a for a in reversed(unit.ancestor_ids()[:-1]) if a in nodes), None
        )
        (nodes[parent_id].children if parent_id else roots).append(nodes[unit.pk])
    return roots


def staff_visible_to(actor: Any) -> QuerySet[Staff]:
    scope = scope_for(actor, Action.UNIT_VIEW)
    return Staff.objects.filter(scope.q("unit__")).select_related("unit")


def staff_get(actor: Any, staff_id: int) -> Staff:
    try:
        return staff_visible_to(actor).get(pk=staff_id)
    except (Staff.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该工作人员，或您无权查看。") from None


def roles_of(staff: Staff) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(staff=staff)
        .select_related("unit")
        .order_by("unit__path", "role")
    )


def role_assignment_get(actor: Any, assignment_id: int) -> RoleAssignment:
    scope = scope_for(actor, Action.UNIT_VIEW)
    try:
        return RoleAssignment.objects.select_related("unit", "staff").get(
            scope.q("unit__"), pk=assignment_id
        )
    except (RoleAssignment.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该角色授予记录，或您无权查看。") from None
