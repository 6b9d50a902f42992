"""The REST API of the 条例第四十四条 list: the groups the caller's disclosure office
may decide, and the two decisions, through the same selectors and services as the
workbench page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.disclosures import selectors
from gongkai.disclosures.models import SameInformationDecision, SameInformationOutcome
from gongkai.disclosures.tests.helpers import Office, answered, login
from gongkai.publications.models import Record
from gongkai.publications.selectors import records_public
from gongkai.publications.states import RevisionState

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/same-information"
WENHAO = "示发改[2026]5号"


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(URL + path, json.dumps(body), content_type="application/json")


def _pair(o: Office) -> selectors.SameInformationGroup:
    answered(o, applicant=1, doc_reference=WENHAO)
    answered(
        o, applicant=2, doc_reference="《关于校舍立项的批复》（示发改〔2026〕第05号）"
    )
    (group,) = selectors.same_information_groups(o.office)
    return group


def test_the_office_lists_its_groups(o: Office) -> None:
    group = _pair(o)
    response = login(o.office).get(URL)
    assert response.status_code == 200, response.content
    (row,) = response.json()
    assert row["unit_id"] == o.city.pk and row["unit"] == "示例市人民政府"
    assert row["key"] == group.key == "文号:示发改〔2026〕5号"
    assert row["information"] == WENHAO
    assert row["by_doc_number"] is True
    assert row["applicants"] == 2
    assert [a["number"] for a in row["applications"]] == group.numbers
    assert [a["id"] for a in row["applications"]] == [a.pk for a in group.applications]
    assert {a["reply_type_label"] for a in row["applications"]} == {"予以公开"}
    assert row["first_received"] and row["last_replied"]


def test_others_see_an_empty_list_and_get_404(o: Office) -> None:
    group = _pair(o)
    body = {"unit_id": o.city.pk, "key": group.key, "reason": "不转"}
    for outsider in (o.other_office, o.editor, o.leader):
        client = login(outsider)
        listing = client.get(URL)
        assert listing.status_code == 200 and listing.json() == []
        for decision in ("/convert", "/decline"):
            response = post(client, decision, body)
            assert response.status_code == 404, (outsider, decision)
            assert response.json()["message"] == (
                "找不到该组申请，或它已经处理，或您无权查看。"
            )
    assert not SameInformationDecision.objects.exists()
    assert not Record.objects.exists()
    assert not AuditEvent.objects.filter(
        verb__startswith="disclosures.same_information."
    ).exists()
    anonymous = Client()
    assert anonymous.get(URL).status_code == 401
    assert post(anonymous, "/convert", body).status_code == 401


def test_an_unknown_group_is_404(o: Office) -> None:
    group = _pair(o)
    office = login(o.office)
    assert (
        post(office, "/convert", {"unit_id": o.city.pk, "key": "文号:无此文号"})
    ).status_code == 404
    assert (
        post(office, "/convert", {"unit_id": o.other_city.pk, "key": group.key})
    ).status_code == 404
    assert post(office, "/convert", {"unit_id": o.city.pk}).status_code == 422
    assert not SameInformationDecision.objects.exists()


def test_converting_returns_a_draft_that_is_not_public(o: Office) -> None:
    group = _pair(o)
    office = login(o.office)
    response = post(office, "/convert", {"unit_id": o.city.pk, "key": group.key})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == SameInformationOutcome.CONVERTED
    assert body["outcome_label"] == "转为主动公开"
    assert body["application_numbers"] == group.numbers
    assert body["applicants"] == 2 and body["reason"] == ""

    record = Record.objects.get(pk=body["record_id"])
    assert record.unit == o.city
    assert record.revisions.get().state == RevisionState.DRAFT
    assert not records_public().filter(pk=record.pk).exists()
    # The draft is the caller's to complete, through the publications API.
    draft = office.get(f"/api/v1/publications/{record.pk}")
    assert draft.status_code == 200, draft.content

    event = AuditEvent.objects.get(verb="disclosures.same_information.converted")
    assert event.actor == o.office and event.unit_id == o.city.pk
    assert event.after["draft"] == record.pk
    # Decided: gone from the list, and cannot be decided again.
    assert office.get(URL).json() == []
    again = post(office, "/decline", {"unit_id": o.city.pk, "key": group.key})
    assert again.status_code == 404
    assert SameInformationDecision.objects.count() == 1


def test_declining_needs_a_reason(o: Office) -> None:
    group = _pair(o)
    office = login(o.office)
    for body in (
        {"unit_id": o.city.pk, "key": group.key},
        {"unit_id": o.city.pk, "key": group.key, "reason": "   "},
    ):
        response = post(office, "/decline", body)
        assert response.status_code == 400, response.content
        assert "请填写不转为主动公开的理由" in response.json()["message"]
    assert not SameInformationDecision.objects.exists()
    assert not AuditEvent.objects.filter(
        verb="disclosures.same_information.declined"
    ).exists()
    assert len(office.get(URL).json()) == 1

    response = post(
        office,
        "/decline",
        {"unit_id": o.city.pk, "key": group.key, "reason": "只涉及申请人自身事项"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == SameInformationOutcome.DECLINED
    assert body["reason"] == "只涉及申请人自身事项"
    assert body["record_id"] is None
    assert not Record.objects.exists()
    event = AuditEvent.objects.get(verb="disclosures.same_information.declined")
    assert event.actor == o.office and event.reason == "只涉及申请人自身事项"
    assert office.get(URL).json() == []


def test_the_openapi_schema_lists_the_endpoints() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "get" in paths[URL]
    assert "post" in paths[URL + "/convert"]
    assert "post" in paths[URL + "/decline"]
