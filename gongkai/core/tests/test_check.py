"""`gongkai check` on the test database: configured, migrated, writable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_gongkai_check_passes_on_the_test_database() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    output = out.getvalue()
    assert "检查通过。" in output
    assert "结构为最新" in output
    assert "[错误]" not in err.getvalue()
