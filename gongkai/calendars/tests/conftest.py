"""Fixtures of the calendar tests: notices, a unit tree, an administrator, a clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.calendars.clocks import Clock, register_clock, unregister_clock
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from tests.factories import OrgTree, build_tree, staff_with_role

RULES_DATA = Path(__file__).resolve().parents[2] / "rules" / "tests" / "data"
DATA = Path(__file__).resolve().parent / "data"

TEST_CLOCK = "calendars_tests.reply"


def notice_text(year: int) -> str:
    """The 2025 and 2026 notices (rules test data) or the 2027 SAMPLE (not real)."""
    if year == 2027:
        return (DATA / "notice_2027_sample.txt").read_text(encoding="utf-8")
    return (RULES_DATA / f"notice_{year}.txt").read_text(encoding="utf-8")


@pytest.fixture
def tree() -> OrgTree:
    return build_tree()


@pytest.fixture
def admin(tree: OrgTree) -> Staff:
    """系统管理员 of the top-level unit: may load the holiday schedule."""
    return staff_with_role(tree.city, Role.ADMIN, username="calendar_admin")


@pytest.fixture
def clerk(tree: OrgTree) -> Staff:
    """政府信息公开工作机构 of a department: responsible for applications."""
    return staff_with_role(tree.education, Role.DISCLOSURE_OFFICE, username="clerk")


@pytest.fixture
def test_clock() -> Iterator[Clock]:
    clock = register_clock(TEST_CLOCK, label="测试答复期限")
    yield clock
    unregister_clock(TEST_CLOCK)
