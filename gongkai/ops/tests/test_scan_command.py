"""`gongkai scan`: a 低保公示 list in every format gives every personal item, masked;
a notice full of codes, amounts and checksum-failing numbers gives nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.core.management import call_command

from gongkai.core.extract import extract_text
from gongkai.rules.privacy import is_valid_id_card, luhn_ok

DATA = Path(__file__).resolve().parent / "data"
OFFICE_PHONE = "0531-86012345"
SITE = "www.lixia.gov.cn"

# What the list holds, as written in it, and what the output may show of it.
PERSONAL = [
    ("id_card", "370102195603140219", "3701**********0219"),
    ("id_card", "370102197811024369", "3701**********4369"),
    ("id_card", "37011219900817065X", "3701**********065X"),
    ("id_card", "370102194305062828", "3701**********2828"),
    ("id_card", "370124196809305114", "3701**********5114"),
    ("id_card", "37010219850612005X", "3701**********005X"),
    ("mobile", "13805310001", "138****0001"),
    ("landline", "0531-88123456", "0531-******56"),
    ("mobile", "138 0531 0003", "138 **** 0003"),
    ("mobile", "15953100004", "159****0004"),
    ("mobile", "+86 177 6531 0005", "+86 177 **** 0005"),
    ("mobile", "19853100006", "198****0006"),
    ("email", "limou1985@163.com", "l***@163.com"),
    ("bank_card", "6217001630001234563", "6217 **** **** *** 4563"),
    ("bank_card", "6228480060123459", "6228 **** **** 3459"),
    ("bank_card", "6230 5911 2345 6789", "6230 **** **** 6789"),
    ("bank_card", "6222021602123452", "6222 **** **** 3452"),
    ("bank_card", "6217998700123456785", "6217 **** **** *** 6785"),
    ("bank_card", "6236-6809-8765-4326", "6236 **** **** 4326"),
]
FORMATS = ["txt", "html", "docx", "xlsx", "pdf"]


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("scan", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def lines_of(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def write_html(lines: list[str], path: Path, link: str | None = None) -> None:
    body = [f"<h1>{lines[0]}</h1>"]
    rows: list[str] = []
    for line in lines[1:]:
        if "\t" in line:
            cells = "".join(f"<td>{c}</td>" for c in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if link and link in line:
            line = line.replace(link, f'<a href="{link}">{link}</a>')
        if line:
            body.append(f"<p>{line}</p>")
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>公示</title>'
        "<script>var hotline = '13912345678';</script></head><body>"
        + "\n".join(body)
        + "</body></html>",
        encoding="utf-8",
    )


def write_docx(lines: list[str], path: Path) -> None:
    document = docx.Document()
    document.add_heading(lines[0], level=1)
    table_rows = [line.split("\t") for line in lines if "\t" in line]
    placed = False
    for line in lines[1:]:
        if "\t" in line:
            if not placed:
                table = document.add_table(rows=0, cols=len(table_rows[0]))
                for values in table_rows:
                    cells = table.add_row().cells
                    for cell, value in zip(cells, values, strict=True):
                        cell.text = value
                placed = True
        elif line:
            document.add_paragraph(line)
    document.save(str(path))


def write_xlsx(lines: list[str], path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in lines:
        sheet.append(line.split("\t"))
    workbook.save(path)


def build(name: str, fmt: str, folder: Path) -> Path:
    stem = name.removesuffix(".txt")
    path = folder / f"{stem}.{fmt}"
    lines = lines_of(name)
    if fmt == "txt":
        shutil.copy(DATA / name, path)
    elif fmt == "pdf":
        shutil.copy(DATA / f"{stem}.pdf", path)
    elif fmt == "html":
        write_html(
            lines, path, link=f"https://{SITE}/art/2026/11/26/art_1234_5678.html"
        )
    elif fmt == "docx":
        write_docx(lines, path)
    else:
        write_xlsx(lines, path)
    return path


def test_the_fixtures_hold_what_they_claim() -> None:
    for kind, raw, _ in PERSONAL:
        digits = "".join(c for c in raw if c.isdigit() or c == "X")
        if kind == "id_card":
            assert is_valid_id_card(raw)
        if kind == "bank_card":
            assert luhn_ok(digits)
    notice = (DATA / "notice.txt").read_text(encoding="utf-8")
    assert not is_valid_id_card("370102197811024362")
    assert not is_valid_id_card("370102202611260017")
    assert not luhn_ok("6228480060123450")
    for present in ["370102197811024362", "6228480060123450", "〔", "【", "﹝", "［"]:
        assert present in notice


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_personal_item_in_a_dibao_list_is_found(fmt: str, tmp_path: Path) -> None:
    path = build("dibao.txt", fmt, tmp_path)
    code, out, err = run(str(path), "--format", "json", "--allow-phone", OFFICE_PHONE)
    assert code == 1, err
    report = json.loads(out)
    assert list(report) == ["findings"]
    findings: list[dict[str, Any]] = report["findings"]
    for f in findings:
        assert list(f) == ["kind", "text", "file", "line", "start", "end"]
        assert f["file"] == str(path)
    assert Counter((f["kind"], f["text"]) for f in findings) == Counter(
        (kind, masked) for kind, _, masked in PERSONAL
    )
    for _, raw, _ in PERSONAL:
        assert raw not in out
        assert raw.replace(" ", "").replace("-", "") not in out

    text = extract_text(path)
    by_mask = {masked: raw for _, raw, masked in PERSONAL}
    for f in findings:
        assert text[f["start"] : f["end"]] == by_mask[f["text"]]
        assert f["line"] == text.count("\n", 0, f["start"]) + 1


def test_the_office_phone_is_reported_unless_allowed(tmp_path: Path) -> None:
    path = build("dibao.txt", "txt", tmp_path)
    code, out, _ = run(str(path), "--format", "json")
    assert code == 1
    kinds = Counter(f["kind"] for f in json.loads(out)["findings"])
    assert kinds["landline"] == 2
    assert "0531-******45" in out


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
def test_a_notice_full_of_codes_reports_nothing(fmt: str, tmp_path: Path) -> None:
    path = build("notice.txt", fmt, tmp_path)
    code, out, err = run(
        str(path),
        "--format",
        "json",
        "--allow-phone",
        OFFICE_PHONE,
        "--allow-host",
        SITE,
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {"findings": []}


def test_the_notice_without_its_allowlists(tmp_path: Path) -> None:
    path = build("notice.txt", "html", tmp_path)
    code, out, _ = run(str(path))
    assert code == 1
    assert f"{path}:" in out
    assert "固定电话 0531-******45" in out
    assert "固定电话 （0531）******45" in out
    assert f"外部链接 https://{SITE}/…" in out
    assert "共发现 3 处，涉及 1 个文件" in out


def test_text_format(tmp_path: Path) -> None:
    path = build("dibao.txt", "txt", tmp_path)
    code, out, _ = run(str(path), "--allow-phone", f"{OFFICE_PHONE},12345")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}:6 身份证号 3701**********0219"
    assert f"{path}:11 电子邮箱 l***@163.com" in lines
    assert lines[-1].startswith("共发现 19 处，涉及 1 个文件。")


def test_sensitive_words_from_a_file(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# 敏感词表\n\n内部资料\n绝密\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("本件为内部资料。\n第二行绝密。\n", encoding="utf-8")
    code, out, _ = run(str(doc), "--words", str(words), "--format", "json")
    assert code == 1
    assert json.loads(out)["findings"] == [
        {
            "kind": "sensitive_word",
            "text": "内***",
            "file": str(doc),
            "line": 1,
            "start": 3,
            "end": 7,
        },
        {
            "kind": "sensitive_word",
            "text": "绝*",
            "file": str(doc),
            "line": 2,
            "start": 12,
            "end": 14,
        },
    ]


def test_nothing_found(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于2026年政务公开工作要点的通知（济政办字〔2026〕3号）", "utf-8")
    assert run(str(doc)) == (0, "未发现个人信息、敏感词或外部链接。\n", "")


def test_unreadable_files_exit_2_after_scanning_the_rest(tmp_path: Path) -> None:
    good = build("dibao.txt", "txt", tmp_path)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    scanned = tmp_path / "scanned.pdf"
    shutil.copy(Path(__file__).parents[2] / "core/tests/data/scanned.pdf", scanned)
    code, out, err = run(
        str(good), str(broken), str(legacy), str(scanned), str(tmp_path / "none.txt")
    )
    assert code == 2
    assert "共发现 20 处" in out
    assert f"{broken}：文件已损坏" in err
    assert f"{legacy}：不支持的文件类型.doc" in err
    assert f"{scanned}：PDF 中没有可提取的文字" in err
    assert "找不到文件" in err
    assert "有 4 个文件无法读取，未完成检查。" in err


def test_an_unreadable_word_list(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("正文", "utf-8")
    code, _, err = run(str(doc), "--words", str(tmp_path / "none.txt"))
    assert code == 2
    assert "敏感词表无法读取" in err


def test_the_gongkai_command_line(tmp_path: Path) -> None:
    dibao = build("dibao.txt", "txt", tmp_path)
    notice = build("notice.txt", "txt", tmp_path)
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "var")}
    base = [sys.executable, "-m", "gongkai.cli", "scan"]
    found = subprocess.run(
        [*base, str(dibao), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert found.returncode == 1, found.stderr
    assert len(json.loads(found.stdout)["findings"]) == 20
    clean = subprocess.run(
        [*base, str(notice), "--allow-phone", OFFICE_PHONE, "--allow-host", SITE],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert clean.returncode == 0, clean.stderr
