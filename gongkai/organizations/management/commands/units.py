from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import ApplicationError
from gongkai.organizations import services
from gongkai.organizations.selectors import unit_tree


class Command(BaseCommand):
    help = "单位树：列出（list）或从 .xlsx 导入（import FILE）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="按层级列出全部单位")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        importing = sub.add_parser("import", help="从 .xlsx 表格导入单位")
        importing.add_argument(
            "file",
            help=".xlsx 文件：单位名称、上级单位、单位类型、统一社会信用代码、简称",
        )
        importing.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        importing.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options["format"])
        else:
            self._import(Path(options["file"]), options["dry_run"], options["format"])

    def _list(self, fmt: str) -> None:
        rows: list[dict[str, Any]] = []

        def walk(nodes: list[Any]) -> None:
            for node in nodes:
                u = node.unit
                rows.append(
                    {
                        "id": u.pk,
                        "name": u.name,
                        "kind": u.get_kind_display(),
                        "code": u.code,
                        "depth": u.depth,
                        "active": u.is_active,
                    }
                )
                walk(node.children)

        walk(unit_tree(None))
        if fmt == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            flag = "" if row["active"] else "（已停用）"
            self.stdout.write(
                f"{'  ' * row['depth']}{row['name']}{flag}  [{row['kind']}] {row['code']}"
            )

    def _import(self, path: Path, dry_run: bool, fmt: str) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from None
        try:
            outcome = services.units_import(actor=None, data=data, dry_run=dry_run)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": dry_run,
                        "created": outcome.created,
                        "rejected": [
                            {"row": r, "name": n, "reason": why}
                            for r, n, why in outcome.rejected
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        verb = "将新建" if dry_run else "已新建"
        self.stdout.write(
            f"{verb} {len(outcome.created)} 个单位；{len(outcome.rejected)} 行未导入。"
        )
        for row, name, reason in outcome.rejected:
            self.stdout.write(f"  第{row}行 {name or '（无名称）'}：{reason}")
