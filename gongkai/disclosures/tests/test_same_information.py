"""条例第四十四条: information several applicants asked the same unit for, answered
予以公开 or 部分公开, offered to the disclosure office to make 主动公开."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from gongkai.core.exceptions import NotFound, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.disclosures import selectors, services
from gongkai.disclosures.models import (
    Application,
    SameInformationDecision,
    SameInformationOutcome,
)
from gongkai.disclosures.tests.helpers import (
    Office,
    answered,
    app_input,
    applicant_id,
    login,
    register,
)
from gongkai.publications.models import Record
from gongkai.publications.selectors import records_public
from gongkai.publications.states import RevisionState
from gongkai.rules.same_information import information_key

pytestmark = pytest.mark.django_db

WENHAO = "示发改[2026]5号"


def _pair(o: Office, reference: str = WENHAO) -> selectors.SameInformationGroup:
    answered(o, applicant=1, doc_reference=reference)
    answered(o, applicant=2, doc_reference=reference)
    (group,) = selectors.same_information_groups(o.office)
    return group


# --- grouping ---------------------------------------------------------------------------


def test_bracket_variants_of_a_wenhao_are_one_group(o: Office) -> None:
    a = answered(o, applicant=1, doc_reference="示发改[2026]5号")
    b = answered(
        o, applicant=2, doc_reference="《关于校舍立项的批复》（示发改〔2026〕第05号）"
    )
    c = answered(o, applicant=3, doc_reference="示发改【2026】5号")
    answered(o, applicant=4, doc_reference="示发改〔2026〕6号")  # another document

    (group,) = selectors.same_information_groups(o.office)
    assert group.unit == o.city
    assert group.key == "文号:示发改〔2026〕5号"
    assert group.by_doc_number
    assert group.applicants == 3
    assert group.numbers == [a.number, b.number, c.number]
    assert group.information == "示发改[2026]5号"  # as the first applicant wrote it


def test_titles_without_wenhao_group_when_they_read_the_same(o: Office) -> None:
    answered(o, applicant=1, doc_reference="《示例市2026年校舍建设计划》")
    answered(o, applicant=2, doc_reference="示例市 2026 年校舍建设计划。")
    answered(o, applicant=3, doc_reference="示例市2025年校舍建设计划")
    (group,) = selectors.same_information_groups(o.office)
    assert group.applicants == 2
    assert not group.by_doc_number


def test_one_applicant_asking_twice_is_not_a_group(o: Office) -> None:
    answered(o, applicant=1, doc_reference=WENHAO)
    answered(o, applicant=1, doc_reference="示发改〔2026〕5号")
    assert selectors.same_information_groups(o.office) == []
    answered(o, applicant=2, doc_reference=WENHAO)
    (group,) = selectors.same_information_groups(o.office)
    assert (group.applicants, len(group.applications)) == (2, 3)


def test_only_information_given_out_counts(o: Office) -> None:
    answered(o, applicant=1, doc_reference=WENHAO)
    answered(
        o,
        applicant=2,
        doc_reference=WENHAO,
        reply_type="withheld",
        reason_codes=("withheld.third_party",),
    )
    answered(
        o,
        applicant=3,
        doc_reference=WENHAO,
        reply_type="unable",
        reason_codes=("unable.not_held",),
    )
    # Already 主动公开: nothing left to make public.
    answered(
        o, applicant=4, doc_reference=WENHAO, reason_codes=("granted.already_public",)
    )
    assert selectors.same_information_groups(o.office) == []

    partial = answered(
        o,
        applicant=5,
        doc_reference=WENHAO,
        reply_type="partial",
        reason_codes=("partial", "withheld.third_party"),
    )
    (group,) = selectors.same_information_groups(o.office)
    assert group.applicants == 2
    assert partial.number in group.numbers
    assert [a.reply_type_label for a in group.applications] == ["予以公开", "部分公开"]


def test_open_applications_and_empty_references_are_not_grouped(o: Office) -> None:
    answered(o, applicant=1, doc_reference="")
    answered(o, applicant=2, doc_reference="")
    answered(o, applicant=3, doc_reference=WENHAO)
    services.application_register(  # not answered yet
        actor=o.office,
        unit=o.city,
        data=app_input(id_number=applicant_id(4), doc_reference=WENHAO),
        channel="in_person",
        arrived_on=timezone.localdate(),
    )
    assert selectors.same_information_groups(o.office) == []


def test_the_same_information_asked_of_two_units_is_two_candidates(o: Office) -> None:
    answered(o, applicant=1, doc_reference=WENHAO)
    other = services.application_register(
        actor=o.other_office,
        unit=o.other_city,
        data=app_input(id_number=applicant_id(2), doc_reference=WENHAO),
        channel="in_person",
        arrived_on=timezone.localdate(),
    )
    services.reply(
        actor=o.other_office,
        application=other,
        reply_type="granted",
        reason_codes=["granted"],
    )
    assert selectors.same_information_groups(o.office) == []
    assert selectors.same_information_groups(o.other_office) == []


# --- who may see and decide -------------------------------------------------------------


def test_only_the_office_of_the_unit_sees_and_decides(o: Office) -> None:
    group = _pair(o)
    for outsider in (o.other_office, o.editor, o.leader, o.supervisor):
        assert selectors.same_information_groups(outsider) == []
        assert selectors.same_information_pending_count(outsider) == 0
        with pytest.raises(NotFound):
            selectors.same_information_group_get(outsider, o.city.pk, group.key)
        with pytest.raises(NotFound):
            services.same_information_convert(
                actor=outsider, unit=o.city, key=group.key
            )
        with pytest.raises(NotFound):
            services.same_information_decline(
                actor=outsider, unit=o.city, key=group.key, reason="不转"
            )
    assert not SameInformationDecision.objects.exists()
    assert not Record.objects.exists()


# --- the decisions ----------------------------------------------------------------------


def test_converting_starts_a_draft_that_is_not_public(o: Office) -> None:
    group = _pair(o, "《关于校舍立项的批复》（示发改[2026]5号）")
    decision = services.same_information_convert(
        actor=o.office, unit=o.city, key=group.key
    )

    assert decision.outcome == SameInformationOutcome.CONVERTED
    assert decision.application_numbers == group.numbers
    assert decision.decided_by == o.office
    record = decision.record
    assert record is not None and record.unit == o.city
    revision = record.revisions.get()
    assert revision.state == RevisionState.DRAFT
    assert revision.title == "关于校舍立项的批复"
    assert revision.doc_number == "示发改〔2026〕5号"
    assert "第四十四条" in revision.summary
    for number in group.numbers:
        assert number in revision.summary
    assert not record.is_public
    assert not records_public().filter(pk=record.pk).exists()

    event = AuditEvent.objects.get(verb="disclosures.same_information.converted")
    assert event.actor == o.office and event.unit_id == o.city.pk
    assert event.after["numbers"] == group.numbers
    assert AuditEvent.objects.filter(
        verb="publications.record.created", object_id=str(record.pk)
    ).exists()
    # Decided: gone from the list, and cannot be decided twice.
    assert selectors.same_information_groups(o.office) == []
    with pytest.raises(NotFound):
        services.same_information_convert(actor=o.office, unit=o.city, key=group.key)


def test_declining_needs_a_reason_and_is_recorded(o: Office) -> None:
    group = _pair(o)
    with pytest.raises(ValidationError, match="请填写不转为主动公开的理由"):
        services.same_information_decline(
            actor=o.office, unit=o.city, key=group.key, reason="  "
        )
    assert not SameInformationDecision.objects.exists()

    decision = services.same_information_decline(
        actor=o.office, unit=o.city, key=group.key, reason="只涉及申请人自身事项"
    )
    assert decision.outcome == SameInformationOutcome.DECLINED
    assert decision.record is None
    assert not Record.objects.exists()
    event = AuditEvent.objects.get(verb="disclosures.same_information.declined")
    assert event.reason == "只涉及申请人自身事项"
    assert selectors.same_information_groups(o.office) == []


def test_a_decided_group_stays_decided_when_more_applicants_come(o: Office) -> None:
    group = _pair(o)
    services.same_information_decline(
        actor=o.office, unit=o.city, key=group.key, reason="只涉及申请人自身事项"
    )
    answered(o, applicant=3, doc_reference=WENHAO)
    assert selectors.same_information_groups(o.office) == []


# --- pages ------------------------------------------------------------------------------


def test_the_office_sees_the_list_the_count_and_the_notice(o: Office) -> None:
    group = _pair(o)
    first = group.applications[0]
    office = login(o.office)

    page = office.get(reverse("disclosures:same_information"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "可转为主动公开的信息（条例第四十四条）" in html
    assert WENHAO in html
    assert "2个申请人" in html
    for application in group.applications:
        assert reverse("disclosures:detail", args=[application.pk]) in html
    assert 'style="' not in html and "<script>" not in html

    queue = office.get(reverse("disclosures:queue")).content.decode()
    assert "可转为主动公开的信息（条例第四十四条）1 组" in queue
    home = office.get(reverse("workbench:home")).content.decode()
    assert "可转为主动公开的信息（条例第四十四条）1组" in home

    detail = office.get(reverse("disclosures:detail", args=[first.pk])).content
    assert "条例第四十四条：共有2个申请人" in detail.decode()
    assert reverse("disclosures:same_information") in detail.decode()


def test_the_handler_sees_the_notice_without_the_list(o: Office) -> None:
    group = _pair(o)
    editor = login(o.editor)
    detail = editor.get(reverse("disclosures:detail", args=[group.applications[0].pk]))
    html = detail.content.decode()
    assert "条例第四十四条：共有2个申请人" in html
    assert "由政府信息公开工作机构决定" in html
    assert editor.get(reverse("disclosures:same_information")).status_code == 403


def test_another_units_office_cannot_see_or_act(o: Office) -> None:
    group = _pair(o)
    other = login(o.other_office)
    page = other.get(reverse("disclosures:same_information"))
    assert page.status_code == 200
    assert WENHAO not in page.content.decode()
    data = {"unit": str(o.city.pk), "key": group.key, "reason": "不转"}
    for decision in ("convert", "decline"):
        url = reverse("disclosures:same_information_decide", args=[decision])
        assert other.post(url, data).status_code == 404
    assert not SameInformationDecision.objects.exists()


def test_converting_from_the_page_opens_the_draft(o: Office) -> None:
    group = _pair(o)
    office = login(o.office)
    url = reverse("disclosures:same_information_decide", args=["convert"])
    response = office.post(url, {"unit": str(o.city.pk), "key": group.key})
    decision = SameInformationDecision.objects.get()
    assert decision.record_id is not None
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "publications:detail", args=[decision.record_id]
    )
    detail = office.get(reverse("disclosures:detail", args=[group.applications[0].pk]))
    assert "条例第四十四条：共有" not in detail.content.decode()


def test_declining_from_the_page_without_a_reason_says_what_to_do(o: Office) -> None:
    group = _pair(o)
    office = login(o.office)
    url = reverse("disclosures:same_information_decide", args=["decline"])
    response = office.post(
        url, {"unit": str(o.city.pk), "key": group.key, "reason": ""}, follow=True
    )
    assert "请填写不转为主动公开的理由" in response.content.decode()
    assert not SameInformationDecision.objects.exists()
    office.post(url, {"unit": str(o.city.pk), "key": group.key, "reason": "不具普遍性"})
    decision = SameInformationDecision.objects.get()
    assert decision.outcome == SameInformationOutcome.DECLINED
    page = office.get(reverse("disclosures:same_information")).content.decode()
    assert "不具普遍性" in page  # under 最近的处理


# --- the stored key ---------------------------------------------------------------------


def test_the_key_is_stored_when_an_application_is_made(o: Office) -> None:
    reference = "《关于校舍立项的批复》（示发改〔2026〕第05号）"
    staff_entry = register(o, timezone.localdate(), doc_reference=reference)
    assert staff_entry.information_key == information_key(reference)
    assert staff_entry.information_key == "文号:示发改〔2026〕5号"
    online = services.application_submit_public(
        unit=o.city, data=app_input(doc_reference="示例市 2026 年校舍建设计划。")
    )
    online.refresh_from_db()
    assert online.information_key == "名称:示例市2026年校舍建设计划"
    unnamed = register(o, timezone.localdate(), doc_reference="")
    assert unnamed.information_key == ""


def test_the_migration_fills_the_keys_of_existing_applications(o: Office) -> None:
    made = [
        register(o, timezone.localdate(), doc_reference=reference)
        for reference in ("示发改[2026]5号", "《示例市2026年校舍建设计划》", "", "。")
    ]
    expected = {a.pk: information_key(a.doc_reference) for a in made}
    assert list(expected.values()) == [
        "文号:示发改〔2026〕5号",
        "名称:示例市2026年校舍建设计划",
        "",
        "",
    ]
    Application.objects.update(information_key="")  # as before the migration
    migration = importlib.import_module(
        "gongkai.disclosures.migrations.0005_application_information_key"
    )
    migration.fill_information_keys(django_apps, None)
    stored = dict(Application.objects.values_list("pk", "information_key"))
    assert stored == expected


def test_the_pending_count_counts_the_groups_the_list_shows(o: Office) -> None:
    assert selectors.same_information_pending_count(o.office) == 0
    answered(o, applicant=1, doc_reference=WENHAO)
    # Only pointed to information already 主动公开: does not make a group.
    answered(
        o, applicant=2, doc_reference=WENHAO, reason_codes=("granted.already_public",)
    )
    answered(o, applicant=3, doc_reference="《示例市2026年校舍建设计划》")
    answered(o, applicant=4, doc_reference="示例市2026年校舍建设计划")
    answered(o, applicant=5, doc_reference="示发改〔2026〕7号")
    answered(o, applicant=6, doc_reference="示发改〔2026〕7号")
    groups = selectors.same_information_groups(o.office)
    assert len(groups) == 2
    assert selectors.same_information_pending_count(o.office) == 2
    services.same_information_decline(
        actor=o.office, unit=o.city, key=groups[0].key, reason="不具普遍性"
    )
    assert len(selectors.same_information_groups(o.office)) == 1
    assert selectors.same_information_pending_count(o.office) == 1
    assert selectors.same_information_pending_count(o.other_office) == 0


def test_the_application_page_finds_its_group_by_the_stored_key(o: Office) -> None:
    group = _pair(o)
    first, second = (Application.objects.get(pk=a.pk) for a in group.applications)
    found = selectors.same_information_group_of(first)
    assert found is not None and found.numbers == group.numbers
    lone = answered(o, applicant=3, doc_reference="示发改〔2026〕9号")
    assert selectors.same_information_group_of(lone) is None
    unnamed = answered(o, applicant=4, doc_reference="")
    assert selectors.same_information_group_of(unnamed) is None
    open_one = register(o, timezone.localdate(), doc_reference=WENHAO)
    assert selectors.same_information_group_of(open_one) is None
    assert selectors.same_information_group_of(second) == found
