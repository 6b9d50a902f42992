"""All writes to units, staff and roles. Each checks permission, audits and is atomic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from gongkai.core.audit import audit_record, changed, snapshot
from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.organizations.importers import guess_kind, read_unit_sheet
from gongkai.organizations.models import RoleAssignment, Staff, Unit, UnitKind
from gongkai.organizations.permissions import forget_scopes, require
from gongkai.organizations.roles import SUBTREE_BY_DEFAULT, Action, Role
from gongkai.organizations.selectors import unit_by_name
from gongkai.rules.orgcodes import check_unit_code

UNIT_FIELDS = [
    "name",
    "kind",
    "code",
    "short_names",
    "parent",
    "sort_order",
    "is_active",
]
PROFILE_FIELDS = [
    "short_names",
    "address",
    "office_hours",
    "phones",
    "fax",
    "email",
    "postcode",
]
STAFF_FIELDS = ["username", "full_name", "unit", "phone", "title", "email", "is_active"]


def _clean_name(name: str, what: str = "单位名称") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(f"请填写{what}。")
    if len(name) > 200:
        raise ValidationError(f"{what}过长（最多200个字），请精简后再保存。")
    return name


def _clean_short_names(values: Sequence[str] | str) -> list[str]:
    if isinstance(values, str):
        values = (
            values.replace("，", ",").replace("、", ",").replace("；", ",").split(",")
        )
    cleaned: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in cleaned:
            cleaned.append(value[:100])
    return cleaned


def _clean_code(code: str, *, exclude: Unit | None = None) -> str:
    if not code or not code.strip():
        return ""
    check = check_unit_code(code)
    if not check.valid:
        raise ValidationError(check.message)
    others = Unit.objects.filter(code=check.code)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(f"代码 {check.code} 已被“{others.first()}”使用，请核对。")
    return check.code


def _check_name_free(
    parent: Unit | None, name: str, *, exclude: Unit | None = None
) -> None:
    same = Unit.objects.filter(parent=parent, name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        where = f"“{parent.name}”下" if parent else "顶层"
        raise ValidationError(
            f"{where}已有名为“{name}”的单位，请换一个名称或编辑已有单位。"
        )


def _set_path(unit: Unit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    parent: Unit | None = None,
    code: str = "",
    short_names: Sequence[str] | str = (),
    sort_order: int = 0,
) -> Unit:
    """Add a unit under ``parent`` (or a top-level unit, for an administrator)."""
    require(actor, Action.UNIT_MANAGE, parent)
    name = _clean_name(name)
    if kind not in UnitKind.values:
        raise ValidationError(
            "单位类型不正确，请从人民政府、部门、镇街、村居、事业单位、其他中选择。"
        )
    if parent is not None and not parent.is_active:
        raise ValidationError(f"上级单位“{parent.name}”已停用，不能在其下新建单位。")
    _check_name_free(parent, name)
    unit = Unit.objects.create(
        parent=parent,
        name=name,
        kind=kind,
        code=_clean_code(code),
        short_names=_clean_short_names(short_names),
        sort_order=sort_order,
    )
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        verb="organizations.unit.created",
        obj=unit,
        unit=unit,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    kind: str,
    code: str,
    short_names: Sequence[str] | str,
    sort_order: int | None = None,
    reason: str = "",
) -> Unit:
    """Change a unit's name, type, code or short names (``sort_order`` None: keep)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.UNIT_MANAGE, unit)
    before = snapshot(unit, UNIT_FIELDS)
    name = _clean_name(name)
    if kind not in UnitKind.values:
        raise ValidationError("单位类型不正确。")
    _check_name_free(unit.parent, name, exclude=unit)
    unit.name = name
    unit.kind = kind
    unit.code = _clean_code(code, exclude=unit)
    unit.short_names = _clean_short_names(short_names)
    if sort_order is not None:
        unit.sort_order = sort_order
    unit.save(update_fields=["name", "kind", "code", "short_names", "sort_order"])
    old, new = changed(before, snapshot(unit, UNIT_FIELDS))
    audit_record(
        actor=actor,
        verb="organizations.unit.updated",
        obj=unit,
        unit=unit,
        before=old,
        after=new,
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_update_profile(
    *,
    actor: Any,
    unit: Unit,
    short_names: Sequence[str] | str,
    address: str = "",
    office_hours: str = "",
    phones: Sequence[str] | str = (),
    fax: str = "",
    email: str = "",
    postcode: str = "",
) -> Unit:
    """Update what the public sees of a unit: short names, address, hours, phones."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.UNIT_EDIT_PROFILE, unit)
    before = snapshot(unit, PROFILE_FIELDS)
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationError(
                "电子邮箱格式不正确，请核对，例如 gkb@example.gov.cn。"
            ) from None
    unit.short_names = _clean_short_names(short_names)
    unit.address = address.strip()[:300]
    unit.office_hours = office_hours.strip()[:200]
    unit.phones = _clean_short_names(phones)
    unit.fax = fax.strip()[:50]
    unit.email = email.strip()
    unit.postcode = postcode.strip()[:10]
    unit.save(update_fields=PROFILE_FIELDS)
    old, new = changed(before, snapshot(unit, PROFILE_FIELDS))
    audit_record(
        actor=actor,
        verb="organizations.unit.profile_updated",
        obj=unit,
        unit=unit,
        before=old,
        after=new,
    )
    return unit


@transaction.atomic
def unit_move(
    *, actor: Any, unit: Unit, new_parent: Unit | None, reason: str = ""
) -> Unit:
    """Move a unit with its whole subtree under ``new_parent``."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.UNIT_MANAGE, unit)
    require(actor, Action.UNIT_MANAGE, new_parent)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError("不能把单位移到它自己或它的下级单位之下。")
    _check_name_free(new_parent, unit.name, exclude=unit)
    old_parent = unit.parent
    old_path = unit.path
    unit.parent = new_parent
    _set_path(unit)
    unit.save(update_fields=["parent", "path", "depth"])
    depth_shift = unit.depth - (old_path.count("/") - 2)
    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        child.path = unit.path + child.path[len(old_path) :]
        child.depth = child.depth + depth_shift
        child.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        verb="organizations.unit.moved",
        obj=unit,
        unit=unit,
        before={"parent": str(old_parent) if old_parent else ""},
        after={"parent": str(new_parent) if new_parent else ""},
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_set_active(*, actor: Any, unit: Unit, active: bool, reason: str = "") -> Unit:
    """Stop (or resume) using a unit. Its records and history stay."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, Action.UNIT_MANAGE, unit)
    if not active and not reason.strip():
        raise ValidationError("停用单位须填写理由。")
    if not active and unit.children.filter(is_active=True).exists():
        raise ValidationError("该单位还有启用中的下级单位，请先停用或移走下级单位。")
    if unit.is_active != active:
        unit.is_active = active
        unit.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            verb="organizations.unit.activated"
            if active
            else "organizations.unit.deactivated",
            obj=unit,
            unit=unit,
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason,
        )
    return unit


def _clean_password(password: str, staff: Staff | None = None) -> None:
    try:
        validate_password(password, staff)
    except DjangoValidationError as exc:
        raise ValidationError("密码不符合要求：" + "；".join(exc.messages)) from None


@transaction.atomic
def staff_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    unit: Unit | None,
    password: str,
    phone: str = "",
    title: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> Staff:
    """Open a staff account in ``unit``. Only the system may create superusers."""
    require(actor, Action.STAFF_MANAGE, unit)
    if is_superuser and actor is not None and not actor.is_superuser:
        raise ValidationError("只有超级管理员可以创建超级管理员账号。")
    username = (username or "").strip()
    if not username or len(username) > 150 or any(c.isspace() for c in username):
        raise ValidationError("请填写用户名（不含空格，最多150个字符）。")
    if Staff.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"用户名“{username}”已被使用，请换一个。")
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationError("电子邮箱格式不正确，请核对。") from None
    staff = Staff(
        username=username,
        full_name=full_name.strip()[:50],
        unit=unit,
        phone=phone.strip()[:30],
        title=title.strip()[:100],
        email=email.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    _clean_password(password, staff)
    staff.set_password(password)
    staff.save()
    audit_record(
        actor=actor,
        verb="organizations.staff.created",
        obj=staff,
        unit=unit,
        after=snapshot(staff, STAFF_FIELDS),
    )
    return staff


@transaction.atomic
def staff_update(
    *,
    actor: Any,
    staff: Staff,
    full_name: str,
    unit: Unit | None,
    phone: str = "",
    title: str = "",
    email: str = "",
) -> Staff:
    """Change a staff member's name, unit or contact details."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    require(actor, Action.STAFF_MANAGE, staff.unit)
    require(actor, Action.STAFF_MANAGE, unit)
    before = snapshot(staff, STAFF_FIELDS)
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationError("电子邮箱格式不正确，请核对。") from None
    staff.full_name = full_name.strip()[:50]
    staff.unit = unit
    staff.phone = phone.strip()[:30]
    staff.title = title.strip()[:100]
    staff.email = email.strip()
    staff.save(update_fields=["full_name", "unit", "phone", "title", "email"])
    old, new = changed(before, snapshot(staff, STAFF_FIELDS))
    audit_record(
        actor=actor,
        verb="organizations.staff.updated",
        obj=staff,
        unit=unit,
        before=old,
        after=new,
    )
    return staff


@transaction.atomic
def staff_set_active(
    *, actor: Any, staff: Staff, active: bool, reason: str = ""
) -> Staff:
    """Disable (or re-enable) a staff account. Accounts are never deleted."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    require(actor, Action.STAFF_MANAGE, staff.unit)
    if not active and not reason.strip():
        raise ValidationError("停用账号须填写理由。")
    if actor is not None and staff.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账号。")
    if staff.is_active != active:
        staff.is_active = active
        staff.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            verb="organizations.staff.activated"
            if active
            else "organizations.staff.deactivated",
            obj=staff,
            unit=staff.unit,
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason,
        )
    return staff


@transaction.atomic
def staff_set_password(*, actor: Any, staff: Staff, password: str) -> Staff:
    """Set a new password: by an administrator, or by the staff member themself."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if actor is None or actor.pk != staff.pk:
        require(actor, Action.STAFF_MANAGE, staff.unit)
    _clean_password(password, staff)
    staff.set_password(password)
    staff.save(update_fields=["password"])
    audit_record(
        actor=actor, verb="organizations.staff.password_set", obj=staff, unit=staff.unit
    )
    return staff


@transaction.atomic
def role_grant(
    *, actor: Any, staff: Staff, unit: Unit, role: str, subtree: bool | None = None
) -> RoleAssignment:
    """Give ``staff`` a role in ``unit`` (and its subtree, by default for 系统管理员,
    政务公开主管部门 and 领导)."""
    require(actor, Action.ROLE_GRANT, unit)
    if role not in Role.values:
        raise ValidationError("角色不正确，请从列表中选择。")
    if not staff.is_active:
        raise ValidationError("该账号已停用，不能授予角色。")
    if subtree is None:
        subtree = role in SUBTREE_BY_DEFAULT
    assignment, created = RoleAssignment.objects.get_or_create(
        staff=staff, unit=unit, role=role, defaults={"subtree": subtree}
    )
    if not created and assignment.subtree != subtree:
        assignment.subtree = subtree
        assignment.save(update_fields=["subtree"])
    forget_scopes(staff)
    audit_record(
        actor=actor,
        verb="organizations.role.granted",
        obj=staff,
        unit=unit,
        after={"role": Role(role).label, "unit": unit.name, "subtree": subtree},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str = "") -> None:
    """Take a role back."""
    require(actor, Action.ROLE_GRANT, assignment.unit)
    staff = assignment.staff
    label = assignment.get_role_display()
    unit = assignment.unit
    assignment.delete()
    forget_scopes(staff)
    audit_record(
        actor=actor,
        verb="organizations.role.revoked",
        obj=staff,
        unit=unit,
        before={"role": label, "unit": unit.name},
        reason=reason,
    )


@dataclass
class ImportOutcome:
    created: list[str]
    rejected: list[tuple[int, str, str]]  # (row, name, reason)
    dry_run: bool


@transaction.atomic
def units_import(*, actor: Any, data: bytes, dry_run: bool = False) -> ImportOutcome:
    """Import units from an .xlsx sheet. Each row is created whole or rejected with
    its reason; with ``dry_run`` nothing is kept (the preview before confirming).
    A parent may be an existing unit or a row earlier in the sheet."""
    rows = read_unit_sheet(data)
    outcome = ImportOutcome(created=[], rejected=[], dry_run=dry_run)
    by_name: dict[str, Unit] = {}
    for row in rows:
        if not row.name:
            outcome.rejected.append((row.row, "", "缺少单位名称"))
            continue
        parent: Unit | None = None
        if row.parent:
            parent = by_name.get(row.parent) or unit_by_name(row.parent)
            if parent is None:
                outcome.rejected.append(
                    (
                        row.row,
                        row.name,
                        f"找不到上级单位“{row.parent}”，请先导入或新建上级单位",
                    )
                )
                continue
        kind = guess_kind(row.name, row.kind)
        if kind is None:
            outcome.rejected.append(
                (row.row, row.name, f"无法识别单位类型“{row.kind}”")
            )
            continue
        try:
            with transaction.atomic():
                unit = unit_create(
                    actor=actor,
                    name=row.name,
                    kind=kind,
                    parent=parent,
                    code=row.code,
                    short_names=row.short_names,
                    sort_order=row.sort_order,
                )
        except (ValidationError, PermissionDenied) as exc:
            outcome.rejected.append((row.row, row.name, exc.message))
            continue
        by_name[unit.name] = unit
        outcome.created.append(unit.name)
    audit_record(
        actor=actor,
        verb="organizations.unit.imported",
        after={
            "created": len(outcome.created),
            "rejected": len(outcome.rejected),
            "dry_run": dry_run,
        },
    )
    if dry_run:
        transaction.set_rollback(True)
    return outcome
