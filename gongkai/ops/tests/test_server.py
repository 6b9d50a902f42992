"""gongkai serve: gunicorn with the options of ``WEB_OPTIONS``."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from gunicorn.config import Config

from gongkai.ops.server import WEB_OPTIONS, command_line
from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parents[3]


def test_the_command_line_gives_gunicorn_the_same_options() -> None:
    config = Config()
    parsed = config.parser().parse_args(command_line(WEB_OPTIONS))
    for key, value in WEB_OPTIONS.items():
        assert getattr(parsed, key) == value
    assert WEB_OPTIONS["worker_class"] == "sync"


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_serve_starts_two_workers_that_answer(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "GONGKAI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_DEBUG": "0",
        "HOME": str(tmp_path),
    }
    command = [sys.executable, "-m", "gongkai.cli", "serve", "--no-worker"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline:
            try:
                status, body = _get(port, "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, server.stderr
        assert body.startswith("User-agent: *")
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(_children(server.pid)) == 2
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
    assert "ERROR" not in err, err
    assert not (tmp_path / ".gunicorn").exists()  # no control socket
