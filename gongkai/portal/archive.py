"""Stable pagination of the newest-first lists (columns, 政策文件库, 政策解读).

Numbered pages count from the *oldest* information: page 1 holds the 20 oldest
records, page 2 the next 20, and so on; the list's own address (the front page)
shows everything newer than the last full numbered page — between 20 and 39 records
once there are 20. Publishing a record therefore changes the front page only, and a
new numbered page appears once every 20 records, while the existing numbered pages
keep their content and their address. Links to them stay valid, and the static site
re-renders one or two list pages per publication instead of every page of the
column. Numbered pages show no totals (those would change with every record); the
front page does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from gongkai.publications.models import Record

PAGE_SIZE = 20


def numbered_pages(total: int) -> int:
    """How many numbered (archive) pages a list of ``total`` records has."""
    return max(0, total // PAGE_SIZE - 1)


def front_size(total: int) -> int:
    return total - PAGE_SIZE * numbered_pages(total)


def page_bounds(total: int, number: int) -> tuple[int, int]:
    """The records of numbered page ``number`` as [start, end) in newest-first order."""
    return total - number * PAGE_SIZE, total - (number - 1) * PAGE_SIZE


@dataclass(frozen=True)
class ListPage:
    items: list[Record]
    number: int  # 0: the front page; 1…: numbered pages, 1 = the oldest
    total: int
    pages: int  # numbered pages
    front_url: str
    newer_url: str
    older_url: str
    oldest_url: str

    @property
    def is_front(self) -> bool:
        return self.number == 0


def list_page(
    qs: QuerySet[Record], number: int, url_for: Callable[[int], str]
) -> ListPage:
    """Page ``number`` of ``qs`` (ordered newest first); 404 past the last one."""
    total = qs.count()
    start, end = _bounds(total, number)
    return _page(list(qs[start:end]), number, total, url_for)


def page_from_ids(
    ids: Sequence[int],
    number: int,
    url_for: Callable[[int], str],
    fetch: Callable[[Sequence[int]], list[Record]],
) -> ListPage:
    """The same page from the list's ids, newest first (static publishing has them
    all at hand; it need not sort the list again for every page)."""
    start, end = _bounds(len(ids), number)
    return _page(fetch(ids[start:end]), number, len(ids), url_for)


def _bounds(total: int, number: int) -> tuple[int, int]:
    if number == 0:
        return 0, front_size(total)
    if 1 <= number <= numbered_pages(total):
        return page_bounds(total, number)
    raise Http404


def _page(
    items: list[Record], number: int, total: int, url_for: Callable[[int], str]
) -> ListPage:
    pages = numbered_pages(total)
    if number == 0:
        newer, older = "", url_for(pages) if pages else ""
    else:
        newer = url_for(number + 1 if number < pages else 0)
        older = url_for(number - 1) if number > 1 else ""
    return ListPage(
        items=items,
        number=number,
        total=total,
        pages=pages,
        front_url=url_for(0),
        newer_url=newer,
        older_url=older,
        oldest_url=url_for(1) if pages > 1 and number != 1 else "",
    )
