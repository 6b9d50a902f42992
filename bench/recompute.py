"""Benchmark: loading a new year's holiday schedule recomputes N stored deadlines.

    .venv/bin/python -m bench.recompute --rows 100000

Creates a throwaway SQLite database in a new temporary directory (never the
instance's data), migrates it, stores N deadlines received 4–31 December 2026
whose due dates fall in 2027 (not loaded: provisional), then loads a
SAMPLE 2027 notice (bench/data/notice_2027_sample.txt, not the real notice) through
the same service the workbench and the command line use, and times it: parsing,
storing the year, recomputing every provisional row, writing the changed ones,
notifying the responsible staff and auditing.

Baseline, measured in the same run: computing the same N deadlines with the pure
rules (``compute_deadline`` on an in-memory calendar), no database at all. The ratio
says what the database work costs on top of the arithmetic. Target: < 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_SECONDS = 60.0
SAMPLE = Path(__file__).resolve().parent / "data" / "notice_2027_sample.txt"


def _setup_django(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always SQLite, always throwaway
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def _inputs(rows: int, seed: int) -> list[tuple[date, int, list[dict[str, object]]]]:
    """Received 4–31 Dec 2026 (due in 2027), periods 20, 40 or 7, some with events."""
    rng = random.Random(seed)
    first = date(2026, 12, 4)
    result: list[tuple[date, int, list[dict[str, object]]]] = []
    for _ in range(rows):
        received = first + timedelta(days=rng.randrange(28))
        roll = rng.random()
        events: list[dict[str, object]] = []
        period = 20
        if roll < 0.25:
            events.append(
                {
                    "kind": "extended",
                    "date": (received + timedelta(days=10)).isoformat(),
                    "working_days": 20,
                }
            )
        elif roll < 0.35:
            start = received + timedelta(days=3)
            events += [
                {"kind": "consultation_started", "date": start.isoformat()},
                {
                    "kind": "consultation_ended",
                    "date": (start + timedelta(days=12)).isoformat(),
                },
            ]
        elif roll < 0.40:
            period = 7  # 补正告知期限
        result.append((received, period, events))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--staff", type=int, default=200, help="责任人数")
    parser.add_argument("--seed", type=int, default=20271)
    parser.add_argument("--keep", action="store_true", help="保留临时数据目录")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-recompute-")
    try:
        _run(args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"数据目录：{data_dir}")


def _run(args: argparse.Namespace, data_dir: str) -> None:
    _setup_django(data_dir)
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.calendars import selectors, services
    from gongkai.calendars.clocks import register_clock
    from gongkai.calendars.events import events_from_json
    from gongkai.calendars.models import CalendarDay, CalendarYear, StoredDeadline
    from gongkai.core.models import Notification
    from gongkai.organizations.models import Staff, Unit
    from gongkai.rules.deadlines import compute_deadline
    from gongkai.rules.workdays import DayEntry, DayKind, WorkCalendar

    print(f"数据库：{connection.vendor}，{connection.settings_dict['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    register_clock("bench.application", label="基准测试答复期限")
    unit = Unit.objects.create(name="基准测试单位", kind="department")
    unit.path = f"/{unit.pk}/"
    unit.save(update_fields=["path"])
    staff = Staff.objects.bulk_create(
        Staff(username=f"bench{i}", full_name=f"责任人{i}", unit=unit)
        for i in range(args.staff)
    )
    inputs = _inputs(args.rows, args.seed)
    today = timezone.localdate()
    before = selectors.work_calendar()
    assert not before.is_loaded(2027), "2027 should not be loaded before the benchmark"
    unit_ct = ContentType.objects.get_for_model(Unit)
    now = timezone.now()
    objs = []
    for i, (received, period, events) in enumerate(inputs):
        result = compute_deadline(
            received=received,
            calendar=before,
            events=events_from_json(events),
            period=period,
            today=today,
        )
        years = list(result.provisional_years)
        objs.append(
            StoredDeadline(
                clock="bench.application",
                content_type=unit_ct,
                object_id=str(i + 1),
                unit=unit,
                responsible=staff[i % len(staff)],
                period=period,
                received=received,
                events=events,
                due=result.due,
                working_days=result.working_days,
                excluded_working_days=result.excluded_working_days,
                provisional=result.provisional,
                provisional_years=years,
                first_provisional_year=years[0] if years else None,
                explanation=list(result.explanation),
                computed_at=now,
            )
        )
    StoredDeadline.objects.bulk_create(objs, batch_size=2000)
    provisional = StoredDeadline.objects.filter(provisional=True).count()
    print(
        f"准备：{args.rows}个期限（{provisional}个依赖2027年估算，暂定），"
        f"{args.staff}位责任人，用时{time.perf_counter() - t0:.1f}秒"
    )

    # --- ours: load the year through the service ------------------------------------
    text = SAMPLE.read_text(encoding="utf-8")
    t1 = time.perf_counter()
    outcome = services.calendar_import_notice(actor=None, text=text, confirm=True)
    ours = time.perf_counter() - t1
    recompute = outcome.recompute
    assert recompute is not None

    # --- baseline: the same computations, pure Python, no database ------------------------
    # A fresh in-memory calendar with the same days (built before the clock starts).
    calendar = WorkCalendar(
        [
            DayEntry(day=r.day, kind=DayKind(r.kind), name=r.name, source=r.source)
            for r in CalendarDay.objects.all()
        ],
        CalendarYear.objects.values_list("year", flat=True),
    )
    t2 = time.perf_counter()
    for received, period, events in inputs:
        compute_deadline(
            received=received,
            calendar=calendar,
            events=events_from_json(events),
            period=period,
            today=today,
        )
    baseline = time.perf_counter() - t2

    still = StoredDeadline.objects.filter(provisional=True).count()
    notes = Notification.objects.count()
    print(
        f"载入2027年安排（样例）：重新计算{recompute.recomputed}个，"
        f"改写{recompute.updated}个，日期有变化{recompute.changed}个，"
        f"通知{recompute.notified}位责任人（{notes}条通知），仍为暂定{still}个"
    )
    print(f"我们（服务：解析、保存、重算、写库、通知、审计）：{ours:.2f} 秒")
    print(
        f"基线（纯 Python compute_deadline，同样{args.rows}个，无数据库）：{baseline:.2f} 秒"
    )
    print(f"比值（我们 / 基线）：{ours / baseline:.2f}")
    met = "达到" if ours < TARGET_SECONDS else "未达到"
    print(f"目标 < {TARGET_SECONDS:.0f} 秒：{met}")


if __name__ == "__main__":
    main()
