"""Periodic jobs (scheduled publication, reminders, overdue marks), run by the worker.

Apps register their jobs in ``AppConfig.ready()``::

    register_periodic("publications.publish_due", every=timedelta(minutes=1),
                      run=publish_due)

``gongkai worker`` (and ``gongkai serve``, which starts one) calls ``run_due_jobs``
every few seconds. The last run of each job is stored, and claimed under a row lock,
so several workers never run the same job twice in one period.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(
    name: str, *, every: dt.timedelta, run: Callable[[], object]
) -> None:
    _JOBS[name] = PeriodicJob(name=name, every=every, run=run)


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def _claim(job: PeriodicJob, now: dt.datetime) -> bool:
    with transaction.atomic():
        row, _ = PeriodicRun.objects.select_for_update().get_or_create(name=job.name)
        if row.last_started_at is not None and row.last_started_at + job.every > now:
            return False
        row.last_started_at = now
        row.save(update_fields=["last_started_at"])
        return True


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Run every job whose period has passed; return the names that ran."""
    now = now or timezone.now()
    ran: list[str] = []
    for job in registered_jobs():
        if not _claim(job, now):
            continue
        try:
            job.run()
            ran.append(job.name)
        except Exception:
            logger.exception("定时任务 %s 运行失败", job.name)
    return ran
