"""Property: whatever state records are in, every public path exposes exactly the
approved, published 主动公开 records — never drafts, records in review, scheduled,
registered (依申请公开 / 不予公开) or withdrawn ones, nor an unapproved new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongkai.publications import selectors, services
from gongkai.publications.models import Record
from gongkai.publications.tests.helpers import advance, draft, make_desk
from gongkai.publications.vocab import Disclosure, WithholdGround

pytestmark = pytest.mark.django_db

FATES = [
    "draft",
    "source_review",
    "secrecy_review",
    "final_review",
    "returned",
    "scheduled",
    "published",
    "withdrawn",
    "published_with_pending_revision",
]
DISCLOSURES = [Disclosure.PROACTIVE, Disclosure.ON_REQUEST, Disclosure.WITHHELD]


def build(desk, n: int, fate: str, disclosure: str) -> tuple[Record, bool, str]:
    """Make a record of that fate; return it, whether it must be public, and the
    title the public may see (the approved one)."""
    title = f"信息{n}-{fate}-{disclosure}"
    extra: dict[str, Any] = (
        {"withhold_ground": WithholdGround.INTERNAL}
        if disclosure == Disclosure.WITHHELD
        else {}
    )
    record = draft(desk, title=title, disclosure=disclosure, **extra)
    steps: dict[str, int | None] = {
        "draft": None,
        "source_review": 0,
        "secrecy_review": 1,
        "final_review": 2,
    }
    if fate in steps:
        count = steps[fate]
        if count is not None:
            advance(desk, record, steps=count)
        return record, False, title
    if fate == "returned":
        advance(desk, record, steps=1)
        services.revision_return(
            actor=desk.secrecy, revision=selectors.revision_current(record), reason="改"
        )
        return record, False, title
    if fate == "scheduled":
        advance(desk, record, steps=2)
        later = timezone.now() + dt.timedelta(days=1)
        services.revision_approve(
            actor=desk.leader,
            revision=selectors.revision_current(record),
            publish_at=later,
        )
        return record, False, title
    advance(desk, record)
    public = disclosure == Disclosure.PROACTIVE
    if fate == "withdrawn" and public:
        services.record_withdraw(actor=desk.leader, record=record, reason="撤")
        public = False
    if fate == "published_with_pending_revision":
        revision = services.record_new_revision(actor=desk.editor, record=record)
        services.revision_update(
            actor=desk.editor,
            revision=revision,
            data=services.RevisionInput(
                title=f"未审核的新标题{n}",
                formed_on=revision.formed_on,
                column_ids=[desk.column.pk],
                body="<p>新</p>",
                disclosure=disclosure,
                **extra,
            ),
        )
        advance(desk, record, steps=1)
    return record, public, title


class PublicExposure(TestCase):
    @settings(
        max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        st.lists(
            st.tuples(st.sampled_from(FATES), st.sampled_from(DISCLOSURES)),
            min_size=1,
            max_size=6,
        )
    )
    def test_public_paths_show_exactly_the_published_proactive_records(
        self, specs
    ) -> None:
        desk = make_desk()
        made = [
            build(desk, n, fate, disclosure)
            for n, (fate, disclosure) in enumerate(specs)
        ]
        expected = {record.pk for record, public, _ in made if public}
        assert set(selectors.records_public().values_list("pk", flat=True)) == expected

        client = Client()
        listing = client.get(f"/xxgk/column/{desk.column.slug}/").content.decode()
        home = client.get("/").content.decode()
        feeds = (
            client.get("/rss.xml").content.decode()
            + client.get("/atom.xml").content.decode()
        )
        api = client.get("/api/v1/public/records?limit=100").json()
        api_numbers = {item["index_number"] for item in api["items"]}
        assert api_numbers == {r.index_number for r, public, _ in made if public}
        sitemap = "".join(
            client.get(f"/sitemap-docs-{n}.xml").content.decode() for n in (1,)
        )
        for record, public, title in made:
            record.refresh_from_db()
            assert (title in listing) is public, (title, public)
            assert (title in feeds) is public, (title, public)
            assert "未审核的新标题" not in listing + home
            if record.index_number:
                status = client.get(f"/xxgk/doc/{record.index_number}/").status_code
                assert status == (200 if public else 404), (title, status)
                assert (record.index_number in sitemap) is public, (title, public)
                detail = client.get(f"/api/v1/public/records/{record.index_number}")
                assert detail.status_code == (200 if public else 404), title
                for attachment in (
                    record.public_revision.attachments.all()
                    if record.public_revision
                    else []
                ):
                    url = f"/xxgk/doc/{record.index_number}/file/{attachment.pk}/"
                    assert client.get(url).status_code == (200 if public else 404)
