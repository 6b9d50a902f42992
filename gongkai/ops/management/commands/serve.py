from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops.server import run_web


class Command(BaseCommand):
    help = "启动网站（gunicorn）和后台任务处理。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）"
        )
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--workers", type=int, default=2, help="网站进程数（默认 2）"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务处理（另行运行 gongkai worker 时使用）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"网站地址：http://{options['host']}:{options['port']}/")
        run_web(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            with_worker=not options["no_worker"],
        )
