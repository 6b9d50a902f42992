"""Who may change the holiday schedule.

The schedule is the same for the whole system, so it is not managed "in a unit":
the system itself (the operator's command line), a superuser, or a holder of
``Action.CALENDAR_MANAGE`` (系统管理员) in a top-level unit may load it.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.exceptions import PermissionDenied
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import scope_for
from gongkai.organizations.roles import Action


def can_manage_calendar(actor: Any) -> bool:
    scope = scope_for(actor, Action.CALENDAR_MANAGE)
    if scope.everything:
        return True
    if scope.empty:
        return False
    return any(
        scope.contains(unit)
        for unit in Unit.objects.filter(parent__isnull=True, is_active=True)
    )


def require_calendar_manage(actor: Any) -> None:
    if not can_manage_calendar(actor):
        raise PermissionDenied(
            "您没有维护节假日安排的权限。节假日安排全系统共用，"
            "请联系顶层单位的系统管理员导入国务院办公厅的放假安排通知。"
        )
