from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from gongkai.core.extract import (
    Extracted,
    ExtractionError,
    Link,
    NoTextError,
    decode_text,
    extract,
    extract_text,
    html_extract,
    html_links,
    html_to_text,
)

DATA = Path(__file__).resolve().parent / "data"


# --- plain text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("政务公开\n第二行".encode(), "政务公开\n第二行"),
        ("\ufeff政务公开".encode(), "政务公开"),  # BOM
        ("政务公开\r\n第二行\r第三行".encode(), "政务公开\n第二行\n第三行"),
        ("政务公开（GBK）".encode("gbk"), "政务公开（GBK）"),
        ("𠀀 GB18030 四字节".encode("gb18030"), "𠀀 GB18030 四字节"),
        ("政务公开".encode("utf-16"), "政务公开"),
        (b"", ""),
    ],
)
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data) == text


def test_txt_from_path_and_from_data(tmp_path: Path) -> None:
    path = tmp_path / "名单.txt"
    path.write_bytes("张三\t13800138000\r\n".encode("gb18030"))
    assert extract_text(path) == "张三\t13800138000\n"
    assert extract_text(str(path)) == "张三\t13800138000\n"
    assert extract_text(data=b"abc", filename="x.TXT") == "abc"


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(ExtractionError, match="编码"):
        decode_text(b"\x80\x80\xff\xff\x81")


# --- HTML ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>不显示的标题</title>
<style>p { color: red }</style><script>var phone = "13800138000";</script></head>
<body>
<h1>关于  公示的
   通知</h1>
<p>第一段&nbsp;文字，<b>加粗</b>和<i>斜体</i>在同一行。<br>换行后&lt;第二行&gt;。</p>
<div><p>嵌套段落</p>尾随文字</div>
<table>
  <tr><th>姓名</th><th>电话</th></tr>
  <tr><td>张三</td><td><a href="tel:13800138000">拨打</a></td></tr>
</table>
<ul><li>一</li><li>二</li></ul>
<pre>保留  空格
和换行</pre>
<p>见<a href="https://www.example.com/x?a=1">外部网站</a>和<a href="/local">本站</a>。
<img src="http://img.example.net/a.png" alt="图"></p>
<template><p>模板里的 13900139000</p></template>
</body></html>"""


def test_html_visible_text() -> None:
    assert html_to_text(PAGE) == (
        "关于 公示的 通知\n"
        "第一段 文字，加粗和斜体在同一行。\n"
        "换行后<第二行>。\n"
        "嵌套段落\n"
        "尾随文字\n"
        "姓名\t电话\n"
        "张三\t拨打\n"
        "一\n"
        "二\n"
        "保留  空格\n"
        "和换行\n"
        "见外部网站和本站。"
    )


def test_html_links_with_the_span_of_their_text() -> None:
    extracted = html_extract(PAGE)
    spans = {target: extracted.text[s:e] for s, e, target in extracted.links}
    assert spans == {
        "tel:13800138000": "拨打",
        "https://www.example.com/x?a=1": "外部网站",
        "/local": "本站",
        "http://img.example.net/a.png": "",
    }
    assert html_links(PAGE) == [
        "tel:13800138000",
        "https://www.example.com/x?a=1",
        "/local",
        "http://img.example.net/a.png",
    ]


def test_html_fragment_and_unclosed_link() -> None:
    extracted = html_extract('正文<a href="https://a.example.com">未闭合')
    assert extracted == Extracted("正文未闭合", (Link(2, 5, "https://a.example.com"),))
    assert extracted.links[0].target == "https://a.example.com"


def test_html_file_in_gbk_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(
        '<html><head><meta http-equiv="Content-Type" content="text/html; '
        'charset=gb2312"></head><body><p>政务公开</p></body></html>'.encode("gbk")
    )
    assert extract_text(path) == "政务公开"


# --- .docx --------------------------------------------------------------------------


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_docx_paragraphs_tables_links_headers(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：历下区民政局"
    document.add_heading("低保公示", level=1)
    document.add_paragraph("第一段。")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "名单"
    for col, value in enumerate(["姓名", "电话", "备注"]):
        table.cell(1, col).text = value
    table.cell(2, 0).text = "张三"
    table.cell(2, 1).text = "13800138000"
    table.cell(2, 2).paragraphs[0].text = "第一行"
    table.cell(2, 2).add_paragraph("第二行")
    paragraph = document.add_paragraph("详见")
    add_hyperlink(paragraph, "https://www.example.com/a", "外部网站")
    paragraph.add_run("。")
    document.add_paragraph("末段。")
    path = tmp_path / "公示.docx"
    document.save(str(path))

    extracted = extract(path)
    assert extracted.text == (
        "低保公示\n"
        "第一段。\n"
        "名单\n"
        "姓名\t电话\t备注\n"
        "张三\t13800138000\t第一行\n第二行\n"
        "详见外部网站。\n"
        "末段。\n"
        "页眉：历下区民政局"
    )
    [(start, end, url)] = extracted.links
    assert (extracted.text[start:end], url) == ("外部网站", "https://www.example.com/a")
    assert extract_text(data=path.read_bytes(), filename="x.docx") == extracted.text


# --- .xlsx --------------------------------------------------------------------------


def test_xlsx_rows_and_sheets(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["姓名", "身份证号", "金额", "日期", "已核实", None])
    sheet.append(["张三", "110101199003077715", 710.0, date(2026, 11, 26), True])
    sheet.append([None, None, None])
    sheet.append(["李四", 13800138000, 1420.5, datetime(2026, 11, 26, 9, 30), False])
    other = workbook.create_sheet("说明")
    other.append(["本表依据济政办发〔2021〕8号"])
    path = tmp_path / "名单.xlsx"
    workbook.save(path)

    assert extract_text(path) == (
        "【名单】\n"
        "姓名\t身份证号\t金额\t日期\t已核实\n"
        "张三\t110101199003077715\t710\t2026-11-26\t是\n"
        "李四\t13800138000\t1420.5\t2026-11-26 09:30:00\t否\n"
        "\n"
        "【说明】\n"
        "本表依据济政办发〔2021〕8号"
    )


# --- PDF ----------------------------------------------------------------------------


def test_pdf_with_chinese_text() -> None:
    text = extract_text(DATA / "cjk.pdf")
    assert "政府信息公开申请答复书" in text
    assert "身份证号110101199003077715。" in text
    assert "联系电话：13800138000" in text
    assert text.index("第二页") > text.index("联系电话")
    assert "\x0c" not in text


def test_encrypted_pdf() -> None:
    with pytest.raises(ExtractionError, match="密码"):
        extract_text(DATA / "encrypted.pdf")


def test_pdf_without_text() -> None:
    with pytest.raises(NoTextError, match="扫描件"):
        extract_text(DATA / "scanned.pdf")


# --- what cannot be read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("x.pdf", b"not a pdf at all", "PDF"),
        ("x.pdf", (DATA / "cjk.pdf").read_bytes()[:400], "损坏"),
        ("x.docx", b"PK\x03\x04 broken zip", "损坏"),
        ("x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "密码"),
        ("x.xlsx", b"garbage", "损坏"),
        ("x.doc", b"anything", "不支持"),
        ("x.xls", b"anything", "不支持"),
        ("README", b"anything", "无扩展名"),
    ],
)
def test_unreadable(filename: str, data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract(data=data, filename=filename)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    with pytest.raises(ExtractionError, match="损坏"):
        extract(data=path.read_bytes(), filename="renamed.docx")


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(ExtractionError, match="上限"):
        extract(path, max_bytes=1024)
    with pytest.raises(ExtractionError, match="上限"):
        extract(data=b"x" * 2048, filename="big.txt", max_bytes=1024)
    assert extract(path, max_bytes=4096).text == "x" * 2048


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="找不到"):
        extract(tmp_path / "none.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(ExtractionError, match="目录"):
        extract(folder)
    with pytest.raises(ExtractionError):
        extract()


def test_importable_without_django_settings() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, gongkai.core.extract as e\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
        "print(e.extract_text(data='ok'.encode(), filename='a.txt'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
