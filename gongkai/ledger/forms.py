from __future__ import annotations

from typing import Any

from django import forms

from gongkai.ledger.states import AutoKey, Method

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    text = forms.CharField(
        label="工作要点全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="从 Word 或网页复制全文粘贴到这里（含文号、标题、各项任务及括号中的单位和时限）；也可以上传文件。",
    )
    file = forms.FileField(
        label="或上传文件",
        required=False,
        help_text=".txt、.docx 或 .xlsx，不超过20MB。.doc、.wps、.xls、.pdf 请先另存为 .docx 或 .xlsx。",
    )
    title = forms.CharField(
        label="计划标题",
        required=False,
        max_length=300,
        help_text="不填则用文中识别的标题。",
    )
    year = forms.IntegerField(
        label="计划年度",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="不填则从标题或文号中读取；“7月底前”这类时限按年度换算。",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请粘贴工作要点全文，或上传文件。")
        return data


class ProgressForm(forms.Form):
    unit = forms.TypedChoiceField(label="报送单位", coerce=int, choices=())
    text = forms.CharField(
        label="进展情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="写明做了什么、什么时候做的、取得了什么结果。",
    )
    records = forms.TypedMultipleChoiceField(
        label="关联的政府信息",
        required=False,
        coerce=int,
        choices=(),
        help_text="选择本任务产生的已发布信息（政策文件、解读等），可多选（按住 Ctrl 键）。",
    )
    links = forms.CharField(
        label="其他链接",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个网址，如新闻报道、政务新媒体文章。",
    )
    attachments = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="可多选；每个文件不超过50MB。",
    )
    done = forms.BooleanField(label="本单位承担的部分已完成", required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        records: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = units
        if len(units) == 1:
            unit_field.initial = units[0][0]
        record_field = self.fields["records"]
        assert isinstance(record_field, forms.TypedMultipleChoiceField)
        record_field.choices = records
        record_field.widget.attrs["size"] = str(min(max(len(records), 3), 8))


class TaskForm(forms.Form):
    title = forms.CharField(label="任务名称", required=False, max_length=500)
    requirement = forms.CharField(
        label="具体要求", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    deadline = forms.DateField(label="完成时限", required=False, widget=DATE)
    deadline_text = forms.CharField(
        label="完成时限（原文）",
        required=False,
        max_length=300,
        help_text="如“2026年10月底前”“长期坚持”。",
    )
    recurring = forms.BooleanField(label="长期任务", required=False)
    lead_units = forms.TypedMultipleChoiceField(
        label="牵头单位", required=False, coerce=int, choices=()
    )
    responsible_units = forms.TypedMultipleChoiceField(
        label="责任单位", required=False, coerce=int, choices=()
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_units", "responsible_units"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedMultipleChoiceField)
            field.choices = units
            field.widget.attrs["size"] = "8"


class AliasForm(forms.Form):
    name = forms.CharField(label="计划中的写法", max_length=200)
    units = forms.TypedMultipleChoiceField(
        label="对应的单位",
        coerce=int,
        choices=(),
        help_text="可多选：如“市政府各有关部门”可对应几个部门。",
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = units
        field.widget.attrs["size"] = "10"


class SheetForm(forms.Form):
    name = forms.CharField(label="考评名称", max_length=200, initial="政务公开工作考评")
    period = forms.CharField(
        label="考评期间", max_length=50, help_text="如“2026年第三季度”“2026年度”。"
    )
    start = forms.DateField(label="起始日期", widget=DATE)
    end = forms.DateField(label="截止日期", widget=DATE)
    with_defaults = forms.BooleanField(
        label="预置常用指标（组织保障、主动公开、依申请办理、政策解读、平台建设，共100分）",
        required=False,
        initial=True,
    )


class IndicatorForm(forms.Form):
    section = forms.CharField(
        label="类别", max_length=50, help_text="如 组织保障、主动公开、平台建设。"
    )
    name = forms.CharField(label="指标", max_length=200)
    max_points = forms.DecimalField(
        label="分值", max_digits=6, decimal_places=2, min_value=0
    )
    method = forms.ChoiceField(label="评分方式", choices=Method.choices)
    auto_key = forms.ChoiceField(
        label="自动计算的指标",
        required=False,
        choices=[("", "（人工评分时不选）"), *AutoKey.choices],
    )
    criteria = forms.CharField(
        label="评分标准", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreForm(forms.Form):
    points = forms.DecimalField(
        label="得分（扣分前）",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0,
        help_text="不填：人工指标按满分、自动指标按计算结果，再减去下面的扣分。",
    )
    evidence = forms.CharField(
        label="评分依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="检查发现、佐证材料、网址等。",
    )
