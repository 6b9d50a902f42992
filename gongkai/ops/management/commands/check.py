from __future__ import annotations

from typing import Any, ClassVar

from django.core import checks
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.checks import run_checks


class Command(BaseCommand):
    help = "检查配置、数据库、存储目录和后台任务；发现问题时以非零状态退出。"
    requires_system_checks: ClassVar[list[str]] = []  # type: ignore[misc]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--deploy", action="store_true", help="同时做上线前的安全检查"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Django's own system checks first (this command replaces `check`).
        self.check(
            include_deployment_checks=options["deploy"],
            fail_level=checks.ERROR,
            databases=None,
        )
        failed = False
        for finding in run_checks():
            mark = "通过" if finding.ok else ("错误" if finding.fatal else "提醒")
            line = f"[{mark}] {finding.area}：{finding.message}"
            if finding.ok:
                self.stdout.write(line)
            else:
                self.stderr.write(line)
                failed = failed or finding.fatal
        if failed:
            raise CommandError("检查未通过，请按上面的提示处理。")
        self.stdout.write(self.style.SUCCESS("检查通过。"))
