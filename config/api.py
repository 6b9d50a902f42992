"""The REST API: one NinjaAPI, each app adds its router. OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from gongkai.calendars.api import router as calendars_router
from gongkai.core.exceptions import ApplicationError
from gongkai.disclosures.api import public_router as disclosures_public_router
from gongkai.disclosures.api import staff_router as disclosures_staff_router
from gongkai.ledger.api import router as ledger_router
from gongkai.organizations.api import router as organizations_router
from gongkai.publications.api import public_router as publications_public_router
from gongkai.publications.api import staff_router as publications_staff_router

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description=(
        "政务公开平台的 REST 接口。工作人员接口使用登录会话认证（同一浏览器登录工作台后即可调用，"
        "写操作需携带 CSRF 令牌）。公开接口只返回已审核发布的主动公开信息。"
    ),
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": exc.code, "message": exc.message, "extra": exc.extra},
        status=exc.status_code,
    )


api.add_router("/v1/", organizations_router, auth=django_auth)
api.add_router("/v1/", calendars_router)  # public: the deadline calculator and calendar
api.add_router("/v1/public/", publications_public_router)
api.add_router("/v1/", publications_staff_router, auth=django_auth)
api.add_router("/v1/", ledger_router)
api.add_router("/v1/public/", disclosures_public_router)  # intake and tracking
api.add_router("/v1/", disclosures_staff_router, auth=django_auth)
