from __future__ import annotations

from django import forms

from gongkai.organizations.models import UnitKind
from gongkai.organizations.roles import Role


class UnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=200)
    kind = forms.ChoiceField(label="单位类型", choices=UnitKind.choices)
    code = forms.CharField(
        label="统一社会信用代码/组织机构代码",
        max_length=30,
        required=False,
        help_text="18位统一社会信用代码或9位组织机构代码，作为索引号前段码。",
    )
    short_names = forms.CharField(
        label="简称",
        max_length=300,
        required=False,
        help_text="多个简称用逗号或顿号分隔。",
    )
    sort_order = forms.IntegerField(label="排序", initial=0, required=False)


class UnitProfileForm(forms.Form):
    short_names = forms.CharField(label="简称", max_length=300, required=False)
    address = forms.CharField(label="办公地址", max_length=300, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    phones = forms.CharField(
        label="公开的办公电话",
        max_length=300,
        required=False,
        help_text="多个电话用逗号分隔。这些号码在发布前的个人信息检查中不会被当作个人电话。",
    )
    fax = forms.CharField(label="传真", max_length=50, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class MoveForm(forms.Form):
    new_parent = forms.IntegerField(label="新的上级单位")
    reason = forms.CharField(label="理由", max_length=1000, required=False)


class StaffForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.IntegerField(label="所在单位")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    title = forms.CharField(label="职务", max_length=100, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, min_length=1
    )


class StaffEditForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.IntegerField(label="所在单位")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    title = forms.CharField(label="职务", max_length=100, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)


class PasswordForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput)


class RoleGrantForm(forms.Form):
    unit = forms.IntegerField(label="单位")
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    subtree = forms.ChoiceField(
        label="范围",
        choices=[
            ("default", "按角色默认"),
            ("yes", "本单位及下级单位"),
            ("no", "仅本单位"),
        ],
        initial="default",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="单位表格（.xlsx）")
