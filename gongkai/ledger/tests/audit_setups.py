"""Setups for tests/test_services_audit.py: one per service of gongkai.ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongkai.ledger import services
from gongkai.ledger.models import UnitAlias
from gongkai.ledger.tests.helpers import PLAN, import_plan, make_city, task

Service = Callable[..., Any]
Invoke = Callable[[], Any]

L = "gongkai.ledger.services."


def _workplan_import(service: Service) -> Invoke:
    city = make_city()
    return lambda: service(actor=city.supervisor, text=PLAN, dry_run=False)


def _task_update(service: Service) -> Invoke:
    city = make_city()
    first = task(import_plan(city), "1")
    return lambda: service(
        actor=city.supervisor,
        task=first,
        title="全面公开行政规范性文件",
        requirement="集中公开。",
        deadline=dt.date(2026, 11, 30),
        deadline_text="2026年11月底前",
        recurring=False,
        lead_units=[city.office],
        responsible_units=[city.education],
    )


def _task_set_done(service: Service) -> Invoke:
    city = make_city()
    first = task(import_plan(city), "1")
    return lambda: service(actor=city.supervisor, task=first, done=True)


def _progress_add(service: Service) -> Invoke:
    city = make_city()
    first = task(import_plan(city), "1")
    return lambda: service(
        actor=city.education_editor, task=first, unit=city.education, text="已完成清理"
    )


def _unit_alias_set(service: Service) -> Invoke:
    city = make_city()
    import_plan(city)
    return lambda: service(actor=city.supervisor, name="市统筹办", units=[city.finance])


def _unit_alias_remove(service: Service) -> Invoke:
    city = make_city()
    alias = UnitAlias.objects.create(name="市统筹办", unit=city.finance)
    return lambda: service(actor=city.supervisor, alias=alias)


def _tasks_refresh_status(service: Service) -> Invoke:
    city = make_city()
    import_plan(city)
    return lambda: service(actor=None, today=dt.date(2020, 1, 1))


def _tasks_remind(service: Service) -> Invoke:
    city = make_city()
    import_plan(city)
    return lambda: service(actor=None, today=dt.date(2026, 10, 26))


def _sheet(city: Any) -> Any:
    return services.sheet_create(
        actor=city.supervisor,
        unit=city.government,
        name="政务公开工作考评",
        period="2026年第三季度",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 9, 30),
        units=[city.education, city.finance],
    )


def _sheet_create(service: Service) -> Invoke:
    city = make_city()
    return lambda: service(
        actor=city.supervisor,
        unit=city.government,
        name="政务公开工作考评",
        period="2026年第三季度",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 9, 30),
    )


def _indicator_add(service: Service) -> Invoke:
    city = make_city()
    sheet = _sheet(city)
    return lambda: service(
        actor=city.supervisor,
        sheet=sheet,
        section="平台建设",
        name="政务新媒体更新",
        max_points="5",
    )


def _indicator_remove(service: Service) -> Invoke:
    city = make_city()
    indicator = _sheet(city).indicators.first()
    return lambda: service(actor=city.supervisor, indicator=indicator)


def _score_set(service: Service) -> Invoke:
    city = make_city()
    indicator = _sheet(city).indicators.get(section="组织保障")
    return lambda: service(
        actor=city.supervisor,
        indicator=indicator,
        unit=city.education,
        deductions=[("1", "未按时报送台账")],
    )


def _sheet_compute(service: Service) -> Invoke:
    city = make_city()
    sheet = _sheet(city)
    return lambda: service(
        actor=city.supervisor, sheet=sheet, today=dt.date(2026, 10, 15)
    )


def _sheet_publish(service: Service) -> Invoke:
    city = make_city()
    sheet = services.sheet_create(
        actor=city.supervisor,
        unit=city.government,
        name="专项考评",
        period="2026年9月",
        start=dt.date(2026, 9, 1),
        end=dt.date(2026, 9, 30),
        units=[city.education],
        with_defaults=False,
    )
    indicator = services.indicator_add(
        actor=city.supervisor,
        sheet=sheet,
        section="平台建设",
        name="栏目更新",
        max_points="10",
    )
    services.score_set(actor=city.supervisor, indicator=indicator, unit=city.education)
    return lambda: service(actor=city.supervisor, sheet=sheet)


SETUPS: dict[str, Callable[[Service], Invoke]] = {
    L + "indicator_add": _indicator_add,
    L + "indicator_remove": _indicator_remove,
    L + "progress_add": _progress_add,
    L + "score_set": _score_set,
    L + "sheet_compute": _sheet_compute,
    L + "sheet_create": _sheet_create,
    L + "sheet_publish": _sheet_publish,
    L + "task_set_done": _task_set_done,
    L + "task_update": _task_update,
    L + "tasks_refresh_status": _tasks_refresh_status,
    L + "tasks_remind": _tasks_remind,
    L + "unit_alias_remove": _unit_alias_remove,
    L + "unit_alias_set": _unit_alias_set,
    L + "workplan_import": _workplan_import,
}
