"""Who may do what with an application, read from ``organizations.roles`` only.

Two units matter: the unit the application was made to (``unit``: its
政府信息公开工作机构 registers, reviews, assigns, replies) and the department it was
assigned to (``department``: its 部门信息员 gathers the information and answers).

* ``APPLICATION_HANDLE`` is checked through the department, or through the unit for
  those who may register there (the office handles everything it registers).
* ``APPLICATION_VIEW_PERSONAL`` is granted only together with the right to handle:
  the office of the unit, or a handler of the assigned department.
* Every other action is checked through the unit applied to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gongkai.core.exceptions import PermissionDenied
from gongkai.disclosures.models import Application
from gongkai.organizations.permissions import Scope, can, scope_for
from gongkai.organizations.roles import Action


def may_handle(actor: Any, application: Application) -> bool:
    if can(actor, Action.APPLICATION_REGISTER, application.unit):
        return True
    department = application.department
    return department is not None and can(actor, Action.APPLICATION_HANDLE, department)


def may_see_personal(actor: Any, application: Application) -> bool:
    """The applicant's ID document, ID number and contact details."""
    unit = application.unit
    if can(actor, Action.APPLICATION_REGISTER, unit) and can(
        actor, Action.APPLICATION_VIEW_PERSONAL, unit
    ):
        return True
    department = application.department
    return (
        department is not None
        and can(actor, Action.APPLICATION_HANDLE, department)
        and can(actor, Action.APPLICATION_VIEW_PERSONAL, department)
    )


def allowed(actor: Any, action: str, application: Application) -> bool:
    if action == Action.APPLICATION_HANDLE:
        return may_handle(actor, application)
    if action == Action.APPLICATION_VIEW_PERSONAL:
        return may_see_personal(actor, application)
    return can(actor, action, application.unit)


def require_on(actor: Any, action: str, application: Application) -> None:
    if not allowed(actor, action, application):
        label = Action(action).label if action in Action.values else action
        raise PermissionDenied(
            f"您没有办理申请{application.number}的“{label}”权限。"
            "如需办理，请联系本单位政府信息公开工作机构分办或授予相应角色。"
        )


def _seeing(actor: Any) -> tuple[tuple[Scope, str], ...]:
    """The scopes in which the actor sees applications, each with the relation of
    the application it applies through: view or register in the unit applied to,
    handle in the department it was assigned to."""
    return (
        (scope_for(actor, Action.APPLICATION_VIEW), "unit__"),
        (scope_for(actor, Action.APPLICATION_REGISTER), "unit__"),
        (scope_for(actor, Action.APPLICATION_HANDLE), "department__"),
    )


def _union(parts: tuple[tuple[Scope, str], ...]) -> Q:
    q = Q(pk__in=[])
    for scope, via in parts:
        if scope.everything:
            return Q()  # (``q | Q()`` would be ``q``: an empty Q adds nothing)
        if not scope.empty:
            q |= scope.q(via)
    return q


def visible_q(actor: Any) -> Q:
    """Applications the actor may open: made to a unit where they may view or
    register, or assigned to a department where they may handle."""
    return _union(_seeing(actor))


def visible_units_q(actor: Any) -> Q:
    """A filter on units: the units where the actor may see applications (the
    scopes of ``visible_q``, applied to the units themselves)."""
    return _union(tuple((scope, "") for scope, _ in _seeing(actor)))
