"""`gongkai search QUERY [--limit N] [--format json]` and `gongkai search reindex`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from gongkai.search import index as ix
from gongkai.search.selectors import ORDERS, search_public

DESCRIPTION = """检索已公开的政府信息，或重建检索索引。

  gongkai search 乡村振兴 实施方案          检索（结果须包含每个词）
  gongkai search "闽政办[2024]12号"          按文号检索（括号可用任意形式）
  gongkai search 政务公开 --limit 20 --format json
  gongkai search reindex                     从数据库全量重建检索索引（显示进度）

第一个参数是 reindex 时重建索引，否则全部参数作为检索词；要检索“reindex”这个词本身，
请用 --query reindex。JSON 输出：{"total": 总数, "hits": [{"title", "index_number",
"doc_number", "url", "snippet", "score"}]}，snippet 为 HTML（检索词以 <mark> 标出）。"""


class Command(BaseCommand):
    help = "检索已公开的政府信息（gongkai search 检索词），或重建检索索引（gongkai search reindex）。"

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = DESCRIPTION
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "words", nargs="*", metavar="检索词", help="检索词；或 reindex（重建索引）"
        )
        parser.add_argument("--query", default=None, help="检索词（代替位置参数）")
        parser.add_argument(
            "--limit", type=int, default=10, help="返回条数（默认10，最多50）"
        )
        parser.add_argument("--page", type=int, default=1, help="第几页（默认1）")
        parser.add_argument(
            "--order",
            choices=ORDERS,
            default="relevance",
            help="relevance（相关度，默认）或 date（发布日期）",
        )
        parser.add_argument("--publisher", default=None, help="只看该发布机构")
        parser.add_argument("--doc-type", default=None, help="只看该体裁，例如 通知")
        parser.add_argument("--year", default=None, help="只看该年份发布的")
        parser.add_argument(
            "--validity",
            default=None,
            help="只看该有效性：valid、revised、repealed、expired",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="输出格式：text（默认）或 json",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="重建索引时的分词进程数（默认每核一个）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        words: list[str] = options["words"]
        if options["query"] is None and words[:1] == ["reindex"]:
            if len(words) > 1:
                raise CommandError("reindex 不带其他参数。要检索这些词，请用 --query。")
            self._reindex(options)
            return
        query = options["query"] if options["query"] is not None else " ".join(words)
        if not query.strip():
            raise CommandError("请给出检索词，例如：gongkai search 乡村振兴")
        self._search(query, options)

    def _reindex(self, options: dict[str, Any]) -> None:
        out = getattr(self.stderr, "_out", sys.stderr)
        started = time.monotonic()
        with tqdm(
            desc="重建检索索引",
            unit="条",
            file=out,
            disable=options["verbosity"] == 0,
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                count = ix.rebuild(progress, workers=options["workers"])
            except ix.IndexBusy as exc:
                raise CommandError(str(exc)) from None
        seconds = time.monotonic() - started
        self.stdout.write(
            f"已重建检索索引：{count} 条公开信息，用时 {seconds:.1f} 秒。"
        )

    def _search(self, query: str, options: dict[str, Any]) -> None:
        filters = {
            "publisher": options["publisher"],
            "doc_type": options["doc_type"],
            "year": options["year"],
            "validity": options["validity"],
        }
        result = search_public(
            query,
            filters=filters,
            order=options["order"],
            page=options["page"],
            page_size=options["limit"],
            with_facets=options["format"] == "text",
        )
        if not result.ready:
            raise CommandError("检索索引尚未建立：请先运行 gongkai search reindex。")
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(result.as_json(), ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"“{result.query}”共 {result.total} 条结果：")
        first = (result.page - 1) * result.page_size
        for n, hit in enumerate(result.hits, start=first + 1):
            exact = "（文号/索引号一致）" if hit.exact else ""
            self.stdout.write(f"{n}. {hit.title}{exact}")
            meta = [hit.publisher, hit.doc_number, hit.index_number]
            if hit.published_at:
                meta.append(hit.published_at.isoformat())
            self.stdout.write("   " + " | ".join(m for m in meta if m))
            self.stdout.write(f"   {hit.url}")
