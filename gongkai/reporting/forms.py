"""Forms of the yearly report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from gongkai.organizations.models import Unit
from gongkai.reporting.compute import entered_rows
from gongkai.reporting.models import Coverage
from gongkai.reporting.tables import format_for_year
from gongkai.rules.annual_report import (
    MONEY_COLUMNS,
    SECTION_HEADINGS,
    SECTION_KEYS,
    ReportFormat,
)

SECTION_HELP: dict[str, str] = {
    "overview": "本机关政府信息公开工作总体情况：主动公开、依申请公开、政府信息管理、"
    "政府信息公开平台建设、监督保障（各级人民政府还要写工作考核、社会评议和责任追究结果）。",
    "proactive": "表二之前的说明文字（可不填）。",
    "applications": "表三之前的说明文字（可不填）。",
    "review_litigation": "表四之前的说明文字（可不填）。",
    "problems": "存在的主要问题及改进情况（不能遗漏，也不宜泛化）。",
    "other": "其他需要报告的事项，按惯例写明信息处理费的收取情况；没有的写“无”。",
}


class ReportCreateForm(forms.Form):
    unit = forms.ChoiceField(label="报告机关")
    year = forms.IntegerField(label="报告年度", min_value=2019)
    coverage = forms.ChoiceField(
        label="统计范围",
        choices=[
            ("", "按单位类型（人民政府为本级政府，部门为本机关）"),
            *Coverage.choices,
        ],
        required=False,
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [(str(u.pk), u.name) for u in units]
        self.fields["year"].initial = timezone.localdate().year - 1


class SectionsForm(forms.Form):
    def __init__(self, *args: Any, fmt: ReportFormat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS[fmt], strict=True):
            self.fields[key] = forms.CharField(
                label=heading,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8 if key != "proactive" else 4}),
                help_text=SECTION_HELP[key],
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class FiguresForm(forms.Form):
    """One field per entered cell of table 二 of the year's format."""

    note = forms.CharField(label="说明（数据来源等）", required=False, max_length=500)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells: list[tuple[str, str, str]] = []
        for row in entered_rows(format_for_year(year)):
            for column in row.columns:
                name = f"{row.key}__{len(self.cells)}"
                self.cells.append((name, row.key, column))
                unit = "（万元）" if column in MONEY_COLUMNS else ""
                self.fields[name] = forms.CharField(
                    label=f"{row.block} {row.label}·{column}{unit}",
                    required=False,
                    max_length=30,
                )

    def values(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for name, row, column in self.cells:
            out.setdefault(row, {})[column] = self.cleaned_data.get(name) or ""
        return out

    @classmethod
    def initial_from(cls, year: int, values: dict[str, Any]) -> dict[str, Any]:
        form = cls(year=year)
        return {
            name: values.get(row, {}).get(column, "")
            for name, row, column in form.cells
        }


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label="表格文件（.xlsx）",
        help_text="第一行为表头：单位（名称或代码）、年度、行政许可、行政处罚、行政强制、"
        "行政事业性收费（万元）；每个单位每年一行。",
    )


class PreviousImportForm(forms.Form):
    file = forms.FileField(
        label="上年报告文件",
        required=False,
        help_text="从本单位网站另存的报告网页（.html），或表格文本（.txt，单元格用“|”或制表符分隔）。",
    )
    text = forms.CharField(
        label="或粘贴报告的表格文本",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传报告文件，或粘贴报告的表格文本。")
        return data
