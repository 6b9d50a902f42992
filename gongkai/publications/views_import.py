"""Workbench page: import documents of an existing site from an .xlsx/.csv sheet.

Upload → preview (a dry run: what would be imported and what is rejected, nothing
saved) → confirm. The uploaded file is kept under the data directory between the
two steps, named by a random token held in the uploader's session.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.exceptions import ApplicationError, NotFound, PermissionDenied
from gongkai.core.web import staff_view
from gongkai.organizations.permissions import scope_for
from gongkai.organizations.roles import Action
from gongkai.publications import services
from gongkai.publications.importing import MAX_SHEET_BYTES, read_sheet

SESSION_KEY = "publications_import"
SUFFIXES = (".xlsx", ".csv")
STALE_SECONDS = 24 * 3600


class ImportForm(forms.Form):
    file = forms.FileField(
        label="表格文件",
        help_text="Excel（.xlsx）或 CSV 文件，不超过20MB、2万行。",
    )
    publish = forms.BooleanField(
        label="作为已发布的信息导入（不经三审，标记为迁移导入；需要发布审查权限）",
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件。")
        if upload.size > MAX_SHEET_BYTES:
            raise forms.ValidationError("文件超过20MB，请拆分后分批导入。")
        return upload


def _pending_dir() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_stale(directory: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for item in directory.iterdir():
        try:
            if item.is_file() and item.stat().st_mtime < cutoff:
                item.unlink()
        except OSError:
            continue


def _pending_path(pending: dict[str, Any]) -> Path | None:
    token = str(pending.get("token", ""))
    suffix = str(pending.get("suffix", ""))
    try:
        uuid.UUID(token)
    except ValueError:
        return None
    if suffix not in SUFFIXES:
        return None
    return _pending_dir() / f"{token}{suffix}"


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        path = _pending_path(pending)
        if path is not None:
            path.unlink(missing_ok=True)


@staff_view
def import_records(request: HttpRequest) -> HttpResponse:
    user = request.user
    if (
        scope_for(user, Action.PUBLICATION_DRAFT).empty
        and scope_for(user, Action.PUBLICATION_FINAL_REVIEW).empty
    ):
        raise PermissionDenied(
            "您没有起草或发布政府信息的权限，不能导入。请联系系统管理员授予相应角色。"
        )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "confirm":
        return _confirm(request)
    if action == "cancel":
        _discard(request)
        return render(request, "publications/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    pending = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        publish = bool(form.cleaned_data["publish"])
        data = upload.read()
        try:
            report = services.records_import(
                actor=user,
                rows=read_sheet(data, upload.name),
                publish=publish,
                dry_run=True,
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            _discard(request)
            if report.imported_count:
                directory = _pending_dir()
                _forget_stale(directory)
                token = str(uuid.uuid4())
                suffix = Path(upload.name).suffix.lower()
                (directory / f"{token}{suffix}").write_bytes(data)
                pending = {
                    "token": token,
                    "suffix": suffix,
                    "name": Path(upload.name).name[:200],
                    "publish": publish,
                }
                request.session[SESSION_KEY] = pending
    return render(
        request,
        "publications/import.html",
        {"form": form, "report": report, "pending": pending},
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    path = _pending_path(pending) if isinstance(pending, dict) else None
    token = request.POST.get("token", "")
    if (
        not isinstance(pending, dict)
        or path is None
        or token != pending.get("token")
        or not path.is_file()
    ):
        messages.error(request, "预览已过期或已导入，请重新上传文件并预览。")
        return render(request, "publications/import.html", {"form": ImportForm()})
    data = path.read_bytes()
    name = str(pending.get("name", path.name))
    publish = bool(pending.get("publish"))
    form = ImportForm()
    report = None
    try:
        report = services.records_import(
            actor=request.user,
            rows=read_sheet(data, path.name),
            publish=publish,
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    finally:
        _discard(request)
    if report is not None:
        messages.success(
            request,
            f"“{name}”：已导入{report.imported_count}条，"
            f"{report.rejected_count}行未导入。",
        )
    return render(request, "publications/import.html", {"form": form, "report": report})
