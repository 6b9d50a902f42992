"""Every service writes an audit event.

A service is a public function defined in a module named ``services.py`` under the
``gongkai`` package. Each one must have an entry in ``REGISTRY`` below: a setup
function that receives the service, prepares what it needs (with the factories, or
with other services) and returns a no-argument callable that invokes the service
once with valid arguments. The test then checks that this invocation appended at
least one ``core.AuditEvent`` whose verb starts with the app's label.

Adding a service? Add one line to ``REGISTRY`` and, above it, a setup function:

    def _calendar_publish(service: Service) -> Invoke:
        calendar = CalendarFactory.create()
        return lambda: service(actor=admin(), calendar=calendar)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps

import gongkai
from gongkai.core.models import AuditEvent, Notification
from gongkai.disclosures.tests.audit_setups import SETUPS as DISCLOSURE_SETUPS
from gongkai.ledger.tests.audit_setups import SETUPS as LEDGER_SETUPS
from gongkai.organizations.models import RoleAssignment, Staff, Unit
from gongkai.organizations.roles import Role
from gongkai.publications.tests.audit_setups import SETUPS as PUBLICATION_SETUPS
from gongkai.reporting.tests.audit_setups import SETUPS as REPORTING_SETUPS
from tests.factories import (
    PASSWORD,
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    build_tree,
    valid_uscc,
    xlsx_bytes,
)

Service = Callable[..., Any]
Invoke = Callable[[], Any]
Setup = Callable[[Service], Invoke]


def service_module_names() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(gongkai.__path__, prefix="gongkai.")
        if info.name.rsplit(".", 1)[-1] == "services" and not info.ispkg
    )


def services_of(module: ModuleType) -> dict[str, Service]:
    return {
        f"{module.__name__}.{name}": fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }


def discovered_services() -> dict[str, Service]:
    found: dict[str, Service] = {}
    for name in service_module_names():
        found.update(services_of(importlib.import_module(name)))
    return found


# --- shared setup ----------------------------------------------------------------


def admin() -> Staff:
    """A superuser acting through the services, so the actor is recorded."""
    staff: Staff = StaffFactory.create(username="audit_admin", is_superuser=True)
    return staff


def a_unit(**fields: Any) -> Unit:
    unit: Unit = UnitFactory.create(**fields)
    return unit


def a_staff(**fields: Any) -> Staff:
    staff: Staff = StaffFactory.create(
        unit=fields.pop("unit", None) or a_unit(), **fields
    )
    return staff


# --- gongkai.calendars.services ----------------------------------------------------

AUDIT_CLOCK = "calendars.audit_walk"


def _calendar_import_notice(service: Service) -> Invoke:
    from pathlib import Path

    notice = Path(gongkai.__file__).parent / "rules" / "tests" / "data"
    text = (notice / "notice_2026.txt").read_text(encoding="utf-8")
    return lambda: service(actor=admin(), text=text, confirm=True)


def _deadlines_recompute_for_year(service: Service) -> Invoke:
    return lambda: service(actor=admin(), year=2027)


def _deadline_store(service: Service) -> Invoke:
    from datetime import date

    from gongkai.calendars.clocks import register_clock, unregister_clock

    owner = a_unit()

    def invoke() -> Any:
        register_clock(AUDIT_CLOCK, label="审计测试期限")
        try:
            return service(
                actor=admin(),
                clock=AUDIT_CLOCK,
                obj=owner,
                received=date(2026, 9, 30),
                period=20,
                unit=owner,
            )
        finally:
            unregister_clock(AUDIT_CLOCK)

    return invoke


def _unit_set_message_reply_days(service: Service) -> Invoke:
    unit = a_unit()
    return lambda: service(actor=admin(), unit=unit, working_days=3)


# --- gongkai.core.services --------------------------------------------------------


def _notification_send(service: Service) -> Invoke:
    recipient = a_staff()
    return lambda: service(actor=admin(), recipient=recipient, title="期限变更提醒")


def _notification_mark_read(service: Service) -> Invoke:
    recipient = a_staff()
    note = Notification.objects.create(recipient=recipient, title="提醒")
    return lambda: service(actor=recipient, notification_id=note.pk)


# --- gongkai.organizations.services -----------------------------------------------


def _unit_create(service: Service) -> Invoke:
    parent = a_unit()
    return lambda: service(
        actor=admin(),
        name="新建单位",
        kind="department",
        parent=parent,
        code=valid_uscc(7),
    )


def _unit_update(service: Service) -> Invoke:
    unit = a_unit()
    return lambda: service(
        actor=admin(),
        unit=unit,
        name="更名后的单位",
        kind="department",
        code="",
        short_names="新简称",
    )


def _unit_update_profile(service: Service) -> Invoke:
    unit = a_unit()
    return lambda: service(
        actor=admin(), unit=unit, short_names=[], address="人民路1号"
    )


def _unit_move(service: Service) -> Invoke:
    tree = build_tree()
    return lambda: service(actor=admin(), unit=tree.education, new_parent=tree.district)


def _unit_set_active(service: Service) -> Invoke:
    unit = a_unit()
    return lambda: service(
        actor=admin(), unit=unit, active=False, reason="机构改革撤并"
    )


def _staff_create(service: Service) -> Invoke:
    unit = a_unit()
    return lambda: service(
        actor=admin(),
        username="new_staff",
        full_name="新同事",
        unit=unit,
        password=PASSWORD,
    )


def _staff_update(service: Service) -> Invoke:
    staff = a_staff()
    return lambda: service(
        actor=admin(), staff=staff, full_name="改名", unit=staff.unit
    )


def _staff_set_active(service: Service) -> Invoke:
    staff = a_staff()
    return lambda: service(actor=admin(), staff=staff, active=False, reason="调离")


def _staff_set_password(service: Service) -> Invoke:
    staff = a_staff()
    return lambda: service(actor=staff, staff=staff, password="Xin-mima-2025!")


def _role_grant(service: Service) -> Invoke:
    staff = a_staff()
    return lambda: service(
        actor=admin(), staff=staff, unit=staff.unit, role=Role.EDITOR
    )


def _role_revoke(service: Service) -> Invoke:
    assignment: RoleAssignment = RoleAssignmentFactory.create()
    return lambda: service(actor=admin(), assignment=assignment, reason="岗位调整")


def _units_import(service: Service) -> Invoke:
    a_unit(name="示例市人民政府")
    data = xlsx_bytes([("示例市审计局", "示例市人民政府", "部门", "", "市审计局")])
    return lambda: service(actor=admin(), data=data)


def _records_import(service: Service) -> Invoke:
    import datetime as dt

    from gongkai.publications.services import ImportRow, RevisionInput

    unit = a_unit(code=valid_uscc(31))
    row = ImportRow(
        line=1,
        unit=unit,
        data=RevisionInput(
            title="关于迁移导入的通知",
            formed_on=dt.date(2024, 3, 5),
            body="<p>正文</p>",
        ),
        published_on=dt.date(2024, 3, 6),
    )
    return lambda: service(actor=admin(), rows=[row], publish=True)


# service qualified name → setup (keep sorted by module, then name)
REGISTRY: dict[str, Setup] = {
    "gongkai.calendars.services.calendar_import_notice": _calendar_import_notice,
    "gongkai.calendars.services.deadline_store": _deadline_store,
    "gongkai.calendars.services.deadlines_recompute_for_year": _deadlines_recompute_for_year,
    "gongkai.calendars.services.unit_set_message_reply_days": _unit_set_message_reply_days,
    "gongkai.core.services.notification_mark_read": _notification_mark_read,
    "gongkai.core.services.notification_send": _notification_send,
    "gongkai.organizations.services.role_grant": _role_grant,
    "gongkai.organizations.services.role_revoke": _role_revoke,
    "gongkai.organizations.services.staff_create": _staff_create,
    "gongkai.organizations.services.staff_set_active": _staff_set_active,
    "gongkai.organizations.services.staff_set_password": _staff_set_password,
    "gongkai.organizations.services.staff_update": _staff_update,
    "gongkai.organizations.services.unit_create": _unit_create,
    "gongkai.organizations.services.unit_move": _unit_move,
    "gongkai.organizations.services.unit_set_active": _unit_set_active,
    "gongkai.organizations.services.unit_update": _unit_update,
    "gongkai.organizations.services.unit_update_profile": _unit_update_profile,
    "gongkai.organizations.services.units_import": _units_import,
    "gongkai.publications.services.records_import": _records_import,
}
# Apps with many services keep their setups beside their own tests.
REGISTRY.update(PUBLICATION_SETUPS)
REGISTRY.update(LEDGER_SETUPS)
REGISTRY.update(DISCLOSURE_SETUPS)
REGISTRY.update(REPORTING_SETUPS)


def test_every_service_has_an_audit_test() -> None:
    discovered = discovered_services()
    assert discovered, "no services.py module found under gongkai"
    missing = sorted(set(discovered) - set(REGISTRY))
    stale = sorted(set(REGISTRY) - set(discovered))
    assert not missing, (
        "These services have no entry in REGISTRY of tests/test_services_audit.py: "
        f"{missing}. Add one line per service and a setup function that prepares its "
        "arguments and returns a callable invoking it (see the module docstring)."
    )
    assert not stale, (
        f"REGISTRY names functions that are not services (any more): {stale}. "
        "Remove or rename those entries."
    )


def _app_label(module_name: str) -> str:
    config = apps.get_containing_app_config(module_name)
    assert config is not None, f"{module_name} is not inside an installed app"
    return config.label


@pytest.mark.django_db
@pytest.mark.parametrize("qualified_name", sorted(REGISTRY))
def test_service_writes_an_audit_event(qualified_name: str) -> None:
    # Only this service's module is imported: a broken module elsewhere fails the
    # coverage test above, not every service's test.
    module_name = qualified_name.rsplit(".", 1)[0]
    services = services_of(importlib.import_module(module_name))
    if qualified_name not in services:
        pytest.fail(f"{qualified_name} is registered but is not a service any more")
    service = services[qualified_name]
    invoke = REGISTRY[qualified_name](service)
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    invoke()

    new = AuditEvent.objects.filter(id__gt=last_id or 0)
    label = _app_label(service.__module__)
    verbs = list(new.values_list("verb", flat=True))
    assert any(verb.startswith(f"{label}.") for verb in verbs), (
        f"{qualified_name} wrote no audit event with a verb starting with "
        f"“{label}.” (new events: {verbs})"
    )
