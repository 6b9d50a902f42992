"""gongkai fee by-piece --previous M --new N | by-page --pages P [--format json]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendars.management.commands._common import add_format, dump_json
from gongkai.rules.fees import FeeResult, FeeStandard, fee_by_page, fee_by_piece


class Command(BaseCommand):
    help = "计算信息处理费（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="standard", required=True, metavar="标准")
        piece = sub.add_parser("by-piece", help="按件计收（第四条）")
        piece.add_argument(
            "--previous",
            type=int,
            default=0,
            help="同一申请人本自然月此前已提出的申请件数（默认0）",
        )
        piece.add_argument(
            "--new", type=int, default=1, help="本次计费的申请件数（默认1）"
        )
        add_format(piece)
        page = sub.add_parser("by-page", help="按量计收（第五条）")
        page.add_argument("--pages", type=int, required=True, help="提供的页数")
        add_format(page)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["standard"] == "by-piece":
                result = fee_by_piece(previous=options["previous"], new=options["new"])
                title = (
                    f"按件计收：本月此前{options['previous']}件，本次{options['new']}件"
                )
            else:
                result = fee_by_page(pages=options["pages"])
                title = f"按量计收：{options['pages']}页"
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "json":
            self.stdout.write(dump_json(result.to_json()))
            return
        self._print(title, result)

    def _print(self, title: str, result: FeeResult) -> None:
        self.stdout.write(title)
        unit = "件" if result.standard == FeeStandard.BY_PIECE else "页"
        for line in result.breakdown:
            self.stdout.write(
                f"  {line.label}：{line.count}{unit}，{line.amount:.2f}元"
            )
        self.stdout.write(f"应收信息处理费：{result.fee_yuan:.2f}元")
