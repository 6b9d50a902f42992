"""`gongkai scan FILE...`: the compliance gate's checks on files, from the command line.

Prints masked findings only; exit status 0 when nothing is found, 1 when something
is, 2 when a file (or the word list) cannot be read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.extract import ExtractionError, decode_text, extract
from gongkai.rules.privacy import ScanPolicy, normalize_phone, scan_text


class Command(BaseCommand):
    help = (
        "检查 .txt、.html、.docx、.xlsx、.pdf 文件中的个人信息（身份证号、手机号码、"
        "固定电话、银行卡号、电子邮箱）、敏感词和外部链接。只显示打码后的内容；"
        "未发现问题时退出状态为0，发现问题为1，文件无法读取为2。"
    )
    requires_system_checks: ClassVar[list[str]] = []  # type: ignore[misc]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="要检查的文件")
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text（默认，每处一行）或 json",
        )
        parser.add_argument(
            "--words",
            metavar="FILE",
            help="敏感词表文件：每行一个词，以 # 开头的行是注释",
        )
        parser.add_argument(
            "--allow-phone",
            action="append",
            default=[],
            metavar="NUMBER",
            help="本单位公开的办公电话，不作为个人信息报告（可重复，或用逗号分隔）",
        )
        parser.add_argument(
            "--allow-host",
            action="append",
            default=[],
            metavar="HOST",
            help="本站域名，指向它的链接不算外部链接（可重复；*.example.gov.cn 含全部子域名）",
        )
        parser.add_argument(
            "--allow-email",
            action="append",
            default=[],
            metavar="ADDRESS",
            help="本单位公开的电子邮箱（可重复）",
        )
        parser.add_argument("--no-links", action="store_true", help="不检查外部链接")

    def handle(self, *args: Any, **options: Any) -> None:
        words: tuple[str, ...] = ()
        if options["words"]:
            try:
                words = read_word_list(Path(options["words"]))
            except ExtractionError as exc:
                self.stderr.write(f"敏感词表无法读取：{exc}")
                raise SystemExit(2) from None
        policy = ScanPolicy(
            allowed_phones=frozenset(
                normalize_phone(p)
                for value in options["allow_phone"]
                for p in re.split(r"[,，、;；\s]+", value)
                if normalize_phone(p)
            ),
            sensitive_words=words,
            allowed_hosts=frozenset(h.strip() for h in options["allow_host"]),
            allowed_emails=frozenset(e.strip() for e in options["allow_email"]),
            check_links=not options["no_links"],
        )

        rows: list[dict[str, object]] = []
        unreadable = 0
        for name in options["files"]:
            try:
                document = extract(Path(name))
            except ExtractionError as exc:
                unreadable += 1
                self.stderr.write(f"{name}：{exc}")
                continue
            for f in scan_text(document.text, policy, links=document.links):
                rows.append(
                    {
                        "kind": str(f.kind),
                        "text": f.masked,
                        "file": name,
                        "line": f.line,
                        "start": f.start,
                        "end": f.end,
                        "label": f.kind.label,
                    }
                )

        if options["format"] == "json":
            findings = [{k: v for k, v in r.items() if k != "label"} for r in rows]
            self.stdout.write(
                json.dumps({"findings": findings}, ensure_ascii=False, indent=2)
            )
        else:
            for r in rows:
                self.stdout.write(f"{r['file']}:{r['line']} {r['label']} {r['text']}")
            if rows:
                files = len({r["file"] for r in rows})
                self.stdout.write(
                    f"共发现 {len(rows)} 处，涉及 {files} 个文件。"
                    "请逐处删除，或在保密审查中说明理由后放行。"
                )
            elif not unreadable:
                self.stdout.write("未发现个人信息、敏感词或外部链接。")

        if unreadable:
            self.stderr.write(f"有 {unreadable} 个文件无法读取，未完成检查。")
            raise SystemExit(2)
        if rows:
            raise SystemExit(1)


def read_word_list(path: Path) -> tuple[str, ...]:
    """One word a line; blank lines and lines starting with # are skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}：{exc.strerror or exc}") from None
    words = []
    for line in decode_text(data).splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.append(word)
    return tuple(words)
