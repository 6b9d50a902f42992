"""Drafting, checking, overriding, publishing and withdrawing a report; table 二
figures entered and imported; last year's report imported; permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.reporting import selectors, services
from gongkai.reporting.exports import to_html
from gongkai.reporting.models import (
    AnnualReport,
    Coverage,
    EnteredFigures,
    ReportStatus,
)
from gongkai.reporting.tests.helpers import (
    EXPECTED_TABLE3,
    YEAR,
    World,
    build_year,
    make_world,
)
from gongkai.rules.annual_report import Rule
from tests.factories import xlsx_bytes

pytestmark = pytest.mark.django_db

SECTIONS = {
    "overview": "本年度，本局认真贯彻落实《政府信息公开条例》。",
    "problems": "主要问题：依申请公开答复质量有待提高。改进：加强培训。",
    "other": "本年未收取信息处理费以外的费用。",
}


@pytest.fixture
def world() -> World:
    return build_year(make_world())


def _draft(w: World) -> AnnualReport:
    report = services.report_create(actor=w.office, unit=w.education, year=YEAR)
    return services.report_sections_update(
        actor=w.office, report=report, sections=SECTIONS
    )


def _previous_page(w: World, carried_out_natural: int) -> str:
    """Last year's report as published elsewhere, with a chosen 结转 figure."""
    from gongkai.reporting.compute import compute
    from gongkai.rules.annual_report import ReportFormat

    tables = compute([w.education.pk], YEAR - 1, ReportFormat.F2021).tables
    carried_out = tables.table3.values["carried_out"]
    others = (carried_out["总计"] or 0) - (carried_out["自然人"] or 0)
    carried_out["总计"] = others + carried_out_natural
    carried_out["自然人"] = carried_out_natural
    from gongkai.reporting.exports import ReportDocument

    return to_html(
        ReportDocument("示例市教育局2023年政府信息公开工作年度报告", tables, {})
    )


def test_a_new_draft_starts_from_generated_facts(world: World) -> None:
    report = services.report_create(actor=world.office, unit=world.education, year=YEAR)
    assert report.format == "2021"
    assert report.coverage == Coverage.UNIT
    assert report.title == "示例市教育局2024年政府信息公开工作年度报告"
    text = report.sections["applications"]
    assert f"本年新收政府信息公开申请{EXPECTED_TABLE3['new']['总计']}件" in text
    assert "上年结转2件" in text
    assert "按期办结率" in text
    assert "信息处理费" in report.sections["other"]
    assert "实际收取信息处理费1件" in report.sections["other"]
    assert (
        "解读比例" not in report.sections["proactive"]
        or "%" in report.sections["proactive"]
    )
    assert AuditEvent.objects.filter(verb="reporting.report.created").exists()
    with pytest.raises(ValidationError, match="已经存在"):
        services.report_create(actor=world.office, unit=world.education, year=YEAR)


def test_2020_report_uses_the_2019_format(world: World) -> None:
    report = services.report_create(actor=world.office, unit=world.education, year=2020)
    assert report.format == "2019"
    with pytest.raises(ValidationError, match="2019年"):
        services.report_create(actor=world.office, unit=world.education, year=2018)


def test_publication_freezes_tables_text_and_html(world: World) -> None:
    report = _draft(world)
    published = services.report_publish(actor=world.leader, report=report)
    assert published.status == ReportStatus.PUBLISHED
    assert published.published_by == world.leader
    assert published.tables is not None
    assert published.tables["table3"]["new"]["总计"] == EXPECTED_TABLE3["new"]["总计"]
    assert "本年度，本局认真贯彻落实" in published.html
    assert selectors.reports_public().filter(pk=report.pk).exists()
    # later records do not change the published report
    from gongkai.reporting.tests.helpers import apply

    apply(world.education, dt.date(YEAR, 12, 1))
    data = selectors.report_data(published)
    assert not data.live
    assert data.tables.table3.get("new", "总计") == EXPECTED_TABLE3["new"]["总计"]
    with pytest.raises(ValidationError, match="已发布"):
        services.report_sections_update(
            actor=world.office, report=published, sections={"other": "改"}
        )
    with pytest.raises(ValidationError, match="已发布"):
        services.figures_set(
            actor=world.office, unit=world.education, year=YEAR, values={}
        )


def test_publication_needs_the_text_sections(world: World) -> None:
    report = services.report_create(actor=world.office, unit=world.education, year=YEAR)
    with pytest.raises(ValidationError, match="五、存在的主要问题及改进情况"):
        services.report_publish(actor=world.leader, report=report)


def test_a_broken_identity_blocks_publication_until_overridden_with_a_reason(
    world: World,
) -> None:
    # Last year's report (published elsewhere) said 5 natural persons' applications
    # were carried over; the records say 1.
    services.previous_report_import(
        actor=world.office,
        unit=world.education,
        year=YEAR - 1,
        content=_previous_page(world, carried_out_natural=5).encode("utf-8"),
        filename="2023年报.html",
    )
    report = _draft(world)
    data = selectors.report_data(report)
    failing = data.failing
    assert failing, "the cross-year identity must fail"
    assert {c.rule for c in failing} == {Rule.CARRIED_OVER.value}
    assert any("自然人列" in c.detail and "相差4" in c.detail for c in failing)
    with pytest.raises(ValidationError, match="核验不通过，不能发布") as caught:
        services.report_publish(actor=world.leader, report=report)
    assert caught.value.extra["checks"]
    # an editor may not confirm; a reason is required
    with pytest.raises(PermissionDenied):
        services.report_checks_override(
            actor=world.editor, report=report, reason="理由足够长的说明"
        )
    with pytest.raises(ValidationError, match="理由"):
        services.report_checks_override(actor=world.leader, report=report, reason="好")
    services.report_checks_override(
        actor=world.leader,
        report=report,
        reason="上年报告结转数误将已办结的4件计入，已在第六部分说明",
    )
    event = AuditEvent.objects.get(verb="reporting.report.checks_overridden")
    assert "已在第六部分说明" in event.reason
    published = services.report_publish(actor=world.leader, report=report)
    assert published.is_published
    assert any(c["ok"] is False for c in published.checks)


def test_an_override_covers_only_the_failures_it_saw(world: World) -> None:
    services.previous_report_import(
        actor=world.office,
        unit=world.education,
        year=YEAR - 1,
        content=_previous_page(world, carried_out_natural=5),
        filename="2023.html",
    )
    report = _draft(world)
    services.report_checks_override(
        actor=world.leader, report=report, reason="已核实，上年报告有误"
    )
    # the record changes: another check fails now
    EnteredFigures.objects.filter(unit=world.education, year=YEAR).delete()
    with pytest.raises(ValidationError, match="填报数字"):
        services.report_publish(actor=world.leader, report=report)


def test_a_concluded_application_without_a_known_row_is_flagged(world: World) -> None:
    from gongkai.disclosures.models import Application

    # A closed application whose reply row the format does not have (e.g. data
    # migrated from an older system): it cannot be placed in any row.
    Application.objects.filter(pk=world.apps["petition"].pk).update(
        outcome_row="legacy"
    )
    report = _draft(world)
    data = selectors.report_data(report)
    closed_once = [c for c in data.failing if c.rule == Rule.CLOSED_ONCE.value]
    assert closed_once
    assert any("legacy" in c.detail for c in closed_once)
    with pytest.raises(ValidationError, match="每件只计入一行"):
        services.report_publish(actor=world.leader, report=report)


def test_withdraw_returns_to_draft_with_a_reason(world: World) -> None:
    published = services.report_publish(actor=world.leader, report=_draft(world))
    with pytest.raises(ValidationError, match="理由"):
        services.report_withdraw(actor=world.leader, report=published, reason="")
    draft = services.report_withdraw(
        actor=world.leader, report=published, reason="表三结转数需要更正"
    )
    assert draft.status == ReportStatus.DRAFT
    assert draft.html == "" and draft.tables is None
    assert not selectors.reports_public().filter(pk=draft.pk).exists()


def test_permissions(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.report_create(actor=world.editor, unit=world.education, year=YEAR)
    with pytest.raises(PermissionDenied):  # 领导 publishes but does not draft
        services.report_create(actor=world.leader, unit=world.education, year=YEAR)
    report = _draft(world)
    with pytest.raises(PermissionDenied):  # 工作机构 of the city is not the bureau's
        services.report_publish(actor=world.city_office, report=report)
    # 主管部门 sees the reports of its subtree, the editor does not
    assert selectors.reports_visible_to(world.supervisor).filter(pk=report.pk).exists()
    assert not selectors.reports_visible_to(world.editor).exists()
    with pytest.raises(PermissionDenied):
        services.report_sections_update(
            actor=world.supervisor, report=report, sections={}
        )
    with pytest.raises(ValidationError, match="本级报告"):
        services.report_create(
            actor=world.office,
            unit=world.education,
            year=YEAR - 1,
            coverage=Coverage.LEVEL,
        )
    government = services.report_create(
        actor=world.city_office, unit=world.city, year=YEAR
    )
    assert government.coverage == Coverage.LEVEL


# --- table 二 figures ------------------------------------------------------------------------


def test_figures_are_validated(world: World) -> None:
    unit, year = world.education, YEAR + 1
    with pytest.raises(ValidationError, match="整数"):
        services.figures_set(
            actor=world.office,
            unit=unit,
            year=year,
            values={"licensing": {"本年处理决定数量": "1.5"}},
        )
    with pytest.raises(ValidationError, match="负数"):
        services.figures_set(
            actor=world.office,
            unit=unit,
            year=year,
            values={"penalty": {"本年处理决定数量": -1}},
        )
    with pytest.raises(ValidationError, match="没有需要填写"):
        services.figures_set(
            actor=world.office,
            unit=unit,
            year=year,
            values={"rules": {"本年制发件数": 1}},
        )
    stored = services.figures_set(
        actor=world.office,
        unit=unit,
        year=year,
        values={
            "fees": {"本年收费金额（单位：万元）": "1,234.5"},
            "coercion": {"本年处理决定数量": ""},
        },
    )
    assert stored.values == {"fees": {"本年收费金额（单位：万元）": "1234.5"}}


def test_figures_import_from_a_spreadsheet(world: World) -> None:
    data = xlsx_bytes(
        [
            (world.education.code, 2025, 30, 2, 0, 12.75),
            ("示例市财政局", "2025年", 5, None, 1, None),
        ],
        header=(
            "单位",
            "年度",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费（万元）",
        ),
    )
    stored = services.figures_import(actor=None, data=data, filename="执法数据.xlsx")
    assert len(stored) == 2
    edu = EnteredFigures.objects.get(unit=world.education, year=2025)
    assert edu.values["fees"]["本年收费金额（单位：万元）"] == "12.75"
    assert edu.source == "imported" and edu.source_name == "执法数据.xlsx"
    fin = EnteredFigures.objects.get(unit=world.finance, year=2025)
    assert fin.values == {
        "licensing": {"本年处理决定数量": 5},
        "coercion": {"本年处理决定数量": 1},
    }
    from gongkai.reporting.compute import compute
    from gongkai.rules.annual_report import ReportFormat

    t2 = compute(
        [world.education.pk, world.finance.pk], 2025, ReportFormat.F2021
    ).tables.table2
    assert t2.get("licensing", "本年处理决定数量") == 35
    assert t2.get("fees", "本年收费金额（单位：万元）") == Decimal("12.75")


def test_figures_import_is_all_or_nothing(world: World) -> None:
    data = xlsx_bytes(
        [("示例市教育局", 2025, 30, 2, 0, 1), ("不存在的单位", 2025, 1, 1, 1, 1)],
        header=(
            "单位名称",
            "年度",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费（万元）",
        ),
    )
    with pytest.raises(ValidationError, match="不存在的单位"):
        services.figures_import(actor=None, data=data)
    assert not EnteredFigures.objects.filter(year=2025).exists()
    yuan = xlsx_bytes(
        [("示例市教育局", 2025, 1)], header=("单位", "年度", "行政事业性收费（元）")
    )
    with pytest.raises(ValidationError, match="万元"):
        services.figures_import(actor=None, data=yuan)
    with pytest.raises(PermissionDenied):
        services.figures_import(actor=world.editor, data=data)


# --- last year's report ------------------------------------------------------------------------


def test_previous_report_import_reads_the_published_page(world: World) -> None:
    page = _previous_page(world, carried_out_natural=1)
    stored = services.previous_report_import(
        actor=world.office,
        unit=world.education,
        year=YEAR - 1,
        content=page,
        filename="a.html",
    )
    assert stored.format == "2021"
    assert stored.tables["table3"]["carried_out"]["自然人"] == 1
    report = _draft(world)
    data = selectors.report_data(report)
    assert data.previous_source.startswith("2023年报告（导入")
    carried = [c for c in data.checks if c.rule == Rule.CARRIED_OVER.value]
    assert carried and all(c.ok is True for c in carried), carried
    with pytest.raises(ValidationError, match="没有读出"):
        services.previous_report_import(
            actor=world.office,
            unit=world.education,
            year=YEAR - 1,
            content="没有表格的文字",
        )


# --- reminders ------------------------------------------------------------------------------


def test_deadline_reminders_go_to_the_disclosure_office_once(world: World) -> None:
    from gongkai.core.models import Notification

    # 1月21日: 10 days before the departments' deadline of 1月31日
    sent = services.reminders_send(actor=None, today=dt.date(YEAR + 1, 1, 21))
    notes = Notification.objects.filter(recipient=world.office)
    assert notes.count() == 1
    assert "1月31日前发布" in notes.get().title
    assert sent >= 1
    assert services.reminders_send(actor=None, today=dt.date(YEAR + 1, 1, 22)) == 0
    services.reminders_send(actor=None, today=dt.date(YEAR + 1, 1, 29))
    assert notes.count() == 2
    # published: no more reminders; the government's deadline is 3月31日
    services.report_publish(actor=world.leader, report=_draft_for(world, YEAR))
    services.reminders_send(actor=None, today=dt.date(YEAR + 1, 2, 2))
    assert notes.count() == 2
    city = Notification.objects.filter(recipient=world.city_office)
    services.reminders_send(actor=None, today=dt.date(YEAR + 1, 3, 25))
    assert city.filter(title__contains="3月31日").exists()
    services.reminders_send(actor=None, today=dt.date(YEAR + 1, 4, 2))
    assert city.filter(title__contains="已超过").exists()


def _draft_for(w: World, year: int) -> AnnualReport:
    report = services.report_create(actor=w.office, unit=w.education, year=year)
    return services.report_sections_update(
        actor=w.office, report=report, sections=SECTIONS
    )


def test_the_reminder_job_is_registered() -> None:
    from gongkai.core.periodic import registered_jobs

    assert "reporting.deadline_reminders" in {job.name for job in registered_jobs()}
