"""RSS 2.0 and Atom per column and for the site; the sitemap index and its files."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from gongkai.portal import pagecache, sitemaps
from gongkai.portal.tests.helpers import make_site

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(path: str) -> ET.Element:
    response = Client().get(path)
    assert response.status_code == 200, path
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def test_column_rss_and_atom() -> None:
    site = make_site()
    rss = xml("/xxgk/column/zcwj/rss.xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert titles == ["示例市校外培训管理办法", "示例市校外培训管理办法（2025年）"]
    link = rss.find("channel/item/link")
    assert link is not None
    assert link.text == f"http://testserver/xxgk/doc/{site.policy.index_number}/"
    atom = xml("/xxgk/column/zcwj/atom.xml")
    assert atom.tag == f"{ATOM}feed"
    assert len(atom.findall(f"{ATOM}entry")) == 2
    assert Client().get("/xxgk/column/nope/rss.xml").status_code == 404


def test_site_feeds_carry_every_public_record() -> None:
    make_site()
    rss = xml("/rss.xml")
    assert len(list(rss.iter("item"))) == 4
    assert len(xml("/atom.xml").findall(f"{ATOM}entry")) == 4


def test_empty_feed_is_stable() -> None:
    make_site()
    from gongkai.publications import services

    services.column_create(actor=None, name="空栏目", slug="empty")
    first = Client().get("/xxgk/column/empty/rss.xml").content
    assert first == Client().get("/xxgk/column/empty/rss.xml").content


def test_sitemap_index_pages_and_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site()
    index = xml("/sitemap.xml")
    locs = [e.text for e in index.iter(f"{SM}loc")]
    assert locs == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-docs-1.xml",
    ]
    pages = [e.text for e in xml("/sitemap-pages.xml").iter(f"{SM}loc")]
    assert "http://testserver/xxgkzn/" in pages
    assert "http://testserver/xxgk/column/zcwj/" in pages
    docs = xml("/sitemap-docs-1.xml")
    urls = [e.text for e in docs.iter(f"{SM}loc")]
    assert f"http://testserver/xxgk/doc/{site.policy.index_number}/" in urls
    assert len(urls) == 4
    assert all(e.text and len(e.text) == 10 for e in docs.iter(f"{SM}lastmod"))
    monkeypatch.setattr(sitemaps, "CHUNK", 3)
    pagecache.clear()
    assert len(list(xml("/sitemap.xml").iter(f"{SM}loc"))) == 3
    assert len(list(xml("/sitemap-docs-2.xml").iter(f"{SM}loc"))) == 1
    assert Client().get("/sitemap-docs-3.xml").status_code == 404
