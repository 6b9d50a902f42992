"""In a real browser: who sees and changes which unit, and pages that stay local.

The issue's "done when": with the demo data, a 部门信息员 of 示例市教育局 maintains
their own unit and cannot see or change 示例市财政局 (404, nothing written, no audit
event), while the 政务公开主管部门 sees and opens both.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.models import AuditEvent
from gongkai.ops.demo import DEMO_PASSWORD, load_demo
from gongkai.organizations.models import Unit
from tests.browser import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_FOUND_TEXT = "找不到该单位，或您无权查看。"


def log_in(page: Any, base_url: str, username: str) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(f"{base_url}/workbench/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/workbench/")


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def csrf_token(page: Any) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return str(cookies["csrftoken"])


def test_department_editor_maintains_own_unit_and_cannot_touch_another(
    live_server: Any, page: Any
) -> None:
    load_demo()
    education = Unit.objects.get(name="示例市教育局")
    finance = Unit.objects.get(name="示例市财政局")
    base = live_server.url

    log_in(page, base, "jyj_xxy")
    expect(page.get_by_role("navigation", name="账号")).to_contain_text("张敏")

    # Their own unit, reached through the navigation.
    page.get_by_role("link", name="本单位").click()
    page.wait_for_url(f"{base}/workbench/units/{education.pk}/")
    expect(heading(page)).to_have_text("示例市教育局")

    # Maintain the public profile of their own unit and see the change.
    page.get_by_role("link", name="维护公开信息").click()
    page.wait_for_url(f"{base}/workbench/units/{education.pk}/profile/")
    page.get_by_label("办公地址").fill("示例市文化路8号教育大厦")
    page.get_by_label("公开的办公电话").fill("0531-87654321")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/workbench/units/{education.pk}/")
    expect(page.get_by_role("status")).to_contain_text("已保存单位公开信息。")
    expect(page.locator("dl.meta")).to_contain_text("示例市文化路8号教育大厦")
    expect(page.locator("dl.meta")).to_contain_text("0531-87654321")
    education.refresh_from_db()
    assert education.address == "示例市文化路8号教育大厦"
    assert AuditEvent.objects.filter(
        verb="organizations.unit.profile_updated",
        unit_id=education.pk,
        actor__username="jyj_xxy",
    ).exists()

    # Another department: not found, whether the page or its profile form.
    for path in (
        f"/workbench/units/{finance.pk}/",
        f"/workbench/units/{finance.pk}/profile/",
        f"/workbench/units/{finance.pk}/edit/",
    ):
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 404, path
        expect(page.get_by_role("alert")).to_have_text(NOT_FOUND_TEXT)
        expect(page.locator("body")).not_to_contain_text("示例市财政局")

    # A forged POST of the profile form changes nothing and records nothing.
    before_events = AuditEvent.objects.count()
    before = Unit.objects.get(pk=finance.pk)
    response = page.request.post(
        f"{base}/workbench/units/{finance.pk}/profile/",
        form={
            "csrfmiddlewaretoken": csrf_token(page),
            "short_names": "被改的简称",
            "address": "被篡改的地址",
            "phones": "110",
        },
    )
    assert response.status == 404
    assert NOT_FOUND_TEXT in response.text()
    after = Unit.objects.get(pk=finance.pk)
    assert (after.address, after.short_names, after.phones) == (
        before.address,
        before.short_names,
        before.phones,
    )
    assert AuditEvent.objects.count() == before_events

    # Nor does the API let them through.
    response = page.request.get(f"{base}/api/v1/units/{finance.pk}")
    assert response.status == 404


def test_supervisor_sees_and_opens_every_department(
    live_server: Any, page: Any
) -> None:
    load_demo()
    base = live_server.url
    log_in(page, base, "zgbm")

    page.get_by_role("link", name="组织机构").click()
    page.wait_for_url(f"{base}/workbench/units/")
    tree = page.locator(".tree")
    for name in ("示例市教育局", "示例市财政局"):
        expect(tree.get_by_role("link", name=name, exact=True)).to_be_visible()

    for name in ("示例市教育局", "示例市财政局"):
        page.goto(f"{base}/workbench/units/")
        page.locator(".tree").get_by_role("link", name=name, exact=True).click()
        unit = Unit.objects.get(name=name)
        page.wait_for_url(f"{base}/workbench/units/{unit.pk}/")
        expect(heading(page)).to_have_text(name)
        # The supervisor may maintain both profiles too.
        expect(page.get_by_role("link", name="维护公开信息")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "final_path"),
    [
        ("/", "/"),
        ("/workbench/", "/workbench/login/?next=/workbench/"),
        ("/api/docs", "/api/docs"),
    ],
)
def test_pages_load_nothing_from_other_hosts(
    live_server: Any, page: Any, path: str, final_path: str
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    response = page.goto(live_server.url + path, wait_until="networkidle")
    assert response is not None
    assert response.ok, response.status
    assert page.url == live_server.url + final_path
    if path == "/api/docs":
        # Swagger UI (served from django-ninja's static files) has rendered.
        expect(page.locator("#swagger-ui")).to_contain_text("gongkai API")

    assert requested, "the page made no request at all"
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not failed, f"failed requests: {failed}"


def test_login_form_works_with_the_keyboard_alone(live_server: Any, page: Any) -> None:
    load_demo()
    base = live_server.url
    page.goto(f"{base}/workbench/login/")

    def focused_id() -> str:
        return str(page.evaluate("document.activeElement && document.activeElement.id"))

    # The username field has focus on arrival, or is reached with Tab.
    for _ in range(10):
        if focused_id() == "id_username":
            break
        page.keyboard.press("Tab")
    assert focused_id() == "id_username"
    page.keyboard.type("jyj_xxy")
    page.keyboard.press("Tab")
    assert focused_id() == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/workbench/")
    expect(page.get_by_role("navigation", name="账号")).to_contain_text("张敏")
