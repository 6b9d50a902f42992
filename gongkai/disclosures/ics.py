"""An iCalendar (RFC 5545) feed of reply deadlines: one all-day event per application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from gongkai.disclosures.models import Application


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not parts else 74
        if len((current + ch).encode("utf-8")) > limit:
            parts.append(current)
            current = ch
        else:
            current += ch
    parts.append(current)
    return "\r\n ".join(parts)


def calendar(
    applications: Iterable[Application],
    *,
    url_for: Callable[[Application], str],
    now: dt.datetime,
) -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gongkai//依申请公开答复期限//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape("政府信息公开申请答复期限"),
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for application in applications:
        if application.due_on is None:
            continue
        day = application.due_on
        mark = "（暂定）" if application.due_provisional else ""
        summary = f"答复期限{mark}：{application.number}（{application.unit.name}）"
        description = f"状态：{application.state_label}。{url_for(application)}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:application-{application.pk}@gongkai",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _escape(summary),
            "DESCRIPTION:" + _escape(description),
            "URL:" + url_for(application),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
