from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops.demo import DEMO_PASSWORD, demo_is_needed, load_demo
from gongkai.ops.server import run_web
from gongkai.organizations.roles import Role


class Command(BaseCommand):
    help = "初始化数据库，数据库为空时载入演示数据，然后启动网站和后台任务处理。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）"
        )
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--no-serve", action="store_true", help="只准备数据，不启动网站"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_is_needed():
            self.stdout.write("正在载入演示数据……")
            accounts = load_demo()
            self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
        else:
            from gongkai.ops.demo import ACCOUNTS as accounts

            self.stdout.write("数据库中已有数据，未重复载入演示数据。")
        base = f"http://{options['host']}:{options['port']}"
        lines = [
            "",
            f"  公开专栏： {base}/",
            f"  工作台：   {base}/workbench/",
            f"  接口文档： {base}/api/docs",
            "",
            f"  演示账号（密码均为 {DEMO_PASSWORD}）：",
        ]
        lines += [
            f"    {a.username:<10} {a.full_name}（{a.unit}·{Role(a.role).label}）"
            for a in accounts
        ]
        self.stdout.write("\n".join(lines) + "\n")
        if not options["no_serve"]:
            self.stdout.write("按 Ctrl+C 停止。\n")
            self.stdout.flush()
            run_web(
                host=options["host"], port=options["port"], workers=2, with_worker=True
            )
