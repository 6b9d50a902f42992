"""gongkai report：政府信息公开工作年度报告。

操作（子命令）：
  parse FILE   读取已发布的年度报告（网页或文本表格），还原表二、表三、表四并核验
  annual       由本系统的记录生成某单位某年度的年度报告并导出
               （--unit 单位代码 --year 年度 --format json|html|docx|pdf|xlsx [-o 文件]）

增加操作的办法：写一个 ``_add_<操作>(actions)`` 方法登记子命令参数，一个
``handle_<操作>(options)`` 方法执行，并把它们加进 ``ACTIONS``。
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.rules.annual_report_parse import ContentType, parse_report

#: 读不出报告（文件不存在、无法解码、找不到任何统计表）时的退出状态
EXIT_UNREADABLE = 2

_HTML_SUFFIXES = frozenset(
    {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx"}
)
_TEXT_SUFFIXES = frozenset({".txt", ".tsv", ".md", ".text"})
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_report(data: bytes, encoding: str | None = None) -> str:
    """把报告文件的字节解码为文字：指定的编码；否则 UTF-8；否则网页声明的编码；
    最后按 GB18030（兼容 GB2312、GBK，政府网站的旧网页常用）。"""
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in {"gb2312", "gbk", "gb_2312-80"}:
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("gb18030")


class Command(BaseCommand):
    help = (
        "政府信息公开工作年度报告：parse 读取已发布的年度报告并核验勾稽关系；"
        "annual 由记录生成年度报告并导出。"
    )
    requires_system_checks: ClassVar[list[str]] = []  # type: ignore[misc]

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        self._add_parse(actions)
        self._add_annual(actions)

    # ---- parse ----------------------------------------------------------------

    def _add_parse(self, actions: Any) -> None:
        sub = actions.add_parser(
            "parse",
            help="读取已发布的年度报告（网页，或用“|”、制表符分隔单元格的文本），核验勾稽关系",
            description=(
                "读取一份已发布的政府信息公开工作年度报告，还原表二、表三、表四的数字，"
                "识别2019年或2021年格式，并按格式中的计数规则核验。空白单元格读作空白"
                "（不当作0），相关核验为“无法核验”。读取成功时退出状态为0（核验不通过也是0，"
                "结果在输出中）；读不出报告时为2。"
            ),
        )
        sub.add_argument(
            "file", help="报告文件：网页（.html）或文本（.txt）；“-”表示从标准输入读取"
        )
        sub.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text 为中文摘要（默认），json 为结构化数据",
        )
        sub.add_argument(
            "--content-type",
            choices=["html", "text"],
            default=None,
            help="按网页或文本读取（默认按扩展名和内容判断）",
        )
        sub.add_argument(
            "--encoding",
            default=None,
            help="文件编码（默认依次尝试 UTF-8、网页声明的编码、GB18030）",
        )

    def handle_parse(self, options: dict[str, Any]) -> None:
        name: str = options["file"]
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(
                f"无法读取文件 {name}：{exc.strerror or exc}",
                returncode=EXIT_UNREADABLE,
            ) from exc
        try:
            content = decode_report(data, options.get("encoding"))
        except (LookupError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"无法解码文件 {name}：{exc}", returncode=EXIT_UNREADABLE
            ) from exc
        content_type: ContentType | None = options.get("content_type")
        if content_type is None and name != "-":
            suffix = Path(name).suffix.lower()
            if suffix in _HTML_SUFFIXES:
                content_type = "html"
            elif suffix in _TEXT_SUFFIXES:
                content_type = "text"
        report = parse_report(content, content_type=content_type)
        if not report.readable:
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps(report.to_json(), ensure_ascii=False, indent=2)
                )
            raise CommandError(
                f"{name} 中没有找到年度报告的统计表（表二、表三、表四）。"
                "如果报告中的表格是图片或PDF，请先转换为网页或文本。",
                returncode=EXIT_UNREADABLE,
            )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(report.to_json(), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(report.to_text(), ending="")

    # ---- annual ---------------------------------------------------------------

    def _add_annual(self, actions: Any) -> None:
        from gongkai.reporting.exports import FORMATS

        sub = actions.add_parser(
            "annual",
            help="由本系统的记录生成某单位某年度的年度报告并导出",
            description=(
                "生成一个单位一个年度的政府信息公开工作年度报告：已在系统中发布的，导出发布时"
                "冻结的内容；草稿或尚未编制的，按现在的记录即时计算表二、表三、表四（正文用草稿"
                "的文字，没有草稿时用按记录生成的文字），不修改任何数据。2021年以前的年度用"
                "2019年格式。核验结果写在 json 输出的 checks 中。"
            ),
        )
        sub.add_argument(
            "--unit", required=True, help="单位代码（统一社会信用代码），或单位全称"
        )
        sub.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        sub.add_argument(
            "--format",
            choices=list(FORMATS),
            default="json",
            help="输出格式（默认 json）；docx、pdf、xlsx 须用 -o 指定文件或重定向输出",
        )
        sub.add_argument(
            "-o", "--output", default=None, help="输出文件（默认标准输出）"
        )
        sub.add_argument(
            "--coverage",
            choices=["unit", "level", "subtree"],
            default=None,
            help="统计范围：unit 本机关，level 本级政府（不含下级人民政府），"
            "subtree 含全部下级单位（默认：人民政府为 level，其他为 unit）",
        )

    def handle_annual(self, options: dict[str, Any]) -> None:
        from gongkai.core.exceptions import ApplicationError
        from gongkai.reporting import exports, selectors

        try:
            unit = selectors.unit_by_code_or_name(options["unit"])
            report = selectors.report_or_preview(
                unit, options["year"], coverage=options.get("coverage")
            )
            document = selectors.report_document(report)
            body = exports.export(document, options["format"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        output: str | None = options.get("output")
        if output:
            Path(output).write_bytes(body)
            failing = sum(1 for c in document.checks if c.ok is False)
            state = "已发布" if report.is_published else "草稿，按现在的记录计算"
            self.stdout.write(
                f"已写入 {output}：{report.title}（{state}；核验不通过{failing}项）"
            )
            return
        if options["format"] in {"json", "html"}:
            self.stdout.write(body.decode("utf-8"), ending="")
            return
        binary = getattr(getattr(self.stdout, "_out", None), "buffer", None)
        if binary is None:
            raise CommandError(
                f"{options['format']} 是二进制格式，请用 -o 指定输出文件。"
            )
        binary.write(body)
        binary.flush()

    # ---- 分派 -------------------------------------------------------------------

    ACTIONS: ClassVar[dict[str, str]] = {
        "parse": "handle_parse",
        "annual": "handle_annual",
    }

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        handler: Callable[[dict[str, Any]], None] = getattr(self, self.ACTIONS[action])
        handler(options)
