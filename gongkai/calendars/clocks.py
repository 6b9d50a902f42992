"""The registry of statutory clocks kept in ``StoredDeadline``.

An app that keeps a statutory period (an application's reply, a 留言 reply, …)
registers its clock once, in its ``AppConfig.ready()``::

    from gongkai.calendars.clocks import register_clock

    register_clock(
        "disclosures.application",
        label="依申请公开答复期限",
        on_changed=mirror_due_date,  # optional
    )

and stores each record's clock with ``gongkai.calendars.services.deadline_store``.
When a year's holiday schedule is loaded, every stored clock that depended on an
estimate is recomputed; for each one whose due date changed, ``on_changed(row,
old_due)`` is called inside the same transaction, so that the app can mirror the
new date onto its own record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.calendars.models import StoredDeadline

OnChanged = Callable[["StoredDeadline", date | None], None]

__all__ = [
    "Clock",
    "OnChanged",
    "clock_get",
    "clock_label",
    "register_clock",
    "registered_clocks",
    "unregister_clock",
]


@dataclass(frozen=True)
class Clock:
    """A registered clock: its name (``app.what``), Chinese label and change hook."""

    name: str
    label: str
    on_changed: OnChanged | None = None
    # How the explanation names the start day: "收到申请", "信息生成" …
    start_label: str = "收到申请"


_REGISTRY: dict[str, Clock] = {}


def register_clock(
    name: str,
    *,
    label: str,
    on_changed: OnChanged | None = None,
    start_label: str = "收到申请",
) -> Clock:
    """Register (or re-register: ``ready()`` may run twice) the clock ``name``."""
    if not name or len(name) > 100:
        raise ValueError(
            "期限种类的名称须为1至100个字符，例如“disclosures.application”。"
        )
    clock = Clock(
        name=name, label=label, on_changed=on_changed, start_label=start_label
    )
    _REGISTRY[name] = clock
    return clock


def unregister_clock(name: str) -> None:
    """Forget a clock (for tests; stored rows keep their name)."""
    _REGISTRY.pop(name, None)


def clock_get(name: str) -> Clock | None:
    return _REGISTRY.get(name)


def clock_label(name: str) -> str:
    """The clock's Chinese label, or its name when it is not (or no longer) registered."""
    clock = _REGISTRY.get(name)
    return clock.label if clock is not None else name


def registered_clocks() -> list[Clock]:
    return sorted(_REGISTRY.values(), key=lambda c: c.name)
