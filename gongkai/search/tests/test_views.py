"""The public search page."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongkai.publications.models import Record
from gongkai.publications.tests.helpers import Desk, make_desk
from gongkai.publications.vocab import DocumentType
from gongkai.search import index as ix

pytestmark = pytest.mark.django_db


def page(client: Client, **params: str) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "style=" not in response.content.decode()
    return response.content.decode()


def test_hits_are_listed_with_highlights_and_facets(
    client: Client, published: Callable[..., Record], desk: Desk
) -> None:
    other = make_desk(name="示例市民政局", serial=3, column=desk.column)
    record = published(title="关于做好社会救助工作的通知", doc_number="榕民〔2025〕3号")
    published(
        desk=other, title="社会救助家庭经济状况核对办法", doc_type=DocumentType.MEASURES
    )
    html = page(client, q="社會救助")
    assert 'aria-live="polite"' in html
    assert "共找到 <strong>2</strong> 条" in html
    assert "<mark>社会救助</mark>" in html
    assert f'href="/xxgk/doc/{record.index_number}/"' in html
    assert "榕民〔2025〕3号" in html
    # Facets: links with counts that keep the query.
    assert "发布机构" in html and "示例市民政局" in html and "(1)" in html
    assert (
        "/search/?q=%E7%A4%BE%E6%9C%83%E6%95%91%E5%8A%A9&amp;doc_type=%E5%8A%9E%E6%B3%95"
        in html
    )

    filtered = page(client, q="社会救助", doc_type="办法")
    assert "共找到 <strong>1</strong> 条" in filtered
    assert "<mark>社会救助</mark>家庭经济状况核对办法" in filtered
    assert "已筛选" in filtered and 'aria-current="true"' in filtered


def test_exact_doc_number_hit_is_marked_first(
    client: Client, published: Callable[..., Record]
) -> None:
    published(title="转发榕民〔2025〕3号的通知", body="<p>根据榕民〔2025〕3号。</p>")
    published(title="低保标准调整通知", doc_number="榕民〔2025〕3号")
    html = page(client, q="榕民[2025]3号")
    first = html.index('<ol class="search-hits">')
    assert html.index("低保标准调整通知", first) < html.index("转发", first)
    assert "文号一致" in html


def test_order_switch_and_paging(
    client: Client, published: Callable[..., Record]
) -> None:
    for n in range(12):
        published(title=f"防汛抗旱通知第{n}期")
    html = page(client, q="防汛抗旱")
    assert "第 1/2 页" in html
    assert 'href="/search/?q=%E9%98%B2%E6%B1%9B%E6%8A%97%E6%97%B1&amp;page=2"' in html
    assert (
        'href="/search/?q=%E9%98%B2%E6%B1%9B%E6%8A%97%E6%97%B1&amp;order=date"' in html
    )
    second = page(client, q="防汛抗旱", order="date", page="2")
    assert "第 2/2 页" in second
    assert second.count("<li>") >= 2


def test_empty_result_helps(client: Client, published: Callable[..., Record]) -> None:
    published(title="政务公开工作要点")
    html = page(client, q="火星探测")
    assert "共找到 <strong>0</strong> 条" in html
    assert "没有找到包含“火星探测”的政府信息" in html
    assert "减少关键词" in html


def test_blank_query_shows_how_to_search(client: Client, index_dir: Any) -> None:
    html = page(client)
    assert 'for="search-q"' in html
    assert "请输入要查找的内容" in html


def test_page_says_when_the_index_is_not_built(
    client: Client, published: Callable[..., Record]
) -> None:
    published(title="政务公开工作要点")
    shutil.rmtree(ix.index_dir())
    html = page(client, q="政务公开")
    assert "检索服务正在准备中" in html


def test_query_is_escaped(
    client: Client, index_dir: Any, published: Callable[..., Record]
) -> None:
    published(title="政务公开")
    html = page(client, q='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
