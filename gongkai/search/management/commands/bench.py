"""`gongkai bench NAME [ARGS]`: run the benchmark ``bench/NAME.py`` of a source
checkout (``corpus`` is ``bench/search_corpus.py``) in its own process."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

ALIASES = {"corpus": "search_corpus"}


def bench_dir() -> Path:
    return Path(settings.BASE_DIR) / "bench"


class Command(BaseCommand):
    help = (
        "运行性能基准测试（仅源代码目录中有 bench/ 时可用）：gongkai bench corpus --docs N --out DIR"
        " 生成测试语料；gongkai bench search --docs 100000 --queries 200 测检索；"
        "其他名称运行 bench/名称.py。每个基准都在临时数据目录中运行，不碰本实例的数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="corpus、search，或 bench/ 下的其他基准名称")
        parser.add_argument(
            "rest",
            metavar="参数",
            nargs=argparse.REMAINDER,
            help="其余参数原样传给基准（gongkai bench search --help 查看）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = ALIASES.get(options["name"], options["name"])
        if not name.isidentifier():
            raise CommandError(f"没有名为“{options['name']}”的基准。")
        folder = bench_dir()
        if not (folder / f"{name}.py").is_file():
            if not folder.is_dir():
                raise CommandError(
                    "基准测试只随源代码提供（bench/ 目录不在安装包中）：请在源代码目录中运行。"
                )
            raise CommandError(f"没有名为“{options['name']}”的基准（{folder}）。")
        # Its own process: a benchmark sets up Django on a throwaway data directory,
        # never on this instance's settings and database.
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.pop("GONGKAI_DATA_DIR", None)
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", f"bench.{name}", *options["rest"]],
            cwd=folder.parent,
            env=env,
            check=False,
        )
        if done.returncode:
            raise CommandError(
                f"基准退出码 {done.returncode}。", returncode=done.returncode
            )
