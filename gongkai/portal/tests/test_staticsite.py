"""gongkai publish-site: the static site is the dynamic site, kept up to date
incrementally, with withdrawn records removed in the same run."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from gongkai.portal import staticsite
from gongkai.portal.tests.helpers import make_site, number_of, revision_of
from gongkai.publications import services
from gongkai.publications.models import Record
from gongkai.publications.tests.helpers import publish

pytestmark = pytest.mark.django_db


def doc_file(out: Path, record: Record) -> Path:
    return out / "xxgk" / "doc" / number_of(record) / "index.html"


def test_every_public_page_is_written_as_the_dynamic_site_serves_it(
    tmp_path: Path,
) -> None:
    site = make_site()
    out = tmp_path / "site"
    report = staticsite.publish(out=out)
    assert not report.errors
    client = Client(HTTP_HOST="localhost")
    for url in (
        "/",
        "/xxgk/",
        "/xxgkzn/",
        f"/xxgkzn/{site.desk.unit.pk}/",
        "/xxgkzd/",
        "/zcwjk/",
        "/zcjd/",
        "/ndbg/",
        "/xxgk/column/zcwj/",
        f"/xxgk/doc/{site.policy.index_number}/",  # with its 解读
        f"/xxgk/doc/{site.old_policy.index_number}/",  # banner and successor
        f"/xxgk/doc/{site.interpretation.index_number}/",  # the policy it explains
        f"/xxgk/doc/{site.notice.index_number}/",  # an attachment
    ):
        assert (out / staticsite.file_for(url)).read_bytes() == client.get(url).content
    for name in (
        "rss.xml",
        "atom.xml",
        "sitemap.xml",
        "sitemap-pages.xml",
        "sitemap-docs-1.xml",
        "robots.txt",
        "xxgk/column/zcwj/rss.xml",
        "xxgk/column/zcwj/atom.xml",
        "404.html",
        "static/gongkai/site.css",
        "static/gongkai/site.js",
        "static/gongkai/portal.js",
    ):
        assert (out / name).is_file(), name
    assert "页面不存在" in (out / "404.html").read_text()
    attachment = revision_of(site.notice).attachments.get()
    copied = out / f"xxgk/doc/{site.notice.index_number}/file/{attachment.pk}/名单.pdf"
    assert copied.read_bytes() == attachment.file.open("rb").read()
    # Dynamic pages are not published.
    assert not (out / "deadline").exists() and not (out / "search").exists()
    manifest = json.loads((out / staticsite.MANIFEST_NAME).read_text())
    entry = manifest["files"][
        staticsite.file_for(f"/xxgk/doc/{site.policy.index_number}/")
    ]
    assert len(entry["sha256"]) == 64
    assert entry["record"] == f"{site.policy.pk}@{site.policy.public_revision_id}"


def test_a_second_run_writes_nothing_and_a_change_renders_only_what_it_touches(
    tmp_path: Path,
) -> None:
    site = make_site()
    out = tmp_path / "site"
    first = staticsite.publish(out=out)
    again = staticsite.publish(out=out)
    assert again.written == 0 and again.removed == 0
    assert again.rendered < first.rendered  # only the small always-rendered pages
    notice_page = doc_file(out, site.notice)
    before = notice_page.stat().st_mtime_ns

    record = publish(site.desk, title="关于开展2026年教师资格认定工作的通知")
    after = staticsite.publish(out=out)
    assert doc_file(out, record).is_file()
    assert notice_page.stat().st_mtime_ns == before  # untouched
    column = (out / "xxgk/column/tzgg/index.html").read_text()
    assert "教师资格认定" in column
    assert after.rendered - again.rendered < 10  # the new page, its column, feeds…


def test_validity_change_rerenders_the_document_page(tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "site"
    staticsite.publish(out=out)
    services.record_set_validity(
        actor=site.desk.leader,
        record=site.policy,
        validity="expired",
        changed_on=site.policy.first_published_at.date()
        if site.policy.first_published_at
        else None,
    )
    staticsite.publish(out=out)
    assert "本文件已失效" in doc_file(out, site.policy).read_text()


def test_full_run_removes_stray_files_and_foreign_directories_are_refused(
    tmp_path: Path,
) -> None:
    make_site()
    out = tmp_path / "site"
    staticsite.publish(out=out)
    (out / "stray.html").write_text("x")
    staticsite.publish(out=out)
    assert (out / "stray.html").exists()  # incremental runs leave unknown files
    report = staticsite.publish(out=out, full=True)
    assert not (out / "stray.html").exists() and report.removed == 1

    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_text("其他网站")
    with pytest.raises(staticsite.PublishError, match="不是空目录"):
        staticsite.publish(out=foreign)
    assert (foreign / "index.html").read_text() == "其他网站"


def test_public_address_must_be_an_allowed_host(tmp_path: Path) -> None:
    make_site()
    with (
        override_settings(
            GONGKAI_PUBLIC_URL="https://gk.example.gov.cn", ALLOWED_HOSTS=["localhost"]
        ),
        pytest.raises(staticsite.PublishError, match="GONGKAI_ALLOWED_HOSTS"),
    ):
        staticsite.publish(out=tmp_path / "site")
    with override_settings(
        GONGKAI_PUBLIC_URL="https://gk.example.gov.cn",
        ALLOWED_HOSTS=["gk.example.gov.cn"],
    ):
        staticsite.publish(out=tmp_path / "site")
    assert (
        "https://gk.example.gov.cn/xxgk/doc/"
        in (tmp_path / "site" / "sitemap-docs-1.xml").read_text()
    )


def test_a_request_already_covered_by_a_later_run_is_skipped(tmp_path: Path) -> None:
    make_site()
    out = tmp_path / "site"
    asked = time.time()
    staticsite.publish(out=out)
    assert staticsite.publish(out=out, requested_at=asked).skipped
    assert not staticsite.publish(out=out, requested_at=time.time()).skipped


def test_record_changes_publish_in_the_background_when_enabled(
    tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    site = make_site()
    out = tmp_path / "site"
    with override_settings(GONGKAI_STATIC_SITE=True, GONGKAI_STATIC_SITE_DIR=out):
        with django_capture_on_commit_callbacks(execute=True):
            record = publish(site.desk, title="关于后台发布的通知")
        assert doc_file(out, record).is_file()
        with django_capture_on_commit_callbacks(execute=True):
            services.record_withdraw(
                actor=site.desk.leader, record=record, reason="误发"
            )
        assert not doc_file(out, record).exists()
    with django_capture_on_commit_callbacks(execute=True):
        other = publish(site.desk, title="静态发布关闭时的通知")
    assert not doc_file(out, other).exists()  # GONGKAI_STATIC_SITE off: nothing runs


def test_command(tmp_path: Path) -> None:
    make_site()
    out = io.StringIO()
    call_command("publish-site", "--out", str(tmp_path / "site"), stdout=out)
    assert "静态站点" in out.getvalue() and "删除0个" in out.getvalue()
    call_command("publish-site", "--out", str(tmp_path / "site"), "--full", stdout=out)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x")
    with pytest.raises(CommandError, match="发布失败"):
        call_command("publish-site", "--out", str(tmp_path / "other"))


def test_numbered_pages_match_the_dynamic_ones_and_stay_put(tmp_path: Path) -> None:
    site = make_site()
    for n in range(44):
        publish(site.desk, title=f"通知第{n:02d}号")
    out = tmp_path / "site"
    staticsite.publish(out=out)
    client = Client(HTTP_HOST="localhost")
    for url in ("/xxgk/column/tzgg/", "/xxgk/column/tzgg/page/1/"):
        assert (out / staticsite.file_for(url)).read_bytes() == client.get(url).content
    oldest = out / "xxgk/column/tzgg/page/1/index.html"
    before = oldest.stat().st_mtime_ns

    publish(site.desk, title="又一条通知")
    report = staticsite.publish(out=out)
    assert oldest.stat().st_mtime_ns == before
    assert "又一条通知" in (out / "xxgk/column/tzgg/index.html").read_text()
    # The new page, the column's front page and feeds, site feeds and lists, sitemap.
    assert report.written < 15, report.summary()
