from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.backup import BackupError, format_size, restore_backup


class Command(BaseCommand):
    help = (
        "从 gongkai backup 生成的备份文件恢复数据库和文件。只能恢复到全新的空实例："
        "请把 GONGKAI_DATA_DIR 指向一个空目录（使用 PostgreSQL 时 DATABASE_URL 指向空数据库）。"
        "恢复前会完整校验备份文件，任何一步出错都不会留下恢复了一半的数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="gongkai backup 生成的备份文件"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        try:
            result = restore_backup(
                options["file"],
                progress=verbose and sys.stderr.isatty(),
                report=self.stdout.write if verbose else lambda _m: None,
            )
        except BackupError as exc:
            raise CommandError(f"恢复失败：{exc}") from exc
        lines = [
            self.style.SUCCESS("恢复完成。"),
            f"  备份时间：{result.created_at}（gongkai {result.gongkai_version}，"
            f"{result.source_vendor}）",
            f"  数据库（{result.vendor}）：{result.tables} 张表，"
            f"{result.rows:,} 条记录",
            f"  文件：{result.files:,} 个，共 {format_size(result.file_bytes)}",
        ]
        if result.upgraded:
            lines.append(
                f"  数据库结构已升级到当前版本（执行了 {result.migrations_applied} 项迁移）。"
            )
        lines += [f"  {note}" for note in result.notes]
        lines.append("  提示：登录会话和后台任务队列不在备份中，所有用户需要重新登录。")
        self.stdout.write("\n".join(lines))
