"""Importing a 废止目录 marks the listed policies, reports what it cannot match, and
the portal shows the banner with the date on the old document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.publications import services
from gongkai.publications.tests.helpers import make_desk, publish
from gongkai.publications.vocab import Validity

pytestmark = pytest.mark.django_db

CATALOG = """关于公布废止的规范性文件目录
1. 示例市中小学校学籍管理办法（示教发[2019]7号）
2. 【示教发〔2018〕2号】示例市民办学校年检暂行规定
3. 示例市校车安全管理细则
4. 某个不存在的文件（示教发〔2011〕99号）
"""


def test_repeal_catalog_marks_documents_and_the_portal_shows_the_banner() -> None:
    desk = make_desk()
    first = publish(
        desk,
        title="示例市中小学校学籍管理办法",
        doc_number="示教发〔2019〕7号",
        policy_class="normative",
    )
    second = publish(
        desk,
        title="示例市民办学校年检暂行规定",
        doc_number="示教发（2018）2号",
        policy_class="normative",
    )
    third = publish(desk, title="示例市校车安全管理细则", policy_class="normative")
    untouched = publish(
        desk,
        title="示例市学生资助办法",
        doc_number="示教发〔2020〕1号",
        policy_class="normative",
    )
    day = dt.date(2026, 10, 1)

    preview = services.repeal_catalog_import(
        actor=desk.leader, text=CATALOG, changed_on=day, dry_run=True
    )
    assert sorted(preview.marked) == sorted([str(first), str(second), str(third)])
    assert any("99号" in line for line in preview.unmatched)
    first.refresh_from_db()
    assert first.validity == Validity.VALID  # the preview changed nothing

    done = services.repeal_catalog_import(
        actor=desk.leader, text=CATALOG, changed_on=day
    )
    assert len(done.marked) == 3
    for record in (first, second, third, untouched):
        record.refresh_from_db()
    assert {first.validity, second.validity, third.validity} == {Validity.REPEALED}
    assert untouched.validity == Validity.VALID
    assert first.validity_changed_on == day

    page = Client().get(f"/xxgk/doc/{first.index_number}/").content.decode()
    assert "本文件已废止" in page and "2026年10月1日" in page
    assert (
        "本文件已废止"
        not in Client().get(f"/xxgk/doc/{untouched.index_number}/").content.decode()
    )
