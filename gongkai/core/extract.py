"""The text of a document and its attachments, for the compliance gate and search.

Reads .txt, .html/.htm, .docx, .xlsx and .pdf. The text returned is what offsets
(``Finding.start``/``end``) refer to, so it is built once, here, the same way for
every caller. Link targets that are not part of the text (HTML href/src, Word
hyperlinks) come back separately with the span of the link's text.

Importable without Django settings: no models, no settings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

MAX_BYTES = 50 * 1024 * 1024
# Office files are zip archives: refuse ones that unpack to far more than they weigh.
_MAX_UNPACKED_RATIO = 20

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".xlsx", ".pdf")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExtractionError(ValueError):
    """The file cannot be read; the message is Chinese and says what to do."""


class NoTextError(ExtractionError):
    """The file was read but holds no text (a scanned PDF): it cannot be checked
    automatically."""


class Link(NamedTuple):
    """A link target that is not part of the text, over the span of its text
    (empty for an image or a script)."""

    start: int
    end: int
    target: str


@dataclass(frozen=True)
class Extracted:
    text: str
    links: tuple[Link, ...] = field(default=())


def extract(
    path: Path | str | None = None,
    *,
    data: bytes | None = None,
    filename: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Extracted:
    """Text and link targets of a file, read from ``path`` or given as ``data``
    (``filename`` then names it; its suffix decides the type)."""
    name = filename or (str(path) if path is not None else "")
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise ExtractionError(
            f"不支持的文件类型{shown}：只能检查 .txt、.html、.docx、.xlsx 和 .pdf 文件。"
            "旧版 .doc/.xls/.wps 文件请先另存为 .docx/.xlsx。"
        )
    if data is None:
        if path is None:
            raise ExtractionError("没有给出要读取的文件。")
        data = _read(Path(path), max_bytes)
    if len(data) > max_bytes:
        raise ExtractionError(_too_large(max_bytes))
    if suffix == ".txt":
        return Extracted(decode_text(data))
    if suffix in {".html", ".htm"}:
        return html_extract(decode_html(data))
    if suffix == ".docx":
        return _docx(data, max_bytes)
    if suffix == ".xlsx":
        return Extracted(_xlsx(data, max_bytes))
    return Extracted(_pdf(data))


def extract_text(
    path: Path | str | None = None,
    *,
    data: bytes | None = None,
    filename: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> str:
    return extract(path, data=data, filename=filename, max_bytes=max_bytes).text


def _too_large(max_bytes: int) -> str:
    return f"文件超过 {max_bytes // (1024 * 1024)} MB 的上限，无法检查。请拆分或压缩后再上传。"


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        if path.stat().st_size > max_bytes:
            raise ExtractionError(_too_large(max_bytes))
        return path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ExtractionError(f"{path} 是目录，不是文件。") from None
    except OSError as exc:
        raise ExtractionError(f"无法读取文件 {path}：{exc.strerror or exc}") from None


# --- plain text ---------------------------------------------------------------------


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB 18030 (which covers
    GBK and GB 2312, still common for files saved by older Chinese software)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _newlines(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ExtractionError("无法识别文本文件的编码，请另存为 UTF-8 编码后重试。")


# --- HTML ---------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I
)


def decode_html(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = m.group(1).decode("ascii").lower()
        if declared in {"gb2312", "gbk", "gb18030", "x-gbk"}:
            declared = "gb18030"
        try:
            return _newlines(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


_SKIP = frozenset({"script", "style", "head", "template", "title"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr", "param"}
)
_BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center"}
    | {"dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"}
    | {"hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section"}
    | {"summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "option"}
)
_CELL = frozenset({"td", "th"})
_SRC_TAGS = frozenset(
    {"img", "iframe", "frame", "script", "embed", "video", "audio", "source"}
)


class _TextBuilder(HTMLParser):
    """Visible text with HTML's whitespace rules, blocks on their own lines, table
    cells separated by tabs; href and src targets with the span of their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.last = "\n"  # the last character written ("\n" at the start)
        self.pending_space = False
        self.skip_depth = 0
        self.pre_depth = 0
        self.row_has_cell = False
        self.open_links: list[tuple[int, str]] = []
        self.links: list[tuple[int, int, str]] = []

    def _write(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)
            self.last = s[-1]

    def _break(self) -> None:
        self.pending_space = False
        if self.last != "\n":
            self._write("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if tag in _SRC_TAGS and values.get("src"):
            self.links.append((self.length, self.length, values["src"]))
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if tag == "br":
            self.pending_space = False
            self._write("\n")
        elif tag in _BLOCK:
            self._break()
            if tag == "tr":
                self.row_has_cell = False
            if tag == "pre":
                self.pre_depth += 1
        elif tag in _CELL:
            if self.row_has_cell:
                self.pending_space = False
                self._write("\t")
            self.row_has_cell = True
        if tag in {"a", "area"} and values.get("href"):
            if tag == "area":
                self.links.append((self.length, self.length, values["href"]))
            else:
                self.open_links.append((self.length, values["href"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK:
            self._break()
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
        if tag == "a" and self.open_links:
            start, href = self.open_links.pop()
            self.links.append((start, self.length, href))

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            self._write(_newlines(data))
            return
        words = data.split()
        if not words:
            self.pending_space = self.pending_space or bool(data)
            return
        if data[0].isspace():
            self.pending_space = True
        if self.pending_space and self.last not in "\n\t":
            self._write(" ")
        self._write(" ".join(words))
        self.pending_space = data[-1].isspace()

    def result(self) -> Extracted:
        for start, href in self.open_links:  # unclosed <a>
            self.links.append((start, self.length, href))
        text = "".join(self.parts)
        # Drop the trailing newline only: offsets of everything else stay put.
        while text.endswith("\n"):
            text = text[:-1]
        links = tuple(
            Link(min(s, len(text)), min(e, len(text)), t.strip())
            for s, e, t in sorted(self.links)
        )
        return Extracted(text, links)


def html_extract(html: str) -> Extracted:
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    return builder.result()


def html_to_text(html: str) -> str:
    return html_extract(html).text


def html_links(html: str) -> list[str]:
    """Every href and src target in the page, in order of appearance."""
    return [target for _, _, target in html_extract(html).links]


# --- Office files -------------------------------------------------------------------


def _open_zip(data: bytes, max_bytes: int, kind: str) -> None:
    """Check that ``data`` is an unencrypted Office archive of a sane size."""
    if data.startswith(_OLE_MAGIC):
        raise ExtractionError(
            f"文件设有打开密码，或实际是旧版 {kind} 格式：请取消密码、另存为新版格式后重试。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ExtractionError(
            "文件已损坏或不是有效的 Office 文档，无法读取。"
        ) from None
    if unpacked > max_bytes * _MAX_UNPACKED_RATIO:
        raise ExtractionError("文件解压后过大，无法检查。")


def _docx(data: bytes, max_bytes: int) -> Extracted:
    _open_zip(data, max_bytes, ".doc")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise ExtractionError("文件已损坏或不是有效的 Word 文档，无法读取。") from None
    except Exception:  # noqa: BLE001 - any failure of a damaged file means "damaged"
        raise ExtractionError("文件已损坏，无法读取。") from None

    out = _DocxWriter()
    try:
        out.blocks(document.iter_inner_content())
        # Headers and footers follow the body: they are published with it.
        seen: set[int] = set()
        for section in document.sections:
            for part in (section.header, section.footer):
                if part.is_linked_to_previous or id(part.part) in seen:
                    continue
                seen.add(id(part.part))
                out.blocks(part.iter_inner_content())
    except Exception:  # noqa: BLE001 - any failure of a damaged file means "damaged"
        raise ExtractionError("文件已损坏，无法完整读取。") from None
    return Extracted(out.text(), tuple(out.links))


class _DocxWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts).rstrip("\n")

    def blocks(self, items: Iterator[Any]) -> None:
        from docx.table import Table

        for item in items:
            if isinstance(item, Table):
                self.table(item)
            else:
                self.paragraph(item)
                self.write("\n")

    def paragraph(self, paragraph: Any) -> None:
        from docx.text.hyperlink import Hyperlink

        for item in paragraph.iter_inner_content():
            start = self.length
            self.write(item.text)
            if isinstance(item, Hyperlink) and item.address:
                self.links.append(Link(start, self.length, item.url))

    def table(self, table: Any) -> None:
        for row in table.rows:
            previous = None
            first = True
            for cell in row.cells:
                if cell._tc is previous:  # a merged cell repeats
                    continue
                previous = cell._tc
                if not first:
                    self.write("\t")
                first = False
                self.cell(cell)
            self.write("\n")

    def cell(self, cell: Any) -> None:
        from docx.table import Table

        first = True
        for item in cell.iter_inner_content():
            if not first:
                self.write("\n")
            first = False
            if isinstance(item, Table):
                self.write("\n")
                self.table(item)
            else:
                self.paragraph(item)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return _newlines(str(value))


def _xlsx(data: bytes, max_bytes: int) -> str:
    _open_zip(data, max_bytes, ".xls")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception:  # noqa: BLE001 - any failure of a damaged file means "damaged"
        raise ExtractionError(
            "文件已损坏或不是有效的 Excel 工作簿，无法读取。"
        ) from None
    lines: list[str] = []
    try:
        for sheet in workbook.worksheets:
            if lines:
                lines.append("")
            lines.append(f"【{sheet.title}】")
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
    except Exception:  # noqa: BLE001
        raise ExtractionError("文件已损坏，无法完整读取工作表。") from None
    finally:
        workbook.close()
    return "\n".join(lines)


# --- PDF ----------------------------------------------------------------------------


def _pdf(data: bytes) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError("文件已损坏或不是有效的 PDF 文件，无法读取。")
    from pdfminer.high_level import extract_text as pdf_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        text = pdf_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractionError(
            "PDF 文件设有打开密码或加密方式不受支持，请取消密码后重试。"
        ) from None
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        raise ExtractionError("PDF 文件已损坏，无法读取。") from None
    # Pages are separated by form feeds; one character for one keeps offsets simple.
    text = _newlines(text).replace("\x0c", "\n").rstrip("\n")
    if "(cid:" in text and not re.sub(r"\(cid:\d+\)|\s", "", text):
        text = ""
    if not text.strip():
        raise NoTextError(
            "PDF 中没有可提取的文字（可能是扫描件或图片），无法自动检查，"
            "请人工审查，或上传带文字层的版本。"
        )
    return text
