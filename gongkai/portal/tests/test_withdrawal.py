"""A withdrawn record disappears from the pages, the feeds, the sitemap and the static
site in the same publish cycle (the one publish run its withdrawal triggers).

Search is checked by the search app's own tests (gongkai/search/tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings

from gongkai.portal import staticsite
from gongkai.portal.tests.helpers import (
    number_of,
    publish_with_attachment,
    revision_of,
)
from gongkai.publications import services
from gongkai.publications.tests.helpers import make_desk, publish

pytestmark = pytest.mark.django_db

TITLE = "关于公布2026年民办学校年检结果的公告"
PUBLIC_PATHS = (
    "/",
    "/xxgk/",
    "/xxgk/column/tzgg/",
    "/zcwjk/",
    "/rss.xml",
    "/atom.xml",
    "/xxgk/column/tzgg/rss.xml",
    "/xxgk/column/tzgg/atom.xml",
    "/sitemap-docs-1.xml",
)


def mentions(client: Client, path: str, text: str) -> bool:
    return text in client.get(path).content.decode()


def site_mentions(out: Path, text: str) -> list[str]:
    return [
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml"} and text in p.read_text()
    ]


def test_withdrawn_record_disappears_everywhere_in_one_cycle(
    tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    desk = make_desk()
    out = tmp_path / "site"
    # The page cache is on: pages seen before the withdrawal must not outlive it.
    with override_settings(
        GONGKAI_STATIC_SITE=True,
        GONGKAI_STATIC_SITE_DIR=out,
        GONGKAI_PAGE_CACHE_SECONDS=300,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            publish(desk, title="另一条仍然公开的通知", policy_class="normative")
            record = publish_with_attachment(
                desk, "年检结果.pdf", title=TITLE, policy_class="normative"
            )
        index_number = number_of(record)
        doc = f"/xxgk/doc/{index_number}/"
        attachment = revision_of(record).attachments.get()
        client = Client(HTTP_HOST="localhost")

        # Published: on every list, feed and the sitemap, dynamic and static.
        assert client.get(doc).status_code == 200
        for path in PUBLIC_PATHS:
            needle = index_number if "sitemap" in path else TITLE
            assert mentions(client, path, needle), path
        assert (out / staticsite.file_for(doc)).is_file()
        static_attachment = (
            out / f"xxgk/doc/{index_number}/file/{attachment.pk}/年检结果.pdf"
        )
        assert static_attachment.is_file()
        assert site_mentions(out, index_number)

        # Withdrawn: one commit, one publish run.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.record_withdraw(
                actor=desk.leader, record=record, reason="数据有误"
            )
        assert len(callbacks) == 1

        assert client.get(doc).status_code == 404
        assert client.get(f"{doc}file/{attachment.pk}/年检结果.pdf").status_code == 404
        for path in PUBLIC_PATHS:
            assert not mentions(client, path, TITLE), path
            assert not mentions(client, path, index_number), path
        assert not (out / staticsite.file_for(doc)).exists()
        assert not static_attachment.exists()
        assert not (out / f"xxgk/doc/{index_number}").exists()
        assert site_mentions(out, TITLE) == []
        assert site_mentions(out, index_number) == []
        assert "另一条仍然公开的通知" in (out / "index.html").read_text()
