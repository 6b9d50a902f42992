"""The demo: last year's draft report of 示例市教育局, computed from the demo records."""

from __future__ import annotations

import pytest

from gongkai.organizations.models import UnitKind
from gongkai.reporting import selectors
from gongkai.reporting.demo import demo_year, load_demo
from tests.factories import UnitFactory, valid_uscc

pytestmark = pytest.mark.django_db


def test_demo_report_has_numbers_and_passes_its_checks() -> None:
    city = UnitFactory.create(name="示例市人民政府", kind=UnitKind.GOVERNMENT)
    UnitFactory.create(name="示例市教育局", parent=city, code=valid_uscc(2))

    report = load_demo()

    assert report is not None
    assert report.year == demo_year() and not report.is_published
    data = selectors.report_data(report)
    t3 = data.tables.table3
    assert t3.get("new", "总计") == 18
    assert t3.get("carried_in", "总计") == 1
    assert t3.get("carried_out", "总计") == 2
    assert t3.get("partial", "总计") == 2
    assert data.tables.table4.get("review", "结果维持") == 1
    assert data.tables.table2.get("normative_documents", "本年制发件数") == 2
    assert data.tables.table2.get("normative_documents", "本年废止件数") == 1
    assert [c for c in data.checks if c.ok is False] == []
    assert "信息处理费" in report.sections["other"]
    assert report.sections["problems"]
    assert load_demo() is None  # once
