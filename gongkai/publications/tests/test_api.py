"""The publications API: the public part shows only approved, published 主动公开
records; the staff part is the workbench's selectors and services as JSON.

config/api.py mounts the public router at /api/v1/public/ and the staff router at
/api/v1/ with session auth."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Staff
from gongkai.publications import selectors, services
from gongkai.publications.models import Record
from gongkai.publications.states import RevisionState
from gongkai.publications.tests.helpers import Desk, advance, draft, make_desk, publish
from gongkai.publications.vocab import Disclosure, RecordKind, Validity, WithholdGround

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged_in(staff: Staff) -> Client:
    client = Client()
    client.force_login(staff, backend=BACKEND)
    return client


def post_json(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(
        url, data=json.dumps(payload or {}), content_type="application/json"
    )


@pytest.fixture
def desk() -> Desk:
    return make_desk()


@pytest.fixture
def zoo(desk: Desk) -> dict[str, Record]:
    """Records in every state the public must or must not see."""
    published = publish(desk, title="已发布的通知")
    withdrawn = publish(desk, title="已撤稿的通知")
    services.record_withdraw(actor=desk.leader, record=withdrawn, reason="内容有误")
    on_request = advance(
        desk, draft(desk, title="依申请公开的文件", disclosure=Disclosure.ON_REQUEST)
    )
    withheld = advance(
        desk,
        draft(
            desk,
            title="不予公开的文件",
            disclosure=Disclosure.WITHHELD,
            withhold_ground=WithholdGround.INTERNAL,
        ),
    )
    in_review = advance(desk, draft(desk, title="审核中的通知"), steps=1)
    return {
        "published": published,
        "withdrawn": withdrawn,
        "on_request": on_request,
        "withheld": withheld,
        "in_review": in_review,
        "draft": draft(desk, title="草稿通知"),
    }


# --- public ---------------------------------------------------------------------------


def test_public_list_and_detail_only_show_published_proactive_records(
    zoo: dict[str, Record],
) -> None:
    client = Client()
    body = client.get("/api/v1/public/records").json()
    assert body["count"] == 1
    assert [r["title"] for r in body["items"]] == ["已发布的通知"]
    item = body["items"][0]
    published = zoo["published"]
    assert item["index_number"] == published.index_number
    assert item["url"].endswith(f"/xxgk/doc/{published.index_number}/")
    assert item["publisher"] == "示例市教育局"

    detail = client.get(f"/api/v1/public/records/{published.index_number}")
    assert detail.status_code == 200
    assert detail.json()["body"] == "<p>各学校：请按时开学。</p>"

    hidden = [zoo[k] for k in ("withdrawn", "on_request", "withheld")]
    assert all(r.index_number for r in hidden)  # they have numbers, yet stay hidden
    for record in hidden:
        response = client.get(f"/api/v1/public/records/{record.index_number}")
        assert response.status_code == 404, record
    assert zoo["draft"].index_number is None
    assert zoo["in_review"].index_number is None
    text = json.dumps(body, ensure_ascii=False)
    for title in ("已撤稿", "依申请公开", "不予公开", "审核中", "草稿"):
        assert title not in text
    assert client.get("/api/v1/public/records/no-such/2024-00001").status_code == 404


def test_public_detail_has_attachments_interpretations_and_successor(
    desk: Desk,
) -> None:
    policy = draft(desk, title="示例市中小学课后服务管理办法")
    services.attachment_add(
        actor=desk.editor,
        revision=selectors.revision_current(policy),
        name="附件1.txt",
        data="课后服务收费标准".encode(),
    )
    policy = advance(desk, policy)
    interpretation = draft(
        desk, title="《课后服务管理办法》政策解读", doc_type="文字解读"
    )
    interpretation.kind = RecordKind.INTERPRETATION
    interpretation.save(update_fields=["kind"])
    services.interpretation_link(
        actor=desk.editor, interpretation=interpretation, policy=policy
    )
    advance(desk, interpretation)
    newer = publish(desk, title="示例市中小学课后服务管理办法（2026年修订）")
    services.record_set_validity(
        actor=desk.leader,
        record=policy,
        validity=Validity.REVISED,
        changed_on=newer.first_published_at.date()
        if newer.first_published_at
        else None,
        successor=newer,
    )

    body = Client().get(f"/api/v1/public/records/{policy.index_number}").json()
    assert body["validity"] == "revised" and body["validity_banner"] == "本文件已修订"
    [attachment] = body["attachments"]
    assert attachment["name"] == "附件1.txt"
    assert attachment["url"].endswith(
        f"/xxgk/doc/{policy.index_number}/file/"
        f"{selectors.attachments_public(policy)[0].pk}/"
    )
    assert Client().get(attachment["url"]).status_code == 200
    assert [i["title"] for i in body["interpretations"]] == [
        "《课后服务管理办法》政策解读"
    ]
    assert body["successor"]["index_number"] == newer.index_number

    services.record_withdraw(actor=desk.leader, record=newer, reason="重新起草")
    body = Client().get(f"/api/v1/public/records/{policy.index_number}").json()
    assert body["successor"] is None  # a withdrawn successor is not shown


def test_public_columns_and_column_filter(zoo: dict[str, Record], desk: Desk) -> None:
    client = Client()
    columns = client.get("/api/v1/public/columns").json()
    assert [c["slug"] for c in columns] == ["tzgg"]
    assert columns[0]["url"].endswith("/xxgk/column/tzgg/")
    listed = client.get("/api/v1/public/records", {"column": "tzgg"}).json()
    assert [r["title"] for r in listed["items"]] == ["已发布的通知"]
    assert client.get("/api/v1/public/records", {"column": "nope"}).status_code == 404


# --- staff ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/publications"),
        ("get", "/api/v1/publications/1"),
        ("post", "/api/v1/publications"),
        ("post", "/api/v1/publications/1/submit"),
        ("post", "/api/v1/publications/1/approve"),
        ("post", "/api/v1/findings/1/override"),
    ],
)
def test_staff_endpoints_need_a_login(method: str, url: str) -> None:
    client = Client()
    response = (
        client.get(url)
        if method == "get"
        else client.post(url, data="{}", content_type="application/json")
    )
    assert response.status_code == 401


def test_an_editor_cannot_see_another_departments_drafts(desk: Desk) -> None:
    other = make_desk(name="示例市财政局", serial=2)
    mine = draft(desk, title="教育局的草稿")
    theirs = draft(other, title="财政局的草稿")
    client = logged_in(desk.editor)
    listed = client.get("/api/v1/publications").json()
    assert [p["id"] for p in listed["items"]] == [mine.pk]
    assert listed["items"][0]["current"]["state"] == RevisionState.DRAFT
    assert client.get(f"/api/v1/publications/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/publications/999999").status_code == 404
    for action in ("submit", "approve", "revise"):
        response = post_json(client, f"/api/v1/publications/{theirs.pk}/{action}")
        assert response.status_code == 404, action
    response = post_json(
        client, f"/api/v1/publications/{theirs.pk}/withdraw", {"reason": "试试"}
    )
    assert response.status_code == 404


def test_create_submit_and_approve_through_the_api(desk: Desk) -> None:
    editor = logged_in(desk.editor)
    response = post_json(
        editor,
        "/api/v1/publications",
        {
            "unit_id": desk.unit.pk,
            "title": "关于开展校园安全检查的通知",
            "formed_on": "2026-03-02",
            "body": "<p>请各校自查。</p>",
            "doc_number": "示教发[2026]5号",
            "column_ids": [desk.column.pk],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    record_id = created["id"]
    assert created["current"]["state"] == "draft"
    assert created["current"]["doc_number"] == "示教发〔2026〕5号"
    assert AuditEvent.objects.filter(
        verb="publications.record.created", object_id=str(record_id)
    ).exists()

    # The editor may not approve their own draft.
    response = post_json(editor, f"/api/v1/publications/{record_id}/submit")
    assert response.json()["current"]["state"] == "source_review"
    response = post_json(editor, f"/api/v1/publications/{record_id}/approve")
    assert response.status_code == 403
    assert "源头审查" in response.json()["message"]

    states = []
    for reviewer in desk.chain:
        # No body at all is fine: publish_at is optional.
        response = logged_in(reviewer).post(
            f"/api/v1/publications/{record_id}/approve", content_type="application/json"
        )
        assert response.status_code == 200, response.content
        states.append(response.json()["current"]["state"])
    assert states == ["secrecy_review", "final_review", "published"]
    record = Record.objects.get(pk=record_id)
    assert record.is_public and record.index_number
    verbs = list(
        AuditEvent.objects.filter(object_id=str(record_id))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert [v for v in verbs if v.startswith("publications.revision.")] == [
        "publications.revision.submit",
        "publications.revision.approve_source",
        "publications.revision.approve_secrecy",
        "publications.revision.publish",
    ]
    public = Client().get(f"/api/v1/public/records/{record.index_number}")
    assert public.status_code == 200

    # Approving again is an invalid transition, not a server error.
    response = post_json(
        logged_in(desk.leader), f"/api/v1/publications/{record_id}/approve"
    )
    assert response.status_code == 409


def test_return_withdraw_revise_and_validity(desk: Desk) -> None:
    record = advance(desk, draft(desk), steps=1)
    reviewer = logged_in(desk.secrecy)
    response = post_json(
        reviewer, f"/api/v1/publications/{record.pk}/return", {"reason": ""}
    )
    assert response.status_code == 400
    response = post_json(
        reviewer,
        f"/api/v1/publications/{record.pk}/return",
        {"reason": "请删除联系人手机号"},
    )
    assert response.json()["current"]["state"] == "returned"
    assert response.json()["current"]["returned_reason"] == "请删除联系人手机号"

    record = advance(desk, record)
    leader = logged_in(desk.leader)
    response = post_json(
        leader,
        f"/api/v1/publications/{record.pk}/validity",
        {
            "validity": "repealed",
            "changed_on": "2026-01-01",
            "reason": "已被新办法替代",
        },
    )
    assert response.json()["validity"] == "repealed"
    response = post_json(
        leader, f"/api/v1/publications/{record.pk}/withdraw", {"reason": "内容有误"}
    )
    assert response.json()["is_public"] is False
    assert AuditEvent.objects.filter(
        verb="publications.revision.withdraw", reason="内容有误"
    ).exists()
    assert (
        Client().get(f"/api/v1/public/records/{record.index_number}").status_code == 404
    )
    response = post_json(
        logged_in(desk.editor), f"/api/v1/publications/{record.pk}/revise"
    )
    detail = response.json()
    assert detail["current"]["state"] == "draft" and detail["current"]["number"] == 2
    assert [v["number"] for v in detail["versions"]] == [2, 1]


def test_finding_override_through_the_api(desk: Desk) -> None:
    record = advance(desk, draft(desk, body="<p>联系人手机13812345678</p>"), steps=1)
    detail = logged_in(desk.secrecy).get(f"/api/v1/publications/{record.pk}").json()
    [finding] = detail["current"]["findings"]
    assert "13812345678" not in json.dumps(detail["current"]["findings"])
    url = f"/api/v1/findings/{finding['id']}/override"
    assert (
        post_json(logged_in(desk.editor), url, {"reason": "单位公开电话"}).status_code
        == 403
    )
    other = make_desk(name="示例市财政局", serial=2)
    assert (
        post_json(logged_in(other.secrecy), url, {"reason": "单位公开电话"}).status_code
        == 404
    )
    response = post_json(
        logged_in(desk.secrecy), url, {"reason": "该号码为单位公开的办公电话"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "overridden"
    response = post_json(
        logged_in(desk.secrecy), f"/api/v1/publications/{record.pk}/approve"
    )
    assert response.json()["current"]["state"] == "final_review"
