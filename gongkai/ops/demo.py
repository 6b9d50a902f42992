"""Demo data: a city government with departments, a district, towns and villages,
and a staff account for every role. Later capabilities add their own records here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.organizations import services
from gongkai.organizations.models import Unit
from gongkai.organizations.roles import Role
from gongkai.rules.orgcodes import org_code_check_digit, uscc_check_char

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 - printed to the user; demo instances only


def demo_code(serial: int, region: str = "370100") -> str:
    """A well-formed 统一社会信用代码 for a demo government body (登记管理部门 1, 类别 1)."""
    body8 = f"{400000 + serial:08d}"
    org = body8 + org_code_check_digit(body8)
    body17 = f"11{region}{org}"
    return body17 + uscc_check_char(body17)


# (name, kind, parent name, short names)
UNITS: list[tuple[str, str, str | None, list[str]]] = [
    ("示例市人民政府", "government", None, ["市政府"]),
    (
        "示例市人民政府办公室",
        "department",
        "示例市人民政府",
        ["市政府办公室", "市府办"],
    ),
    (
        "示例市发展和改革委员会",
        "department",
        "示例市人民政府",
        ["市发展改革委", "市发改委"],
    ),
    ("示例市教育局", "department", "示例市人民政府", ["市教育局"]),
    ("示例市财政局", "department", "示例市人民政府", ["市财政局"]),
    ("示例市自然资源和规划局", "department", "示例市人民政府", ["市自然资源规划局"]),
    ("示例市生态环境局", "department", "示例市人民政府", ["市生态环境局"]),
    (
        "示例市卫生健康委员会",
        "department",
        "示例市人民政府",
        ["市卫生健康委", "市卫健委"],
    ),
    (
        "示例市人力资源和社会保障局",
        "department",
        "示例市人民政府",
        ["市人力资源社会保障局", "市人社局"],
    ),
    ("示例市司法局", "department", "示例市人民政府", ["市司法局"]),
    ("示例市东城区人民政府", "government", "示例市人民政府", ["东城区政府"]),
    ("东城区人民政府办公室", "department", "示例市东城区人民政府", ["区政府办"]),
    ("东城区教育局", "department", "示例市东城区人民政府", ["区教育局"]),
    ("东湖街道办事处", "township", "示例市东城区人民政府", ["东湖街道"]),
    ("青山镇人民政府", "township", "示例市东城区人民政府", ["青山镇"]),
    ("东湖社区居民委员会", "village", "东湖街道办事处", ["东湖社区"]),
    ("青山村村民委员会", "village", "青山镇人民政府", ["青山村"]),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit: str
    role: str
    title: str


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "admin", "系统管理员", "示例市人民政府办公室", Role.ADMIN, "信息中心工程师"
    ),
    DemoAccount(
        "zgbm", "王建国", "示例市人民政府办公室", Role.SUPERVISOR, "政务公开科科长"
    ),
    DemoAccount(
        "gkjg",
        "李晓红",
        "示例市人民政府办公室",
        Role.DISCLOSURE_OFFICE,
        "政务公开科科员",
    ),
    DemoAccount("jyj_xxy", "张敏", "示例市教育局", Role.EDITOR, "办公室信息员"),
    DemoAccount("czj_xxy", "陈静", "示例市财政局", Role.EDITOR, "办公室信息员"),
    DemoAccount("jyj_sh", "刘洋", "示例市教育局", Role.REVIEWER, "办公室主任"),
    DemoAccount("jyj_bm", "赵磊", "示例市教育局", Role.SECRECY_REVIEWER, "保密办干部"),
    DemoAccount("jyj_ld", "孙志刚", "示例市教育局", Role.LEADER, "副局长"),
]


def demo_is_needed() -> bool:
    return not Unit.objects.exists()


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Create the demo organisation and accounts through the ordinary services."""
    created: dict[str, Unit] = {}
    for serial, (name, kind, parent, short) in enumerate(UNITS, start=1):
        unit = services.unit_create(
            actor=None,
            name=name,
            kind=kind,
            parent=created[parent] if parent else None,
            code=demo_code(serial),
            short_names=short,
            sort_order=serial,
        )
        created[name] = unit
    city = created["示例市人民政府"]
    services.unit_update_profile(
        actor=None,
        unit=created["示例市人民政府办公室"],
        short_names=["市政府办公室", "市府办"],
        address="示例市人民路1号市政府大楼",
        office_hours="工作日 上午8:30—12:00，下午14:00—17:30",
        phones=["0531-12345678"],
        fax="0531-12345679",
        email="zwgk@example.gov.cn",
        postcode="250000",
    )
    for account in ACCOUNTS:
        staff = services.staff_create(
            actor=None,
            username=account.username,
            full_name=account.full_name,
            unit=created[account.unit],
            password=DEMO_PASSWORD,
            title=account.title,
        )
        # The administrator, the supervising office and the disclosure office of the
        # city government hold their roles in the government itself.
        role_unit = (
            city
            if account.role in {Role.ADMIN, Role.SUPERVISOR, Role.DISCLOSURE_OFFICE}
            else created[account.unit]
        )
        services.role_grant(actor=None, staff=staff, unit=role_unit, role=account.role)
    load_publications_demo()
    from gongkai.ledger.demo import load_demo as load_ledger_demo

    load_ledger_demo()
    from gongkai.disclosures.demo import load_demo as load_disclosures_demo

    load_disclosures_demo()
    from gongkai.reporting.demo import load_demo as load_reporting_demo

    load_reporting_demo()
    return ACCOUNTS


# The standard catalogue columns (name, slug, parent slug).
COLUMNS: list[tuple[str, str, str | None]] = [
    ("机构职能", "jgzn", None),
    ("政策文件", "zcwj", None),
    ("规章", "gz", "zcwj"),
    ("行政规范性文件", "gfxwj", "zcwj"),
    ("其他文件", "qtwj", "zcwj"),
    ("政策解读", "zcjd", None),
    ("规划信息", "ghxx", None),
    ("财政预决算", "czyjs", None),
    ("行政执法", "xzzf", None),
    ("行政许可", "xzxk", "xzzf"),
    ("行政处罚", "xzcf", "xzzf"),
    ("重点领域信息", "zdly", None),
    ("义务教育", "ywjy", "zdly"),
    ("人事信息", "rsxx", None),
    ("通知公告", "tzgg", None),
]


def _publish(record: Any, reviewers: list[Any]) -> None:
    from gongkai.publications import selectors, services

    services.revision_submit(
        actor=reviewers[0], revision=selectors.revision_current(record)
    )
    for actor in reviewers[1:]:
        services.revision_approve(
            actor=actor, revision=selectors.revision_current(record)
        )


def load_publications_demo() -> None:
    """Columns and records in every interesting state, made through the services."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.organizations.models import Staff
    from gongkai.publications import services
    from gongkai.publications.models import Column
    from gongkai.publications.services import RevisionInput
    from gongkai.publications.vocab import DocumentType, PolicyClass, RecordKind, Topic

    services.columns_seed(actor=None, columns=COLUMNS)
    col = {c.slug: c.pk for c in Column.objects.all()}
    staff = {s.username: s for s in Staff.objects.all()}
    edu = Unit.objects.get(name="示例市教育局")
    fin = Unit.objects.get(name="示例市财政局")
    today = timezone.localdate()
    edu_chain = [staff["jyj_xxy"], staff["jyj_sh"], staff["jyj_bm"], staff["jyj_ld"]]
    admin_chain = [staff["czj_xxy"], staff["admin"], staff["admin"], staff["admin"]]

    old = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        data=RevisionInput(
            title="示例市2025年义务教育招生入学工作实施方案",
            formed_on=today - dt.timedelta(days=400),
            written_on=today - dt.timedelta(days=402),
            doc_number="示教发[2025]2号",
            topic=Topic.EDUCATION,
            doc_type=DocumentType.SCHEME,
            policy_class=PolicyClass.NORMATIVE,
            summary="2025年全市义务教育阶段学校招生入学的原则、范围、时间安排和办理流程。",
            body="<p>各区教育局、各学校：</p><p>为做好2025年义务教育招生入学工作，现制定本方案。</p>",
            column_ids=[col["gfxwj"], col["ywjy"]],
        ),
    )
    _publish(old, edu_chain)
    new = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        data=RevisionInput(
            title="示例市2026年义务教育招生入学工作实施方案",
            formed_on=today - dt.timedelta(days=30),
            written_on=today - dt.timedelta(days=32),
            doc_number="示教发〔2026〕3号",
            topic=Topic.EDUCATION,
            doc_type=DocumentType.SCHEME,
            policy_class=PolicyClass.NORMATIVE,
            needs_interpretation=True,
            summary="2026年全市义务教育阶段学校招生入学的原则、范围、时间安排和办理流程。",
            body=(
                "<p>各区教育局、各学校：</p><p>为做好2026年义务教育招生入学工作，保障适龄儿童少年"
                "依法接受义务教育，现制定本方案。</p><h3>一、招生原则</h3><p>坚持免试就近入学。</p>"
                "<h3>二、时间安排</h3><p>7月1日至7月10日网上报名，8月20日前公布录取结果。</p>"
                "<p>咨询电话：0531-12345678（市教育局基础教育科）。</p>"
            ),
            column_ids=[col["gfxwj"], col["ywjy"]],
        ),
    )
    interpretation = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        kind=RecordKind.INTERPRETATION,
        data=RevisionInput(
            title="《示例市2026年义务教育招生入学工作实施方案》政策解读",
            formed_on=today - dt.timedelta(days=30),
            topic=Topic.EDUCATION,
            doc_type=DocumentType.INTERPRETATION_QA,
            body="<p><strong>问：今年招生政策有哪些变化？</strong></p><p>答：报名时间提前到7月1日……</p>",
            column_ids=[col["zcjd"]],
        ),
    )
    services.interpretation_link(
        actor=staff["jyj_xxy"], interpretation=interpretation, policy=new
    )
    # The 解读 passes review first and waits in 发布审查 so both go out together.
    _publish(interpretation, edu_chain[:3])
    _publish(new, edu_chain)
    services.revision_approve(
        actor=staff["jyj_ld"], revision=interpretation.revisions.get()
    )
    services.record_set_validity(
        actor=staff["jyj_ld"],
        record=old,
        validity="revised",
        changed_on=today - dt.timedelta(days=30),
        successor=new,
        reason="被2026年实施方案替代",
    )
    budget = services.record_create(
        actor=staff["czj_xxy"],
        unit=fin,
        data=RevisionInput(
            title="示例市2026年市级部门预算公开说明",
            formed_on=today - dt.timedelta(days=10),
            topic=Topic.FINANCE,
            doc_type=DocumentType.REPORT,
            body="<p>2026年市级一般公共预算支出合计1,234,567.89万元，比上年增长3.2%。</p>",
            column_ids=[col["czyjs"]],
        ),
    )
    _publish(budget, admin_chain)
    penalty = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        data=RevisionInput(
            title="示例市教育局行政处罚决定书（示教罚〔2026〕5号）",
            formed_on=today - dt.timedelta(days=3),
            topic=Topic.EDUCATION,
            doc_type=DocumentType.PENALTY_DECISION,
            doc_number="示教罚〔2026〕5号",
            body="<p>当事人：示例市某培训学校有限公司，统一社会信用代码91370100MA3C4G5H2X。</p>"
            "<p>违法事实：未经批准擅自举办学科类培训……</p><p>处罚决定：罚款人民币30,000元。</p>",
            column_ids=[col["xzcf"]],
        ),
    )
    _publish(penalty, edu_chain)
    # Waiting in 保密审查 with a finding: a private mobile number slipped into the text.
    notice = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        data=RevisionInput(
            title="关于2026年秋季学期中小学校开学安排的通知",
            formed_on=today - dt.timedelta(days=2),
            topic=Topic.EDUCATION,
            doc_type=DocumentType.NOTICE,
            body="<p>各学校：</p><p>秋季学期开学时间为9月1日。联系人：王老师，手机13812345678。</p>",
            column_ids=[col["tzgg"]],
        ),
    )
    _publish(notice, edu_chain[:3][:2])
    # A fresh draft in 源头审查.
    draft = services.record_create(
        actor=staff["jyj_xxy"],
        unit=edu,
        data=RevisionInput(
            title="示例市教育局2026年政府信息公开工作年度报告（草稿）",
            formed_on=today,
            topic=Topic.GENERAL,
            doc_type=DocumentType.REPORT,
            body="<p>一、总体情况</p><p>（起草中）</p>",
            column_ids=[col["tzgg"]],
        ),
    )
    services.revision_submit(actor=staff["jyj_xxy"], revision=draft.revisions.get())
