"""Importing the unit tree from the .xlsx list offices keep, with real files."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from gongkai.core.exceptions import ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations import services
from gongkai.organizations.models import Unit
from gongkai.organizations.roles import Role
from tests.factories import (
    UnitFactory,
    staff_with_role,
    valid_uscc,
    wrong_check_char,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> Unit:
    unit: Unit = UnitFactory.create(
        name="示例市人民政府", kind="government", short_names=["市政府"]
    )
    return unit


SHEET = [
    # row 2..
    ("示例市审计局", "示例市人民政府", "部门", valid_uscc(11), "市审计局"),
    ("示例市西城区人民政府", "市政府", "", "", "西城区政府"),  # parent by short name
    ("西城区审计局", "示例市西城区人民政府", "", "", ""),  # parent in an earlier row
    ("", "示例市人民政府", "部门", "", ""),  # missing name
    ("示例市统计局", "示例市不存在局", "部门", "", ""),  # unknown parent
    (
        "示例市档案馆",
        "示例市人民政府",
        "事业单位",
        wrong_check_char(valid_uscc(12)),
        "",
    ),
    ("示例市机关事务局", "示例市人民政府", "委员会", "", ""),  # unknown type
    ("湖滨街道", "示例市西城区人民政府", "", "", ""),  # type guessed: 镇街
]


def test_import_creates_good_rows_and_reports_bad_ones_by_row(city: Unit) -> None:
    outcome = services.units_import(actor=None, data=xlsx_bytes(SHEET))
    assert outcome.created == [
        "示例市审计局",
        "示例市西城区人民政府",
        "西城区审计局",
        "湖滨街道",
    ]
    rejected = {row: (name, reason) for row, name, reason in outcome.rejected}
    assert sorted(rejected) == [5, 6, 7, 8]
    assert rejected[5] == ("", "缺少单位名称")
    assert rejected[6][0] == "示例市统计局"
    assert "找不到上级单位“示例市不存在局”" in rejected[6][1]
    assert "校验码不正确" in rejected[7][1]
    assert "无法识别单位类型“委员会”" in rejected[8][1]

    district = Unit.objects.get(name="示例市西城区人民政府")
    assert (district.parent, district.kind) == (city, "government")
    assert Unit.objects.get(name="西城区审计局").parent == district
    assert Unit.objects.get(name="湖滨街道").kind == "township"
    audit = Unit.objects.get(name="示例市审计局")
    assert (audit.code, audit.short_names) == (valid_uscc(11), ["市审计局"])
    for unit in Unit.objects.all():
        assert unit.path == f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"

    summary = AuditEvent.objects.get(verb="organizations.unit.imported")
    assert summary.after == {"created": 4, "rejected": 4, "dry_run": False}
    assert AuditEvent.objects.filter(verb="organizations.unit.created").count() == 4


def test_dry_run_keeps_nothing(city: Unit) -> None:
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    outcome = services.units_import(actor=None, data=xlsx_bytes(SHEET), dry_run=True)
    assert outcome.dry_run
    assert len(outcome.created) == 4
    assert len(outcome.rejected) == 4
    assert Unit.objects.count() == units
    assert AuditEvent.objects.count() == events


def test_the_header_may_follow_title_rows_and_use_other_names(city: Unit) -> None:
    data = xlsx_bytes(
        [("示例市审计局", "示例市人民政府"), ("", "示例市人民政府")],
        header=("机构名称", "主管单位"),
        preamble=[("示例市直属单位名单",), ()],
    )
    outcome = services.units_import(actor=None, data=data)
    assert outcome.created == ["示例市审计局"]
    # The title is row 1, a blank row 2, the header row 3: data from row 4.
    assert outcome.rejected == [(5, "", "缺少单位名称")]


def test_a_sheet_repeating_a_unit_rejects_the_repeat(city: Unit) -> None:
    data = xlsx_bytes(
        [
            ("示例市审计局", "示例市人民政府", "部门", "", ""),
            ("示例市审计局", "示例市人民政府", "部门", "", ""),
        ]
    )
    outcome = services.units_import(actor=None, data=data)
    assert outcome.created == ["示例市审计局"]
    ((row, name, reason),) = outcome.rejected
    assert (row, name) == (3, "示例市审计局")
    assert "已有名为“示例市审计局”的单位" in reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (os.urandom(4096), "文件不是有效的 .xlsx 表格"),
        (b"", "文件不是有效的 .xlsx 表格"),
        (
            "单位名称,上级单位\n示例市审计局,示例市人民政府\n".encode(),
            "不是有效的 .xlsx",
        ),
    ],
    ids=["random-bytes", "empty", "csv"],
)
def test_a_file_that_is_not_xlsx_gets_a_chinese_message(
    city: Unit, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.units_import(actor=None, data=data)
    assert Unit.objects.count() == 1


def test_a_broken_zip_gets_a_chinese_message(city: Unit) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是表格")
    with pytest.raises(ValidationError, match="文件可能已损坏"):
        services.units_import(actor=None, data=buffer.getvalue())


def test_a_sheet_without_a_name_column_is_explained(city: Unit) -> None:
    data = xlsx_bytes([("示例市审计局",)], header=("名单",))
    with pytest.raises(ValidationError, match="没有找到“单位名称”列"):
        services.units_import(actor=None, data=data)


def test_import_respects_the_actors_scope(city: Unit) -> None:
    other = UnitFactory.create(name="示例省人民政府", kind="government")
    supervisor = staff_with_role(city, Role.SUPERVISOR)
    data = xlsx_bytes(
        [
            ("示例市审计局", "示例市人民政府", "部门", "", ""),
            ("示例省审计厅", "示例省人民政府", "部门", "", ""),
        ]
    )
    outcome = services.units_import(actor=supervisor, data=data)
    assert outcome.created == ["示例市审计局"]
    assert [row for row, _, _ in outcome.rejected] == [3]
    assert not Unit.objects.filter(parent=other).exists()
    editor = staff_with_role(city, Role.EDITOR)
    outcome = services.units_import(
        actor=editor, data=xlsx_bytes([("示例市统计局", "示例市人民政府")])
    )
    assert outcome.created == []
    assert (
        "您没有在“示例市人民政府”新建、调整、停用下级单位的权限"
        in outcome.rejected[0][2]
    )
