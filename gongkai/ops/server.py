"""Running the web server (gunicorn) with a task worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.config import KNOWN_SETTINGS


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from config.wsgi import application

        return application


# How gunicorn runs the site (``gongkai serve`` and bench/portal.py). Sync workers:
# each process serves one request at a time and accepts every request anew. The
# pages are CPU-bound (SQLite, tantivy, templates), so threads in a process would
# only contend for the GIL, and with gthread a keep-alive connection stays with
# the process that accepted it: under wrk one of two workers at times held all
# sixteen connections while the other idled (search page ~210 req/s instead of
# 300+). Slow clients and keep-alive are nginx's job (docs/operations.md).
WEB_OPTIONS: dict[str, Any] = {"worker_class": "sync", "timeout": 120}
_SETTINGS = {setting.name: setting for setting in KNOWN_SETTINGS}
if "control_socket_disable" in _SETTINGS:
    # gunicorn 25.1 and later open a control socket in the user's home directory
    # for ``gunicornc``, which gongkai does not use; a second server on the machine
    # then logged an error about it.
    WEB_OPTIONS["control_socket_disable"] = True


def command_line(options: dict[str, Any]) -> list[str]:
    """gunicorn's command-line arguments for these options (to run gunicorn itself
    as ``gongkai serve`` does)."""
    args: list[str] = []
    for key, value in options.items():
        flag = _SETTINGS[key].cli[-1]
        if getattr(_SETTINGS[key], "action", None) == "store_true":
            args += [flag] if value else []
        else:
            args += [flag, str(value)]
    return args


def start_worker() -> subprocess.Popen[bytes]:
    """Start ``gongkai worker`` as a child process sharing this environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "worker"], env=os.environ.copy()
    )


def run_web(*, host: str, port: int, workers: int, with_worker: bool) -> None:
    worker = start_worker() if with_worker else None
    try:
        _Gunicorn(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                **WEB_OPTIONS,
                "accesslog": "-" if os.environ.get("GONGKAI_ACCESS_LOG") else None,
            }
        ).run()
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
