"""Periodic jobs run once per period, even with several workers, and a failing job
does not stop the others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import periodic

pytestmark = pytest.mark.django_db


def test_a_job_runs_once_per_period_and_failures_are_contained(monkeypatch) -> None:
    monkeypatch.setattr(periodic, "_JOBS", {})
    calls: list[str] = []
    periodic.register_periodic(
        "t.ok", every=dt.timedelta(minutes=10), run=lambda: calls.append("ok")
    )

    def boom() -> None:
        raise RuntimeError("坏了")

    periodic.register_periodic("t.boom", every=dt.timedelta(minutes=10), run=boom)
    now = timezone.now()
    assert periodic.run_due_jobs(now) == ["t.ok"]
    assert periodic.run_due_jobs(now + dt.timedelta(minutes=5)) == []
    assert periodic.run_due_jobs(now + dt.timedelta(minutes=11)) == ["t.ok"]
    assert calls == ["ok", "ok"]


def test_scheduled_publication_is_registered() -> None:
    assert "publications.publish_due" in {
        job.name for job in periodic.registered_jobs()
    }
