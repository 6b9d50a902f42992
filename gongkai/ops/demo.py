"""Demo data: a city government with departments, a district, towns and villages,
and a staff account for every role. Later capabilities add their own records here."""

from __future__ import annotations

from dataclasses import dataclass

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
    return ACCOUNTS
