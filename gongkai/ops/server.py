"""Running the web server (gunicorn) with a task worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


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
                "threads": 4,
                "worker_class": "gthread",
                "timeout": 120,
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
