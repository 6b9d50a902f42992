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
from gongkai.organizations.permissions import can, scope_for
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


def visible_q(actor: Any) -> Q:
    """Applications the actor may open: made to a unit where they may view or
    register, or assigned to a department where they may handle."""
    view = scope_for(actor, Action.APPLICATION_VIEW)
    register = scope_for(actor, Action.APPLICATION_REGISTER)
    handle = scope_for(actor, Action.APPLICATION_HANDLE)
    q = Q(pk__in=[])
    if not view.empty:
        q |= view.q("unit__")
    if not register.empty:
        q |= register.q("unit__")
    if not handle.empty:
        q |= handle.q("department__")
    return q
