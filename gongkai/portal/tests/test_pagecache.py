"""The public page cache: anonymous pages are reused until the next audited change."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings

from gongkai.portal import pagecache
from gongkai.portal.tests.helpers import make_site, number_of, revision_of
from gongkai.publications.models import Revision
from gongkai.publications.tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings) -> None:
    """On here whatever the test settings say (they may turn it off)."""
    settings.GONGKAI_PAGE_CACHE_SECONDS = 300


def test_pages_are_reused_until_an_audited_change() -> None:
    site = make_site()
    url = f"/xxgk/doc/{number_of(site.notice)}/"
    first = Client().get(url).content
    # A change behind the services' back (no audit event) is not seen while cached…
    Revision.objects.filter(pk=revision_of(site.notice).pk).update(title="改过的标题")
    assert Client().get(url).content == first
    with override_settings(GONGKAI_PAGE_CACHE_SECONDS=0):
        assert "改过的标题" in Client().get(url).content.decode()
    # … and any audited change makes every cached page stale.
    publish(site.desk, title="另一条通知")
    assert "改过的标题" in Client().get(url).content.decode()
    assert "另一条通知" in Client().get("/").content.decode()


def test_staff_and_pending_messages_bypass_the_cache() -> None:
    site = make_site()
    url = f"/xxgk/doc/{number_of(site.notice)}/"
    anonymous = Client().get(url).content
    staff = Client()
    staff.force_login(site.desk.editor)
    Revision.objects.filter(pk=revision_of(site.notice).pk).update(
        title="工作人员看到的"
    )
    assert "工作人员看到的" in staff.get(url).content.decode()
    assert Client().get(url).content == anonymous


def test_a_page_with_a_flash_message_is_neither_served_from_nor_stored(rf) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    calls = []

    def view(request):
        calls.append(1)
        text = "".join(str(m) for m in get_messages(request))
        return HttpResponse(f"页面{text}")

    def cached(request) -> HttpResponse:
        response = pagecache.cached_page(view)(request)
        assert isinstance(response, HttpResponse)
        return response

    request = rf.get("/x/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(20, "您的申请编号是 YSQ-0001")
    assert "YSQ-0001" in cached(request).content.decode()
    plain = rf.get("/x/")
    plain.user = AnonymousUser()
    assert "YSQ-0001" not in cached(plain).content.decode()
    assert cached(plain).content == cached(plain).content
    assert len(calls) == 2  # the message page, then one render for everyone


def test_the_change_marker_is_read_once_a_second_and_forgotten_on_an_audit() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.core.audit import audit_record

    first = pagecache.change_marker()
    with CaptureQueriesContext(connection) as queries:
        assert pagecache.change_marker() == first
    assert len(queries) == 0  # a cache hit touches no database
    audit_record(actor=None, verb="publications.column.created", after={"x": 1})
    with CaptureQueriesContext(connection) as queries:
        assert pagecache.change_marker() != first
    assert len(queries) == 1
