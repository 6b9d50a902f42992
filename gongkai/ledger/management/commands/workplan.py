"""gongkai workplan import FILE [--year YYYY] [--dry-run] [--format json] | remind"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import ApplicationError
from gongkai.ledger import services
from gongkai.organizations.selectors import unit_by_name
from gongkai.rules.workdays import format_date_cn


class Command(BaseCommand):
    help = (
        "工作要点：导入工作要点（任务分工）文件；每日更新任务状态并发送到期和逾期提醒。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="操作")
        imp = sub.add_parser(
            "import",
            help="导入工作要点（.txt、.docx、.xlsx），同一文号（无文号时同一标题和年度）再次导入即更新",
        )
        imp.add_argument("file", help="工作要点文件")
        imp.add_argument(
            "--year",
            type=int,
            default=None,
            help="计划年度（标题和文号中没有年份时填写）",
        )
        imp.add_argument("--title", default=None, help="计划标题（未能识别标题时填写）")
        imp.add_argument(
            "--unit",
            default=None,
            help="主管单位的全称或简称（默认：印发机关；单位树只有一个顶级单位时为该单位）",
        )
        imp.add_argument(
            "--dry-run", action="store_true", help="只读取并报告，不保存任何内容"
        )
        imp.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text（默认，中文说明）或 json（供程序读取）",
        )
        remind = sub.add_parser(
            "remind",
            help="更新任务状态（逾期），向承担单位发送到期前和逾期提醒；每天运行一次（可重复运行，不会重复提醒）",
        )
        remind.add_argument(
            "--date", default=None, help="按哪一天计算（默认今天），例如 2026-10-26"
        )
        remind.add_argument(
            "--days",
            type=int,
            default=services.REMIND_WORKING_DAYS,
            help=f"到期前几个工作日提醒（默认{services.REMIND_WORKING_DAYS}）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                self._remind(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件“{path}”，请核对路径。")
        unit = None
        if options["unit"]:
            unit = unit_by_name(options["unit"])
            if unit is None:
                raise CommandError(f"单位树中没有“{options['unit']}”，请核对单位名称。")
        result = services.workplan_import(
            actor=None,
            data=path.read_bytes(),
            filename=path.name,
            year=options["year"],
            title=options["title"],
            unit=unit,
            dry_run=options["dry_run"],
        )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(result.to_json(), ensure_ascii=False, indent=2)
            )
            return
        self._print(result)

    def _print(self, result: services.ImportResult) -> None:
        write = self.stdout.write
        write(f"标题：{result.title or '（未识别）'}")
        write(f"文号：{result.doc_number or '—'}")
        write(f"印发机关：{result.issuer or '—'}")
        write(f"年度：{result.year or '（未确定）'}")
        write(f"主管单位：{result.unit.name if result.unit else '（未确定）'}")
        write(f"任务：{len(result.tasks)}项")
        for preview in result.tasks:
            t = preview.task
            deadline = (
                format_date_cn(t.deadline)
                if t.deadline
                else ("长期" if t.recurring else "未写明")
            )
            label = f"{t.number}{t.title}" if t.title else t.number
            write(f"  {label}｜完成时限：{deadline}")
            for role, matches in (
                ("牵头", preview.lead),
                ("责任", preview.responsible),
            ):
                if not matches:
                    continue
                shown = []
                for match in matches:
                    if match.matched:
                        names = "、".join(u.name for u in match.units)
                        shown.append(
                            match.name
                            if names == match.name
                            else f"{match.name}→{names}"
                        )
                    else:
                        shown.append(f"{match.name}（未匹配）")
                write(f"      {role}：{'；'.join(shown)}")
        for warning in result.warnings:
            write(f"！{warning}")
        if result.dry_run:
            if result.problems:
                for problem in result.problems:
                    write(f"不能保存：{problem}")
            write("（试运行，未保存）")
            return
        if result.existing is not None:
            write(
                f"已更新：新增{result.added}项，更新{result.updated}项，"
                f"无变化{result.unchanged}项，撤销{result.withdrawn}项。"
            )
        else:
            write(f"已保存，共{len(result.tasks)}项任务。")

    def _remind(self, options: dict[str, Any]) -> None:
        import datetime as dt

        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"日期“{options['date']}”格式不对，请写成 2026-10-26。"
                ) from None
        if options["days"] < 1:
            raise CommandError("--days 应为正整数。")
        changed = services.tasks_refresh_status(actor=None, today=today)
        result = services.tasks_remind(
            actor=None, today=today, days_before=options["days"]
        )
        self.stdout.write(
            f"任务状态更新{changed}项；到期前提醒{result.before}个单位次，"
            f"逾期提醒{result.overdue}个单位次，共发出{result.notifications}条通知。"
        )
