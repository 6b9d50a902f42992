"""Staff API for units, staff and roles: the same services and selectors as the web."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from gongkai.organizations import selectors, services
from gongkai.organizations.models import Staff, Unit

router = Router(tags=["组织机构"])


class UnitOut(Schema):
    id: int
    name: str
    short_names: list[str]
    kind: str
    code: str
    parent_id: int | None
    depth: int
    is_active: bool


class UnitIn(Schema):
    name: str
    kind: str
    parent_id: int | None = None
    code: str = ""
    short_names: list[str] = []


class UnitProfileIn(Schema):
    short_names: list[str] = []
    address: str = ""
    office_hours: str = ""
    phones: list[str] = []
    fax: str = ""
    email: str = ""
    postcode: str = ""


class RoleOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    role_label: str
    subtree: bool


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    unit_id: int | None
    roles: list[RoleOut]


def _role_out(staff: Staff) -> list[RoleOut]:
    return [
        RoleOut(
            unit_id=r.unit_id,
            unit_name=r.unit.name,
            role=r.role,
            role_label=r.get_role_display(),
            subtree=r.subtree,
        )
        for r in selectors.roles_of(staff)
    ]


@router.get("/me", response=MeOut, summary="当前登录的工作人员及其角色")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, Staff)
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        unit_id=user.unit_id,
        roles=_role_out(user),
    )


@router.get("/units", response=list[UnitOut], summary="我能查看的单位")
def unit_list(request: HttpRequest) -> list[Unit]:
    return list(selectors.units_visible_to(request.user))


@router.get("/units/{unit_id}", response=UnitOut, summary="单位详情")
def unit_detail(request: HttpRequest, unit_id: int) -> Unit:
    return selectors.unit_get(request.user, unit_id)


@router.post("/units", response={201: UnitOut}, summary="新建单位")
def unit_create(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    parent = (
        selectors.unit_get(request.user, payload.parent_id)
        if payload.parent_id
        else None
    )
    unit = services.unit_create(
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        code=payload.code,
        short_names=payload.short_names,
    )
    return Status(201, unit)


@router.post("/units/{unit_id}/profile", response=UnitOut, summary="维护单位公开信息")
def unit_update_profile(
    request: HttpRequest, unit_id: int, payload: UnitProfileIn
) -> Unit:
    unit = selectors.unit_get(request.user, unit_id)
    return services.unit_update_profile(actor=request.user, unit=unit, **payload.dict())
