"""Migrating an existing site: `gongkai import documents FILE.jsonl` and the
workbench .xlsx/.csv upload. Good lines are imported whole, bad ones are reported
by line number, and a failing row leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Unit
from gongkai.organizations.roles import Role
from gongkai.publications import importing, selectors, services
from gongkai.publications.models import Attachment, IndexSerial, Record, Revision
from gongkai.publications.services import ImportRow, RevisionInput
from gongkai.publications.states import RevisionState
from gongkai.publications.tests.helpers import Desk, make_desk, publish
from gongkai.publications.vocab import DocumentType, Validity
from tests.factories import UnitFactory, staff_with_role, xlsx_bytes

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def desk() -> Desk:
    desk = make_desk()
    desk.unit.short_names = ["市教育局"]
    desk.unit.save(update_fields=["short_names"])
    return desk


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def write_jsonl(directory: Path, lines: list[Any]) -> Path:
    path = directory / "site.jsonl"
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
        for line in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def site_export(tmp_path: Path, unit: Unit) -> tuple[Path, str]:
    """An export of an old site: three good lines and six bad ones."""
    files = tmp_path / "files"
    files.mkdir()
    (files / "notice.txt").write_text("附件：开学安排表", encoding="utf-8")
    kept = f"{unit.code}/2024-00007"
    lines: list[Any] = [
        {  # line 1: HTML body, code as unit, kept 索引号, an attachment
            "title": "关于2024年春季开学工作的通知",
            "body": "<p>各学校：</p><p>请按时开学。</p><script>alert(1)</script>",
            "unit": unit.code,
            "doc_number": "示教发[2024]3号",
            "index_number": kept,
            "written_on": "2024-02-20",
            "published_on": "2024-02-21",
            "column": "tzgg",
            "genre": "通知",
            "topic": "科技、教育",
            "validity": "有效",
            "attachments": ["files/notice.txt"],
        },
        {  # line 2: plain text, short name, Chinese dates, column by name
            "title": "示例市教育局2023年工作总结",
            "body": "一、主要工作\n二、下一步打算",
            "unit": "市教育局",
            "written_on": "2024年1月5日",
            "published_on": "2024/1/8",
            "column": "通知公告",
            "genre": "报告",
        },
        {"title": "不存在的单位发的文", "body": "正文", "unit": "示例市不存在局"},
        {  # line 4
            "title": "日期写错的文件",
            "body": "正文",
            "unit": unit.name,
            "written_on": "2024-13-45",
        },
        {  # line 5: the 索引号 of line 1 again
            "title": "索引号重复的文件",
            "body": "正文",
            "unit": unit.name,
            "index_number": kept,
        },
        {  # line 6
            "title": "附件缺失的文件",
            "body": "正文",
            "unit": unit.name,
            "attachments": ["files/missing.pdf"],
        },
        '{"title": "坏的JSON", "body": ',  # line 7
        "",  # line 8: blank lines are skipped
        {"title": "没有单位的文件", "body": "正文"},  # line 9
        {  # line 10: full name
            "title": "关于公布2024年义务教育招生范围的公告",
            "body": "<p>招生范围见附件。</p>",
            "unit": unit.name,
            "genre": "公告",
            "published_on": "2024-05-01",
        },
    ]
    return write_jsonl(tmp_path, lines), kept


EXPECTED_REJECTED = {3, 4, 5, 6, 7, 9}


def test_cli_imports_good_lines_as_published_and_reports_bad_ones(
    desk: Desk, tmp_path: Path
) -> None:
    path, kept = site_export(tmp_path, desk.unit)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import", "documents", str(path), "--publish", stdout=out, stderr=err
        )
    assert raised.value.returncode == 1
    text = out.getvalue()
    assert "已导入 3 条（已发布）；6 行未导入。" in text
    for line in EXPECTED_REJECTED:
        assert f"第{line}行" in text
    assert "找不到单位“示例市不存在局”" in text
    assert "成文日期“2024-13-45”不是有效的日期" in text
    assert f"索引号“{kept}”已被其他信息使用" in text
    assert "找不到附件“files/missing.pdf”" in text
    assert "不是有效的JSON" in text
    assert "缺少单位（unit）" in text

    records = {
        r.public_revision.title: r for r in Record.objects.all() if r.public_revision
    }
    assert len(records) == Record.objects.count() == 3
    public = set(selectors.records_public().values_list("pk", flat=True))
    assert {r.pk for r in records.values()} == public
    assert all(r.imported for r in records.values())

    first = records["关于2024年春季开学工作的通知"]
    revision = first.public_revision
    assert revision is not None
    assert first.index_number == kept  # kept as it was on the old site
    assert revision.state == RevisionState.PUBLISHED
    assert revision.doc_number == "示教发〔2024〕3号"
    assert "<script>" not in revision.body and "请按时开学" in revision.body
    assert timezone.localtime(revision.published_at) == dt.datetime(
        2024, 2, 21, tzinfo=timezone.get_current_timezone()
    )
    assert first.first_published_at == revision.published_at
    assert first.validity == Validity.VALID
    assert list(revision.columns.values_list("slug", flat=True)) == ["tzgg"]
    attachment = revision.attachments.get()
    assert attachment.name == "notice.txt"
    assert "开学安排表" in attachment.text

    second = records["示例市教育局2023年工作总结"].public_revision
    assert second is not None
    assert second.body == "<p>一、主要工作</p><p>二、下一步打算</p>"
    assert second.written_on == dt.date(2024, 1, 5)
    assert second.doc_type == DocumentType.REPORT
    # Without a 索引号 one is generated in the publication year's series, after
    # the kept one (serial 7), so the two never collide.
    assert (
        records["示例市教育局2023年工作总结"].index_number
        == f"{desk.unit.code}/2024-00008"
    )

    imported = AuditEvent.objects.filter(verb="publications.record.imported")
    assert imported.count() == 3
    assert set(imported.values_list("object_id", flat=True)) == {
        str(r.pk) for r in records.values()
    }


def test_without_publish_rows_become_drafts(desk: Desk, tmp_path: Path) -> None:
    path, _ = site_export(tmp_path, desk.unit)
    with pytest.raises(CommandError):
        call_command(
            "import", "documents", str(path), stdout=StringIO(), stderr=StringIO()
        )
    assert Record.objects.count() == 3
    assert not selectors.records_public().exists()
    assert set(Revision.objects.values_list("state", flat=True)) == {
        RevisionState.DRAFT
    }
    assert not Record.objects.filter(imported=True).exists()
    kept = Record.objects.get(revisions__title="关于2024年春季开学工作的通知")
    assert kept.index_number == f"{desk.unit.code}/2024-00007"
    assert (
        Record.objects.exclude(pk=kept.pk).filter(index_number__isnull=False).count()
        == 0
    )


def test_dry_run_and_json_output_save_nothing(desk: Desk, tmp_path: Path) -> None:
    path, _ = site_export(tmp_path, desk.unit)
    before = stored_files()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import",
            "documents",
            str(path),
            "--publish",
            "--dry-run",
            "--format",
            "json",
            stdout=out,
            stderr=StringIO(),
        )
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True
    assert report["imported"] == 3
    assert sorted(r["line"] for r in report["rejected"]) == sorted(EXPECTED_REJECTED)
    assert not Record.objects.exists()
    assert not AuditEvent.objects.filter(verb="publications.record.imported").exists()
    assert stored_files() == before


def test_a_clean_file_exits_zero(desk: Desk, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path,
        [{"title": "关于开展安全检查的通知", "body": "正文", "unit": desk.unit.name}],
    )
    out = StringIO()
    call_command(
        "import", "documents", str(path), "--publish", stdout=out, stderr=StringIO()
    )
    assert "已导入 1 条（已发布）；0 行未导入。" in out.getvalue()


def test_a_row_failing_in_the_service_leaves_nothing_behind(
    desk: Desk, tmp_path: Path
) -> None:
    (tmp_path / "ok.txt").write_text("第一个附件", encoding="utf-8")
    (tmp_path / "bad.exe").write_bytes(b"MZ")
    before_files = stored_files()
    # The first attachment is stored, the second is refused: the whole row goes.
    row = ImportRow(
        line=1,
        unit=desk.unit,
        data=RevisionInput(
            title="带两个附件的文件", formed_on=dt.date(2024, 3, 1), body="正文"
        ),
        attachments=[tmp_path / "ok.txt", tmp_path / "bad.exe"],
    )
    # A unit without a code cannot get a generated 索引号 when published.
    nameless: Unit = UnitFactory.create(name="没有代码的单位", code="")
    no_code = ImportRow(
        line=2,
        unit=nameless,
        data=RevisionInput(
            title="没有索引号的文件", formed_on=dt.date(2024, 3, 1), body="正文"
        ),
        attachments=[tmp_path / "ok.txt"],
    )
    report = services.records_import(actor=None, rows=[row, no_code], publish=True)
    assert report.imported_count == 0
    assert [(r.line, r.title) for r in report.rejected] == [
        (1, "带两个附件的文件"),
        (2, "没有索引号的文件"),
    ]
    assert "不支持的附件类型“.exe”" in report.rejected[0].reason
    assert "尚未填写统一社会信用代码" in report.rejected[1].reason
    assert not Record.objects.exists()
    assert not Revision.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == before_files
    assert not AuditEvent.objects.filter(verb="publications.record.imported").exists()


def test_publishing_needs_final_review_in_the_unit(desk: Desk, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path, [{"title": "一份文件", "body": "正文", "unit": desk.unit.name}]
    )
    rows = importing.JsonlReader(path)
    with pytest.raises(PermissionDenied):
        services.records_import(actor=desk.editor, rows=rows, publish=True)
    other = make_desk(name="示例市财政局", serial=2)
    # The leader of another department may publish there, not here.
    report = services.records_import(
        actor=other.leader, rows=importing.JsonlReader(path), publish=True
    )
    assert report.imported_count == 0
    assert "发布审查" in report.rejected[0].reason
    # The editor may import drafts in their own unit.
    report = services.records_import(
        actor=desk.editor, rows=importing.JsonlReader(path), publish=False
    )
    assert report.imported_count == 1
    assert Record.objects.get().created_by == desk.editor


def test_a_kept_index_number_reserves_its_serial(desk: Desk, tmp_path: Path) -> None:
    year = timezone.localdate().year
    path = write_jsonl(
        tmp_path,
        [
            {
                "title": "旧网站的文件",
                "body": "正文",
                "unit": desk.unit.code,
                "index_number": f"{desk.unit.code}/{year}-00041",
            }
        ],
    )
    services.records_import(actor=None, rows=importing.JsonlReader(path), publish=True)
    record = publish(desk)
    assert record.index_number == f"{desk.unit.code}/{year}-00042"


def test_generated_index_numbers_have_no_gaps_across_batches_and_rejections(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are committed in batches; the 索引号 series is kept in memory within
    an import: a rejected row gives its number back, also when it was the first
    of a series, and the next batch continues the series."""
    monkeypatch.setattr(services, "IMPORT_BATCH", 2)
    day = dt.date(2024, 5, 6)

    def row(line: int, *, broken: bool = False) -> ImportRow:
        return ImportRow(
            line=line,
            unit=desk.unit,
            data=RevisionInput(title=f"文件{line}", formed_on=day, body="正文"),
            published_on=day,
            # Refused after its 索引号 was taken: the file cannot be read.
            attachments=[tmp_path / "missing.pdf"] if broken else [],
        )

    rows = [row(1, broken=True), row(2), row(3, broken=True), row(4), row(5)]
    report = services.records_import(actor=None, rows=rows, publish=True)
    assert [r.line for r in report.rejected] == [1, 3]
    assert "无法读取附件" in report.rejected[0].reason
    code = desk.unit.code
    assert [i.index_number for i in report.imported] == [
        f"{code}/2024-00001",
        f"{code}/2024-00002",
        f"{code}/2024-00003",
    ]
    assert IndexSerial.objects.get(unit=desk.unit, year=2024).last == 3
    assert Record.objects.count() == 3
    # The next import, and the review chain, continue the series.
    more = services.records_import(actor=None, rows=[row(6)], publish=True)
    assert more.imported[0].index_number == f"{code}/2024-00004"


def test_an_unexpected_error_rolls_back_the_batch_and_its_files(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.txt").write_text("附件", encoding="utf-8")
    monkeypatch.setattr(services, "IMPORT_BATCH", 10)
    before_files = stored_files()
    day = dt.date(2024, 5, 6)

    def rows() -> Any:
        for line in (1, 2):
            yield ImportRow(
                line=line,
                unit=desk.unit,
                data=RevisionInput(title=f"文件{line}", formed_on=day, body="正文"),
                published_on=day,
                attachments=[tmp_path / "ok.txt"],
            )
        raise RuntimeError("读取中断")

    with pytest.raises(RuntimeError):
        services.records_import(actor=None, rows=rows(), publish=True)
    assert not Record.objects.exists()
    assert stored_files() == before_files


def test_long_lines_and_huge_files_are_refused(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_LINE_BYTES", 200)
    path = write_jsonl(
        tmp_path,
        [
            {"title": "很长的一行", "body": "长" * 500, "unit": desk.unit.name},
            {"title": "正常的一行", "body": "正文", "unit": desk.unit.name},
        ],
    )
    report = services.records_import(
        actor=None, rows=importing.JsonlReader(path), publish=False
    )
    assert report.imported_count == 1
    assert [(r.line, r.reason) for r in report.rejected] == [
        (1, "该行超过10MB，请把正文中的大段内容改为附件。")
    ]
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="2GB"):
        importing.JsonlReader(path)
    with pytest.raises(CommandError, match="2GB"):
        call_command(
            "import", "documents", str(path), stdout=StringIO(), stderr=StringIO()
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", dt.date(2026, 3, 5)),
        ("2026年3月5日", dt.date(2026, 3, 5)),
        ("2026/3/5", dt.date(2026, 3, 5)),
        ("2026-03-05T08:00:00+08:00", dt.date(2026, 3, 5)),
        ("", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert importing.parse_date(text, "成文日期") == expected


def test_attachments_must_stay_inside_the_export(desk: Desk, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("x", encoding="utf-8")
    export = tmp_path / "export"
    export.mkdir()
    path = write_jsonl(
        export,
        [
            {
                "title": "越界",
                "body": "x",
                "unit": desk.unit.name,
                "attachments": ["../secret.txt"],
            },
            {
                "title": "绝对",
                "body": "x",
                "unit": desk.unit.name,
                "attachments": [str(outside)],
            },
        ],
    )
    rows = list(importing.JsonlReader(path))
    assert all(isinstance(r, services.ImportRejection) for r in rows)
    assert "不在JSONL文件所在目录之内" in rows[0].reason  # type: ignore[union-attr]
    assert "相对于JSONL文件所在目录" in rows[1].reason  # type: ignore[union-attr]


# --- the workbench upload ---------------------------------------------------------------

HEADER = (
    "标题",
    "正文",
    "单位",
    "文号",
    "索引号",
    "成文日期",
    "发布日期",
    "栏目",
    "体裁",
    "主题分类",
    "有效性",
)


def sheet(unit: Unit) -> bytes:
    return xlsx_bytes(
        [
            (
                "关于表格导入的通知",
                "第一段\n第二段",
                unit.name,
                "示教发〔2023〕9号",
                "",
                dt.date(2023, 6, 1),
                "2023-06-02",
                "通知公告",
                "通知",
                "",
                "有效",
            ),
            ("没有单位的行", "正文", "", "", "", "", "", "", "", "", ""),
            ("体裁不对的行", "正文", unit.name, "", "", "", "", "", "檄文", "", ""),
            (
                "第二份好文件",
                "<p>正文</p>",
                unit.code,
                "",
                f"{unit.code}/2023-00100",
                "2023年7月1日",
                "2023/7/2",
                "tzgg",
                "公告",
                "科技、教育",
                "",
            ),
        ],
        header=HEADER,
    )


def test_workbench_xlsx_preview_saves_nothing_then_confirm_imports(desk: Desk) -> None:
    client = Client()
    client.force_login(desk.leader, backend=BACKEND)
    url = "/workbench/publications/import/"
    assert client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("旧网站.xlsx", sheet(desk.unit))
    response = client.post(url, {"file": upload, "publish": "on", "action": "preview"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and report.imported_count == 2
    assert [(r.line, r.title) for r in report.rejected] == [
        (3, "没有单位的行"),
        (4, "体裁不对的行"),
    ]
    assert "体裁“檄文”不在可选范围内" in report.rejected[1].reason
    assert "预览（尚未保存）" in response.content.decode()
    assert not Record.objects.exists()
    assert not AuditEvent.objects.filter(verb="publications.record.imported").exists()

    token = response.context["pending"]["token"]
    response = client.post(url, {"action": "confirm", "token": token})
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.dry_run and report.imported_count == 2
    assert Record.objects.count() == 2
    assert set(
        selectors.records_public().values_list("public_revision__title", flat=True)
    ) == {
        "关于表格导入的通知",
        "第二份好文件",
    }
    assert Record.objects.filter(
        index_number=f"{desk.unit.code}/2023-00100", imported=True
    ).exists()
    first = Revision.objects.get(title="关于表格导入的通知")
    assert first.body == "<p>第一段</p><p>第二段</p>"
    assert first.written_on == dt.date(2023, 6, 1)

    # The same preview cannot be confirmed twice.
    client.post(url, {"action": "confirm", "token": token})
    assert Record.objects.count() == 2


def test_workbench_csv_in_gbk_and_missing_header(desk: Desk) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(desk.editor, backend=BACKEND)
    url = "/workbench/publications/import/"
    data = f"名称,正文,单位\n关于CSV导入的通知,正文,{desk.unit.name}\n".encode(
        "gb18030"
    )
    response = client.post(
        url, {"file": SimpleUploadedFile("a.csv", data), "action": "preview"}
    )
    assert response.context["report"].imported_count == 1
    response = client.post(
        url, {"action": "confirm", "token": response.context["pending"]["token"]}
    )
    record = Record.objects.get()
    assert not record.is_public and not record.imported
    assert selectors.revision_current(record).state == RevisionState.DRAFT

    bad = SimpleUploadedFile("b.csv", "标题,单位\nx,y\n".encode())
    response = client.post(url, {"file": bad, "action": "preview"})
    assert "没有找到表头" in response.content.decode()


def test_workbench_import_needs_a_drafting_or_publishing_role(desk: Desk) -> None:
    outsider = staff_with_role(desk.unit, Role.REVIEWER)
    client = Client()
    client.force_login(outsider, backend=BACKEND)
    assert client.get("/workbench/publications/import/").status_code == 403
