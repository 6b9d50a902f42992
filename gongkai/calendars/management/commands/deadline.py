"""gongkai deadline --received DATE [--days N] [--events FILE] [--format json]"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendars import selectors
from gongkai.calendars.events import events_from_json
from gongkai.calendars.management.commands._common import add_format, dump_json, to_date
from gongkai.core.exceptions import ApplicationError
from gongkai.rules.workdays import format_date_cn


class Command(BaseCommand):
    help = (
        "计算依申请公开的答复期限（《政府信息公开条例》第三十条至第三十五条），"
        "并逐条说明计算过程。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--received", required=True, help="收到申请之日，例如 2026-09-30"
        )
        parser.add_argument(
            "--days", type=int, default=20, help="答复期限的工作日数（默认20）"
        )
        parser.add_argument(
            "--events",
            default=None,
            help=(
                "办理事件的 JSON 文件（“-”表示标准输入）：列表，每项为 "
                '{"kind": ..., "date": "YYYY-MM-DD"}，延长时加 "working_days": N，'
                '延迟答复时加 "until": "YYYY-MM-DD"'
            ),
        )
        parser.add_argument(
            "--today", default=None, help="按哪一天计算已用和剩余工作日（默认今天）"
        )
        add_format(parser)

    def _events(self, name: str | None) -> Any:
        if name is None:
            return []
        try:
            raw = (
                sys.stdin.read()
                if name == "-"
                else Path(name).read_text(encoding="utf-8-sig")
            )
        except FileNotFoundError:
            raise CommandError(f"找不到事件文件“{name}”，请核对路径。") from None
        except (OSError, UnicodeDecodeError):
            raise CommandError(
                f"无法读取事件文件“{name}”，请确认它是 UTF-8 编码的 JSON 文件。"
            ) from None
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"事件文件“{name}”不是有效的 JSON（第{exc.lineno}行第{exc.colno}列），"
                '请参照 [{"kind": "correction_requested", "date": "2026-10-09"}] 的格式。'
            ) from None

    def handle(self, *args: Any, **options: Any) -> None:
        received = to_date(options["received"], "收到申请日期")
        today = to_date(options["today"], "计算日") if options["today"] else None
        try:
            events = events_from_json(self._events(options["events"]))
            result = selectors.deadline_compute(
                received=received, period=options["days"], events=events, today=today
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if options["format"] == "json":
            self.stdout.write(dump_json(result.to_json()))
            return
        if result.due is None:
            self.stdout.write("答复期限：暂停计算（等待申请人补正）")
        else:
            mark = "（暂定）" if result.provisional else ""
            self.stdout.write(f"答复期限：{format_date_cn(result.due)}{mark}")
        self.stdout.write("计算说明：")
        for line in result.explanation:
            self.stdout.write(f"  {line}")
