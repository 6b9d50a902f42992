from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from gongkai.rules.deadlines import MAX_EXTENSION, ClockEvent, ClockEventKind

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


def _date_field(label: str, *, required: bool = False, help_text: str = "") -> Any:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}不是有效日期，请按“2026-09-30”的格式填写。",
        },
    )


class NoticeImportForm(forms.Form):
    text = forms.CharField(
        label="通知全文",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=50_000,
        error_messages={
            "required": "请粘贴国务院办公厅关于部分节假日安排的通知全文。",
            "max_length": "粘贴的文字过长，请只粘贴通知正文。",
        },
        help_text="从中国政府网复制《国务院办公厅关于20XX年部分节假日安排的通知》的全文，包括标题。",
    )
    year = forms.IntegerField(
        label="年份（可不填）",
        required=False,
        min_value=2004,
        max_value=2100,
        help_text="通知标题中有年份时不必填写。",
        error_messages={
            "invalid": "年份须为整数，例如 2027。",
            "min_value": "年份不能早于2004年。",
            "max_value": "年份不能晚于2100年。",
        },
    )


class MessageReplyDaysForm(forms.Form):
    working_days = forms.IntegerField(
        label="留言答复期限（工作日）",
        required=False,
        min_value=1,
        max_value=60,
        help_text="留空则沿用上级单位的设定，上级也未设定时为5个工作日。",
        error_messages={
            "invalid": "请填写1至60之间的整数。",
            "min_value": "留言答复期限至少为1个工作日。",
            "max_value": "留言答复期限最多为60个工作日。",
        },
    )


PERIOD_CHOICES = [
    ("20", "20个工作日（法定答复期限）"),
    ("extended", "延长后的期限（20个工作日加延长的天数）"),
    ("custom", "自行填写工作日数"),
]


class PublicDeadlineForm(forms.Form):
    """The citizen's calculator: when is the reply to my application due?"""

    received = _date_field(
        "收到申请日期",
        required=True,
        help_text="当面提交为提交之日；邮寄为签收之日；网上提交为双方确认之日（《政府信息公开条例》第三十一条）。",
    )
    period = forms.ChoiceField(
        label="答复期限",
        choices=PERIOD_CHOICES,
        initial="20",
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择答复期限。",
            "invalid_choice": "请选择答复期限。",
        },
    )
    extension_days = forms.IntegerField(
        label="延长的工作日数",
        required=False,
        initial=MAX_EXTENSION,
        help_text="经政府信息公开工作机构负责人同意，最多延长20个工作日。",
        error_messages={"invalid": "延长的工作日数须为整数。"},
    )
    custom_days = forms.IntegerField(
        label="自行填写的工作日数",
        required=False,
        help_text="1至60个工作日。",
        error_messages={"invalid": "工作日数须为整数。"},
    )
    correction_requested = _date_field("告知补正日期")
    correction_received = _date_field("收到补正申请日期")
    consultation_start = _date_field("开始征求意见日期")
    consultation_end = _date_field("征求意见结束日期", help_text="尚未结束的可不填。")
    fee_notice = _date_field("发出收费通知日期")
    fee_paid = _date_field("缴费日期", help_text="尚未缴费的可不填。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        received: date = data["received"]
        choice = data.get("period")
        days = 20
        events: list[ClockEvent] = []
        if choice == "custom":
            custom = data.get("custom_days")
            if custom is None or not 1 <= custom <= 60:
                self.add_error("custom_days", "请填写1至60之间的工作日数。")
                return data
            days = custom
        requested = data.get("correction_requested")
        corrected = data.get("correction_received")
        pairs = [
            (
                "correction_requested",
                "correction_received",
                "收到补正申请日期",
                "告知补正日期",
            ),
            (
                "consultation_start",
                "consultation_end",
                "征求意见结束日期",
                "开始征求意见日期",
            ),
            ("fee_notice", "fee_paid", "缴费日期", "发出收费通知日期"),
        ]
        for first, second, second_label, first_label in pairs:
            start, end = data.get(first), data.get(second)
            if end is not None and start is None:
                self.add_error(
                    first, f"填写了{second_label}，请同时填写{first_label}。"
                )
            elif start is not None and end is not None and end < start:
                self.add_error(second, f"{second_label}早于{first_label}，请核对。")
        for name in (
            "correction_requested",
            "correction_received",
            "consultation_start",
            "consultation_end",
            "fee_notice",
            "fee_paid",
        ):
            value = data.get(name)
            if value is not None and value < received:
                self.add_error(
                    name, f"{self.fields[name].label}早于收到申请日期，请核对。"
                )
        if self.errors:
            return data
        if requested is not None:
            events.append(ClockEvent(ClockEventKind.CORRECTION_REQUESTED, requested))
        if corrected is not None:
            events.append(ClockEvent(ClockEventKind.CORRECTION_RECEIVED, corrected))
        if data.get("consultation_start") is not None:
            events.append(
                ClockEvent(
                    ClockEventKind.CONSULTATION_STARTED, data["consultation_start"]
                )
            )
        if data.get("consultation_end") is not None:
            events.append(
                ClockEvent(ClockEventKind.CONSULTATION_ENDED, data["consultation_end"])
            )
        if data.get("fee_notice") is not None:
            events.append(
                ClockEvent(ClockEventKind.FEE_NOTICE_SENT, data["fee_notice"])
            )
        if data.get("fee_paid") is not None:
            events.append(ClockEvent(ClockEventKind.FEE_PAID, data["fee_paid"]))
        waiting = requested is not None and corrected is None
        if choice == "extended" and not waiting:
            extension = data.get("extension_days")
            if extension is None or extension < 1:
                self.add_error("extension_days", "请填写延长的工作日数（1至20）。")
                return data
            # Recorded on the day the (restarted) period began; the rules refuse more
            # than 20 working days with the reason (第三十三条第二款).
            events.append(
                ClockEvent(
                    ClockEventKind.EXTENDED,
                    corrected or received,
                    working_days=extension,
                )
            )
        data["days"] = days
        data["events"] = events
        return data
