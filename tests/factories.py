# mypy: disable-error-code="no-untyped-call"
# (factory_boy's declarations are untyped; the factories' .create() is typed.)
"""Test data for every app: factory_boy factories, a small unit tree and .xlsx sheets.

Factories write rows directly (fast, no audit events); tests of behaviour call the
services. Import from anywhere in the suite: ``from tests.factories import ...``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from factory.declarations import LazyAttribute, SubFactory
from factory.declarations import Sequence as Numbered
from factory.django import DjangoModelFactory, Password

from gongkai.organizations.models import RoleAssignment, Staff, Unit, UnitKind
from gongkai.organizations.roles import SUBTREE_BY_DEFAULT, Role
from gongkai.rules.orgcodes import org_code_check_digit, uscc_check_char

PASSWORD = "Ceshi-mima-2024"  # passes the password validators of the settings


def valid_uscc(serial: int, region: str = "370100") -> str:
    """A well-formed 18-character 统一社会信用代码 of a government body."""
    body8 = f"{10_000_000 + serial:08d}"[-8:]
    body17 = f"11{region}{body8}{org_code_check_digit(body8)}"
    return body17 + uscc_check_char(body17)


def wrong_check_char(code: str) -> str:
    """``code`` with its last (check) character replaced by a wrong one."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:-1] + next(c for c in alphabet if c != code[-1])


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name = Numbered(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT
    parent = None
    sort_order = Numbered(int)

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        unit: Unit = super()._create(model_class, *args, **kwargs)
        parent = unit.parent
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.depth = parent.depth + 1 if parent else 0
        unit.save(update_fields=["path", "depth"])
        return unit


class StaffFactory(DjangoModelFactory[Staff]):
    class Meta:
        model = Staff
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = Numbered(lambda n: f"user{n}")
    full_name = Numbered(lambda n: f"测试人员{n}")
    unit = None
    password = Password(PASSWORD)


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    staff = SubFactory(StaffFactory)
    unit = SubFactory(UnitFactory)
    role = Role.EDITOR
    subtree = LazyAttribute(lambda o: o.role in SUBTREE_BY_DEFAULT)


def staff_with_role(
    unit: Unit,
    role: str,
    *,
    subtree: bool | None = None,
    username: str | None = None,
    **fields: Any,
) -> Staff:
    """A staff member of ``unit`` holding ``role`` there (subtree by the role's default)."""
    extra = {"username": username} if username else {}
    staff: Staff = StaffFactory.create(unit=unit, **extra, **fields)
    options = {} if subtree is None else {"subtree": subtree}
    RoleAssignmentFactory.create(staff=staff, unit=unit, role=role, **options)
    return staff


@dataclass
class OrgTree:
    """示例市: a government, two departments, a district with a department and a town.

    city
    ├── education (教育局)
    ├── finance (财政局)
    └── district (东城区人民政府)
        ├── district_education (东城区教育局)
        └── town (青山镇人民政府)
            └── village (青山村村民委员会)
    """

    city: Unit
    education: Unit
    finance: Unit
    district: Unit
    district_education: Unit
    town: Unit
    village: Unit

    def all(self) -> list[Unit]:
        return [
            self.city,
            self.education,
            self.finance,
            self.district,
            self.district_education,
            self.town,
            self.village,
        ]


def build_tree() -> OrgTree:
    city = UnitFactory.create(name="示例市人民政府", kind=UnitKind.GOVERNMENT)
    district = UnitFactory.create(
        name="示例市东城区人民政府", kind=UnitKind.GOVERNMENT, parent=city
    )
    town = UnitFactory.create(
        name="青山镇人民政府", kind=UnitKind.TOWNSHIP, parent=district
    )
    return OrgTree(
        city=city,
        education=UnitFactory.create(name="示例市教育局", parent=city),
        finance=UnitFactory.create(name="示例市财政局", parent=city),
        district=district,
        district_education=UnitFactory.create(name="东城区教育局", parent=district),
        town=town,
        village=UnitFactory.create(
            name="青山村村民委员会", kind=UnitKind.VILLAGE, parent=town
        ),
    )


UNIT_SHEET_HEADER = ("单位名称", "上级单位", "单位类型", "统一社会信用代码", "简称")


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    header: Sequence[str] | None = UNIT_SHEET_HEADER,
    *,
    preamble: Iterable[Sequence[object]] = (),
) -> bytes:
    """A real .xlsx file (made by openpyxl) with ``header`` and ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in preamble:
        sheet.append(list(line))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
