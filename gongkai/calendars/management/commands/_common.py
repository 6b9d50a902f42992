"""Helpers shared by the calendar, deadline and fee commands."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from gongkai.calendars.events import parse_date
from gongkai.core.exceptions import ApplicationError


def add_format(parser: CommandParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="输出格式：text（默认，中文说明）或 json（供程序读取）",
    )


def to_date(value: str, what: str) -> date:
    try:
        return parse_date(value, what)
    except ApplicationError as exc:
        raise CommandError(exc.message) from None


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
