from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import ApplicationError
from gongkai.organizations import services


class Command(BaseCommand):
    help = "创建系统管理员账号（可管理全部单位、人员和角色）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="用户名")
        parser.add_argument("--full-name", default="系统管理员", help="姓名")
        parser.add_argument(
            "--password",
            help="密码（不填则交互输入；也可用环境变量 GONGKAI_ADMIN_PASSWORD）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import os

        username = options["username"] or input("用户名：").strip()
        password = options["password"] or os.environ.get("GONGKAI_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致。")
        try:
            staff = services.staff_create(
                actor=None,
                username=username,
                full_name=options["full_name"],
                unit=None,
                password=password,
                is_superuser=True,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"已创建系统管理员“{staff.username}”。"))
