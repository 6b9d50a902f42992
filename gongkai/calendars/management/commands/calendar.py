"""gongkai calendar show YEAR | is-workday DATE | import-notice FILE [--yes]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendars import selectors, services
from gongkai.calendars.management.commands._common import add_format, dump_json, to_date
from gongkai.core.exceptions import ApplicationError
from gongkai.rules.workdays import format_date_cn


class Command(BaseCommand):
    help = "工作日历：查看某年的节假日安排、查询某天是否为工作日、导入国务院办公厅放假安排通知。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="操作")
        show = sub.add_parser(
            "show", help="列出某年的放假日和调休上班日，并说明是已载入还是估算"
        )
        show.add_argument("year", type=int, help="年份，例如 2026")
        add_format(show)
        workday = sub.add_parser("is-workday", help="查询某天是工作日还是休息日及原因")
        workday.add_argument("date", help="日期，例如 2026-10-10")
        add_format(workday)
        notice = sub.add_parser(
            "import-notice",
            help="导入《国务院办公厅关于某年部分节假日安排的通知》全文（文本文件）",
        )
        notice.add_argument("file", help="通知全文的文本文件（UTF-8），“-”表示标准输入")
        notice.add_argument(
            "--yes", action="store_true", help="不再询问，直接保存并重新计算期限"
        )
        notice.add_argument(
            "--year", type=int, default=None, help="通知年份（标题中没有年份时填写）"
        )
        add_format(notice)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "show":
                self._show(options["year"], options["format"])
            elif action == "is-workday":
                self._is_workday(options["date"], options["format"])
            else:
                self._import(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None

    # --- show -----------------------------------------------------------------

    def _show(self, year: int, fmt: str) -> None:
        view = selectors.calendar_year_view(year)
        if fmt == "json":
            self.stdout.write(dump_json(view.to_json()))
            return
        status = (
            f"已载入，依据：{view.source}" if view.loaded else "尚未载入，以下为估算"
        )
        self.stdout.write(f"{year}年节假日安排（{status}）")
        for row in view.rows:
            self.stdout.write(
                f"  {row.day.month:>2}月{row.day.day:>2}日（{row.weekday}）"
                f"{row.kind_label:<4} {row.name}"
            )
        self.stdout.write(
            f"共放假{view.holiday_count}天，调休上班{view.workday_count}天。"
        )
        self.stdout.write(view.note)

    # --- is-workday -----------------------------------------------------------------

    def _is_workday(self, value: str, fmt: str) -> None:
        status = selectors.day_status(to_date(value, "日期"))
        if fmt == "json":
            self.stdout.write(dump_json(status.to_json()))
            return
        label = "工作日" if status.workday else "休息日"
        self.stdout.write(f"{format_date_cn(status.day)}：{label}（{status.reason}）")

    # --- import-notice ----------------------------------------------------------------

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"找不到文件“{name}”，请核对路径。") from None
        except UnicodeDecodeError:
            try:
                return path.read_text(encoding="gb18030")
            except UnicodeDecodeError:
                raise CommandError(
                    f"无法读取文件“{name}”：请把通知全文另存为 UTF-8 编码的文本文件。"
                ) from None
        except OSError as exc:
            raise CommandError(f"无法读取文件“{name}”：{exc.strerror}。") from None

    def _import(self, options: dict[str, Any]) -> None:
        text = self._read(options["file"])
        fmt = options["format"]
        preview = services.calendar_import_notice(
            actor=None, text=text, year=options["year"], confirm=False
        )
        if fmt == "text":
            self._print_preview(preview)
        confirmed = options["yes"]
        if not confirmed:
            if not sys.stdin.isatty():
                raise CommandError(
                    "尚未保存：请核对以上内容，确认无误后加 --yes 重新运行以保存。"
                )
            answer = input(f"保存{preview.year}年节假日安排并重新计算期限？[y/N] ")
            if answer.strip().lower() not in {"y", "yes", "是"}:
                self.stdout.write("已取消，未保存任何内容。")
                return
        bar = _progress_bar()
        try:
            result = services.calendar_import_notice(
                actor=None,
                text=text,
                year=options["year"],
                confirm=True,
                progress=bar.update if bar else None,
            )
        finally:
            if bar:
                bar.close()
        recompute = result.recompute
        if fmt == "json":
            self.stdout.write(
                dump_json(
                    {
                        "year": result.year,
                        "source": result.source,
                        "stored_days": result.stored_days,
                        "warnings": list(result.parse.warnings),
                        "differences": result.differences,
                        "entries": [
                            {
                                "date": e.day.isoformat(),
                                "kind": e.kind.value,
                                "name": e.name,
                            }
                            for e in result.parse.entries
                        ],
                        "recomputed": recompute.recomputed if recompute else 0,
                        "changed": recompute.changed if recompute else 0,
                        "notified": recompute.notified if recompute else 0,
                        "still_provisional": recompute.still_provisional
                        if recompute
                        else 0,
                    }
                )
            )
            return
        self.stdout.write(
            f"已保存{result.year}年节假日安排（{result.stored_days}天）。"
        )
        if recompute is not None:
            self.stdout.write(
                f"重新计算了{recompute.recomputed}个期限，其中{recompute.changed}个"
                f"期限日期有变化，已通知{recompute.notified}位责任人。"
            )
            if recompute.failed:
                self.stdout.write(
                    f"另有{len(recompute.failed)}个期限无法计算，详见操作记录。"
                )

    def _print_preview(self, preview: services.NoticeImport) -> None:
        self.stdout.write(f"通知：{preview.source}")
        self.stdout.write(f"年份：{preview.year}年")
        for e in preview.parse.entries:
            kind = "放假" if e.kind.value == "holiday" else "调休上班"
            self.stdout.write(f"  {format_date_cn(e.day)}  {kind}  {e.name}")
        if preview.parse.warnings:
            self.stdout.write("请核对：")
            for warning in preview.parse.warnings:
                self.stdout.write(f"  ！{warning}")
        if preview.already_loaded:
            if preview.differences:
                self.stdout.write(f"{preview.year}年已载入，本通知将改变：")
                for line in preview.differences:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(
                    f"{preview.year}年已载入，本通知与现有安排的工作日完全一致。"
                )
        elif preview.differences:
            self.stdout.write("与目前的估算相比：")
            for line in preview.differences:
                self.stdout.write(f"  {line}")


class _Bar:
    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=0, unit="个期限", desc="重新计算期限", disable=None)

    def update(self, done: int, total: int) -> None:
        self._bar.total = total
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def _progress_bar() -> _Bar | None:
    return _Bar() if sys.stderr.isatty() else None
