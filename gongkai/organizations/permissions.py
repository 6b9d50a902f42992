"""What a user may see and do, decided in one place.

``scope_for(actor, action)`` gives the set of units where ``actor`` may perform
``action``: the units of the roles that allow it, with their subtrees where the
role reaches down. Selectors filter with it; services check it before writing.
``actor=None`` is the system itself (the command line run by the operator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from gongkai.core.exceptions import PermissionDenied
from gongkai.organizations.models import RoleAssignment, Unit
from gongkai.organizations.roles import ROLE_ACTIONS, Action


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    subtree_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.subtree_paths or self.unit_ids)

    def q(self, via: str = "") -> Q:
        """A filter on a queryset of units (``via=""``) or of objects owning a unit
        through the relation ``via`` (for example ``"unit__"``)."""
        if self.everything:
            return Q()
        q = Q(**{f"{via}pk__in": list(self.unit_ids)})
        for path in self.subtree_paths:
            q |= Q(**{f"{via}path__startswith": path})
        return q

    def contains(self, unit: Unit) -> bool:
        if self.everything:
            return True
        if unit.pk in self.unit_ids:
            return True
        return any(unit.path.startswith(p) for p in self.subtree_paths)


def is_system(actor: Any) -> bool:
    return actor is None


def scope_for(actor: Any, action: str) -> Scope:
    """The units where ``actor`` may perform ``action`` (cached per actor object)."""
    if is_system(actor):
        return Scope(everything=True)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Scope()
    if actor.is_superuser:
        return Scope(everything=True)
    cache: dict[str, Scope] = actor.__dict__.setdefault("_gongkai_scopes", {})
    if action not in cache:
        roles = [r for r, actions in ROLE_ACTIONS.items() if action in actions]
        grants = RoleAssignment.objects.filter(
            staff=actor, role__in=roles, unit__is_active=True
        ).values_list("unit_id", "unit__path", "subtree")
        ids: set[int] = set()
        paths: set[str] = set()
        for unit_id, path, subtree in grants:
            if subtree:
                paths.add(path)
            else:
                ids.add(unit_id)
        cache[action] = Scope(
            subtree_paths=tuple(sorted(paths)), unit_ids=frozenset(ids)
        )
    return cache[action]


def forget_scopes(actor: Any) -> None:
    """Drop the cached scopes after the actor's roles changed."""
    if actor is not None:
        actor.__dict__.pop("_gongkai_scopes", None)


def can(actor: Any, action: str, unit: Unit | None) -> bool:
    """Whether ``actor`` may perform ``action`` in ``unit`` (``None``: at the root)."""
    scope = scope_for(actor, action)
    if unit is None:
        # "At the root": over everything, or over a whole top-level tree ("/N/").
        return scope.everything or any(p.count("/") == 2 for p in scope.subtree_paths)
    return scope.contains(unit)


def require(actor: Any, action: str, unit: Unit | None) -> None:
    if not can(actor, action, unit):
        label = Action(action).label if action in Action.values else action
        where = f"在“{unit.name}”" if unit is not None else ""
        raise PermissionDenied(
            f"您没有{where}{label}的权限。如需办理，请联系系统管理员授予相应角色。"
        )


def has_any_role(actor: Any) -> bool:
    if is_system(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return (
        bool(actor.is_superuser) or RoleAssignment.objects.filter(staff=actor).exists()
    )
