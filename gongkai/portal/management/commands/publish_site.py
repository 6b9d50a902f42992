from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.portal import staticsite


class Command(BaseCommand):
    help = (
        "把公开专栏的全部公开页面（首页、指南、制度、目录栏目、每篇政府信息及其附件、"
        "政策文件库、年报、RSS/Atom、网站地图、404页面）生成到一个目录，可由 nginx 等"
        "任何静态服务器提供。默认只重新生成有变化的页面，并删除已撤稿信息的页面和附件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            metavar="DIR",
            help="输出目录（默认 GONGKAI_STATIC_SITE_DIR，未设置时为 数据目录/site）",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="同时生成页面的进程数（默认为 CPU 核数）",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="全部重新生成，并删除目录中不属于站点的文件",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else None
        progress = None
        if options["verbosity"] > 0 and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(desc="生成静态站点", unit="个", leave=False)

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                if done == total or done % 200 == 0:
                    bar.refresh()

        try:
            report = staticsite.publish(
                out=out, full=options["full"], progress=progress
            )
        except staticsite.PublishError as exc:
            raise CommandError(f"发布失败：{exc}") from exc
        if report.errors:
            raise CommandError(report.summary())
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(report.summary()))
