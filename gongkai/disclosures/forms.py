"""Forms of the portal application, the tracking page and every staff action.

Forms only parse input; the services validate it (their Chinese messages are shown
on the form)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.disclosures.intake import MAX_DOCUMENT_BYTES
from gongkai.disclosures.models import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryWay,
    IdKind,
    OpinionAnswer,
    PartyKind,
    ReviewKind,
    ReviewOutcome,
)
from gongkai.disclosures.reasons import ReplyType
from gongkai.disclosures.services import ApplicationInput, UploadedDocument
from gongkai.rules.fees import FeeStandard


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(
    label: str, *, required: bool = False, help_text: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": "请按“2026-09-30”的格式填写日期。"},
    )


REQUIRED = {"required": "此项必填。"}


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ApplicantFields(forms.Form):
    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=[(t.value, t.full_label) for t in ApplicantType],
        widget=forms.RadioSelect,
        initial=ApplicantType.NATURAL,
        error_messages=REQUIRED,
    )
    applicant_name = forms.CharField(
        label="姓名或名称",
        max_length=200,
        error_messages=REQUIRED,
        help_text="自然人填写姓名；法人或其他组织填写全称。",
    )
    legal_representative = forms.CharField(
        label="法定代表人或负责人（法人或其他组织填写）", max_length=100, required=False
    )
    id_kind = forms.ChoiceField(
        label="证件类型", choices=IdKind.choices, initial=IdKind.RESIDENT_ID
    )
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    id_document = forms.FileField(
        label="身份证明（可选，JPG、PNG 或 PDF，不超过10MB）",
        required=False,
        help_text="上传的身份证明加密保存，只有办理本申请的工作人员可以查看。",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            }
        ),
    )
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.CharField(label="电子邮箱", max_length=200, required=False)
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(
        label="所需政府信息的内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages=REQUIRED,
        help_text="请写明信息的名称、文号，或便于查询的其他特征性描述（条例第二十九条）。",
    )
    doc_reference = forms.CharField(
        label="文件名称、文号（选填）", max_length=300, required=False
    )
    purpose = forms.CharField(label="用途（选填）", max_length=300, required=False)
    delivery_form = forms.ChoiceField(
        label="获取信息的形式",
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        initial=DeliveryForm.ELECTRONIC,
        error_messages=REQUIRED,
    )
    delivery_way = forms.ChoiceField(
        label="获取信息的方式",
        choices=DeliveryWay.choices,
        widget=forms.RadioSelect,
        initial=DeliveryWay.EMAIL,
        error_messages=REQUIRED,
    )

    def clean_id_document(self) -> Any:
        upload = self.cleaned_data.get("id_document")
        if upload and upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("身份证明文件不能超过10MB，请压缩后重新上传。")
        return upload

    def to_input(self) -> ApplicationInput:
        d = self.cleaned_data
        return ApplicationInput(
            applicant_type=d["applicant_type"],
            applicant_name=d["applicant_name"],
            legal_representative=d["legal_representative"],
            id_kind=d["id_kind"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            address=d["address"],
            postcode=d["postcode"],
            description=d["description"],
            doc_reference=d["doc_reference"],
            purpose=d["purpose"],
            delivery_form=d["delivery_form"],
            delivery_way=d["delivery_way"],
        )

    def document(self) -> UploadedDocument | None:
        upload = self.cleaned_data.get("id_document")
        if not upload:
            return None
        return UploadedDocument(name=upload.name, data=upload.read())


class PublicApplicationForm(ApplicantFields):
    unit = forms.ChoiceField(label="向哪个机关申请", error_messages=REQUIRED)
    promise = forms.BooleanField(
        label="我承诺所填信息真实有效",
        error_messages={"required": "请确认所填信息真实有效。"},
    )
    # A field people do not see: bots fill it in.
    website = forms.CharField(label="网址（请勿填写）", required=False)

    field_order = ("unit",)

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", [("", "请选择")] + [(u.pk, u.name) for u in units])
        self.fields["id_number"].required = True
        self.fields["id_number"].error_messages["required"] = REQUIRED["required"]


class StaffEntryForm(ApplicantFields):
    channel = forms.ChoiceField(
        label="提交方式",
        choices=[(c.value, c.label) for c in Channel if c is not Channel.ONLINE],
        initial=Channel.IN_PERSON,
    )
    arrived_on = _date(
        "提交、签收或收到的日期",
        required=True,
        help_text="当面：提交日期；邮寄挂号：签收日期；平信、传真、电子邮件：收到日期。",
    )
    confirmed_on = _date(
        "与申请人确认的日期（平信、传真、电子邮件）",
        help_text="条例第三十一条：以双方确认之日为收到申请之日；尚未确认的可先登记，确认后再填。",
    )
    unit = forms.ChoiceField(label="受理机关")

    field_order = ("unit", "channel", "arrived_on", "confirmed_on")

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", [(u.pk, u.name) for u in units])


class TrackForm(forms.Form):
    number = forms.CharField(
        label="申请编号",
        max_length=20,
        error_messages=REQUIRED,
        help_text="如 YSQ-2026-000123",
    )
    check = forms.CharField(
        label="手机号码后4位或电子邮箱",
        max_length=200,
        error_messages=REQUIRED,
        help_text="填写申请时留下的手机号码的后4位，或电子邮箱地址。",
    )


# --- staff actions -----------------------------------------------------------------------


class ConfirmForm(forms.Form):
    confirmed_on = _date("确认日期", help_text="不填为今天。")


class AssignForm(forms.Form):
    department = forms.ChoiceField(label="承办单位")
    handler = forms.ChoiceField(label="承办人", required=False)

    def __init__(
        self, *args: Any, departments: Any = (), handlers: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "department", [(u.pk, u.name) for u in departments])
        _set_choices(
            self,
            "handler",
            [("", "（暂不指定）")]
            + [
                (s.pk, f"{s.display_name}（{s.unit.name if s.unit else ''}）")
                for s in handlers
            ],
        )


class CorrectionForm(forms.Form):
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REQUIRED,
    )
    period_days = forms.IntegerField(
        label="补正期限（工作日）", min_value=1, max_value=60, initial=15
    )
    notice_on = _date("告知日期", help_text="不填为今天。")


class CorrectionReceiveForm(forms.Form):
    received_on = _date("收到补正日期", help_text="不填为今天。")
    content = forms.CharField(
        label="补正的内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OnForm(forms.Form):
    on = _date("日期", help_text="不填为今天。")


class ConsultationForm(forms.Form):
    party_kind = forms.ChoiceField(label="征求对象", choices=PartyKind.choices)
    party_name = forms.CharField(label="第三方或机关名称", max_length=200)
    matter = forms.CharField(
        label="征求意见的事项", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    started_on = _date("发出征求意见书日期", help_text="不填为今天。")


class ConsultationEndForm(forms.Form):
    answer = forms.ChoiceField(label="对方的意见", choices=OpinionAnswer.choices)
    answer_text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    ended_on = _date("征求意见结束日期", help_text="不填为今天。")


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延长的工作日数", min_value=1, max_value=20)
    reason = forms.CharField(label="延长理由", widget=forms.Textarea(attrs={"rows": 2}))
    approved_on = _date("同意日期", help_text="不填为今天。")


class DelayForm(forms.Form):
    until = _date("延迟答复的期限", required=True)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = _date("告知日期", help_text="不填为今天。")


class FeeForm(forms.Form):
    standard = forms.ChoiceField(
        label="计费标准",
        choices=[
            (FeeStandard.BY_PIECE.value, "按件计收"),
            (FeeStandard.BY_PAGE.value, "按量计收"),
        ],
    )
    pieces = forms.IntegerField(
        label="本次计费件数（按“一事一申请”拆分）",
        min_value=1,
        initial=1,
        required=False,
    )
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    notice_on = _date("发出收费通知日期", help_text="不填为今天。")


class FeePaidForm(forms.Form):
    paid_on = _date("缴费日期", help_text="不填为今天。")


class ReplyForm(forms.Form):
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    reasons = forms.MultipleChoiceField(
        label="理由（部分公开另选不予公开部分的理由）",
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label="答复内容（不填则用理由库的文字）",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    sent_on = _date("答复日期", help_text="不填为今天。")
    delivery_way = forms.ChoiceField(
        label="送达方式",
        choices=[("", "（按申请人要求）"), *DeliveryWay.choices],
        required=False,
    )

    def __init__(self, *args: Any, reasons: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "reasons",
            [
                (r.code, f"{r.get_reply_type_display()}·{r.label}（{r.article}）")
                for r in reasons
            ],
        )


class ReferralForm(forms.Form):
    agency_name = forms.CharField(label="负责公开的机关", max_length=200)
    agency_contact = forms.CharField(
        label="该机关的联系方式", max_length=300, required=False
    )
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    referred_on = _date("告知日期", help_text="不填为今天。")


class DuplicateForm(forms.Form):
    original = forms.CharField(label="原申请的申请编号", max_length=20)
    note = forms.CharField(label="说明", max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class ReviewCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReviewKind.choices)
    body = forms.CharField(label="复议机关或人民法院", max_length=200)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    filed_on = _date("申请复议或起诉日期", required=True)
    outcome = forms.ChoiceField(
        label="结果", choices=ReviewOutcome.choices, initial=ReviewOutcome.PENDING
    )
    decided_on = _date("审结日期")
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReviewCaseUpdateForm(forms.Form):
    outcome = forms.ChoiceField(label="结果", choices=ReviewOutcome.choices)
    decided_on = _date("审结日期")
    note = forms.CharField(label="说明", max_length=500, required=False)


class ReasonForm(forms.Form):
    label = forms.CharField(label="理由", max_length=200)
    wording = forms.CharField(
        label="答复书默认文字", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_active = forms.BooleanField(label="启用", required=False)
