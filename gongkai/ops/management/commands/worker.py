from __future__ import annotations

import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from gongkai.core.periodic import run_due_jobs


def _scheduler(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        close_old_connections()
        run_due_jobs()
        stop.wait(interval)


class Command(BaseCommand):
    help = "运行后台任务处理（提醒、定时发布、索引、静态发布、链接检查、导出）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="处理完现有任务后退出")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            run_due_jobs()
            call_command(
                "db_worker", queue_name="*", batch=True, reload=False, interval=1
            )
            return
        stop = threading.Event()
        thread = threading.Thread(target=_scheduler, args=(stop, 15.0), daemon=True)
        thread.start()
        try:
            call_command(
                "db_worker", queue_name="*", batch=False, reload=False, interval=1
            )
        finally:
            stop.set()
            time.sleep(0)
