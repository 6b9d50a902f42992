"""A throwaway PostgreSQL server for the test suite.

    python -m tests.pgserver -- CMD ARGS...

starts a fresh PostgreSQL cluster in a temporary directory, listening only on
127.0.0.1 on a free port, runs CMD with ``DATABASE_URL`` (and ``PGHOST``,
``PGPORT``, ``PGUSER``, ``PGDATABASE``) pointing at a database ``gongkai`` owned by
the superuser role ``gongkai``, then stops the server, removes the directory and
exits with CMD's exit status. The server is stopped on failure and on Ctrl+C too.

PostgreSQL refuses to run as root: when we are root (as in CI) the server runs as
the ``postgres`` system user, or as ``gongkai-pg``, created if missing.

Without PostgreSQL binaries the run fails when ``CI=true`` and is skipped (exit 0,
CMD not run) otherwise. ``GONGKAI_PG_BIN`` names the binary directory explicitly.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROLE = "gongkai"
DATABASE = "gongkai"
FALLBACK_USER = "gongkai-pg"
NEEDED = ("initdb", "pg_ctl")


class PgServerError(RuntimeError):
    """The server could not be set up; the message says why, in Chinese."""


class _Terminated(Exception):
    """SIGTERM or SIGHUP arrived: stop CMD and the server, then exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _log(message: str) -> None:
    print(f"[pgserver] {message}", file=sys.stderr, flush=True)


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.name
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def find_bin_dir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: ``GONGKAI_PG_BIN`` if set,
    else the newest /usr/lib/postgresql/*/bin, else the one of ``initdb`` on PATH."""

    def complete(directory: Path) -> bool:
        return all(os.access(directory / name, os.X_OK) for name in NEEDED)

    explicit = os.environ.get("GONGKAI_PG_BIN")
    if explicit:
        directory = Path(explicit)
        return directory if complete(directory) else None
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True
    )
    candidates += sorted(glob.glob("/usr/pgsql-*/bin"), reverse=True)
    for candidate in candidates:
        if complete(Path(candidate)):
            return Path(candidate)
    on_path = shutil.which("initdb")
    if on_path:
        directory = Path(os.path.realpath(on_path)).parent
        if complete(directory):
            return directory
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ensure_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    _log(f"创建系统用户 {name}，用于运行 PostgreSQL")
    result = subprocess.run(
        [
            "useradd",
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            name,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PgServerError(
            f"无法创建系统用户 {name}：{result.stderr.strip()}。"
            "PostgreSQL 不能以 root 身份运行，请以普通用户运行测试。"
        )


def server_user() -> str | None:
    """The user to run the server as: ``None`` for ourselves when not root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        _ensure_user(FALLBACK_USER)
        return FALLBACK_USER


@dataclass
class PgServer:
    bin_dir: Path
    user: str | None
    root: Path
    port: int = 0

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def env(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.url,
            "PGHOST": "127.0.0.1",
            "PGPORT": str(self.port),
            "PGUSER": ROLE,
            "PGDATABASE": DATABASE,
            "GONGKAI_PG_DIR": str(self.root),
        }

    def _as_server_user(self, args: Sequence[str]) -> list[str]:
        if self.user is None:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user, "--", *args]
        return ["setpriv", f"--reuid={self.user}", "--init-groups", "--", *args]

    def _run(self, args: Sequence[str], *, check: bool = True) -> int:
        # cwd: the server user may not be allowed into the caller's directory.
        result = subprocess.run(
            self._as_server_user(args),
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            details = (result.stdout + result.stderr).strip()
            raise PgServerError(f"{Path(args[0]).name} 失败：\n{details}")
        return result.returncode

    def _tool(self, name: str) -> str:
        return str(self.bin_dir / name)

    def init(self) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)
        base = [
            self._tool("initdb"),
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            ROLE,
            "--encoding=UTF8",
        ]
        try:
            self._run([*base, "--locale=C.UTF-8"])
        except PgServerError:
            # Systems without the C.UTF-8 locale: plain C sorts the same way.
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self._run([*base, "--locale=C"])
        conf = self.data_dir / "postgresql.conf"
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.root}'",
            "fsync": "off",
            "full_page_writes": "off",
            "synchronous_commit": "off",
            "max_connections": "50",
            "shared_buffers": "64MB",
        }
        with conf.open("a", encoding="utf-8") as handle:
            handle.write("\n# tests.pgserver: a throwaway test server\n")
            for key, value in settings.items():
                handle.write(f"{key} = {value}\n")

    def start(self, attempts: int = 3) -> None:
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            code = self._run(
                [
                    self._tool("pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    f"-p {self.port}",
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                check=False,
            )
            if code == 0:
                return
            # Someone may have taken the port between our check and the start.
            _log(f"第{attempt}次启动 PostgreSQL 失败（端口 {self.port}）")
        raise PgServerError("PostgreSQL 启动失败：\n" + self.server_log())

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=ROLE,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')

    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()

    def stop(self) -> None:
        if not self.running():
            return
        pg_ctl = [self._tool("pg_ctl"), "-D", str(self.data_dir), "-w", "-t", "30"]
        if self._run([*pg_ctl, "-m", "fast", "stop"], check=False) != 0:
            self._run([*pg_ctl, "-m", "immediate", "stop"], check=False)

    def server_log(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return "（没有服务器日志）"


def _temp_root(user: str | None) -> Path:
    # The server user must be able to reach the directory: when switching user,
    # use /tmp rather than a TMPDIR that may sit under root's home.
    base = "/tmp" if user is not None and os.path.isdir("/tmp") else None
    return Path(tempfile.mkdtemp(prefix="gongkai-pg-", dir=base))


@contextlib.contextmanager
def running_server(bin_dir: Path) -> Iterator[PgServer]:
    """A started server with the ``gongkai`` database; stopped and removed after."""
    user = server_user()
    server = PgServer(bin_dir=bin_dir, user=user, root=_temp_root(user))
    try:
        started = time.monotonic()
        server.init()
        server.start()
        server.create_database()
        owner = f"，以用户 {user} 运行" if user else ""
        _log(
            f"PostgreSQL 已启动：127.0.0.1:{server.port}{owner}"
            f"（{time.monotonic() - started:.1f} 秒）"
        )
        yield server
    finally:
        # A second Ctrl+C must not leave a server behind: ignore it while stopping.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            server.stop()
        finally:
            shutil.rmtree(server.root, ignore_errors=True)
            signal.signal(signal.SIGINT, previous)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Terminated(signum)


def _finish_child(child: subprocess.Popen[bytes], signum: int) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run(command: Sequence[str]) -> int:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI") == "true":
            _log(
                "错误：未找到 PostgreSQL（initdb、pg_ctl）。CI 中必须运行 PostgreSQL 测试："
                "请安装 postgresql 软件包，或用 GONGKAI_PG_BIN 指定其 bin 目录。"
            )
            return 1
        _log(
            "警告：跳过 PostgreSQL 测试：未找到 PostgreSQL"
            "（安装 postgresql 软件包后即可运行）。"
        )
        return 0
    previous = {
        sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        with running_server(bin_dir) as server:
            env = {**os.environ, **server.env()}
            child = subprocess.Popen(list(command), env=env)
            try:
                return child.wait()
            except KeyboardInterrupt:
                _finish_child(child, signal.SIGINT)
                return 130
            except _Terminated as exc:
                _finish_child(child, exc.signum)
                return 128 + exc.signum
    except PgServerError as exc:
        _log(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except _Terminated as exc:
        return 128 + exc.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        _log("用法：python -m tests.pgserver -- 命令 参数……")
        return 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
