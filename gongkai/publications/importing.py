"""Reading the documents of an existing site for ``services.records_import``.

Two sources, one shape: a JSON Lines file (one JSON object a line, for the
``gongkai import documents`` command) and an .xlsx/.csv sheet (the workbench upload)
whose columns carry the same keys or their Chinese names. Every line becomes a
validated :class:`ImportRow` or an :class:`ImportRejection` with its line number and
a Chinese reason. Files are streamed: a JSONL file is read line by line (a line may
hold at most 10 MB, a file at most 2 GB), so a large migration never sits in memory.

Keys: ``title``, ``body`` and ``unit`` are required; ``doc_number``,
``index_number``, ``written_on``, ``published_on``, ``column``, ``genre``,
``topic``, ``validity``, ``attachments`` (JSONL only), ``publisher`` and
``summary`` are optional.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.core.exceptions import ValidationError
from gongkai.organizations.models import Unit
from gongkai.organizations.selectors import unit_by_name
from gongkai.publications.models import Column, Record
from gongkai.publications.services import (
    ATTACHMENT_SUFFIXES,
    MAX_ATTACHMENT_BYTES,
    ImportedItem,
    ImportRejection,
    ImportReport,
    ImportRow,
    RevisionInput,
)
from gongkai.publications.vocab import DocumentType, Topic, Validity
from gongkai.rules.docnumbers import parse_index_number

__all__ = [
    "HEADERS",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_SHEET_BYTES",
    "ImportRejection",
    "ImportReport",
    "ImportRow",
    "ImportedItem",
    "JsonlReader",
    "RowParser",
    "parse_date",
    "read_sheet",
]

MAX_LINE_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHEET_ROWS = 20_000

# Sheet header → key. The JSON keys themselves are accepted too.
HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("title", "标题", "名称", "信息名称", "文件名称"),
    "body": ("body", "正文", "内容"),
    "unit": ("unit", "单位", "所属单位", "发文单位"),
    "doc_number": ("doc_number", "文号", "发文字号"),
    "index_number": ("index_number", "索引号"),
    "written_on": ("written_on", "成文日期"),
    "published_on": ("published_on", "发布日期"),
    "column": ("column", "栏目", "所属栏目"),
    "genre": ("genre", "体裁"),
    "topic": ("topic", "主题分类", "主题"),
    "validity": ("validity", "有效性"),
    "publisher": ("publisher", "发布机构"),
    "summary": ("summary", "内容概述", "摘要"),
}
REQUIRED = ("title", "body", "unit")
LABELS = {
    "title": "标题",
    "body": "正文",
    "unit": "单位",
    "doc_number": "文号",
    "index_number": "索引号",
    "written_on": "成文日期",
    "published_on": "发布日期",
    "column": "栏目",
    "genre": "体裁",
    "topic": "主题分类",
    "validity": "有效性",
    "publisher": "发布机构",
    "summary": "内容概述",
    "attachments": "附件",
}

_DATE_DASHED = re.compile(
    r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DATE_CN = re.compile(
    r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?$"
)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>")


class RowError(Exception):
    """One or more problems of a line (joined into the rejection reason)."""


def parse_date(value: object, what: str) -> dt.date | None:
    """YYYY-MM-DD, 2026/3/5, 2026.3.5 or 2026年3月5日 (a date or datetime cell too)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RowError(f"{what}“{value}”不是日期，应写作 2026-03-05 或 2026年3月5日")
    text = value.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    m = _DATE_DASHED.match(text) or _DATE_CN.match(text)
    if m is None:
        raise RowError(
            f"{what}“{value}”无法识别，应写作 2026-03-05、2026/3/5 或 2026年3月5日"
        )
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise RowError(f"{what}“{value}”不是有效的日期") from None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def body_html(text: str) -> str:
    """The body as HTML: HTML is kept (the service sanitises it); plain text becomes
    one paragraph per line."""
    if _HTML_TAG.search(text):
        return text
    lines = [line.strip() for line in text.splitlines()]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


class RowParser:
    """Turns one object (a JSON line or a sheet row) into an ``ImportRow``.

    Units and columns are looked up once per distinct value; 索引号 uniqueness is
    checked against the database when the row is parsed (the service consumes rows
    one at a time, so earlier rows of the same file are already there)."""

    def __init__(self, base_dir: Path | None = None) -> None:
        self.base_dir = base_dir.resolve() if base_dir is not None else None
        self._units: dict[str, Unit | str] = {}
        self._columns: dict[str, Column | str] = {}
        self.today = timezone.localdate()

    def parse(self, obj: Mapping[str, Any], line: int) -> ImportRow | ImportRejection:
        errors: list[str] = []

        def field(key: str, *, required: bool = False) -> str:
            value = obj.get(key)
            if value is None or value == "":
                if required:
                    errors.append(f"缺少{LABELS[key]}（{key}）")
                return ""
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(int(value)) if float(value).is_integer() else str(value)
            if not isinstance(value, str):
                errors.append(f"{LABELS[key]}（{key}）应为文字")
                return ""
            if required and not value.strip():
                errors.append(f"缺少{LABELS[key]}（{key}）")
            return value.strip()

        def attempt(call: Any, *args: Any) -> Any:
            try:
                return call(*args)
            except RowError as exc:
                errors.append(str(exc))
                return None

        title = " ".join(field("title", required=True).split())
        if "body" not in obj or obj.get("body") is None:
            errors.append("缺少正文（body）")
            body = ""
        else:
            raw_body = obj.get("body")
            if not isinstance(raw_body, str):
                errors.append("正文（body）应为文字")
                body = ""
            else:
                body = body_html(raw_body)
        unit_text = field("unit", required=True)
        unit = attempt(self._unit, unit_text) if unit_text else None
        doc_number = field("doc_number")
        index_number = field("index_number")
        if index_number:
            attempt(self._check_index_number, index_number)
        written_on = attempt(parse_date, obj.get("written_on"), "成文日期")
        published_on = attempt(parse_date, obj.get("published_on"), "发布日期")
        if published_on is not None and published_on > self.today:
            errors.append(f"发布日期{published_on:%Y-%m-%d}晚于今天，请核对")
        columns = attempt(self._columns_of, obj.get("column"))
        genre = field("genre")
        doc_type = attempt(_choice, genre, DocumentType, "体裁") if genre else None
        topic_text = field("topic")
        topic = attempt(_choice, topic_text, Topic, "主题分类") if topic_text else None
        validity_text = field("validity")
        validity = (
            attempt(_choice, validity_text, Validity, "有效性") if validity_text else ""
        )
        attachments = attempt(self._attachments, obj.get("attachments"))
        publisher = field("publisher")
        summary = field("summary")
        if not errors and not body.strip() and not attachments:
            errors.append("正文为空且没有附件")
        if errors:
            return ImportRejection(line, title[:100], "；".join(errors) + "。")
        assert isinstance(unit, Unit)
        data = RevisionInput(
            title=title,
            formed_on=written_on or published_on or self.today,
            body=body,
            summary=summary,
            publisher=publisher,
            doc_number=doc_number,
            written_on=written_on,
            column_ids=[c.pk for c in columns or []],
        )
        if doc_type:
            data.doc_type = doc_type
        if topic:
            data.topic = topic
        return ImportRow(
            line=line,
            unit=unit,
            data=data,
            index_number=index_number,
            validity=validity or Validity.NOT_APPLICABLE,
            published_on=published_on,
            attachments=attachments or [],
        )

    def _unit(self, text: str) -> Unit:
        if text not in self._units:
            self._units[text] = self._find_unit(text)
        found = self._units[text]
        if isinstance(found, str):
            raise RowError(found)
        return found

    @staticmethod
    def _find_unit(text: str) -> Unit | str:
        code = "".join(text.split()).upper()
        unit: Unit | None = Unit.objects.filter(code=code).first() if code else None
        if unit is None:
            name = " ".join(text.split())
            if Unit.objects.filter(name=name).count() > 1:
                return f"有多个单位名为“{name}”，请改用统一社会信用代码指明单位"
            unit = unit_by_name(name)
        if unit is None:
            return f"找不到单位“{text}”（按统一社会信用代码、全称、简称查找），请先在“组织机构”中新建或补充简称"
        if not unit.is_active:
            return f"单位“{unit.name}”已停用"
        return unit

    def _columns_of(self, value: object) -> list[Column]:
        if value is None or value == "":
            return []
        items = value if isinstance(value, list) else [value]
        found: list[Column] = []
        for item in items:
            if not isinstance(item, str):
                raise RowError("栏目（column）应为栏目名称或网址名")
            # Several columns in one cell are separated by semicolons.
            parts = [item] if isinstance(value, list) else re.split(r"[;；]", item)
            for part in parts:
                text = part.strip()
                if not text:
                    continue
                if text not in self._columns:
                    self._columns[text] = self._find_column(text)
                column = self._columns[text]
                if isinstance(column, str):
                    raise RowError(column)
                found.append(column)
        return found

    @staticmethod
    def _find_column(text: str) -> Column | str:
        active = Column.objects.filter(is_active=True)
        by_slug = active.filter(slug=text.lower()).first()
        if by_slug is not None:
            return by_slug
        named = list(active.filter(name=text)[:2])
        if len(named) > 1:
            return f"有多个栏目名为“{text}”，请改用栏目的网址名"
        if not named:
            return f"找不到栏目“{text}”（按栏目名称或网址名查找），请先在“公开目录栏目”中新建"
        return named[0]

    @staticmethod
    def _check_index_number(text: str) -> None:
        if len(text) > 60 or parse_index_number(text) is None:
            raise RowError(
                f"索引号“{text}”格式不正确，应为“单位代码/年份-流水号”，如 11370100004000016E/2026-00012"
            )
        if Record.objects.filter(index_number=text).exists():
            raise RowError(f"索引号“{text}”已被其他信息使用")

    def _attachments(self, value: object) -> list[Path]:
        if value is None or value == "" or value == []:
            return []
        if self.base_dir is None:
            raise RowError(
                "表格导入不支持附件，请导入后在信息页面上传，或使用命令行导入"
            )
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RowError("附件（attachments）应为文件路径的列表")
        paths: list[Path] = []
        for text in value:
            relative = Path(text.strip())
            if not text.strip() or relative.is_absolute():
                raise RowError(f"附件路径“{text}”应为相对于JSONL文件所在目录的路径")
            path = (self.base_dir / relative).resolve()
            if not path.is_relative_to(self.base_dir):
                raise RowError(f"附件路径“{text}”不在JSONL文件所在目录之内")
            if not path.is_file():
                raise RowError(f"找不到附件“{text}”")
            suffix = path.suffix.lower()
            if suffix not in ATTACHMENT_SUFFIXES:
                allowed = "、".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
                raise RowError(
                    f"附件“{text}”的类型“{suffix or '无扩展名'}”不支持，可用：{allowed}"
                )
            size = path.stat().st_size
            if size == 0:
                raise RowError(f"附件“{text}”是空文件")
            if size > MAX_ATTACHMENT_BYTES:
                raise RowError(f"附件“{text}”超过50MB")
            paths.append(path)
        return paths


def _choice(text: str, choices: Any, what: str) -> str:
    """A value of ``choices`` given by its value or its label."""
    for value, label in choices.choices:
        if text in (value, label) and (value or text == label):
            return str(value)
    shown = "、".join(str(label) for value, label in choices.choices if value)
    raise RowError(f"{what}“{text}”不在可选范围内（{shown}）")


# --- JSON Lines ----------------------------------------------------------------------


class JsonlReader:
    """The rows of a JSON Lines file, read one line at a time.

    ``bytes_read`` tells how far the reading has got (for a progress bar over
    ``size``). Blank lines are skipped; line numbers count every line."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.size = self.path.stat().st_size
        except OSError as exc:
            raise ValidationError(
                f"无法读取文件 {self.path}：{exc.strerror or exc}"
            ) from None
        if not self.path.is_file():
            raise ValidationError(f"{self.path} 不是文件。")
        if self.size > MAX_FILE_BYTES:
            raise ValidationError(
                "文件超过2GB，请按单位或年份拆分成多个文件后分批导入。"
            )
        self.bytes_read = 0
        self.parser = RowParser(base_dir=self.path.parent)

    def __iter__(self) -> Iterator[ImportRow | ImportRejection]:
        with self.path.open("rb") as handle:
            line = 0
            while True:
                raw = handle.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                line += 1
                self.bytes_read += len(raw)
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    self._skip_rest(handle)
                    yield ImportRejection(
                        line, "", "该行超过10MB，请把正文中的大段内容改为附件。"
                    )
                    continue
                if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw.strip():
                    continue
                yield self._row(raw, line)

    def _skip_rest(self, handle: io.BufferedReader) -> None:
        while True:
            chunk = handle.readline(1024 * 1024)
            self.bytes_read += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                return

    def _row(self, raw: bytes, line: int) -> ImportRow | ImportRejection:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return ImportRejection(line, "", "该行不是UTF-8编码，请将文件另存为UTF-8。")
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            return ImportRejection(
                line,
                "",
                f"不是有效的JSON（第{exc.colno}个字符附近），每行应为一个完整的JSON对象。",
            )
        if not isinstance(obj, dict):
            return ImportRejection(line, "", "该行不是JSON对象（应以 { 开头）。")
        return self.parser.parse(obj, line)


# --- .xlsx / .csv --------------------------------------------------------------------


def _header_key(text: str) -> str | None:
    folded = "".join(text.split()).lower()
    for key, names in HEADERS.items():
        if folded in names:
            return key
    return None


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(data: bytes, filename: str) -> Iterator[ImportRow | ImportRejection]:
    """The rows of an .xlsx or .csv upload whose header (in the first 10 rows) names
    the 标题, 正文 and 单位 columns; line numbers are the sheet's row numbers."""
    if len(data) > MAX_SHEET_BYTES:
        raise ValidationError("文件超过20MB，请拆分后分批导入。")
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data)
    elif suffix == ".csv":
        rows = _csv_rows(data)
    else:
        raise ValidationError("请上传 .xlsx 或 .csv 文件。")
    columns: dict[str, int] = {}
    header_row = 0
    for number, cells in rows:
        found = {
            key: col
            for col, cell in reversed(list(enumerate(cells)))
            if isinstance(cell, str) and (key := _header_key(cell)) is not None
        }
        if all(k in found for k in REQUIRED):
            columns, header_row = found, number
            break
        if number >= 10:
            break
    if not header_row:
        raise ValidationError(
            "表格前10行中没有找到表头：须包含“标题”“正文”“单位”三列，"
            "可选列：文号、索引号、成文日期、发布日期、栏目、体裁、主题分类、有效性。"
        )
    return _sheet_rows(rows, columns)


def _sheet_rows(
    rows: Iterator[tuple[int, list[object]]], columns: dict[str, int]
) -> Iterator[ImportRow | ImportRejection]:
    parser = RowParser(base_dir=None)
    count = 0
    for number, cells in rows:
        if not any(c not in ("", None) for c in cells):
            continue
        count += 1
        if count > MAX_SHEET_ROWS:
            yield ImportRejection(
                number, "", f"一次最多导入{MAX_SHEET_ROWS}行，其余行请分批导入。"
            )
            return
        obj = {
            key: cells[col] if col < len(cells) else "" for key, col in columns.items()
        }
        yield parser.parse(obj, number)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError(
            "文件不是有效的 .xlsx 表格，请在Excel中另存为“Excel 工作簿(.xlsx)”后再上传。"
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise ValidationError(
            "无法读取该表格，文件可能已损坏。请在Excel中打开并另存为 .xlsx 后重试。"
        ) from None
    sheet = book.worksheets[0]

    def rows() -> Iterator[tuple[int, list[object]]]:
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(c) for c in cells]
        finally:
            book.close()

    return rows()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("无法识别 .csv 文件的编码，请另存为UTF-8编码的CSV。")

    def rows() -> Iterator[tuple[int, list[object]]]:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, [_cell(c) for c in cells]
        except csv.Error as exc:
            raise ValidationError(f"CSV 文件格式有误：{exc}") from None

    return rows()
