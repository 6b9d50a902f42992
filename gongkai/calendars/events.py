"""Clock events as JSON (stored in ``StoredDeadline.events``, read from files and the
API) and back: ``[{"kind": "extended", "date": "2026-10-12", "working_days": 20}]``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from gongkai.core.exceptions import ValidationError
from gongkai.rules.deadlines import ClockEvent, ClockEventKind

_KINDS = "、".join(f"{k.value}（{k.label}）" for k in ClockEventKind)


def parse_date(value: Any, what: str) -> date:
    """An ISO date (``2026-09-30``) or a ``date``; a Chinese error otherwise."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{what}“{value}”不是有效日期，请按“2026-09-30”的格式填写。")


def _event_from_mapping(item: Mapping[str, Any], number: int) -> ClockEvent:
    where = f"第{number}个事件"
    kind_text = item.get("kind")
    try:
        kind = ClockEventKind(str(kind_text))
    except ValueError:
        raise ValidationError(
            f"{where}的类型“{kind_text}”无法识别，可用的类型：{_KINDS}。"
        ) from None
    day = parse_date(item.get("date"), f"{where}（{kind.label}）的日期")
    working_days = item.get("working_days")
    if working_days is not None and (
        isinstance(working_days, bool) or not isinstance(working_days, int)
    ):
        raise ValidationError(
            f"{where}（{kind.label}）的工作日数“{working_days}”不是整数。"
        )
    until_raw = item.get("until")
    until = (
        parse_date(until_raw, f"{where}（{kind.label}）的延迟答复期限")
        if until_raw is not None
        else None
    )
    return ClockEvent(kind=kind, day=day, working_days=working_days, until=until)


def events_from_json(data: Any) -> list[ClockEvent]:
    """Parse a JSON list of events; ``ClockEvent`` objects are taken as they are."""
    if data is None:
        return []
    if not isinstance(data, list | tuple):
        raise ValidationError(
            "办理事件须为列表，例如 "
            '[{"kind": "correction_requested", "date": "2026-10-09"}]。'
        )
    events: list[ClockEvent] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, ClockEvent):
            events.append(item)
        elif isinstance(item, Mapping):
            events.append(_event_from_mapping(item, number))
        else:
            raise ValidationError(
                f"第{number}个事件须为包含 kind 和 date 的对象，请核对。"
            )
    return events


def events_to_json(events: Iterable[ClockEvent]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for event in events:
        item: dict[str, Any] = {"kind": event.kind.value, "date": event.day.isoformat()}
        if event.working_days is not None:
            item["working_days"] = event.working_days
        if event.until is not None:
            item["until"] = event.until.isoformat()
        result.append(item)
    return result
