from __future__ import annotations

from django import forms

from gongkai.publications.models import Column
from gongkai.publications.vocab import (
    Channel,
    Disclosure,
    DocumentType,
    PolicyClass,
    RecordKind,
    Topic,
    Validity,
    WithholdGround,
)

DATE = forms.DateInput(attrs={"type": "date"})


class RevisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="信息类型", choices=RecordKind.choices, initial=RecordKind.DOCUMENT
    )
    title = forms.CharField(label="名称", max_length=300)
    summary = forms.CharField(
        label="内容概述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    publisher = forms.CharField(
        label="发布机构",
        max_length=200,
        required=False,
        help_text="不填则为本单位名称。",
    )
    doc_number = forms.CharField(
        label="文号",
        max_length=100,
        required=False,
        help_text="如 示政办发〔2026〕12号；[]、【】等括号会统一为〔〕。",
    )
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(
        label="生成日期",
        widget=DATE,
        help_text="信息形成或者变更的日期：主动公开的20个工作日期限由此起算。",
    )
    topic = forms.ChoiceField(label="主题分类", choices=Topic.choices)
    doc_type = forms.ChoiceField(label="体裁", choices=DocumentType.choices)
    policy_class = forms.ChoiceField(
        label="政策文件类别", choices=PolicyClass.choices, required=False
    )
    effective_from = forms.DateField(label="生效日期", required=False, widget=DATE)
    effective_until = forms.DateField(label="失效日期", required=False, widget=DATE)
    disclosure = forms.ChoiceField(label="公开属性", choices=Disclosure.choices)
    withhold_ground = forms.ChoiceField(
        label="不予公开理由", choices=WithholdGround.choices, required=False
    )
    channels = forms.MultipleChoiceField(
        label="公开方式",
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[Channel.WEBSITE],
    )
    columns = forms.ModelMultipleChoiceField(
        label="所属栏目",
        queryset=Column.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    needs_interpretation = forms.BooleanField(
        label="需要政策解读（解读须与本文件同步发布）", required=False
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可粘贴带格式的文字；脚本、样式和外部嵌入内容会被自动清除。",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    changed_on = forms.DateField(label="日期", required=False, widget=DATE)
    successor = forms.CharField(label="替代文件的索引号", required=False, max_length=60)
    reason = forms.CharField(label="说明", required=False, max_length=500)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")


class LinkForm(forms.Form):
    index_number = forms.CharField(label="政策文件的索引号", max_length=60)


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=100)
    slug = forms.CharField(
        label="网址名", max_length=60, help_text="小写字母、数字和连字符，如 zcwj。"
    )
    parent = forms.ModelChoiceField(
        label="上级栏目", queryset=Column.objects.all(), required=False
    )
    description = forms.CharField(label="说明", max_length=300, required=False)


class WordForm(forms.Form):
    word = forms.CharField(label="敏感词", max_length=100)
    note = forms.CharField(label="说明", max_length=200, required=False)


class RepealForm(forms.Form):
    text = forms.CharField(
        label="废止目录",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每行一个文件：标题和/或文号，按政府公布的目录原样粘贴即可。",
    )
    validity = forms.ChoiceField(
        label="标记为",
        choices=[
            (Validity.REPEALED, "已废止"),
            (Validity.EXPIRED, "已失效"),
            (Validity.REVISED, "已修订"),
        ],
    )
    changed_on = forms.DateField(label="废止（失效）日期", widget=DATE)


class LedgerForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=DATE)
    end = forms.DateField(label="截止日期", widget=DATE)
