"""`gongkai check`: is this instance configured and able to run?"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@dataclass(frozen=True)
class Finding:
    area: str
    ok: bool
    message: str
    fatal: bool = True


def check_configuration() -> list[Finding]:
    found = [Finding("配置", True, f"数据目录：{settings.DATA_DIR}")]
    if settings.DEBUG:
        found.append(
            Finding(
                "配置",
                False,
                "GONGKAI_DEBUG 已开启：生产环境请关闭，否则出错时会显示内部信息。",
                fatal=False,
            )
        )
    if not os.environ.get("GONGKAI_SECRET_KEY"):
        found.append(
            Finding(
                "配置",
                True,
                "未设置 GONGKAI_SECRET_KEY，使用数据目录中自动生成的密钥。",
            )
        )
    return found


def check_database() -> list[Finding]:
    try:
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001 - any driver error means "cannot connect"
        return [
            Finding(
                "数据库",
                False,
                f"无法连接数据库：{exc}。请检查 DATABASE_URL 和数据库服务。",
            )
        ]
    vendor = connection.vendor
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return [
            Finding(
                "数据库",
                False,
                f"数据库（{vendor}）有{len(plan)}项迁移未执行，请运行 gongkai migrate。",
            )
        ]
    return [Finding("数据库", True, f"数据库（{vendor}）已连接，结构为最新。")]


def check_storage() -> list[Finding]:
    found: list[Finding] = []
    data_dir = Path(settings.DATA_DIR)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir):
            pass
    except OSError as exc:
        return [
            Finding(
                "存储",
                False,
                f"数据目录 {data_dir} 不可写：{exc.strerror}。请检查目录权限。",
            )
        ]
    free_mb = shutil.disk_usage(data_dir).free // (1024 * 1024)
    if free_mb < 500:
        found.append(
            Finding(
                "存储",
                False,
                f"数据目录所在磁盘仅剩 {free_mb} MB，请清理或扩容（至少 500 MB）。",
            )
        )
    else:
        found.append(Finding("存储", True, f"数据目录可写，剩余空间 {free_mb} MB。"))
    return found


def check_tasks() -> list[Finding]:
    backend = settings.TASKS["default"]["BACKEND"]
    if "django_tasks_db" not in backend:
        return [Finding("后台任务", True, f"任务后端：{backend}")]
    from django_tasks_db.models import DBTaskResult

    try:
        stale = DBTaskResult.objects.filter(
            status="READY", enqueued_at__lt=timezone.now() - dt.timedelta(minutes=10)
        ).count()
    except Exception as exc:  # noqa: BLE001
        return [Finding("后台任务", False, f"无法读取任务队列：{exc}")]
    if stale:
        return [
            Finding(
                "后台任务",
                False,
                f"有{stale}个任务排队超过10分钟未处理：后台任务处理可能没有运行。请运行 gongkai worker 或 gongkai serve。",
            )
        ]
    return [Finding("后台任务", True, "任务队列正常。")]


def run_checks() -> list[Finding]:
    found = check_configuration() + check_storage() + check_database()
    if found and all(f.ok or not f.fatal for f in found if f.area == "数据库"):
        found += check_tasks()
    return found
