"""Benchmark: migrating N documents with ``gongkai import documents``, indexing included.

    .venv/bin/python -m bench.importing --docs 100000

In one run, in a throwaway data directory (SQLite, never the instance's data):

1. writes the corpus of ``bench.search_corpus`` as ``documents.jsonl`` with the
   attachments as files beside it (not timed: it is the old site's export), creates
   its publishers as units (``unit_create``) and the empty search index
   (``gongkai search reindex`` of an instance without information yet);
2. **import**: ``gongkai import documents documents.jsonl --publish`` (the command,
   through ``call_command``): parsing, validation, records, revisions, attachments
   (copied, text extracted), 索引号, audit, and enqueueing the indexing tasks after
   each commit;
3. **indexing**: ``gongkai worker --batch`` drains the task queue (the database
   backend, as in production);
4. checks that the index holds exactly the published records;
5. **baseline**, same data, same run: ``gongkai search reindex``
   (``index.rebuild()``) — indexing alone, from scratch, in parallel.

Target (issue 7): import of 100,000 documents including indexing ≤ 10 minutes.
``--profile FILE`` runs step 2 under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import math
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench.search import _load
from bench.search_corpus import PUBLISHERS, write_jsonl

TARGET_SECONDS = 600.0


def _setup_django(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always SQLite, always throwaway
    os.environ.pop("GONGKAI_SEARCH_INDEX_DIR", None)
    os.environ["GONGKAI_TASK_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def _uscc(serial: int) -> str:
    """A well-formed 统一社会信用代码 of a government body (Fujian, 350100)."""
    from gongkai.rules.orgcodes import org_code_check_digit, uscc_check_char

    body8 = f"{20_000_000 + serial:08d}"
    body17 = f"11350100{body8}{org_code_check_digit(body8)}"
    return body17 + uscc_check_char(body17)


def create_units() -> int:
    from gongkai.organizations.models import UnitKind
    from gongkai.organizations.services import unit_create

    for i, (name, _) in enumerate(PUBLISHERS):
        unit_create(actor=None, name=name, kind=UnitKind.DEPARTMENT, code=_uscc(i))
    return len(PUBLISHERS)


def _tasks() -> dict[str, dict[str, int]]:
    """Task path → status → count, in the database queue."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    out: dict[str, dict[str, int]] = {}
    for row in DBTaskResult.objects.values("task_path", "status").annotate(
        n=Count("id")
    ):
        out.setdefault(row["task_path"], {})[row["status"]] = row["n"]
    return out


def _task_seconds(path: str) -> tuple[int, float, float]:
    """(count, sum, max) of the run time of the finished tasks of ``path``."""
    from django_tasks_db.models import DBTaskResult

    spans = [
        (f - s).total_seconds()
        for s, f in DBTaskResult.objects.filter(task_path=path).values_list(
            "started_at", "finished_at"
        )
        if s is not None and f is not None
    ]
    return len(spans), sum(spans), max(spans, default=0.0)


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument(
        "--profile", type=Path, help="用 cProfile 剖析导入一步，统计写入该文件"
    )
    parser.add_argument("--keep", action="store_true", help="保留临时数据目录")
    args = parser.parse_args(argv)
    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-import-")
    try:
        run(args, data_dir)
    finally:
        if args.keep:
            print(f"数据目录：{data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: str) -> None:
    _setup_django(data_dir)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from gongkai.publications import services
    from gongkai.publications.models import Record
    from gongkai.publications.selectors import records_public
    from gongkai.search import index as ix

    print(
        f"CPU 核数：{os.cpu_count()}；开始时系统负载 {_load()}；数据目录：{data_dir}（临时）"
    )
    call_command("migrate", verbosity=0)

    t = time.perf_counter()
    corpus = Path(data_dir) / "corpus"
    count = write_jsonl(corpus, args.docs, args.seed)
    jsonl = corpus / "documents.jsonl"
    files = list((corpus / "files").iterdir())
    print(
        f"语料：{count} 篇（documents.jsonl {jsonl.stat().st_size / 2**20:.0f} MB，"
        f"附件 {len(files)} 个），生成用时 {time.perf_counter() - t:.1f} 秒（不计入）"
    )
    units = create_units()
    call_command("search", "reindex", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"单位：{units} 个（unit_create）；空检索索引已建立（search reindex）")

    # --- the import ------------------------------------------------------------
    out, err = io.StringIO(), io.StringIO()
    profiler = cProfile.Profile() if args.profile else None
    t, cpu = time.perf_counter(), time.process_time()
    try:
        if profiler is not None:
            profiler.enable()
        call_command(
            "import", "documents", str(jsonl), "--publish", stdout=out, stderr=err
        )
    except CommandError as exc:
        print(f"导入命令报错：{exc}")
    finally:
        if profiler is not None:
            profiler.disable()
    import_s = time.perf_counter() - t
    import_cpu = time.process_time() - cpu
    print(
        f"导入（gongkai import documents --publish）：{import_s:.1f} 秒"
        f"（{count / import_s:.0f} 篇/秒，CPU 时间 {import_cpu:.1f} 秒）；命令输出：{out.getvalue().strip()[:200]}"
    )
    if profiler is not None:
        profiler.dump_stats(str(args.profile))
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
        print(text.getvalue())

    public = records_public().count()
    queued = _tasks()
    listing = "；".join(
        f"{_short(p)} {sum(s.values())} 个" for p, s in sorted(queued.items())
    )
    batch = getattr(services, "IMPORT_BATCH", 1)
    expected = math.ceil(public / batch)
    print(
        f"已发布记录 {public} 条（全部记录 {Record.objects.count()} 条）；"
        f"排队任务：{listing or '无'}（每批 {batch} 条，应为 {expected} 个检索任务）"
    )

    # --- the worker drains the queue --------------------------------------------
    t, cpu = time.perf_counter(), time.process_time()
    logging.disable(logging.INFO)  # the worker logs every task at INFO
    try:
        call_command("worker", "--batch")
    finally:
        logging.disable(logging.NOTSET)
    drain_s = time.perf_counter() - t
    drain_cpu = time.process_time() - cpu
    done = _tasks()
    states = "；".join(
        f"{_short(p)} "
        + "、".join(f"{k} {v}" for k, v in sorted(s.items()))
        + (
            "（单个任务合计 {1:.1f} 秒，最长 {2:.1f} 秒）".format(*_task_seconds(p))
            if p in queued
            else ""
        )
        for p, s in sorted(done.items())
    )
    print(
        f"任务处理（gongkai worker --batch）：{drain_s:.1f} 秒"
        f"（CPU 时间 {drain_cpu:.1f} 秒，含 tantivy 线程）；{states}"
    )
    total_s = import_s + drain_s

    indexed = ix.indexed_ids()
    published_ids = set(records_public().values_list("pk", flat=True))
    exact = indexed == published_ids
    print(
        f"核对：索引 {ix.doc_count()} 篇，已发布 {len(published_ids)} 条，"
        f"{'完全一致' if exact else '不一致'}"
        + (
            ""
            if exact
            else f"（缺 {len(published_ids - indexed)}，多 {len(indexed - published_ids)}）"
        )
    )

    # --- baseline: a full reindex of the same data ----------------------------
    t = time.perf_counter()
    call_command("search", "reindex", stdout=io.StringIO(), stderr=io.StringIO())
    reindex_s = time.perf_counter() - t
    print(
        f"基线：全量重建索引（gongkai search reindex）同样 {public} 篇：{reindex_s:.1f} 秒"
    )
    print()
    print(
        f"合计（导入＋索引任务）：{total_s:.1f} 秒 = {total_s / 60:.1f} 分钟"
        f"（导入 {import_s:.1f} ＋ 索引 {drain_s:.1f}）"
    )
    print(
        f"比值：合计 / 全量重建 = {total_s / reindex_s:.1f}；"
        f"索引任务 / 全量重建 = {drain_s / reindex_s:.1f}"
    )
    print(f"结束时系统负载 {_load()}（1/5/15 分钟平均）")
    scaled = total_s * 100_000 / max(count, 1)
    verdict = "达到" if scaled <= TARGET_SECONDS and exact else "未达到"
    note = "" if count == 100_000 else f"，按 10 万篇折算 {scaled:.0f} 秒"
    print(f"目标 ≤ 10 分钟：{verdict}（{total_s:.0f} 秒{note}）")


if __name__ == "__main__":
    main()
