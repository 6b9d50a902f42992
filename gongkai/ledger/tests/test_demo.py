"""The demo plan (loading the whole demo is tested in tests/test_browser_workplan.py,
which may use gongkai.ops)."""

from __future__ import annotations

from gongkai.ledger import demo
from gongkai.rules.workplan import parse_workplan


def test_sample_is_seed_004_in_the_demo_city() -> None:
    text = demo.sample_text(2026)
    for gone in ("大连", "营商局", "工信局", "先导区", "2023"):
        assert gone not in text
    plan = parse_workplan(text)
    assert plan.doc_number == "示政公开办〔2026〕2号"
    assert len(plan.tasks) == 17
