"""Every transition of an application and its refusals, with the clock checked
against ``gongkai deadline`` after each event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from gongkai.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from gongkai.core.models import AuditEvent
from gongkai.disclosures import selectors, services
from gongkai.disclosures.models import Application, LetterNumber, ReplyReason
from gongkai.disclosures.states import TRANSITIONS, Event, State
from gongkai.disclosures.tests.helpers import (
    ID_NUMBER,
    NAME,
    PHONE,
    Office,
    assigned,
    cli_due,
    due_text,
    register,
)

pytestmark = pytest.mark.django_db

D = dt.date


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 10, 0), tick=False
    )


def check_clock(application: Application, today: dt.date, tmp: Path) -> None:
    assert due_text(application) == cli_due(application, today, tmp)


# --- intake ------------------------------------------------------------------------


def test_in_person_application_is_received_the_day_it_is_handed_in(o, tmp_path):
    with at(D(2026, 9, 30)):
        application = register(o, D(2026, 9, 30))
        assert application.number.startswith("YSQ-2026-")
        assert application.state == State.REVIEW
        assert application.received_on == D(2026, 9, 30)
        assert "提交之日" in application.receipt_basis
        assert due_text(application) == "2026-11-03"  # legal.md §6 test vector
        check_clock(application, D(2026, 9, 30), tmp_path)


def test_registered_mail_is_received_the_day_it_is_signed_for(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 9), channel="registered_mail")
    assert application.received_on == D(2026, 10, 9)
    assert "签收之日" in application.receipt_basis


def test_fax_waits_for_confirmation_then_counts_from_the_day_both_sides_confirmed(
    o, tmp_path
):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 9), channel="fax")
        assert application.state == State.REGISTERED
        assert application.received_on is None and application.due_on is None
        services.application_confirm_receipt(
            actor=o.office, application=application, confirmed_on=D(2026, 10, 12)
        )
        application.refresh_from_db()
        assert application.state == State.REVIEW
        assert application.received_on == D(2026, 10, 12)
        check_clock(application, D(2026, 10, 12), tmp_path)


def test_confirmation_before_arrival_is_refused(o):
    with at(D(2026, 10, 12)), pytest.raises(ValidationError, match="早于"):
        register(o, D(2026, 10, 9), channel="email", confirmed_on=D(2026, 10, 8))


def test_numbers_are_unique_and_sequential(o):
    with at(D(2026, 10, 12)):
        first = register(o, D(2026, 10, 12))
        second = register(o, D(2026, 10, 12))
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_personal_data_is_encrypted_at_rest(o):
    from django.db import connection

    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address FROM disclosures_application "
            "WHERE id = %s",
            [application.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    assert ID_NUMBER not in " ".join(row) and PHONE not in " ".join(row)
    application.refresh_from_db()
    assert application.id_number == ID_NUMBER and application.phone == PHONE


def test_audit_events_carry_no_personal_data(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        services.application_assign(
            actor=o.office, application=application, department=o.education
        )
    text = " ".join(
        f"{e.object_repr} {e.before} {e.after} {e.reason}"
        for e in AuditEvent.objects.all()
    )
    for secret in (ID_NUMBER, PHONE, NAME):
        assert secret not in text


# --- assignment and permissions -------------------------------------------------------


def test_assign_moves_to_handling_and_notifies_the_handler(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
    assert application.state == State.HANDLING
    assert application.department == o.education
    from gongkai.core.models import Notification

    assert Notification.objects.filter(recipient=o.editor).exists()


def test_assign_outside_the_unit_is_refused(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        with pytest.raises(ValidationError, match="下属单位"):
            services.application_assign(
                actor=o.office, application=application, department=o.other_city
            )


def test_a_handler_without_a_role_there_is_refused(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        with pytest.raises(ValidationError, match="没有在"):
            services.application_assign(
                actor=o.office,
                application=application,
                department=o.education,
                handler=o.finance_editor,
            )


def test_department_editor_cannot_register_or_assign(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        with pytest.raises(PermissionDenied):
            services.application_assign(
                actor=o.editor, application=application, department=o.education
            )


def test_visibility_follows_unit_and_assignment(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        assert selectors.applications_visible_to(o.office).filter(pk=application.pk)
        assert selectors.applications_visible_to(o.leader).filter(pk=application.pk)
        assert not selectors.applications_visible_to(o.editor).filter(pk=application.pk)
        services.application_assign(
            actor=o.office, application=application, department=o.education
        )
        assert selectors.applications_visible_to(o.editor).filter(pk=application.pk)
        assert not selectors.applications_visible_to(o.finance_editor).filter(
            pk=application.pk
        )
        assert not selectors.applications_visible_to(o.other_office).filter(
            pk=application.pk
        )


def test_personal_data_only_for_those_handling(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
    assert selectors.personal_data(o.office, application).id_number == ID_NUMBER
    assert selectors.personal_data(o.editor, application).phone == PHONE
    for outsider in (o.leader, o.supervisor, o.finance_editor, o.other_office):
        with pytest.raises(PermissionDenied):
            selectors.personal_data(outsider, application)


# --- 补正 -------------------------------------------------------------------------------


def test_correction_stops_the_clock_and_restarts_it_on_receipt(o, tmp_path):
    with at(D(2026, 2, 13)):
        application = register(o, D(2026, 2, 13))
        assert due_text(application) == "2026-03-19"
    with at(D(2026, 2, 25)):
        correction = services.correction_request(
            actor=o.office, application=application, items="请写明文件名称"
        )
        application.refresh_from_db()
        assert application.state == State.CORRECTION
        assert application.due_on is None
        assert not correction.late
        assert correction.letter_number is not None
        assert correction.letter_number.text == "示政依复〔2026〕1号"
        check_clock(application, D(2026, 2, 25), tmp_path)
    with at(D(2026, 3, 2)):
        services.correction_receive(
            actor=o.office, application=application, content="文件为示发改〔2026〕5号"
        )
        application.refresh_from_db()
        assert application.state == State.REVIEW
        assert application.due_on == D(2026, 3, 30)
        check_clock(application, D(2026, 3, 2), tmp_path)


def test_a_second_correction_is_refused(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        services.correction_request(
            actor=o.office, application=application, items="请写明文号"
        )
        services.correction_receive(actor=o.office, application=application)
        with pytest.raises(ValidationError, match="一次性告知"):
            services.correction_request(
                actor=o.office, application=application, items="再补一次"
            )


def test_a_late_correction_notice_is_recorded_not_refused(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
    with at(D(2026, 10, 23)):
        correction = services.correction_request(
            actor=o.office, application=application, items="请写明文号"
        )
    assert correction.late
    assert any(
        "超过第三十条" in line for line in selectors.deadline_explanation(application)
    )


def test_correction_expires_only_after_its_period_and_counts_as_other(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        correction = services.correction_request(
            actor=o.office, application=application, items="请写明文号", period_days=5
        )
        with pytest.raises(ValidationError, match="期满后"):
            services.correction_expire(actor=o.office, application=application)
    assert correction.deadline_on == D(2026, 10, 19)
    with at(D(2026, 10, 20)):
        reply = services.correction_expire(actor=o.office, application=application)
    application.refresh_from_db()
    assert application.state == State.CLOSED
    assert application.outcome_row == "other.no_correction" == reply.report_row
    assert reply.frozen


# --- 征求意见 -----------------------------------------------------------------------------


def test_consultation_time_is_not_counted(o, tmp_path):
    with at(D(2026, 9, 18)):
        application = assigned(o, D(2026, 9, 18))
        assert due_text(application) == "2026-10-22"
    with at(D(2026, 9, 21)):
        consultation = services.consultation_start(
            actor=o.editor,
            application=application,
            party_kind="third_party",
            party_name="示例建设有限公司",
        )
        application.refresh_from_db()
        assert application.state == State.CONSULTING
    with at(D(2026, 10, 13)):
        services.consultation_end(
            actor=o.editor,
            consultation=consultation,
            answer="partly",
            answer_text="报价部分不同意",
        )
        application.refresh_from_db()
        assert application.state == State.HANDLING
        check_clock(application, D(2026, 10, 13), tmp_path)
        assert application.due_on is not None and application.due_on > D(2026, 10, 22)


def test_co_producer_silence_is_consent_and_needs_the_period_to_pass(o):
    with at(D(2026, 9, 18)):
        application = assigned(o, D(2026, 9, 18))
        consultation = services.consultation_start(
            actor=o.office,
            application=application,
            party_kind="co_producer",
            party_name="示例市发展和改革委员会",
        )
        with pytest.raises(ValidationError, match="期满后"):
            services.consultation_end(
                actor=o.office, consultation=consultation, answer="silent"
            )
    with at(consultation.answer_due + dt.timedelta(days=1)):
        ended = services.consultation_end(
            actor=o.office, consultation=consultation, answer="silent"
        )
    assert ended.deemed_consent


def test_two_consultations_stay_consulting_until_both_end(o):
    with at(D(2026, 9, 18)):
        application = assigned(o, D(2026, 9, 18))
        first = services.consultation_start(
            actor=o.editor,
            application=application,
            party_kind="third_party",
            party_name="甲公司",
        )
        services.consultation_start(
            actor=o.editor,
            application=application,
            party_kind="third_party",
            party_name="乙公司",
        )
        services.consultation_end(actor=o.editor, consultation=first, answer="agree")
        application.refresh_from_db()
        assert application.state == State.CONSULTING
        with pytest.raises(InvalidTransition):
            services.reply(
                actor=o.editor,
                application=application,
                reply_type="granted",
                reason_codes=["granted"],
            )


# --- 延期、延迟 -----------------------------------------------------------------------------


def test_extension_within_twenty_days_and_refused_beyond(o, tmp_path):
    with at(D(2026, 9, 30)):
        application = assigned(o, D(2026, 9, 30))
    with at(D(2026, 10, 28)):
        extension = services.extension_approve(
            actor=o.office, application=application, days=15, reason="需调取档案"
        )
        assert extension.due_before == D(2026, 11, 3)
        application.refresh_from_db()
        assert extension.due_after == application.due_on
        check_clock(application, D(2026, 10, 28), tmp_path)
        with pytest.raises(ValidationError, match="累计不得超过20个工作日"):
            services.extension_approve(
                actor=o.office, application=application, days=6, reason="再延"
            )
        services.extension_approve(
            actor=o.office, application=application, days=5, reason="再延"
        )
        application.refresh_from_db()
        assert application.due_on == D(2026, 12, 1)
        check_clock(application, D(2026, 10, 28), tmp_path)


def test_extension_needs_the_office_head_role(o):
    with at(D(2026, 9, 30)):
        application = assigned(o, D(2026, 9, 30))
        with pytest.raises(PermissionDenied):
            services.extension_approve(
                actor=o.editor, application=application, days=5, reason="需调取档案"
            )


def test_extension_after_the_due_date_is_refused(o):
    with at(D(2026, 9, 30)):
        application = assigned(o, D(2026, 9, 30))
    with at(D(2026, 11, 4)), pytest.raises(ValidationError, match="届满"):
        services.extension_approve(
            actor=o.office, application=application, days=5, reason="晚了"
        )


def test_delay_35_sets_the_due_date(o, tmp_path):
    with at(D(2026, 9, 30)):
        application = assigned(o, D(2026, 9, 30))
        services.delay_35(
            actor=o.office,
            application=application,
            until=D(2026, 12, 30),
            reason="本月已申请120件，理由合理但无法在法定期限内答复",
        )
        assert due_text(application) == "2026-12-30"
        check_clock(application, D(2026, 9, 30), tmp_path)
        with pytest.raises(ValidationError, match="晚于"):
            services.delay_35(
                actor=o.office,
                application=application,
                until=D(2026, 10, 1),
                reason="x",
            )


# --- 收费 ----------------------------------------------------------------------------------


def test_fee_notice_pauses_the_clock_until_payment(o, tmp_path):
    with at(D(2026, 9, 1)):
        for _ in range(11):
            register(o, D(2026, 9, 1))
        application = assigned(o, D(2026, 9, 1))
    with at(D(2026, 9, 8)):
        fee = services.fee_notice(
            actor=o.office, application=application, standard="by_piece"
        )
        assert fee.month_previous == 11 and fee.month_position == 12
        assert str(fee.amount) == "100.00"
        application.refresh_from_db()
        assert application.state == State.AWAITING_FEE
        check_clock(application, D(2026, 9, 8), tmp_path)
    with at(D(2026, 9, 15)):
        services.fee_paid(actor=o.office, application=application)
        application.refresh_from_db()
        assert application.state == State.HANDLING
        check_clock(application, D(2026, 9, 15), tmp_path)


def test_no_fee_within_the_free_allowance(o):
    with at(D(2026, 9, 1)):
        application = assigned(o, D(2026, 9, 1))
        with pytest.raises(ValidationError, match="不收费"):
            services.fee_notice(
                actor=o.office, application=application, standard="by_piece"
            )


def test_fee_expires_after_twenty_working_days_and_counts_as_other(o):
    with at(D(2026, 9, 1)):
        for _ in range(10):
            register(o, D(2026, 9, 1))
        application = assigned(o, D(2026, 9, 1))
        fee = services.fee_notice(
            actor=o.office, application=application, standard="by_piece"
        )
        with pytest.raises(ValidationError, match="期满后"):
            services.fee_expire(actor=o.office, application=application)
    with at(fee.pay_by + dt.timedelta(days=1)):
        reply = services.fee_expire(actor=o.office, application=application)
    application.refresh_from_db()
    assert application.state == State.CLOSED
    assert application.outcome_row == "other.fee_unpaid" == reply.report_row


def test_the_35th_application_in_a_month_costs_200_and_the_month_3000(o):
    other = make_applicant_application
    with at(D(2026, 9, 30)):
        for i in range(34):
            register(o, D(2026, 9, 1) + dt.timedelta(days=i % 28))
        # a different applicant's applications do not count
        other(o)
        application = assigned(o, D(2026, 9, 30))
        fee = services.fee_notice(
            actor=o.office, application=application, standard="by_piece"
        )
    assert fee.month_previous == 34 and fee.month_position == 35
    assert str(fee.amount) == "200.00"
    assert fee.breakdown[0]["label"] == "第35件，200元/件"
    assert str(fee.month_total_by_piece) == "3000.00"


def make_applicant_application(o: Office) -> Application:
    return register(
        o, D(2026, 9, 2), id_number="", applicant_name="李四", phone="13800000000"
    )


def test_same_applicant_without_id_number_is_matched_by_name_and_phone(o):
    with at(D(2026, 9, 30)):
        for _ in range(12):
            register(o, D(2026, 9, 3), id_number="", id_kind="other")
        application = register(o, D(2026, 9, 30), id_number="", id_kind="other")
    assert selectors.applicant_month_count(application) == 12


def test_applications_of_an_earlier_month_do_not_count(o):
    with at(D(2026, 9, 30)):
        for _ in range(12):
            register(o, D(2026, 8, 31))
        application = register(o, D(2026, 9, 1))
    assert selectors.applicant_month_count(application) == 0


# --- 答复 ------------------------------------------------------------------------------------


def test_partial_reply_counts_once_and_carries_the_review_notice(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        answer = services.reply(
            actor=o.editor,
            application=application,
            reply_type="partial",
            reason_codes=["withheld.third_party", "partial"],
        )
    application.refresh_from_db()
    assert application.state == State.REPLIED
    assert answer.report_row == "partial" == application.outcome_row
    assert answer.reason_codes == ["partial", "withheld.third_party"]
    assert answer.requires_review_notice and answer.frozen
    assert answer.letter_number is not None


def test_partial_reply_needs_a_ground_for_the_withheld_part(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        with pytest.raises(ValidationError, match="不予公开部分的理由"):
            services.reply(
                actor=o.editor,
                application=application,
                reply_type="partial",
                reason_codes=["partial"],
            )


def test_reasons_must_match_the_type(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        with pytest.raises(ValidationError, match="不属于"):
            services.reply(
                actor=o.editor,
                application=application,
                reply_type="granted",
                reason_codes=["withheld.state_secret"],
            )
        with pytest.raises(ValidationError, match="系统"):
            services.reply(
                actor=o.editor,
                application=application,
                reply_type="other",
                reason_codes=["other.no_correction"],
            )


def test_withheld_reply_requires_the_review_notice_and_granted_does_not(o):
    with at(D(2026, 10, 12)):
        a = assigned(o, D(2026, 10, 12))
        b = assigned(o, D(2026, 10, 12))
        withheld = services.reply(
            actor=o.editor,
            application=a,
            reply_type="withheld",
            reason_codes=["withheld.process_info", "withheld.internal_affairs"],
        )
        granted = services.reply(
            actor=o.editor,
            application=b,
            reply_type="granted",
            reason_codes=["granted"],
        )
    assert (
        withheld.requires_review_notice
        and withheld.report_row == "withheld.process_info"
    )
    assert not granted.requires_review_notice


def test_a_sent_reply_is_frozen(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        services.reply_draft(
            actor=o.editor,
            application=application,
            reply_type="granted",
            reason_codes=["granted"],
            text="草稿",
        )
        answer = services.reply(actor=o.editor, application=application)
        assert answer.text == "草稿"
        with pytest.raises((ValidationError, InvalidTransition)):
            services.reply_draft(
                actor=o.editor,
                application=application,
                reply_type="granted",
                reason_codes=["granted"],
                text="改",
            )


def test_referral_names_the_agency_and_counts_as_not_held(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        services.referral(
            actor=o.office,
            application=application,
            agency_name="示例省自然资源厅",
            agency_contact="0531-00000000",
        )
    application.refresh_from_db()
    assert application.state == State.REFERRED
    assert application.outcome_row == "unable.not_held"
    assert "示例省自然资源厅" in application.reply.text


def test_duplicate_registration_then_archive(o):
    with at(D(2026, 10, 12)):
        original = register(o, D(2026, 10, 12))
        copy = register(o, D(2026, 10, 12), channel="fax")
        services.mark_duplicate(actor=o.office, application=copy, original=original)
        copy.refresh_from_db()
        assert copy.state == State.DUPLICATE and copy.duplicate_of == original
        with pytest.raises(ValidationError, match="本身是重复登记"):
            services.mark_duplicate(actor=o.office, application=original, original=copy)
        services.archive(actor=o.office, application=copy)
    copy.refresh_from_db()
    assert copy.state == State.ARCHIVED


def test_archive_only_after_a_conclusion(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        with pytest.raises(InvalidTransition):
            services.archive(actor=o.office, application=application)
        services.reply(
            actor=o.editor,
            application=application,
            reply_type="unable",
            reason_codes=["unable.not_held"],
        )
        services.archive(actor=o.office, application=application)
    application.refresh_from_db()
    assert application.state == State.ARCHIVED


def test_review_cases_for_table_four(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        services.reply(
            actor=o.editor,
            application=application,
            reply_type="withheld",
            reason_codes=["withheld.third_party"],
        )
        case = services.review_case_add(
            actor=o.office,
            application=application,
            kind="review",
            body="示例市人民政府",
            filed_on=D(2026, 10, 12),
        )
        assert case.outcome == "pending"
        with pytest.raises(ValidationError, match="审结日期"):
            services.review_case_update(actor=o.office, case=case, outcome="upheld")
        services.review_case_update(
            actor=o.office, case=case, outcome="upheld", decided_on=D(2026, 10, 12)
        )
    case.refresh_from_db()
    assert case.outcome == "upheld"


# --- the table and the library ----------------------------------------------------------


def test_every_transition_is_reachable_from_registration():
    reachable = {State.REGISTERED}
    changed = True
    while changed:
        changed = False
        for t in TRANSITIONS:
            if t.source in reachable and t.target not in reachable:
                reachable.add(t.target)
                changed = True
    assert reachable == set(State)
    assert {t.event for t in TRANSITIONS} == set(Event)


def test_every_reason_counts_in_a_row_of_the_2021_table():
    from gongkai.rules.annual_report import TABLE3_ROWS, ReportFormat

    rows = {r.key for r in TABLE3_ROWS[ReportFormat.F2021] if r.is_result}
    reasons = list(selectors.reasons_all())
    assert len(reasons) == 23  # the 21 rows, plus 已主动公开 and 不属于本机关
    assert {r.report_row for r in reasons} == rows
    for reason in reasons:
        assert reason.requires_review_notice == reason.code.startswith("withheld.")


def test_letter_numbers_count_per_unit_and_year(o):
    with at(D(2026, 10, 12)):
        application = assigned(o, D(2026, 10, 12))
        services.letter_prefix_set(actor=o.office, unit=o.city, prefix="示政办依复")
        first = services.letter_number_allocate(
            actor=o.office, application=application, kind="reply"
        )
        second = services.letter_number_allocate(
            actor=o.office, application=application, kind="reply"
        )
    assert first.text == "示政办依复〔2026〕1号"
    assert second.serial == 2
    assert LetterNumber.objects.count() == 2


def test_letters_for_lists_what_was_sent(o):
    with at(D(2026, 10, 12)):
        application = register(o, D(2026, 10, 12))
        services.correction_request(actor=o.office, application=application, items="x")
        services.correction_receive(actor=o.office, application=application)
        services.application_assign(
            actor=o.office, application=application, department=o.education
        )
        services.extension_approve(
            actor=o.office, application=application, days=10, reason="y"
        )
        services.reply(
            actor=o.office,
            application=application,
            reply_type="granted",
            reason_codes=["granted"],
        )
    kinds = [letter.kind for letter in selectors.letters_for(application)]
    assert kinds == ["correction", "extension", "reply"]


def test_reason_wording_is_editable_by_the_supervisor_only(o):
    reason = selectors.reasons_all().get(code="granted")
    with pytest.raises(PermissionDenied):
        services.reply_reason_update(actor=o.office, reason=reason, wording="新文字")
    services.reply_reason_update(actor=o.supervisor, reason=reason, wording="新文字")
    assert ReplyReason.objects.get(code="granted").wording == "新文字"


def test_paused_clocks_move_on_when_refreshed(o, tmp_path):
    with at(D(2026, 9, 18)):
        application = assigned(o, D(2026, 9, 18))
    with at(D(2026, 9, 21)):
        services.consultation_start(
            actor=o.editor,
            application=application,
            party_kind="third_party",
            party_name="甲公司",
        )
        first = due_text(application)
    with at(D(2026, 9, 28)):
        assert services.application_clocks_refresh() == 1
        assert (due_text(application) or "") > (first or "")
        check_clock(application, D(2026, 9, 28), tmp_path)
