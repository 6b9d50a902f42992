"""政府信息公开指南 (《政府信息公开条例》第十二条), generated from the units' data.

A guide names the 政府信息公开工作机构 of a body with its address, office hours,
telephone, fax and internet contact. The data is what the units maintain in the
workbench ("本单位"); what a unit has not filled in is said plainly, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from gongkai.organizations.models import Unit, UnitKind
from gongkai.publications import selectors as pub

# The contact data the 条例 requires, in the order of 第十二条 (邮政编码 helps letters).
REQUIRED_FIELDS: tuple[tuple[str, str], ...] = (
    ("address", "办公地址"),
    ("office_hours", "办公时间"),
    ("phones", "联系电话"),
    ("fax", "传真号码"),
    ("email", "电子邮箱"),
)


@dataclass
class Office:
    """The 政府信息公开工作机构 of a unit and how to reach it."""

    name: str
    address: str
    office_hours: str
    phones: list[str]
    fax: str
    email: str
    postcode: str
    missing: list[str] = field(default_factory=list)
    is_own: bool = True  # False: the office is another unit (the government's 办公室)


@dataclass(frozen=True)
class ColumnCount:
    name: str
    slug: str
    count: int


def _has_contact(unit: Unit) -> bool:
    return any(bool(getattr(unit, name)) for name, _ in REQUIRED_FIELDS)


def office_for(unit: Unit) -> Office:
    """A government or 镇街 without its own contact data usually has its disclosure
    work done by its 办公室 (a department under it): that office is named then."""
    source = unit
    if not _has_contact(unit) and unit.kind in {
        UnitKind.GOVERNMENT,
        UnitKind.TOWNSHIP,
    }:
        office = next(
            (
                u
                for u in pub.units_public().filter(parent=unit, name__endswith="办公室")
                if _has_contact(u)
            ),
            None,
        )
        if office is not None:
            source = office
    phones = [str(p) for p in (source.phones or []) if str(p).strip()]
    present = {
        "address": source.address.strip(),
        "office_hours": source.office_hours.strip(),
        "phones": phones,
        "fax": source.fax.strip(),
        "email": source.email.strip(),
    }
    missing = [label for name, label in REQUIRED_FIELDS if not present[name]]
    return Office(
        name=source.name,
        address=source.address,
        office_hours=source.office_hours,
        phones=phones,
        fax=source.fax,
        email=source.email,
        postcode=source.postcode,
        missing=missing,
        is_own=source.pk == unit.pk,
    )


def column_counts(unit: Unit) -> tuple[int, list[ColumnCount]]:
    """How many records the unit has published, in total and per column."""
    records = pub.records_public().filter(unit=unit)
    total = records.count()
    rows = (
        records.order_by()
        .filter(public_revision__columns__is_active=True)
        .values("public_revision__columns__name", "public_revision__columns__slug")
        .annotate(n=Count("id", distinct=True))
        .order_by("public_revision__columns__path")
    )
    return total, [
        ColumnCount(
            r["public_revision__columns__name"],
            r["public_revision__columns__slug"],
            r["n"],
        )
        for r in rows
    ]
