from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.backup import BackupError, create_backup, format_size


class Command(BaseCommand):
    help = (
        "把数据库和数据目录中的文件（上传的附件等）备份到一个归档文件（.tar.gz）。"
        "备份期间网站可以继续运行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="要写入的备份文件，例如 gongkai-备份.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        try:
            result = create_backup(
                options["file"],
                progress=verbose and sys.stderr.isatty(),
                report=self.stdout.write if verbose else lambda _m: None,
            )
        except BackupError as exc:
            raise CommandError(f"备份失败：{exc}") from exc
        lines = [
            self.style.SUCCESS(f"备份完成：{result.path}"),
            f"  数据库（{result.vendor}）：{result.tables} 张表，"
            f"{result.rows:,} 条记录",
            f"  文件：{result.files:,} 个，共 {format_size(result.file_bytes)}",
            f"  备份文件大小：{format_size(result.archive_bytes)}",
        ]
        if result.skipped:
            lines.append(
                f"  注意：跳过了 {result.skipped} 个符号链接、特殊文件或备份期间被删除的文件。"
            )
        lines += [f"  注意：{note}" for note in result.notes]
        self.stdout.write("\n".join(lines))
