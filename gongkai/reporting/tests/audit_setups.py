"""Setups for tests/test_services_audit.py: one per service of gongkai.reporting.

Merge into ``REGISTRY`` with ``REGISTRY.update(REPORTING_SETUPS)`` (import
``SETUPS as REPORTING_SETUPS`` from this module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongkai.reporting import services
from gongkai.reporting.exports import ReportDocument, to_html
from gongkai.reporting.models import AnnualReport
from gongkai.reporting.tests.helpers import World, apply, make_world
from gongkai.rules.annual_report import AnnualReportTables, ReportFormat, Table3

Service = Callable[..., Any]
Invoke = Callable[[], Any]

P = "gongkai.reporting.services."
YEAR = 2024
ZERO_FIGURES: dict[str, dict[str, Any]] = {
    "licensing": {"本年处理决定数量": 0},
    "penalty": {"本年处理决定数量": 0},
    "coercion": {"本年处理决定数量": 0},
    "fees": {"本年收费金额（单位：万元）": "0"},
}
SECTIONS = {"overview": "总体情况", "problems": "无", "other": "无"}


def _draft(*, figures: bool = True) -> tuple[World, AnnualReport]:
    w = make_world()
    apply(w.education, dt.date(YEAR, 3, 4))
    if figures:
        services.figures_set(
            actor=None, unit=w.education, year=YEAR, values=ZERO_FIGURES
        )
    report = services.report_create(actor=None, unit=w.education, year=YEAR)
    report = services.report_sections_update(
        actor=None, report=report, sections=SECTIONS
    )
    return w, report


def _report_create(service: Service) -> Invoke:
    w = make_world()
    return lambda: service(actor=w.office, unit=w.education, year=YEAR)


def _report_sections_update(service: Service) -> Invoke:
    w, report = _draft()
    return lambda: service(
        actor=w.office, report=report, sections={"problems": "培训不足，已加强。"}
    )


def _report_checks_override(service: Service) -> Invoke:
    w, report = _draft(figures=False)  # table 二 figures missing: a failing check
    return lambda: service(
        actor=w.leader, report=report, reason="行政许可等数据由市场监管系统另行公布"
    )


def _report_publish(service: Service) -> Invoke:
    w, report = _draft()
    return lambda: service(actor=w.leader, report=report)


def _report_withdraw(service: Service) -> Invoke:
    w, report = _draft()
    services.report_publish(actor=w.leader, report=report)
    return lambda: service(actor=w.leader, report=report, reason="表三数字需要更正")


def _figures_set(service: Service) -> Invoke:
    w = make_world()
    return lambda: service(
        actor=w.office, unit=w.education, year=YEAR, values=ZERO_FIGURES
    )


def _figures_import(service: Service) -> Invoke:
    from tests.factories import xlsx_bytes

    w = make_world()
    data = xlsx_bytes(
        [(w.education.name, YEAR, 12, 3, 0, 1.5)],
        header=(
            "单位",
            "年度",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费（万元）",
        ),
    )
    return lambda: service(actor=w.office, data=data, filename="执法数据.xlsx")


def _previous_report_import(service: Service) -> Invoke:
    w = make_world()
    row = dict.fromkeys(
        (
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ),
        0,
    )
    tables = AnnualReportTables(
        ReportFormat.F2021, table3=Table3({"new": dict(row), "carried_out": dict(row)})
    )
    page = to_html(ReportDocument("2023年报告", tables, {}))
    return lambda: service(
        actor=w.office, unit=w.education, year=YEAR - 1, content=page, filename="a.html"
    )


def _reminders_send(service: Service) -> Invoke:
    make_world()
    return lambda: service(actor=None, today=dt.date(YEAR + 1, 1, 21))


SETUPS: dict[str, Callable[[Service], Invoke]] = {
    P + "figures_import": _figures_import,
    P + "figures_set": _figures_set,
    P + "previous_report_import": _previous_report_import,
    P + "reminders_send": _reminders_send,
    P + "report_checks_override": _report_checks_override,
    P + "report_create": _report_create,
    P + "report_publish": _report_publish,
    P + "report_sections_update": _report_sections_update,
    P + "report_withdraw": _report_withdraw,
}
