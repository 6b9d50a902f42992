"""Demo data: last year (2025 when this was written) at 示例市教育局 — applications
with replies of several kinds, carried over both ways, a 行政复议, policies issued
and repealed, the table 二 figures — and the draft of its yearly report, all made
through the services (by the system: the dates lie in the past).

Called by ``gongkai.ops.demo`` after the disclosures demo; needs the demo units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.disclosures import services as ds
from gongkai.disclosures.models import Application
from gongkai.disclosures.services import ApplicationInput
from gongkai.organizations.models import Unit
from gongkai.publications import services as ps
from gongkai.publications.models import Record
from gongkai.publications.services import ImportRow, RevisionInput
from gongkai.reporting import services
from gongkai.reporting.models import AnnualReport
from gongkai.rules.privacy import id_check_char

UNIT_NAME = "示例市教育局"

_PEOPLE = [
    ("natural", "周华", "37010219790612301"),
    ("natural", "吴静", "37010219850923402"),
    ("business", "示例文具有限公司", ""),
    ("natural", "郑强", "37010319720415501"),
    ("legal_service", "示例律师事务所", ""),
    ("research", "示例教育科学研究院", ""),
    ("nonprofit", "示例助学基金会", ""),
    ("other_org", "示例小区业主委员会", ""),
]

_REQUESTS = [
    "示例市{y}年中小学校舍安全排查报告",
    "示例市{y}年义务教育阶段学校招生计划",
    "示例市{y}年校服采购项目的中标结果和合同",
    "示例市第三中学{y}年新建体育馆的立项和验收文件",
    "示例市{y}年教师招聘考试成绩的复核程序",
    "示例市{y}年学前教育普惠性幼儿园认定名单",
    "示例市{y}年学生资助资金的分配方案",
    "示例市{y}年民办学校年检结果",
]


def demo_year() -> int:
    """Last year: the report due this spring."""
    return timezone.localdate().year - 1


def _input(n: int, year: int) -> ApplicationInput:
    kind, name, id_body = _PEOPLE[n % len(_PEOPLE)]
    return ApplicationInput(
        applicant_type=kind,
        applicant_name=name,
        id_kind="resident_id" if id_body else "credit_code",
        id_number=id_body + id_check_char(id_body) if id_body else "",
        phone=f"139053100{n % 100:02d}",
        email=f"demo{n}@example.com",
        description=_REQUESTS[n % len(_REQUESTS)].format(y=year),
        delivery_form="electronic",
        delivery_way="email",
    )


# (day offset in the year, reply type, reason codes, days to the reply)
_REPLIES: list[tuple[int, str, list[str], int]] = [
    (20, "granted", ["granted"], 12),
    (35, "granted", ["granted.already_public"], 5),
    (48, "partial", ["partial", "withheld.third_party"], 18),
    (60, "granted", ["granted"], 9),
    (75, "withheld", ["withheld.process_info"], 15),
    (90, "unable", ["unable.not_held"], 10),
    (110, "granted", ["granted"], 14),
    (130, "not_processed", ["not_processed.petition"], 6),
    (150, "unable", ["unable.needs_creation"], 16),
    (170, "granted", ["granted"], 8),
    (200, "withheld", ["withheld.third_party"], 19),
    (230, "not_processed", ["not_processed.repeated"], 4),
    (260, "granted", ["granted"], 11),
    (290, "partial", ["partial", "unable.not_held"], 17),
    (320, "granted", ["granted"], 7),
]


@transaction.atomic
def load_demo() -> AnnualReport | None:
    """The records of 示例市教育局 for last year and the draft of its yearly report
    (None when the unit is missing or the report exists already)."""
    unit = Unit.objects.filter(name=UNIT_NAME).first()
    year = demo_year()
    if unit is None or AnnualReport.objects.filter(unit=unit, year=year).exists():
        return None
    today = timezone.localdate()
    start = dt.date(year, 1, 1)
    made: list[Application] = []

    def register(n: int, day: dt.date) -> Application:
        application = ds.application_register(
            actor=None,
            unit=unit,
            data=_input(n, day.year),
            channel="in_person",
            arrived_on=day,
        )
        made.append(application)
        return application

    def working(day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    # carried in: received last December, answered in January
    carried_in = register(0, working(dt.date(year - 1, 12, 15)))
    ds.reply(
        actor=None,
        application=carried_in,
        reply_type="granted",
        reason_codes=["granted"],
        sent_on=working(dt.date(year, 1, 8)),
    )
    for n, (offset, reply_type, codes, days) in enumerate(_REPLIES, start=1):
        received = working(start + dt.timedelta(days=offset))
        application = register(n, received)
        ds.reply(
            actor=None,
            application=application,
            reply_type=reply_type,
            reason_codes=codes,
            sent_on=working(received + dt.timedelta(days=days)),
        )
        if n == 5:
            ds.review_case_add(
                actor=None,
                application=application,
                kind="review",
                body="示例市人民政府",
                filed_on=received + dt.timedelta(days=40),
                outcome="upheld",
                decided_on=received + dt.timedelta(days=95),
            )
    # a 信息处理费 paid, then the reply
    feed = register(20, working(dt.date(year, 10, 13)))
    ds.application_assign(actor=None, application=feed, department=unit)
    ds.fee_notice(
        actor=None,
        application=feed,
        standard="by_page",
        pages=160,
        notice_on=working(dt.date(year, 10, 14)),
    )
    ds.fee_paid(actor=None, application=feed, paid_on=working(dt.date(year, 10, 17)))
    ds.reply(
        actor=None,
        application=feed,
        reply_type="granted",
        reason_codes=["granted"],
        sent_on=working(dt.date(year, 10, 28)),
    )
    # carried out: received in December, still being handled
    late = register(21, working(dt.date(year, 12, 22)))
    ds.application_assign(actor=None, application=late, department=unit)
    answered_next = register(22, working(dt.date(year, 12, 17)))
    next_reply = working(dt.date(year + 1, 1, 9))
    if next_reply <= today:
        ds.reply(
            actor=None,
            application=answered_next,
            reply_type="granted",
            reason_codes=["granted"],
            sent_on=next_reply,
        )
    _policies(unit, year)
    services.figures_set(
        actor=None,
        unit=unit,
        year=year,
        values={
            "licensing": {"本年处理决定数量": 86},
            "penalty": {"本年处理决定数量": 5},
            "coercion": {"本年处理决定数量": 0},
            "fees": {"本年收费金额（单位：万元）": "12.3"},
        },
        note="行政许可、处罚数据来自市政务服务平台；收费数据来自非税收入系统。",
    )
    report = services.report_create(actor=None, unit=unit, year=year)
    return services.report_sections_update(
        actor=None,
        report=report,
        sections={
            "problems": "一是依申请公开答复文书的说理还不够充分；二是政策解读的形式比较单一。"
            "下一步将加强答复文书审核，丰富图解、问答等解读形式。",
        },
    )


def _policies(unit: Unit, year: int) -> list[Record]:
    def row(line: int, title: str, number: str, policy_class: str, day: dt.date) -> Any:
        return ImportRow(
            line=line,
            unit=unit,
            data=RevisionInput(
                title=title,
                formed_on=day - dt.timedelta(days=3),
                written_on=day - dt.timedelta(days=2),
                doc_number=number,
                body="<p>（演示数据）</p>",
                policy_class=policy_class,
                doc_type="办法",
            ),
            validity="valid",
            published_on=day,
        )

    report = ps.records_import(
        actor=None,
        rows=[
            row(
                1,
                "示例市中小学生课后服务管理办法",
                f"示教规〔{year - 3}〕1号",
                "normative",
                dt.date(year - 3, 6, 1),
            ),
            row(
                2,
                "示例市校外培训机构监督管理办法",
                f"示教规〔{year}〕1号",
                "normative",
                dt.date(year, 4, 15),
            ),
            row(
                3,
                f"示例市中小学生课后服务管理办法（{year}年修订）",
                f"示教规〔{year}〕2号",
                "normative",
                dt.date(year, 9, 1),
            ),
        ],
        publish=True,
    )
    records = [Record.objects.get(pk=item.record_id) for item in report.imported]
    if len(records) == 3:
        ps.record_set_validity(
            actor=None,
            record=records[0],
            validity="revised",
            changed_on=dt.date(year, 9, 1),
            successor=records[2],
            reason="修订后重新印发",
        )
    return records
