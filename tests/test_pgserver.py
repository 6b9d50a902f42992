"""The throwaway PostgreSQL of ``make pg-test``: it runs, passes on the exit status,
and leaves nothing behind, even when interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.pgserver import find_bin_dir, free_port, main

ROOT = Path(__file__).resolve().parent.parent
needs_postgres = pytest.mark.skipif(
    find_bin_dir() is None, reason="跳过 PostgreSQL 测试：未找到 PostgreSQL"
)


def pgserver(*command: str) -> list[str]:
    return [sys.executable, "-m", "tests.pgserver", "--", *command]


def run(
    *command: str, extra_env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(extra_env or {})}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        pgserver(*command),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def leftovers(directory: str) -> bool:
    return Path(directory).exists()


def test_usage_without_a_command() -> None:
    assert main([]) == 2
    assert main(["--"]) == 2


def test_free_port_is_a_local_port() -> None:
    assert 1024 <= free_port() <= 65535


@pytest.mark.parametrize(("ci", "expected"), [("true", 1), ("", 0)])
def test_missing_postgres_fails_in_ci_and_skips_elsewhere(
    ci: str, expected: int
) -> None:
    result = run(
        sys.executable,
        "-c",
        "print('ran')",
        extra_env={"GONGKAI_PG_BIN": "/nonexistent", "CI": ci},
    )
    assert result.returncode == expected
    assert "ran" not in result.stdout
    if expected == 0:
        assert "跳过 PostgreSQL 测试：未找到 PostgreSQL" in result.stderr
    else:
        assert "未找到 PostgreSQL" in result.stderr


@needs_postgres
def test_runs_the_command_against_a_fresh_database_and_cleans_up() -> None:
    script = textwrap.dedent(
        """
        import os, sys, psycopg
        url = os.environ["DATABASE_URL"]
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "select current_database(), current_user, "
                "(select rolsuper from pg_roles where rolname = current_user), "
                "current_setting('fsync'), current_setting('listen_addresses'), "
                "pg_encoding_to_char(encoding) "
                "from pg_database where datname = current_database()"
            ).fetchone()
        print(url)
        print(row)
        print("DIR", os.environ["GONGKAI_PG_DIR"])
        sys.exit(7)
        """
    )
    result = run(sys.executable, "-c", script)
    assert result.returncode == 7, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("postgres://gongkai@127.0.0.1:")
    assert lines[1] == "('gongkai', 'gongkai', True, 'off', '127.0.0.1', 'UTF8')"
    directory = lines[2].removeprefix("DIR ")
    assert not leftovers(directory)


@needs_postgres
def test_an_interrupt_stops_the_server_and_removes_its_files() -> None:
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        pgserver(
            sys.executable,
            "-c",
            "import os, time; print(os.environ['GONGKAI_PG_DIR'], flush=True); "
            "time.sleep(60)",
        ),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        directory = process.stdout.readline().strip()
        assert Path(directory, "data", "postmaster.pid").exists()
        pid = int(Path(directory, "data", "postmaster.pid").read_text().split()[0])
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C in a terminal
        assert process.wait(timeout=60) == 130
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not leftovers(directory)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}/status").exists():
        status = Path(f"/proc/{pid}/status").read_text()
        if "State:\tZ" in status:  # exited, waiting for init to reap it
            break
        time.sleep(0.1)
    else:
        assert not Path(f"/proc/{pid}/status").exists(), "postgres still running"
