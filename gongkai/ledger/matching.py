"""Matching the unit names written in a plan to the organisation tree.

In order: the exact full name, a short name (简称), a name resolved earlier by a
user (:class:`~gongkai.ledger.models.UnitAlias`), and a collective name such as
"市政府各部门" or "各区县政府" read against the tree under the plan's government.
Anything else stays unmatched and is shown to the user to resolve. When a name fits
several units equally well (two "教育局" under different governments), units under
the plan's own government win; if that still leaves several, the name is unmatched
rather than guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from gongkai.ledger.models import UnitAlias
from gongkai.organizations.models import Unit, UnitKind


@dataclass(frozen=True)
class UnitMatch:
    """How one name written in a plan was matched."""

    name: str
    units: tuple[Unit, ...]
    how: str  # "full", "short", "alias", "collective" or "" (unmatched)
    note: str = ""

    @property
    def matched(self) -> bool:
        return bool(self.units)

    @property
    def how_label(self) -> str:
        return {
            "full": "全称",
            "short": "简称",
            "alias": "名称对照",
            "collective": "集合名称",
        }.get(self.how, "未匹配")

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "units": [u.name for u in self.units],
            "how": self.how,
            "note": self.note,
        }


# Collective names: which units under the plan's government they stand for.
# "有关/相关" (the relevant ones) are deliberately not expanded: they need a person.
_DEPARTMENTS = re.compile(
    r"^(?:(?:市|区|县|镇|管委会)(?:政府|直)?各(?:委办局|部门|单位)(?:、各直属机构)?"
    r"|(?:市|区|县)直各(?:部门|单位)|各部门|各单位|各委办局)$"
)
_GOVERNMENTS = re.compile(
    r"^各(?:区市县|县市区|区县|县区|区|县|市|区、县（市）|县（市、区）|区（县、市）"
    r"|区（市、县）|区、市、县)(?:人民)?(?:政府)?$"
)
_TOWNS = re.compile(
    r"^各(?:乡镇|镇|乡|街道|镇街|镇（街道）|镇（街）|乡镇（街道）|乡镇街道)(?:人民政府|办事处|（园区）)?$"
)
_DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.INSTITUTION)


def government_of(unit: Unit) -> Unit:
    """The government a unit belongs to: itself if it is one, else the nearest above."""
    if unit.kind in (UnitKind.GOVERNMENT, UnitKind.TOWNSHIP):
        return unit
    ancestors = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=unit.ancestor_ids(),
            kind__in=[UnitKind.GOVERNMENT, UnitKind.TOWNSHIP],
        )
    }
    for pk in reversed(unit.ancestor_ids()):
        if pk in ancestors:
            return ancestors[pk]
    return unit


class UnitMatcher:
    """Matches names against the active units; built once per import."""

    def __init__(self, issuing_unit: Unit | None) -> None:
        self.base = government_of(issuing_unit) if issuing_unit else None
        self.units = list(Unit.objects.filter(is_active=True).order_by("path"))
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        self.by_short: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            self.by_name[unit.name].append(unit)
            for short in unit.short_names or []:
                self.by_short[str(short)].append(unit)
        self.aliases: dict[str, list[Unit]] = defaultdict(list)
        for alias in UnitAlias.objects.select_related("unit").filter(
            unit__is_active=True
        ):
            self.aliases[alias.name].append(alias.unit)

    @cached_property
    def known_names(self) -> list[str]:
        """Every name the parser may use to split glued unit lists."""
        return sorted({*self.by_name, *self.by_short, *self.aliases})

    def _within_base(self, units: list[Unit]) -> list[Unit]:
        if self.base is None:
            return units
        inside = [u for u in units if u.path.startswith(self.base.path)]
        return inside or units

    def _one(self, name: str, candidates: list[Unit], how: str) -> UnitMatch | None:
        if not candidates:
            return None
        chosen = self._within_base(candidates)
        if len(chosen) == 1:
            return UnitMatch(name, (chosen[0],), how)
        listed = "、".join(u.name for u in chosen[:5])
        return UnitMatch(
            name, (), "", f"有{len(chosen)}个单位都叫这个名称（{listed}），请选择。"
        )

    def _collective(self, name: str) -> list[Unit]:
        base = self.base
        if base is None:
            return []
        if _DEPARTMENTS.match(name):
            return [
                u
                for u in self.units
                if u.parent_id == base.pk and u.kind in _DEPARTMENT_KINDS
            ]
        if _GOVERNMENTS.match(name):
            return [
                u
                for u in self.units
                if u.parent_id == base.pk and u.kind == UnitKind.GOVERNMENT
            ]
        if _TOWNS.match(name):
            return [
                u
                for u in self.units
                if u.path.startswith(base.path)
                and u.pk != base.pk
                and u.kind == UnitKind.TOWNSHIP
            ]
        return []

    def match(self, name: str) -> UnitMatch:
        ambiguous: UnitMatch | None = None
        for candidates, how in (
            (self.by_name.get(name, []), "full"),
            (self.by_short.get(name, []), "short"),
        ):
            found = self._one(name, candidates, how)
            if found is not None and found.matched:
                return found
            ambiguous = ambiguous or found
        aliased = self.aliases.get(name)
        if aliased:
            return UnitMatch(name, tuple(aliased), "alias")
        if ambiguous is not None:
            return ambiguous
        members = self._collective(name)
        if members:
            return UnitMatch(
                name,
                tuple(members),
                "collective",
                f"按集合名称对应{len(members)}个单位",
            )
        return UnitMatch(name, (), "", "单位树中没有这个名称")

    def match_all(self, names: tuple[str, ...] | list[str]) -> tuple[UnitMatch, ...]:
        return tuple(self.match(name) for name in names)
