"""Benchmark: the yearly report of one unit computed from N application records on
PostgreSQL.

    .venv/bin/python -m bench.report --applications 1000000

Starts a throwaway PostgreSQL (``tests.pgserver``: temporary directory, 127.0.0.1,
removed afterwards), migrates it, and bulk-inserts (COPY) N applications of one unit
with their replies: about 3% received in December of the year before (some concluded
then, some carried into the year), the rest received during the year, most answered
10–40 days later (those answered after 31 December are carried out), some still open,
1% duplicate registrations; every applicant type and every result row of table 三.
Review cases, policies and table 二 figures are few and not what is measured.

**Ours**: ``gongkai.reporting.compute.compute`` (tables 二, 三 and 四, grouped
queries), then the checks — after one warm-up run, best and median of 5.
**Baseline**, measured in the same run on the same rows: a naive per-application
loop in Python over the ORM (every application of the unit with its reply, counted
cell by cell with the same rules). Both tables are compared cell by cell.
Target (issue 6): ours < 2 s for 1,000,000 applications.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

TARGET_SECONDS = 2.0
YEAR = 2025


def _setup_django(data_dir: str, database_url: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --- the rows ---------------------------------------------------------------------------


def _rows(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """N applications: the fields that vary (the rest comes from a template)."""
    from gongkai.disclosures.models import ApplicantType
    from gongkai.reporting.compute import result_keys
    from gongkai.rules.annual_report import ReportFormat

    rng = random.Random(seed)
    types = [t.value for t in ApplicantType]
    type_weights = [70, 12, 3, 3, 7, 5]
    rows = result_keys(ReportFormat.F2021)
    row_weights = [40 if r == "granted" else 8 if r == "partial" else 2 for r in rows]
    start = dt.date(YEAR, 1, 1)
    for i in range(1, n + 1):
        if rng.random() < 0.03:
            received = dt.date(YEAR - 1, 12, 1) + dt.timedelta(days=rng.randrange(31))
        else:
            received = start + dt.timedelta(days=rng.randrange(365))
        roll = rng.random()
        duplicate_of = None
        if roll < 0.01 and i > 1:
            duplicate_of = i - 1
            concluded = None
        elif roll < 0.05:
            concluded = None  # still open
        else:
            concluded = received + dt.timedelta(days=rng.randrange(10, 41))
        row = rng.choices(rows, row_weights)[0] if concluded else ""
        yield {
            "id": i,
            "received_on": received,
            "applicant_type": rng.choices(types, type_weights)[0],
            "concluded_on": concluded,
            "outcome_row": row,
            "duplicate_of_id": duplicate_of,
            "state": "duplicate"
            if duplicate_of
            else ("replied" if concluded else "handling"),
            "due_on": received + dt.timedelta(days=28),
        }


def _insert(n: int, seed: int) -> tuple[Any, float]:
    """COPY the applications and their replies; returns the unit and the seconds."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.disclosures.models import Application, Reply
    from gongkai.organizations.models import Unit, UnitKind

    unit = Unit.objects.create(name="基准测试教育局", kind=UnitKind.DEPARTMENT)
    unit.path = f"/{unit.pk}/"
    unit.save(update_fields=["path"])
    now = timezone.now()
    template = Application(
        number="",
        unit=unit,
        channel="online",
        source="portal",
        submitted_at=now,
        arrived_on=dt.date(YEAR, 1, 1),
        received_on=dt.date(YEAR, 1, 1),
        receipt_basis="网上提交",
        applicant_type="natural",
        applicant_name="申请人",
        description="基准测试申请",
        delivery_form="electronic",
        delivery_way="email",
        applicant_key="k",
    )
    app_fields = list(Application._meta.concrete_fields)
    app_columns = [str(f.column) for f in app_fields]
    base = [
        f.get_db_prep_save(getattr(template, f.attname), connection) for f in app_fields
    ]
    index = {f.attname: i for i, f in enumerate(app_fields)}
    reply_template = Reply(
        application_id=1,
        reply_type="granted",
        reason_codes=[],
        report_row="granted",
        text="答复",
        delivery_way="email",
        frozen=True,
        updated_at=now,
    )
    reply_fields = [f for f in Reply._meta.concrete_fields if f.attname != "id"]
    reply_columns = [str(f.column) for f in reply_fields]
    reply_base = [
        f.get_db_prep_save(getattr(reply_template, f.attname), connection)
        for f in reply_fields
    ]
    reply_index = {f.attname: i for i, f in enumerate(reply_fields)}
    started = time.perf_counter()
    replies: list[tuple[int, str, dt.date]] = []
    with connection.cursor() as cursor:
        raw = cursor.cursor
        sql = f"COPY {Application._meta.db_table} ({', '.join(app_columns)}) FROM STDIN"
        with raw.copy(sql) as copy:
            for row in _rows(n, seed):
                values = list(base)
                values[index["id"]] = row["id"]
                values[index["number"]] = f"YSQ-B-{row['id']:09d}"
                values[index["arrived_on"]] = row["received_on"]
                for key in (
                    "received_on",
                    "applicant_type",
                    "concluded_on",
                    "outcome_row",
                    "duplicate_of_id",
                    "state",
                    "due_on",
                ):
                    values[index[key]] = row[key]
                copy.write_row(values)
                if row["concluded_on"] is not None:
                    replies.append((row["id"], row["outcome_row"], row["concluded_on"]))
        with raw.copy(
            f"COPY {Reply._meta.db_table} ({', '.join(reply_columns)}) FROM STDIN"
        ) as copy:
            for application_id, report_row, sent_on in replies:
                values = list(reply_base)
                values[reply_index["application_id"]] = application_id
                values[reply_index["report_row"]] = report_row
                values[reply_index["reply_type"]] = report_row.split(".", 1)[0]
                values[reply_index["sent_on"]] = sent_on
                copy.write_row(values)
        table = Application._meta.db_table
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [n]
        )
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"ANALYZE {Reply._meta.db_table}")
    return unit, time.perf_counter() - started


# --- the baseline -------------------------------------------------------------------------


def _naive(unit: Any) -> dict[str, dict[str, int]]:
    """Every application of the unit through the ORM, counted one by one."""
    from gongkai.disclosures.models import ApplicantType, Application
    from gongkai.reporting.compute import row_for_outcome
    from gongkai.rules.annual_report import ReportFormat

    labels = {t.value: t.label for t in ApplicantType}
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    counts: dict[str, Counter[str]] = {}

    def add(row: str, column: str) -> None:
        counts.setdefault(row, Counter())[column] += 1
        counts[row]["总计"] += 1

    for application in (
        Application.objects.filter(unit=unit)
        .select_related("reply")
        .iterator(chunk_size=5000)
    ):
        if application.duplicate_of_id is not None or application.received_on is None:
            continue
        received, concluded = application.received_on, application.concluded_on
        if received > end or (concluded is not None and concluded < start):
            continue
        column = labels[application.applicant_type]
        if received >= start:
            add("new", column)
        else:
            add("carried_in", column)
        if concluded is not None and concluded <= end:
            reply = getattr(application, "reply", None)
            key = row_for_outcome(reply.report_row if reply else "", ReportFormat.F2021)
            if key is not None:
                add(key, column)
                add("total", column)
        else:
            add("carried_out", column)
    return {row: dict(cols) for row, cols in counts.items()}


# --- run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=None,
        help="an EMPTY throwaway PostgreSQL database (default: start one with tests.pgserver)",
    )
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-report-")
    try:
        if args.database_url:
            _run(args, data_dir, args.database_url)
        else:
            from tests.pgserver import find_bin_dir, running_server

            bin_dir = find_bin_dir()
            if bin_dir is None:
                raise SystemExit(
                    "没有找到 PostgreSQL（initdb、pg_ctl），无法运行本基准测试。"
                )
            with running_server(bin_dir) as server:
                _run(args, data_dir, server.url)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(args: argparse.Namespace, data_dir: str, url: str) -> None:
    _setup_django(data_dir, url)
    from django.core.management import call_command
    from django.db import connection

    from gongkai.reporting.compute import compute, run_checks
    from gongkai.rules.annual_report import APPLICANT_COLUMNS, ReportFormat

    assert connection.vendor == "postgresql", "the benchmark runs on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"数据库：PostgreSQL {version}；负载 {_load()}")
    call_command("migrate", verbosity=0)
    unit, seconds = _insert(args.applications, args.seed)
    from gongkai.disclosures.models import Application

    mine = Application.objects.filter(unit=unit).count()
    print(f"准备：COPY 本单位 {mine} 件申请及其答复，用时 {seconds:.1f} 秒")

    def ours() -> Any:
        computed = compute([unit.pk], YEAR, ReportFormat.F2021)
        run_checks(
            computed.tables,
            previous=None,
            closed_in_year=computed.closed_in_year,
            unclassified=computed.unclassified,
            entered_missing=computed.entered_missing,
        )
        return computed

    ours()  # warm-up
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        computed = ours()
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    print(
        f"我们（表二、表三、表四分组查询 + 核验）：最好 {best:.3f} 秒，"
        f"中位数 {median:.3f} 秒（{args.runs} 次）"
    )
    started = time.perf_counter()
    naive = _naive(unit)
    baseline = time.perf_counter() - started
    print(f"基线（逐件申请在 Python 中计数，ORM 读取申请及答复）：{baseline:.2f} 秒")
    t3 = computed.tables.table3
    mismatches = [
        (row, col)
        for row, cols in naive.items()
        for col in APPLICANT_COLUMNS
        if cols.get(col, 0) != t3.get(row, col)
    ]
    print(
        f"表三一致：{'是' if not mismatches else f'否 {mismatches[:5]}'}；"
        f"本年新收 {t3.get('new', '总计')}，上年结转 {t3.get('carried_in', '总计')}，"
        f"办结 {t3.get('total', '总计')}，结转下年 {t3.get('carried_out', '总计')}"
    )
    print(f"比值（基线 / 我们）：{baseline / median:.1f}")
    verdict = "达到" if median < TARGET_SECONDS else "未达到"
    print(f"目标 < {TARGET_SECONDS:.0f} 秒（{args.applications} 件申请）：{verdict}")


if __name__ == "__main__":
    main()
