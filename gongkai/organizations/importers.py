"""Reading a unit tree from an .xlsx sheet (the list offices keep in Excel)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from gongkai.core.exceptions import ValidationError

MAX_XLSX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

# Header cell → field. Offices name these columns in many ways.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "单位全称", "名称", "机构名称"),
    "parent": ("上级单位", "上级单位名称", "上级", "主管单位"),
    "kind": ("单位类型", "类型", "机构类型"),
    "code": ("统一社会信用代码", "组织机构代码", "单位代码", "代码", "信用代码"),
    "short_names": ("简称", "单位简称", "别名"),
    "sort_order": ("排序", "序号"),
}

KIND_WORDS = {
    "人民政府": "government",
    "政府": "government",
    "部门": "department",
    "委办局": "department",
    "镇街": "township",
    "镇": "township",
    "乡": "township",
    "街道": "township",
    "乡镇": "township",
    "村居": "village",
    "村": "village",
    "社区": "village",
    "居委会": "village",
    "事业单位": "institution",
    "其他": "other",
}


@dataclass
class SheetRow:
    row: int  # 1-based row number in the sheet, as Excel shows it
    name: str
    parent: str
    kind: str
    code: str
    short_names: str
    sort_order: int


def guess_kind(name: str, given: str) -> str | None:
    given = given.strip()
    if given:
        return KIND_WORDS.get(given) or (
            given if given in set(KIND_WORDS.values()) else None
        )
    if name.endswith("人民政府"):
        return "government"
    if name.endswith(("镇", "乡", "街道办事处", "街道")):
        return "township"
    if name.endswith(("村委会", "村民委员会", "居民委员会", "社区", "村")):
        return "village"
    return "department"


def read_unit_sheet(data: bytes) -> list[SheetRow]:
    """Rows of the first sheet whose header names a 单位名称 column."""
    from openpyxl import load_workbook

    if len(data) > MAX_XLSX_BYTES:
        raise ValidationError("文件超过10MB，请拆分后分批导入。")
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
    rows = sheet.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    header_row = 0
    for index, cells in enumerate(rows, start=1):
        texts = ["".join(str(c).split()) if c is not None else "" for c in cells]
        for field, names in HEADERS.items():
            for col, text in enumerate(texts):
                if text in names and field not in columns:
                    columns[field] = col
        if "name" in columns:
            header_row = index
            break
        columns = {}
        if index >= 10:
            break
    if not header_row:
        raise ValidationError(
            "表格前10行中没有找到“单位名称”列。请使用导入模板：单位名称、上级单位、单位类型、统一社会信用代码、简称。"
        )
    result: list[SheetRow] = []
    for index, cells in enumerate(rows, start=header_row + 1):
        if len(result) >= MAX_ROWS:
            raise ValidationError(f"一次最多导入{MAX_ROWS}行，请拆分后分批导入。")

        def cell(field: str, cells: tuple[object, ...] = cells) -> str:
            col = columns.get(field)
            if col is None or col >= len(cells) or cells[col] is None:
                return ""
            return str(cells[col]).strip()

        if not any(c not in (None, "") for c in cells):
            continue
        order = cell("sort_order")
        result.append(
            SheetRow(
                row=index,
                name=" ".join(cell("name").split()),
                parent=" ".join(cell("parent").split()),
                kind=cell("kind"),
                code=cell("code"),
                short_names=cell("short_names"),
                sort_order=int(float(order))
                if order.replace(".", "", 1).isdigit()
                else 0,
            )
        )
    book.close()
    return result
