"""RSS 2.0 and Atom feeds of the whole site and of each column (Django syndication).

Each feed carries the newest ``FEED_ITEMS`` public records. A feed without items
gives a fixed "last updated" date instead of the current time, so that an unchanged
feed is byte-for-byte the same and the static site does not rewrite it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from gongkai.core.exceptions import NotFound
from gongkai.publications import selectors as pub
from gongkai.publications.models import Column, Record

FEED_ITEMS = 20
EMPTY_FEED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class _StableDate:
    items: list[dict[str, Any]]

    def latest_post_date(self) -> dt.datetime:
        if not self.items:
            return EMPTY_FEED_DATE
        return super().latest_post_date()  # type: ignore[misc, no-any-return]


class StableRss(_StableDate, Rss201rev2Feed):
    pass


class StableAtom(_StableDate, Atom1Feed):
    pass


class _RecordItems(Feed):  # type: ignore[type-arg]
    language = "zh-CN"

    def item_title(self, item: Record) -> str:
        return item.public_revision.title if item.public_revision else str(item)

    def item_description(self, item: Record) -> str:
        rev = item.public_revision
        if rev is None:
            return ""
        parts = [f"发布机构：{rev.publisher}"]
        if rev.doc_number:
            parts.append(f"文号：{rev.doc_number}")
        parts.append(f"索引号：{item.index_number}")
        if rev.summary:
            parts.append(rev.summary)
        return "；".join(parts)

    def item_link(self, item: Record) -> str:
        return reverse("portal:document", args=[item.index_number])

    def item_pubdate(self, item: Record) -> dt.datetime | None:
        return item.public_revision.published_at if item.public_revision else None

    def item_author_name(self, item: Record) -> str:
        return item.public_revision.publisher if item.public_revision else ""

    def item_categories(self, item: Record) -> tuple[str, ...]:
        return (item.public_revision.topic,) if item.public_revision else ()


class SiteRss(_RecordItems):
    feed_type: type[SyndicationFeed] = StableRss

    def title(self) -> str:
        return f"{settings.SITE_NAME} - 最新公开"

    def link(self) -> str:
        return reverse("portal:home")

    def description(self) -> str:
        return f"{settings.SITE_NAME}最新主动公开的政府信息"

    def items(self) -> list[Record]:
        return list(pub.listed_public(pub.records_public())[:FEED_ITEMS])


class SiteAtom(SiteRss):
    feed_type = StableAtom

    def subtitle(self) -> str:
        return self.description()


class ColumnRss(_RecordItems):
    feed_type: type[SyndicationFeed] = StableRss

    def get_object(self, request: HttpRequest, slug: str) -> Column:
        try:
            return pub.column_public_get(slug)
        except NotFound:
            raise Http404 from None

    def title(self, obj: Column) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Column) -> str:
        return reverse("portal:column", args=[obj.slug])

    def description(self, obj: Column) -> str:
        return obj.description or f"“{obj.name}”栏目最新主动公开的政府信息"

    def items(self, obj: Column) -> list[Record]:
        return list(pub.listed_public(pub.column_records_public(obj))[:FEED_ITEMS])


class ColumnAtom(ColumnRss):
    feed_type = StableAtom

    def subtitle(self, obj: Column) -> str:
        return self.description(obj)
