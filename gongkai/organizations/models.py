"""Units (the organisation tree), staff accounts and the roles they hold."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from gongkai.organizations.roles import Role


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "镇街"
    VILLAGE = "village", "村居"
    INSTITUTION = "institution", "事业单位"
    OTHER = "other", "其他"


class Unit(models.Model):
    """A body in the tree: 市政府 → 市直部门 / 区县政府 → 区县部门 / 镇街 → 村居.

    ``path`` holds the ids from the root ("/1/4/9/") so that a subtree is one
    ``startswith`` query on every database.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级单位",
    )
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField("单位全称", max_length=200)
    short_names = models.JSONField("简称", default=list, blank=True)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        "统一社会信用代码/组织机构代码",
        max_length=20,
        blank=True,
        db_index=True,
        help_text="索引号的前段码。",
    )
    sort_order = models.IntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    address = models.CharField("办公地址", max_length=300, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phones = models.JSONField("公开的办公电话", default=list, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unit_unique_name_under_parent"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unit_unique_code"
            ),
        ]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.short_names[0] if self.short_names else self.name

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Staff(AbstractUser):
    """A staff account. Citizens have no account: they apply and track by number."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="所在单位",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    title = models.CharField("职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering: ClassVar[list[str]] = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a staff member in a unit, and, if ``subtree``, the units below."""

    staff = models.ForeignKey(
        Staff,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name="人员",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name="单位",
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    subtree = models.BooleanField("含下级单位", default=False)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["staff", "unit", "role"], name="role_assignment_unique"
            ),
        ]
        verbose_name = "角色"
        verbose_name_plural = "角色"

    def __str__(self) -> str:
        scope = "（含下级）" if self.subtree else ""
        return f"{self.unit.name}·{self.get_role_display()}{scope}"
