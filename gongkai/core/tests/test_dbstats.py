"""The daily planner-statistics job."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.core.dbstats import analyze_tables, refresh_statistics
from gongkai.core.periodic import registered_jobs

pytestmark = pytest.mark.django_db


def test_the_worker_refreshes_statistics_daily() -> None:
    assert "core.database_statistics" in {job.name for job in registered_jobs()}


def test_sqlite_gets_statistics_postgresql_is_left_to_autovacuum() -> None:
    done = refresh_statistics()
    if connection.vendor != "sqlite":
        assert done is False
        return
    assert done is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_tables_analysed_outside_transactions_only() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    with transaction.atomic():
        assert analyze_tables([ContentType]) is False
    done = analyze_tables([ContentType])
    if connection.vendor != "sqlite":
        assert done is False
        return
    assert done is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s",
            [ContentType._meta.db_table],
        )
        assert cursor.fetchone()[0] >= 1
