"""`gongkai import documents FILE.jsonl [--publish] [--dry-run] [--format json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from gongkai.core.exceptions import ApplicationError
from gongkai.publications import services
from gongkai.publications.importing import JsonlReader

KEYS_HELP = (
    "每行一个JSON对象：title（标题）、body（正文，HTML或纯文本）、unit（单位：统一社会信用代码、"
    "全称或简称）必填；可选 doc_number、index_number、written_on、published_on、column、"
    "genre、topic、validity、attachments（相对于该文件所在目录的路径列表）。"
)


class Command(BaseCommand):
    help = "迁移导入：从 JSON Lines 文件导入已有网站的政府信息（documents）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        documents = sub.add_parser(
            "documents", help="导入政府信息（主动公开）", description=KEYS_HELP
        )
        documents.add_argument("file", help=".jsonl 文件")
        documents.add_argument(
            "--publish",
            action="store_true",
            help="作为已发布的信息导入（不经三审，标记为迁移导入）；不加则导入为草稿",
        )
        documents.add_argument(
            "--dry-run", action="store_true", help="只检查并报告，不保存任何内容"
        )
        documents.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text（默认）或 json",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            reader = JsonlReader(path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        out = getattr(self.stderr, "_out", sys.stderr)
        with tqdm(
            total=reader.size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="导入",
            file=out,
            disable=options["verbosity"] == 0,
        ) as bar:

            def progress(_: object) -> None:
                bar.update(reader.bytes_read - bar.n)

            try:
                report = services.records_import(
                    actor=None,
                    rows=reader,
                    publish=options["publish"],
                    progress=progress,
                    dry_run=options["dry_run"],
                )
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
            bar.update(reader.bytes_read - bar.n)
        self._report(report, options["format"])
        if report.rejected:
            raise CommandError(
                f"{report.rejected_count} 行未导入，请修改后只导入这些行。",
                returncode=1,
            )

    def _report(self, report: services.ImportReport, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": report.dry_run,
                        "publish": report.publish,
                        "imported": report.imported_count,
                        "rejected": [
                            {"line": r.line, "title": r.title, "reason": r.reason}
                            for r in report.rejected
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        verb = "将导入" if report.dry_run else "已导入"
        state = "已发布" if report.publish else "草稿"
        self.stdout.write(
            f"{verb} {report.imported_count} 条（{state}）；"
            f"{report.rejected_count} 行未导入。"
            + ("（试运行，未保存）" if report.dry_run else "")
        )
        for r in report.rejected:
            title = f" {r.title}" if r.title else ""
            self.stdout.write(f"  第{r.line}行{title}：{r.reason}")
