"""考评: automatic indicators against a hand-computed example, manual scores with
deductions, the ranking and the published 通报 (HTML and PDF)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from pdfminer.high_level import extract_text

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.ledger import scoring, selectors, services
from gongkai.ledger.models import IndicatorSheet, Score
from gongkai.ledger.states import AutoKey, Method
from gongkai.ledger.tests.helpers import City, import_plan, make_city, task
from gongkai.organizations.roles import Role
from gongkai.publications import services as publications
from gongkai.publications.models import Record, Revision
from gongkai.publications.tests.helpers import Desk, advance, draft, publish
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db

D = dt.date
START, END, TODAY = D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 15)

PLAN = """示例市2026年政务公开重点任务
一、重点任务
1.任务甲。按要求落实。（责任单位：市教育局、市财政局；完成时限：2026年7月31日前）
2.任务乙。按要求落实。（责任单位：市教育局；完成时限：2026年8月31日前）
3.任务丙。按要求落实。（责任单位：市教育局；完成时限：2026年9月30日前）
4.任务丁。按要求落实。（责任单位：市教育局；完成时限：2026年12月31日前）
5.任务戊。按要求落实。（责任单位：市教育局；完成时限：2026年9月30日前）
"""


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on ``day`` in Beijing time, as UTC."""
    return dt.datetime(
        day.year, day.month, day.day, hour, tzinfo=dt.UTC
    ) - dt.timedelta(hours=8)


def _desk(city: City) -> Desk:
    unit = city.education
    column = publications.column_create(actor=None, name="通知公告", slug="tzgg")
    return Desk(
        unit=unit,
        editor=city.education_editor,
        reviewer=staff_with_role(unit, Role.REVIEWER),
        secrecy=staff_with_role(unit, Role.SECRECY_REVIEWER),
        leader=staff_with_role(unit, Role.LEADER),
        column=column,
    )


def _set(record: Record, **fields: object) -> None:
    Revision.objects.filter(record=record).update(**fields)


def _records(city: City) -> None:
    """Education: 4 items due in the period, 2 on time; 2 policies, 1 interpreted."""
    desk = _desk(city)
    on_time = publish(desk, title="甲")
    _set(on_time, due_on=D(2026, 7, 10), published_at=_at(D(2026, 7, 8)))
    late = publish(desk, title="乙")
    _set(late, due_on=D(2026, 8, 20), published_at=_at(D(2026, 8, 25)))
    last_evening = publish(desk, title="丙")  # 23:30 Beijing on the due day
    _set(last_evening, due_on=D(2026, 9, 30), published_at=_at(D(2026, 9, 30), 23))
    never = draft(desk, title="丁")  # due in the period, still a draft: late
    _set(never, due_on=D(2026, 9, 15), published_at=None)
    later = draft(desk, title="戊")  # due after the period
    _set(later, due_on=D(2026, 10, 5))
    applied = publish(desk, title="己")  # 依申请公开 information does not count
    _set(applied, due_on=D(2026, 9, 20), disclosure="applied", published_at=None)
    # Policies and their 解读 were formed recently: due after the period.
    interpreted = publish(desk, title="规范性文件一", policy_class="normative")
    publish(desk, title="规范性文件二", policy_class="normative")
    interpretation = draft(desk, title="规范性文件一的解读")
    interpretation.kind = "interpretation"
    interpretation.save()
    publications.interpretation_link(
        actor=desk.editor, interpretation=interpretation, policy=interpreted
    )
    advance(desk, interpretation)


def _tasks(city: City) -> None:
    with time_machine.travel(_at(D(2026, 7, 1)), tick=False):
        plan = import_plan(city, PLAN)
    report = {"1": D(2026, 7, 20), "2": D(2026, 9, 5)}
    for number, day in report.items():
        with time_machine.travel(_at(day), tick=False):
            services.progress_add(
                actor=city.education_editor,
                task=task(plan, number),
                unit=city.education,
                text="已完成",
                done=True,
            )
    with time_machine.travel(_at(D(2026, 9, 29)), tick=False):
        services.task_set_done(actor=city.supervisor, task=task(plan, "5"), done=True)


@pytest.fixture
def city() -> City:
    city = make_city()
    _records(city)
    _tasks(city)
    return city


def test_automatic_indicators_match_the_hand_computed_example(city: City) -> None:
    def ratio(key: str, unit: object) -> scoring.AutoResult:
        return scoring.compute(key, unit, start=START, end=END, today=TODAY)  # type: ignore[arg-type]

    timeliness = ratio(AutoKey.PUBLICATION_TIMELINESS, city.education)
    assert (timeliness.numerator, timeliness.denominator) == (2, 4)
    assert timeliness.detail == "应公开4条，按时发布2条，及时率50.0%"
    interpretation = ratio(AutoKey.INTERPRETATION_RATIO, city.education)
    assert (interpretation.numerator, interpretation.denominator) == (1, 2)
    completion = ratio(AutoKey.TASK_COMPLETION, city.education)
    # 甲 on time, 乙 late, 丙 overdue, 戊 confirmed on time; 丁 not in the period.
    assert (completion.numerator, completion.denominator) == (2, 4)
    finance = ratio(AutoKey.TASK_COMPLETION, city.finance)
    assert (finance.numerator, finance.denominator) == (0, 1)
    empty = ratio(AutoKey.PUBLICATION_TIMELINESS, city.finance)
    assert empty.ratio == 1 and "按满分计" in empty.detail
    pending = ratio(AutoKey.APPLICATION_REPLY, city.education)
    assert pending.ratio is None
    # The city government's view covers the education bureau below it.
    city_wide = ratio(AutoKey.PUBLICATION_TIMELINESS, city.government)
    assert (city_wide.numerator, city_wide.denominator) == (2, 4)


def _sheet(city: City) -> IndicatorSheet:
    return services.sheet_create(
        actor=city.supervisor,
        unit=city.government,
        name="政务公开工作考评",
        period="2026年第三季度",
        start=START,
        end=END,
        units=[city.education, city.finance],
    )


def _score_manual(city: City, sheet: IndicatorSheet) -> None:
    for indicator in sheet.indicators.filter(method=Method.MANUAL):
        for unit in (city.education, city.finance):
            deductions = (
                [("1", "未按时报送季度台账"), ("", "")]
                if unit == city.education and indicator.section == "组织保障"
                else []
            )
            services.score_set(
                actor=city.supervisor,
                indicator=indicator,
                unit=unit,
                deductions=deductions,
                evidence="季度检查",
            )


def test_sheet_scores_ranking_and_published_report(city: City) -> None:
    sheet = _sheet(city)
    assert [
        (i.section, i.max_points, i.method)
        for i in sheet.indicators.order_by("sort_order")
    ] == [
        ("组织保障", Decimal(10), Method.MANUAL),
        ("主动公开", Decimal(25), Method.AUTO),
        ("主动公开", Decimal(25), Method.AUTO),
        ("依申请办理", Decimal(15), Method.MANUAL),
        ("政策解读", Decimal(10), Method.AUTO),
        ("平台建设", Decimal(15), Method.MANUAL),
    ]
    assert services.sheet_compute(actor=city.supervisor, sheet=sheet, today=TODAY) == 6
    with pytest.raises(ValidationError, match="还有未评分的项目"):
        services.sheet_publish(actor=city.supervisor, sheet=sheet)
    _score_manual(city, sheet)
    table = selectors.sheet_table(sheet)
    assert [(r.rank, r.unit.name, r.total) for r in table.rows] == [
        (1, "示例市财政局", Decimal("75.00")),
        (2, "示例市教育局", Decimal("69.00")),
    ]
    education = table.rows[1]
    assert [s.points for s in education.scores if s] == [
        Decimal("9.00"),
        Decimal("12.50"),
        Decimal("12.50"),
        Decimal("15.00"),
        Decimal("5.00"),
        Decimal("15.00"),
    ]
    # A deduction on an automatic indicator comes off the computed points and stays
    # when the indicator is computed again.
    timeliness = sheet.indicators.get(auto_key=AutoKey.PUBLICATION_TIMELINESS)
    services.score_set(
        actor=city.supervisor,
        indicator=timeliness,
        unit=city.education,
        deductions=[("0.5", "抽查发现1条信息发布日期填写错误")],
    )
    services.sheet_compute(actor=city.supervisor, sheet=sheet, today=TODAY)
    assert Score.objects.get(
        indicator=timeliness, unit=city.education
    ).points == Decimal("12.00")

    services.sheet_publish(actor=city.supervisor, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.published
    assert "示例市财政局" in sheet.report_html
    assert "未按时报送季度台账" in sheet.report_html
    assert "关于2026年第三季度政务公开工作考评结果的通报" in sheet.report_html
    with sheet.report_pdf.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = extract_text(io.BytesIO(pdf))
    assert "示例市财政局" in text and "75" in text
    with pytest.raises(ValidationError, match="已发布"):
        services.score_set(
            actor=city.supervisor, indicator=timeliness, unit=city.education
        )


def test_equal_totals_share_a_rank_and_manual_rules(city: City) -> None:
    sheet = services.sheet_create(
        actor=city.supervisor,
        unit=city.government,
        name="专项考评",
        period="2026年9月",
        start=D(2026, 9, 1),
        end=D(2026, 9, 30),
        units=[city.education, city.finance, city.justice],
        with_defaults=False,
    )
    indicator = services.indicator_add(
        actor=city.supervisor,
        sheet=sheet,
        section="平台建设",
        name="栏目更新",
        max_points="20",
    )
    for unit, cut in ((city.education, "2"), (city.finance, "2"), (city.justice, "")):
        services.score_set(
            actor=city.supervisor,
            indicator=indicator,
            unit=unit,
            deductions=[(cut, "栏目未更新")] if cut else [],
        )
    ranks = [(r.rank, r.unit.name) for r in selectors.sheet_table(sheet).rows]
    assert ranks == [(1, "示例市司法局"), (2, "示例市教育局"), (2, "示例市财政局")]
    with pytest.raises(ValidationError, match="须写明扣分理由"):
        services.score_set(
            actor=city.supervisor,
            indicator=indicator,
            unit=city.finance,
            deductions=[("3", "")],
        )
    with pytest.raises(ValidationError, match="不能超过"):
        services.score_set(
            actor=city.supervisor,
            indicator=indicator,
            unit=city.finance,
            deductions=[("25", "全部未更新")],
        )
    with pytest.raises(ValidationError, match="不是本次考评的参评单位"):
        services.score_set(
            actor=city.supervisor, indicator=indicator, unit=city.district
        )
    pending = services.indicator_add(
        actor=city.supervisor,
        sheet=sheet,
        section="依申请办理",
        name="按时答复率",
        max_points="10",
        method=Method.AUTO,
        auto_key=AutoKey.APPLICATION_REPLY,
    )
    services.sheet_compute(actor=city.supervisor, sheet=sheet, today=TODAY)
    assert not pending.scores.exists()
    with pytest.raises(ValidationError, match="尚未自动计算得分"):
        services.score_set(actor=city.supervisor, indicator=pending, unit=city.finance)
    score = services.score_set(
        actor=city.supervisor, indicator=pending, unit=city.finance, points="8.5"
    )
    assert score.points == Decimal("8.50")
    services.indicator_remove(actor=city.supervisor, indicator=pending)
    assert sheet.indicators.count() == 1
    with pytest.raises(PermissionDenied):
        services.indicator_add(
            actor=city.education_editor,
            sheet=sheet,
            section="x",
            name="y",
            max_points="1",
        )
