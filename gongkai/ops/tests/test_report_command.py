"""gongkai report parse：读取已发布的年度报告。"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.ops.management.commands.report import decode_report
from gongkai.rules.annual_report_parse import parse_report

ROOT = Path(__file__).resolve().parents[3]
REPORTS = ROOT / "gongkai" / "rules" / "tests" / "data" / "annual_reports"


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_documented_shape() -> None:
    path = REPORTS / "gov_2021_rowspan.html"
    data = json.loads(run("parse", str(path), "--format", "json"))
    assert set(data) == {"format", "table2", "table3", "table4", "checks", "warnings"}
    assert data["format"] == "2021"
    assert data["table3"][0] == {
        "label": "一、本年新收政府信息公开申请数量",
        "values": {
            "自然人": 86,
            "商业企业": 9,
            "科研机构": 0,
            "社会公益组织": 1,
            "法律服务机构": 3,
            "其他": 2,
            "总计": 101,
        },
    }
    assert {r["label"] for r in data["table3"]} >= {
        "（三）不予公开/1.属于国家秘密",
        "（六）其他处理/3.其他",
    }
    assert set(data["table4"]) == {"行政复议", "行政诉讼"}
    assert set(data["table4"]["行政诉讼"]) == {"未经复议直接起诉", "复议后起诉"}
    assert all(set(c) == {"rule", "ok", "detail"} for c in data["checks"])
    assert all(c["ok"] is True for c in data["checks"])
    assert data == parse_report(path.read_text(encoding="utf-8")).to_json()


def test_text_output_is_a_chinese_summary() -> None:
    text = run("parse", str(REPORTS / "county_2019_tabs.txt"))
    assert text.startswith("报告格式：2019年格式（国办公开办函〔2019〕60号）")
    assert "（六）其他处理" in text
    assert "通过 40 项，不通过 0 项，无法核验 0 项" in text


def test_gb2312_page_is_decoded_from_its_meta_charset() -> None:
    raw = (REPORTS / "city_2019_blanks_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "某市交通运输局" in decode_report(raw)
    data = json.loads(
        run("parse", str(REPORTS / "city_2019_blanks_gbk.html"), "--format", "json")
    )
    assert data["format"] == "2019"
    assert data["table3"][0]["values"]["科研机构"] is None
    assert any(c["ok"] is None for c in data["checks"])


def test_failed_checks_still_exit_zero(tmp_path: Path) -> None:
    source = (REPORTS / "town_2021_pipes.txt").read_text(encoding="utf-8")
    broken = source.replace(
        "| 四、结转下年度继续办理 | | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 四、结转下年度继续办理 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    )
    assert broken != source
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    data = json.loads(run("parse", str(path), "--format", "json"))
    failed = [c for c in data["checks"] if c["ok"] is False]
    assert [c["detail"].split("：")[0] for c in failed] == ["自然人列", "总计列"]
    text = run("parse", str(path))
    assert (
        "[不通过] 自然人列：一（12）+二（1）=13，三（七）总计（13）+四（2）=15，不相等（相差2）"
        in text
    )


def test_content_type_option_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.dat"
    path.write_text(
        (REPORTS / "town_2021_pipes.txt").read_text(encoding="utf-8"), "utf-8"
    )
    data = json.loads(
        run("parse", str(path), "--content-type", "text", "--format", "json")
    )
    assert data["format"] == "2021"


def test_missing_file_is_unreadable() -> None:
    with pytest.raises(CommandError, match="无法读取文件") as info:
        run("parse", "/nonexistent/report.html")
    assert info.value.returncode == 2


def test_file_without_tables_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "某局2024年政府信息公开工作年度报告\n\n一、总体情况\n本年度……。\n", "utf-8"
    )
    with pytest.raises(CommandError, match="没有找到年度报告的统计表") as info:
        run("parse", str(path))
    assert info.value.returncode == 2


def _gongkai(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_exit_status_from_the_gongkai_command(tmp_path: Path) -> None:
    ok = _gongkai(
        "report", "parse", str(REPORTS / "gov_2021_rowspan.html"), "--format", "json"
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["format"] == "2021"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><p>无表格</p></body></html>", "utf-8")
    bad = _gongkai("report", "parse", str(empty))
    assert bad.returncode == 2
    assert "没有找到年度报告的统计表" in bad.stderr
