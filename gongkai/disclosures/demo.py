"""Demo applications in every state, with due dates around today, made through the
services by the demo accounts of ``gongkai.ops.demo`` (gkjg: the disclosure office
of 示例市人民政府; jyj_xxy and czj_xxy: the 部门信息员 of 示例市教育局 and 示例市财政局),
and one 条例第四十四条 group for gkjg to decide. Loaded once, on an empty database
(``gongkai.ops.demo.demo_is_needed``), in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.calendars.selectors import work_calendar
from gongkai.disclosures import services
from gongkai.disclosures.models import Application
from gongkai.disclosures.services import ApplicationInput
from gongkai.organizations.models import Staff, Unit
from gongkai.rules.privacy import id_check_char


def _id(body17: str) -> str:
    return body17 + id_check_char(body17)


PEOPLE: list[dict[str, str]] = [
    {
        "applicant_name": "张伟",
        "id_number": _id("37010219750315201"),
        "phone": "13905310001",
        "email": "zhangwei@example.com",
    },
    {
        "applicant_name": "李娜",
        "id_number": _id("37010219880720102"),
        "phone": "13905310002",
        "email": "lina@example.com",
    },
    {
        "applicant_name": "王强",
        "id_number": _id("37010319660101301"),
        "phone": "13905310003",
        "email": "",
    },
    {
        "applicant_name": "刘芳",
        "id_number": _id("37010419900505402"),
        "phone": "",
        "email": "liufang@example.com",
    },
    {
        "applicant_name": "陈明",
        "id_number": _id("37010519821111501"),
        "phone": "13905310005",
        "email": "chenming@example.com",
    },
]

REQUESTS: list[str] = [
    "示例市2026年义务教育学校新建校舍项目的立项批复文件",
    "2025年示例市城区学校划片方案及其制定过程中的征求意见情况",
    "示例市财政局2025年度部门决算中“三公”经费的明细",
    "东湖街道某地块土地征收的批准文件和补偿安置方案",
    "示例市2025年民办学校年检结果",
    "示例市教育局与示例建设有限公司签订的校舍维修合同",
    "示例市2024年至2025年校车采购项目的招标文件",
    "示例市第一中学食堂承包合同及其履行情况",
]


# 条例第四十四条: (applicant, working days ago it arrived, 文件名称、文号 as written).
SAME_DOCUMENT_REQUEST = "示例市教育局关于2026年中小学校舍维修改造项目安排的通知全文"
SAME_DOCUMENT: list[tuple[int, int, str]] = [
    (1, 36, "《关于2026年中小学校舍维修改造项目安排的通知》（示教发〔2026〕7号）"),
    (2, 31, "示教发[2026]7号"),
    (4, 27, "示教发【2026】第7号"),
]


def _input(n: int, **fields: Any) -> ApplicationInput:
    person = PEOPLE[n % len(PEOPLE)]
    data: dict[str, Any] = {
        "applicant_type": "natural",
        "delivery_form": "electronic",
        "delivery_way": "email" if person["email"] else "mail",
        "address": "示例市人民路100号",
        "postcode": "250000",
        "description": REQUESTS[n % len(REQUESTS)],
        **person,
    } | fields
    return ApplicationInput(**data)


def _workdays_ago(n: int) -> dt.date:
    """The day n working days before today (today itself when n is 0)."""
    calendar = work_calendar()
    day = timezone.localdate()
    while n > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _staff(username: str) -> Staff | None:
    return Staff.objects.filter(username=username, is_active=True).first()


@transaction.atomic
def load_demo() -> list[Application]:
    """About fifteen applications: one in every state, several in 办理 with due dates
    just past, due soon and further away."""
    city = Unit.objects.get(name="示例市人民政府")
    education = Unit.objects.get(name="示例市教育局")
    finance = Unit.objects.get(name="示例市财政局")
    office = _staff("gkjg")
    edu = _staff("jyj_xxy")
    fin = _staff("czj_xxy")
    today = timezone.localdate()
    made: list[Application] = []

    def register(
        n: int, ago: int, channel: str = "in_person", **fields: Any
    ) -> Application:
        arrived = _workdays_ago(ago)
        application = services.application_register(
            actor=office,
            unit=city,
            data=_input(n, **fields),
            channel=channel,
            arrived_on=arrived,
            confirmed_on=arrived
            if channel in {"fax", "email", "ordinary_mail"}
            else None,
        )
        made.append(application)
        return application

    def assign(
        application: Application, department: Unit, handler: Staff | None
    ) -> None:
        services.application_assign(
            actor=office,
            application=application,
            department=department,
            handler=handler,
        )

    # 登记: submitted on the portal today, waiting for the office to confirm.
    made.append(services.application_submit_public(unit=city, data=_input(0)))
    # 审核: handed in two working days ago, not yet assigned.
    waiting_review = register(1, 2)
    # 重复登记: the same application also arrived by fax.
    copy = register(1, 1, channel="fax")
    services.mark_duplicate(
        actor=office,
        application=copy,
        original=waiting_review,
        note="同一申请又以传真提交",
    )
    # 办理, due within 5 working days.
    due_soon = register(2, 17)
    assign(due_soon, education, edu)
    # 办理, overdue.
    overdue = register(3, 23, channel="registered_mail")
    assign(overdue, finance, fin)
    # 办理, extended with the office head's consent the day before it fell due.
    extended = register(4, 19, channel="email")
    assign(extended, education, edu)
    services.extension_approve(
        actor=office,
        application=extended,
        days=15,
        reason="涉及多年度档案，需要调取和整理",
        approved_on=today,
    )
    # 办理, with a delayed reply date under 第三十五条.
    delayed = register(0, 3, applicant_name="张伟")
    assign(delayed, education, edu)
    services.delay_35(
        actor=office,
        application=delayed,
        until=today + dt.timedelta(days=60),
        reason="申请人本月已提出大量申请，说明的理由合理，但无法在法定期限内答复",
        decided_on=today,
    )
    # 待补正.
    correcting = register(1, 5, description="关于学校的文件")
    services.correction_request(
        actor=office,
        application=correcting,
        items="请写明所需文件的名称、文号或形成时间，以便检索。",
        period_days=15,
        notice_on=_workdays_ago(3),
    )
    # 征求意见中.
    consulting = register(2, 10, description=REQUESTS[5])
    assign(consulting, education, edu)
    services.consultation_start(
        actor=edu,
        application=consulting,
        party_kind="third_party",
        party_name="示例建设有限公司",
        matter="合同中的单价和付款条款是否涉及商业秘密",
        started_on=_workdays_ago(4),
    )
    # 待缴费 (按量计收, 150 pages).
    fee = register(3, 8, delivery_form="paper", delivery_way="mail")
    assign(fee, finance, fin)
    services.fee_notice(
        actor=office,
        application=fee,
        standard="by_page",
        pages=150,
        notice_on=_workdays_ago(2),
    )
    # 答复: 部分公开 after consulting the third party.
    partial = register(4, 15, description=REQUESTS[7])
    assign(partial, education, edu)
    consultation = services.consultation_start(
        actor=edu,
        application=partial,
        party_kind="third_party",
        party_name="示例餐饮管理有限公司",
        started_on=_workdays_ago(12),
    )
    services.consultation_end(
        actor=edu,
        consultation=consultation,
        answer="partly",
        answer_text="同意公开合同主体和期限，不同意公开报价",
        ended_on=_workdays_ago(5),
    )
    services.reply(
        actor=edu,
        application=partial,
        reply_type="partial",
        reason_codes=["partial", "withheld.third_party"],
        sent_on=_workdays_ago(1),
    )
    # 答复: 不予公开, with a 行政复议 pending.
    withheld = register(0, 25, description=REQUESTS[1])
    assign(withheld, education, edu)
    services.reply(
        actor=edu,
        application=withheld,
        reply_type="withheld",
        reason_codes=["withheld.process_info"],
        sent_on=_workdays_ago(12),
    )
    services.review_case_add(
        actor=office,
        application=withheld,
        kind="review",
        body="示例市人民政府",
        filed_on=_workdays_ago(5),
    )
    # 已转办/不属于本机关.
    referred = register(1, 6, description=REQUESTS[3])
    services.referral(
        actor=office,
        application=referred,
        agency_name="示例市东城区人民政府",
        agency_contact="0531-87654321",
        reason="土地征收由区人民政府组织实施，相关信息由其负责公开。",
        referred_on=_workdays_ago(4),
    )
    # 已终止: 逾期不补正.
    abandoned = register(2, 30, description="想要有关的那些文件")
    services.correction_request(
        actor=office,
        application=abandoned,
        items="请写明所需信息的名称或内容。",
        period_days=10,
        notice_on=_workdays_ago(28),
    )
    services.correction_expire(actor=office, application=abandoned, on=_workdays_ago(2))
    # 归档: 予以公开, answered and archived.
    archived = register(3, 40, description=REQUESTS[4])
    assign(archived, education, edu)
    services.reply(
        actor=edu,
        application=archived,
        reply_type="granted",
        reason_codes=["granted"],
        sent_on=_workdays_ago(25),
    )
    services.archive(actor=office, application=archived, note="已送达，材料齐全")
    # 条例第四十四条: three applicants asked for the same document, writing its 文号
    # in three ways, and each was given it: one group on the office's list.
    for n, ago, reference in SAME_DOCUMENT:
        asked = register(
            n, ago, description=SAME_DOCUMENT_REQUEST, doc_reference=reference
        )
        assign(asked, education, edu)
        services.reply(
            actor=edu,
            application=asked,
            reply_type="granted",
            reason_codes=["granted"],
            sent_on=_workdays_ago(ago - 12),
        )
    return made
