"""Template helpers written in Python for speed give what the template loop gave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template import Context, Template
from django.urls import reverse

from gongkai.portal.templatetags.portal_tags import (
    facet_links,
    portal_url,
    search_hits,
)
from gongkai.search.selectors import Hit

# The loop the search page used before ``facet_links``.
LOOP = Template(
    '{% for item in items %}<li><a href="{{ item.url }}"'
    '{% if item.active %} aria-current="true" class="active"{% endif %}>'
    "{{ item.label }}"
    '{% if item.count is not None %} <span class="count">({{ item.count }})</span>'
    "{% endif %}"
    '{% if item.active %}<span class="visually-hidden">（已选，点击取消）</span>'
    "{% endif %}</a></li>{% endfor %}"
)


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    active: bool = False
    count: int | None = None


def test_facet_links_are_the_template_loop_escaped() -> None:
    items = [
        Item("示例市<教育>局", "/search/?q=a&publisher=%E7%A4%BA", count=12345),
        Item('有效"', "/search/?q=a", active=True, count=3),
        Item("2024", "/search/?q=a&year=2024", active=True),
        Item("通知", "/search/?q=a&doc_type=x'y"),
    ]
    html = facet_links(items)
    assert html == LOOP.render(Context({"items": items}))
    assert "&lt;教育&gt;" in html
    assert "&amp;publisher" in html
    assert facet_links([]) == ""


def test_portal_url_is_reverse() -> None:
    for name in ("portal:home", "portal:guide", "portal:rss", "portal:sitemap"):
        assert portal_url(name) == reverse(name)
        assert portal_url(name) == reverse(name)  # cached


# The loop the search page used before ``search_hits``.
HITS_LOOP = Template(
    '{% for hit in hits %}<li{% if hit.exact %} class="exact"{% endif %}>'
    '<h3><a href="{{ hit.url }}">{{ hit.title_html|safe }}</a>{% if hit.exact %} '
    '<span class="badge">{% if hit.doc_number %}文号{% else %}索引号{% endif %}一致'
    "</span>{% endif %}</h3>"
    '{% if hit.snippet %}<p class="search-snippet">{{ hit.snippet|safe }}</p>'
    '{% endif %}<p class="search-meta">'
    "{% if hit.publisher %}<span>{{ hit.publisher }}</span>{% endif %}"
    "{% if hit.doc_number %}<span>{{ hit.doc_number }}</span>{% endif %}"
    '{% if hit.published_at %}<span>{{ hit.published_at|date:"Y-m-d" }}</span>'
    "{% endif %}<span>索引号：{{ hit.index_number }}</span></p></li>{% endfor %}"
)


def _hit(**changes: object) -> Hit:
    fields: dict[str, object] = {
        "record_id": 1,
        "title": "关于<印发>的通知",
        "title_html": "关于&lt;印发&gt;的<mark>通知</mark>",
        "index_number": "1135-2024-0001",
        "doc_number": "示政〔2024〕1号",
        "url": "/xxgk/doc/1135-2024-0001/?a=1&b=2",
        "snippet": "…<mark>通知</mark>如下",
        "score": 1.5,
        "published_at": dt.date(2024, 3, 5),
        "publisher": '示例市"人民政府"',
        "exact": False,
    }
    fields.update(changes)
    return Hit(**fields)  # type: ignore[arg-type]


def test_search_hits_are_the_template_loop() -> None:
    hits = [
        _hit(),
        _hit(exact=True),
        _hit(exact=True, doc_number="", snippet="", publisher=""),
        _hit(published_at=None, index_number="<x>&"),
    ]
    html = search_hits(hits)
    assert html == HITS_LOOP.render(Context({"hits": hits}))
    assert "&lt;x&gt;&amp;" in html
    assert "&quot;人民政府&quot;" in html
    assert search_hits([]) == ""
