"""The published 考评通报: a standalone HTML document and its PDF (WeasyPrint).

The HTML is a snapshot kept with the sheet, so the published 通报 never changes
when scores or unit names change later. It carries its own stylesheet because it is
downloaded and opened outside gongkai; the PDF is made from the same HTML with the
system's CJK fonts (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.core.exceptions import ValidationError
from gongkai.ledger.models import IndicatorSheet

if TYPE_CHECKING:
    from gongkai.ledger.selectors import SheetTable


def report_html(sheet: IndicatorSheet, table: SheetTable) -> str:
    return render_to_string(
        "ledger/report_document.html",
        {
            "sheet": sheet,
            "table": table,
            "published_at": sheet.published_at or timezone.now(),
        },
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document, or a ValidationError saying what is missing."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the host
        raise ValidationError(
            "无法生成PDF：服务器缺少 WeasyPrint 或 Pango 组件，请联系运维人员安装"
            f"（{exc}）。"
        ) from None
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
