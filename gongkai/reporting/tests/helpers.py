"""A city with a disclosure office, and a year (2024) of applications, policies and
review cases made through the services of the disclosures and publications apps,
with the tables computed by hand.

The applications are made to 示例市教育局 by the system (``actor=None``: the
operator), so the dates can be chosen; every result row of table 三, every applicant
column, the carry-over cases both ways and the cases that must not count (重复登记,
not yet received, received in another year, made to another unit) are covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.disclosures import services as ds
from gongkai.disclosures.models import Application
from gongkai.disclosures.services import ApplicationInput
from gongkai.organizations.models import Staff, Unit, UnitKind
from gongkai.organizations.roles import Role
from gongkai.publications import services as ps
from gongkai.publications.models import Record
from gongkai.publications.services import ImportRow, RevisionInput
from gongkai.rules.privacy import id_check_char
from tests.factories import UnitFactory, staff_with_role, valid_uscc

D = dt.date
YEAR = 2024
ID_BODY = "37010219800101123"
ID_NUMBER = ID_BODY + id_check_char(ID_BODY)


@dataclass
class World:
    city: Unit
    education: Unit
    finance: Unit
    district: Unit
    district_education: Unit
    office: Staff  # 政府信息公开工作机构 of the education bureau
    city_office: Staff  # 政府信息公开工作机构 of the city government
    leader: Staff  # 领导 of the education bureau
    supervisor: Staff  # 政务公开主管部门 at the city (over the subtree)
    editor: Staff  # 部门信息员 of the education bureau (no report rights)
    apps: dict[str, Application] = field(default_factory=dict)


def make_world() -> World:
    city = UnitFactory.create(
        name="示例市人民政府", kind=UnitKind.GOVERNMENT, code=valid_uscc(1)
    )
    education = UnitFactory.create(name="示例市教育局", parent=city, code=valid_uscc(2))
    finance = UnitFactory.create(name="示例市财政局", parent=city, code=valid_uscc(3))
    district = UnitFactory.create(
        name="示例市东城区人民政府",
        kind=UnitKind.GOVERNMENT,
        parent=city,
        code=valid_uscc(4),
    )
    district_education = UnitFactory.create(
        name="东城区教育局", parent=district, code=valid_uscc(5)
    )
    return World(
        city=city,
        education=education,
        finance=finance,
        district=district,
        district_education=district_education,
        office=staff_with_role(education, Role.DISCLOSURE_OFFICE, username="jyj_gk"),
        city_office=staff_with_role(city, Role.DISCLOSURE_OFFICE, username="sz_gk"),
        leader=staff_with_role(education, Role.LEADER, username="jyj_ld"),
        supervisor=staff_with_role(city, Role.SUPERVISOR, username="zgbm"),
        editor=staff_with_role(education, Role.EDITOR, username="jyj_xxy"),
    )


# --- applications -----------------------------------------------------------------------


def app_input(applicant_type: str = "natural", **fields: Any) -> ApplicationInput:
    data: dict[str, Any] = {
        "applicant_type": applicant_type,
        "applicant_name": "王小明" if applicant_type == "natural" else "示例有限公司",
        "id_kind": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13912345678",
        "email": "shenqingren@example.com",
        "address": "示例市幸福路88号",
        "postcode": "250001",
        "description": "示例市义务教育学校新建校舍的立项批复文件",
        "delivery_form": "electronic",
        "delivery_way": "email",
    } | fields
    return ApplicationInput(**data)


def apply(
    unit: Unit,
    received: dt.date,
    applicant_type: str = "natural",
    *,
    channel: str = "in_person",
    confirmed_on: dt.date | None = None,
    **fields: Any,
) -> Application:
    """An application handed in on ``received`` (当面: that is the day of receipt)."""
    return ds.application_register(
        actor=None,
        unit=unit,
        data=app_input(applicant_type, **fields),
        channel=channel,
        arrived_on=received,
        confirmed_on=confirmed_on,
    )


def answer(
    application: Application, reply_type: str, codes: list[str], on: dt.date
) -> Application:
    ds.reply(
        actor=None,
        application=application,
        reply_type=reply_type,
        reason_codes=codes,
        sent_on=on,
    )
    application.refresh_from_db()
    return application


def handling(application: Application) -> Application:
    return ds.application_assign(
        actor=None, application=application, department=application.unit
    )


# (name, applicant type, received, reply type, reason codes, replied on)
REPLIES: list[tuple[str, str, dt.date, str, list[str], dt.date]] = [
    ("granted", "natural", D(2024, 3, 4), "granted", ["granted"], D(2024, 3, 15)),
    (
        "partial",
        "natural",
        D(2024, 4, 1),
        "partial",
        ["partial", "withheld.third_party"],
        D(2024, 4, 22),
    ),
    (
        "state_secret",
        "research",
        D(2024, 4, 8),
        "withheld",
        ["withheld.state_secret"],
        D(2024, 4, 26),
    ),
    (
        "prohibited",
        "nonprofit",
        D(2024, 4, 9),
        "withheld",
        ["withheld.prohibited_by_law"],
        D(2024, 4, 26),
    ),
    (
        "security",
        "legal_service",
        D(2024, 4, 10),
        "withheld",
        ["withheld.endangers_security"],
        D(2024, 4, 26),
    ),
    (
        "third_party",
        "other_org",
        D(2024, 4, 11),
        "withheld",
        ["withheld.third_party"],
        D(2024, 4, 26),
    ),
    (
        "internal",
        "natural",
        D(2024, 5, 6),
        "withheld",
        ["withheld.internal_affairs"],
        D(2024, 5, 20),
    ),
    (
        "process",
        "natural",
        D(2024, 5, 7),
        "withheld",
        ["withheld.process_info"],
        D(2024, 5, 20),
    ),
    (
        "enforcement",
        "business",
        D(2024, 5, 8),
        "withheld",
        ["withheld.enforcement_files"],
        D(2024, 5, 20),
    ),
    (
        "query",
        "natural",
        D(2024, 5, 9),
        "withheld",
        ["withheld.administrative_query"],
        D(2024, 5, 20),
    ),
    (
        "not_held",
        "research",
        D(2024, 6, 3),
        "unable",
        ["unable.not_held"],
        D(2024, 6, 14),
    ),
    (
        "needs_creation",
        "natural",
        D(2024, 6, 4),
        "unable",
        ["unable.needs_creation"],
        D(2024, 6, 14),
    ),
    (
        "still_unclear",
        "legal_service",
        D(2024, 6, 5),
        "unable",
        ["unable.still_unclear"],
        D(2024, 6, 14),
    ),
    (
        "petition",
        "natural",
        D(2024, 7, 1),
        "not_processed",
        ["not_processed.petition"],
        D(2024, 7, 5),
    ),
    (
        "repeated",
        "other_org",
        D(2024, 7, 2),
        "not_processed",
        ["not_processed.repeated"],
        D(2024, 7, 5),
    ),
    (
        "publication",
        "business",
        D(2024, 7, 3),
        "not_processed",
        ["not_processed.publication"],
        D(2024, 7, 5),
    ),
    (
        "excessive",
        "natural",
        D(2024, 7, 4),
        "not_processed",
        ["not_processed.excessive"],
        D(2024, 7, 12),
    ),
    (
        "confirmation",
        "research",
        D(2024, 7, 8),
        "not_processed",
        ["not_processed.confirmation"],
        D(2024, 7, 12),
    ),
    (
        "other_other",
        "other_org",
        D(2024, 8, 1),
        "other",
        ["other.other"],
        D(2024, 8, 9),
    ),
    # carried in from 2023, answered in 2024
    (
        "carried_in_granted",
        "natural",
        D(2023, 12, 20),
        "granted",
        ["granted"],
        D(2024, 1, 10),
    ),
    # received and answered in 2023: not counted in 2024
    ("closed_2023", "natural", D(2023, 6, 1), "granted", ["granted"], D(2023, 6, 20)),
    # received late in 2024, answered in 2025: carried out
    (
        "carried_out_granted",
        "nonprofit",
        D(2024, 12, 20),
        "granted",
        ["granted"],
        D(2025, 1, 8),
    ),
]


def build_applications(w: World) -> dict[str, Application]:
    """The year 2024 of 示例市教育局 (see EXPECTED_TABLE3)."""
    apps: dict[str, Application] = {}
    for name, kind, received, reply_type, codes, on in REPLIES:
        application = apply(w.education, received, kind)
        if name == "granted":
            # paid a 信息处理费 (按量计收 150页) before the reply
            handling(application)
            ds.fee_notice(
                actor=None,
                application=application,
                standard="by_page",
                pages=150,
                notice_on=D(2024, 3, 5),
            )
            ds.fee_paid(actor=None, application=application, paid_on=D(2024, 3, 8))
        apps[name] = answer(application, reply_type, codes, on)
    # 告知不属于本机关 → （四）无法提供 1.本机关不掌握相关政府信息
    referred = apply(w.education, D(2024, 6, 6), "nonprofit")
    ds.referral(
        actor=None,
        application=referred,
        agency_name="示例市东城区人民政府",
        referred_on=D(2024, 6, 12),
    )
    apps["referred"] = referred
    # 逾期不补正 → （六）1
    abandoned = apply(w.education, D(2024, 8, 5), "natural")
    correction = ds.correction_request(
        actor=None,
        application=abandoned,
        items="请写明所需信息的名称。",
        period_days=10,
        notice_on=D(2024, 8, 6),
    )
    ds.correction_expire(
        actor=None,
        application=abandoned,
        on=correction.deadline_on + dt.timedelta(days=3),
    )
    apps["no_correction"] = abandoned
    # 逾期未缴费 → （六）2
    unpaid = handling(apply(w.education, D(2024, 9, 2), "business"))
    fee = ds.fee_notice(
        actor=None,
        application=unpaid,
        standard="by_page",
        pages=120,
        notice_on=D(2024, 9, 3),
    )
    ds.fee_expire(actor=None, application=unpaid, on=fee.pay_by + dt.timedelta(days=3))
    apps["fee_unpaid"] = unpaid
    # carried in from 2023 and still open at the end of 2024
    apps["open_since_2023"] = handling(apply(w.education, D(2023, 11, 15), "business"))
    # received in 2024, open at the end of 2024
    apps["open_2024"] = handling(apply(w.education, D(2024, 12, 23), "legal_service"))
    waiting = apply(w.education, D(2024, 11, 1), "natural")
    ds.correction_request(
        actor=None,
        application=waiting,
        items="请写明所需信息的名称。",
        notice_on=D(2024, 11, 4),
    )
    apps["waiting_correction"] = waiting
    # not counted: a duplicate registration, an unconfirmed fax, next year, elsewhere
    duplicate = apply(
        w.education, D(2024, 3, 4), channel="fax", confirmed_on=D(2024, 3, 5)
    )
    ds.mark_duplicate(actor=None, application=duplicate, original=apps["granted"])
    apps["duplicate"] = duplicate
    apps["unconfirmed"] = apply(w.education, D(2024, 12, 30), channel="fax")
    apps["next_year"] = apply(w.education, D(2025, 2, 3), "research")
    apps["finance"] = apply(w.finance, D(2024, 5, 6), "business")
    for application in apps.values():
        application.refresh_from_db()
    w.apps = apps
    return apps


def _row(**cells: int) -> dict[str, int]:
    names = {
        "n": "自然人",
        "b": "商业企业",
        "r": "科研机构",
        "p": "社会公益组织",
        "l": "法律服务机构",
        "o": "其他",
    }
    out = {label: cells.get(short, 0) for short, label in names.items()}
    out["总计"] = sum(out.values())
    return out


EXPECTED_TABLE3: dict[str, dict[str, int]] = {
    # counted by hand from build_applications
    "new": _row(n=10, b=3, r=3, p=3, l=3, o=3),
    "carried_in": _row(n=1, b=1),
    "granted": _row(n=2),
    "partial": _row(n=1),
    "withheld.state_secret": _row(r=1),
    "withheld.prohibited_by_law": _row(p=1),
    "withheld.endangers_security": _row(l=1),
    "withheld.third_party": _row(o=1),
    "withheld.internal_affairs": _row(n=1),
    "withheld.process_info": _row(n=1),
    "withheld.enforcement_files": _row(b=1),
    "withheld.administrative_query": _row(n=1),
    "unable.not_held": _row(r=1, p=1),
    "unable.needs_creation": _row(n=1),
    "unable.still_unclear": _row(l=1),
    "not_processed.petition": _row(n=1),
    "not_processed.repeated": _row(o=1),
    "not_processed.publication": _row(b=1),
    "not_processed.excessive": _row(n=1),
    "not_processed.confirmation": _row(r=1),
    "other.no_correction": _row(n=1),
    "other.fee_unpaid": _row(b=1),
    "other.other": _row(o=1),
    "total": _row(n=10, b=3, r=3, p=2, l=2, o=3),
    "carried_out": _row(n=1, b=1, p=1, l=1),
}
"""Table 三 of 示例市教育局 for 2024, cell by cell."""


# --- policies (table 二) ------------------------------------------------------------------------


def _import(
    unit: Unit,
    title: str,
    policy_class: str,
    published: dt.date,
    line: int,
) -> Record:
    report = ps.records_import(
        actor=None,
        rows=[
            ImportRow(
                line=line,
                unit=unit,
                data=RevisionInput(
                    title=title,
                    formed_on=published - dt.timedelta(days=5),
                    written_on=published - dt.timedelta(days=3),
                    body="<p>正文</p>",
                    policy_class=policy_class,
                    doc_type="办法",
                ),
                validity="valid",
                published_on=published,
            )
        ],
        publish=True,
    )
    assert report.imported_count == 1, report.rejected
    return Record.objects.get(pk=report.imported[0].record_id)


def build_policies(w: World) -> dict[str, Record]:
    """规章 and 行政规范性文件 of 示例市教育局 (and two that must not count)."""
    e = w.education
    r: dict[str, Record] = {
        "R1": _import(e, "示例市教育督导规定", "rule", D(2023, 5, 10), 1),
        "R2": _import(e, "示例市校外培训管理规定", "rule", D(2024, 3, 1), 2),
        "N1": _import(e, "示例市中小学学籍管理办法", "normative", D(2022, 1, 10), 3),
        "N2": _import(e, "示例市教师招聘办法", "normative", D(2024, 2, 1), 4),
        "N3": _import(e, "示例市义务教育招生办法", "normative", D(2024, 4, 1), 5),
        "N4": _import(
            e, "示例市义务教育招生办法（修订）", "normative", D(2024, 10, 1), 6
        ),
        "N5": _import(e, "示例市校车安全管理办法", "normative", D(2023, 3, 1), 7),
        "N7": _import(e, "示例市学前教育办法", "normative", D(2025, 3, 1), 8),
        "O1": _import(e, "示例市教育工作要点", "other_policy", D(2024, 5, 1), 9),
        "F1": _import(
            w.finance, "示例市财政票据管理办法", "normative", D(2024, 5, 1), 10
        ),
    }
    ps.record_set_validity(
        actor=None, record=r["N1"], validity="repealed", changed_on=D(2024, 6, 30)
    )
    ps.record_set_validity(
        actor=None,
        record=r["N3"],
        validity="revised",
        changed_on=D(2024, 10, 1),
        successor=r["N4"],
    )
    ps.record_set_validity(
        actor=None, record=r["N5"], validity="expired", changed_on=D(2025, 2, 1)
    )
    return r


EXPECTED_TABLE2_RECORDS: dict[str, dict[str, Any]] = {
    "rules": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 2},
    "normative_documents": {"本年制发件数": 3, "本年废止件数": 2, "现行有效件数": 3},
}
EXPECTED_TABLE2_PREVIOUS: dict[
    str, dict[str, Any]
] = {  # 2023, for the cross-year check
    "rules": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 1},
    "normative_documents": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 2},
}
FIGURES: dict[str, dict[str, Any]] = {
    "licensing": {"本年处理决定数量": 120},
    "penalty": {"本年处理决定数量": 8},
    "coercion": {"本年处理决定数量": 0},
    "fees": {"本年收费金额（单位：万元）": "35.6"},
}
EXPECTED_FIGURES: dict[str, dict[str, Any]] = {
    "licensing": {"本年处理决定数量": 120},
    "penalty": {"本年处理决定数量": 8},
    "coercion": {"本年处理决定数量": 0},
    "fees": {"本年收费金额（单位：万元）": Decimal("35.6")},
}


# --- review cases (table 四) --------------------------------------------------------------------


def build_reviews(w: World) -> None:
    a = w.apps

    def case(
        app: str,
        kind: str,
        filed: dt.date,
        outcome: str = "pending",
        decided: dt.date | None = None,
    ) -> None:
        ds.review_case_add(
            actor=None,
            application=a[app],
            kind=kind,
            body="示例市人民政府" if kind == "review" else "示例市中级人民法院",
            filed_on=filed,
            outcome=outcome,
            decided_on=decided,
        )

    case("internal", "review", D(2024, 6, 1), "upheld", D(2024, 8, 1))
    case("process", "review", D(2024, 7, 1), "corrected", D(2024, 9, 1))
    case("enforcement", "review", D(2024, 11, 1))
    case("query", "review", D(2024, 10, 1), "upheld", D(2025, 1, 20))
    case("state_secret", "litigation_direct", D(2024, 5, 1), "other", D(2024, 10, 10))
    case("internal", "litigation_after_review", D(2024, 9, 1))
    case("closed_2023", "review", D(2023, 7, 1), "upheld", D(2023, 9, 1))
    case("closed_2023", "litigation_direct", D(2023, 8, 1), "corrected", D(2024, 3, 1))


EXPECTED_TABLE4: dict[str, dict[str, Any]] = {
    "review": {"结果维持": 1, "结果纠正": 1, "其他结果": 0, "尚未审结": 2, "总计": 4},
    "litigation_direct": {
        "结果维持": 0,
        "结果纠正": 1,
        "其他结果": 1,
        "尚未审结": 0,
        "总计": 2,
    },
    "litigation_after_review": {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 1,
        "总计": 1,
    },
}


def build_year(w: World) -> World:
    """Everything: applications, policies, figures, review cases."""
    build_applications(w)
    build_policies(w)
    build_reviews(w)
    from gongkai.reporting import services

    services.figures_set(actor=w.office, unit=w.education, year=YEAR, values=FIGURES)
    return w
