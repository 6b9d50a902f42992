"""Setups for tests/test_services_audit.py: one per service of gongkai.disclosures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from gongkai.calendars.selectors import work_calendar
from gongkai.disclosures import selectors, services
from gongkai.disclosures.models import Application, ReplyReason
from gongkai.disclosures.reasons import ensure_reason_library
from gongkai.disclosures.tests.helpers import (
    PNG,
    Office,
    answered,
    app_input,
    assigned,
    make_office,
    register,
)
from gongkai.disclosures.tests.letter_audit_setups import LETTER_SETUPS

Service = Callable[..., Any]
Invoke = Callable[[], Any]

P = "gongkai.disclosures.services."


def _today() -> dt.date:
    return timezone.localdate()


def _ago(days: int) -> dt.date:
    return _today() - dt.timedelta(days=days)


def _fresh(o: Office | None = None) -> tuple[Office, Application]:
    o = o or make_office()
    return o, assigned(o, _today())


def _application_clocks_refresh(service: Service) -> Invoke:
    o = make_office()
    application = assigned(o, _ago(10))
    services.consultation_start(
        actor=o.editor,
        application=application,
        party_kind="third_party",
        party_name="甲公司",
        started_on=_ago(3),
    )
    return lambda: service()


def _application_submit_public(service: Service) -> Invoke:
    o = make_office()
    return lambda: service(
        unit=o.city,
        data=app_input(),
        document=services.UploadedDocument("身份证.png", PNG),
    )


def _application_register(service: Service) -> Invoke:
    o = make_office()
    return lambda: service(
        actor=o.office,
        unit=o.city,
        data=app_input(),
        channel="in_person",
        arrived_on=_today(),
    )


def _application_confirm_receipt(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today(), channel="fax")
    return lambda: service(actor=o.office, application=application)


def _application_assign(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today())
    return lambda: service(
        actor=o.office, application=application, department=o.education
    )


def _correction_request(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today())
    return lambda: service(actor=o.office, application=application, items="请写明文号")


def _correction_receive(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today())
    services.correction_request(actor=o.office, application=application, items="x")
    return lambda: service(actor=o.office, application=application)


def _correction_expire(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _ago(60))
    services.correction_request(
        actor=o.office,
        application=application,
        items="请写明文号",
        period_days=5,
        notice_on=_ago(55),
    )
    return lambda: service(actor=o.office, application=application)


def _consultation_start(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(
        actor=o.editor,
        application=application,
        party_kind="third_party",
        party_name="甲公司",
    )


def _consultation_end(service: Service) -> Invoke:
    o, application = _fresh()
    consultation = services.consultation_start(
        actor=o.editor,
        application=application,
        party_kind="third_party",
        party_name="甲",
    )
    return lambda: service(actor=o.editor, consultation=consultation, answer="agree")


def _extension_approve(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(
        actor=o.office, application=application, days=10, reason="需调取档案"
    )


def _delay_35(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(
        actor=o.office,
        application=application,
        until=_today() + dt.timedelta(days=90),
        reason="申请数量明显超过合理范围，理由合理",
    )


def _fee_ready(o: Office, arrived: dt.date) -> Application:
    for _ in range(10):
        register(o, arrived)
    return assigned(o, arrived)


def _fee_notice(service: Service) -> Invoke:
    o = make_office()
    application = _fee_ready(o, _today())
    return lambda: service(actor=o.office, application=application, standard="by_piece")


def _fee_paid(service: Service) -> Invoke:
    o = make_office()
    application = _fee_ready(o, _today())
    services.fee_notice(actor=o.office, application=application, standard="by_piece")
    return lambda: service(actor=o.office, application=application)


def _fee_expire(service: Service) -> Invoke:
    o = make_office()
    application = _fee_ready(o, _ago(60))
    services.fee_notice(
        actor=o.office, application=application, standard="by_piece", notice_on=_ago(55)
    )
    return lambda: service(actor=o.office, application=application)


def _reply_draft(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(
        actor=o.editor,
        application=application,
        reply_type="granted",
        reason_codes=["granted"],
    )


def _reply(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(
        actor=o.editor,
        application=application,
        reply_type="partial",
        reason_codes=["partial", "withheld.third_party"],
    )


def _referral(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today())
    return lambda: service(
        actor=o.office, application=application, agency_name="示例省自然资源厅"
    )


def _mark_duplicate(service: Service) -> Invoke:
    o = make_office()
    original = register(o, _today())
    copy = register(o, _today())
    return lambda: service(actor=o.office, application=copy, original=original)


def _replied(o: Office) -> Application:
    o, application = _fresh(o)
    services.reply(
        actor=o.editor,
        application=application,
        reply_type="withheld",
        reason_codes=["withheld.third_party"],
    )
    return application


def _archive(service: Service) -> Invoke:
    o = make_office()
    application = _replied(o)
    return lambda: service(actor=o.office, application=application)


def _review_case_add(service: Service) -> Invoke:
    o = make_office()
    application = _replied(o)
    return lambda: service(
        actor=o.office,
        application=application,
        kind="review",
        body="示例市人民政府",
        filed_on=_today(),
    )


def _review_case_update(service: Service) -> Invoke:
    o = make_office()
    application = _replied(o)
    case = services.review_case_add(
        actor=o.office,
        application=application,
        kind="litigation_direct",
        body="示例市中级人民法院",
        filed_on=_today(),
    )
    return lambda: service(
        actor=o.office, case=case, outcome="corrected", decided_on=_today()
    )


def _letter_number_allocate(service: Service) -> Invoke:
    o, application = _fresh()
    return lambda: service(actor=o.office, application=application, kind="reply")


def _letter_prefix_set(service: Service) -> Invoke:
    o = make_office()
    return lambda: service(actor=o.office, unit=o.city, prefix="示政办依复")


def _reply_reason_update(service: Service) -> Invoke:
    o = make_office()
    ensure_reason_library()
    reason = ReplyReason.objects.get(code="granted")
    return lambda: service(actor=o.supervisor, reason=reason, wording="现予以提供。")


def _feed_token_reset(service: Service) -> Invoke:
    o = make_office()
    return lambda: service(actor=o.editor)


def _id_document_read(service: Service) -> Invoke:
    o = make_office()
    application = register(o, _today(), document=True)
    return lambda: service(actor=o.office, application=application)


def _reminders_send(service: Service) -> Invoke:
    o = make_office()
    assigned(o, _ago(60))  # long past its reply deadline
    # The digest goes out on working days: the first one from today on.
    day = work_calendar().add_working_days(_ago(1), 1)
    return lambda: service(today=day)


def _same_information(o: Office) -> selectors.SameInformationGroup:
    for applicant in (1, 2):
        answered(o, applicant=applicant, doc_reference="示发改[2026]5号")
    (group,) = selectors.same_information_groups(o.office)
    return group


def _same_information_convert(service: Service) -> Invoke:
    o = make_office()
    group = _same_information(o)
    return lambda: service(actor=o.office, unit=group.unit, key=group.key)


def _same_information_decline(service: Service) -> Invoke:
    o = make_office()
    group = _same_information(o)
    return lambda: service(
        actor=o.office, unit=group.unit, key=group.key, reason="只涉及申请人自身事项"
    )


SETUPS: dict[str, Callable[[Service], Invoke]] = {
    P + "application_assign": _application_assign,
    P + "application_clocks_refresh": _application_clocks_refresh,
    P + "application_confirm_receipt": _application_confirm_receipt,
    P + "application_register": _application_register,
    P + "application_submit_public": _application_submit_public,
    P + "archive": _archive,
    P + "consultation_end": _consultation_end,
    P + "consultation_start": _consultation_start,
    P + "correction_expire": _correction_expire,
    P + "correction_receive": _correction_receive,
    P + "correction_request": _correction_request,
    P + "delay_35": _delay_35,
    P + "extension_approve": _extension_approve,
    P + "fee_expire": _fee_expire,
    P + "fee_notice": _fee_notice,
    P + "fee_paid": _fee_paid,
    P + "feed_token_reset": _feed_token_reset,
    P + "id_document_read": _id_document_read,
    P + "letter_number_allocate": _letter_number_allocate,
    P + "letter_prefix_set": _letter_prefix_set,
    P + "mark_duplicate": _mark_duplicate,
    P + "referral": _referral,
    P + "reply": _reply,
    P + "reply_draft": _reply_draft,
    P + "reminders_send": _reminders_send,
    P + "reply_reason_update": _reply_reason_update,
    P + "review_case_add": _review_case_add,
    P + "review_case_update": _review_case_update,
    P + "same_information_convert": _same_information_convert,
    P + "same_information_decline": _same_information_decline,
}

# The letter services (gongkai/disclosures/letters.py renders; services.py writes).
SETUPS.update(LETTER_SETUPS)
