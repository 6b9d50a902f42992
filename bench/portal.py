"""Benchmark: the public portal under load — static pages by nginx, dynamic pages by
gunicorn — with the baselines measured in the same run.

    .venv/bin/python -m bench.portal --docs 100000 --keep     # build, measure, keep DIR
    .venv/bin/python -m bench.portal --reuse DIR              # measure again

In one run, on a throwaway SQLite database in a new temporary directory (never the
instance's data):

1. writes N published 主动公开 records (``bench.search_corpus``: titles, 文号, bodies
   of 500–5,000 characters, attachments) by bulk insert, in the standard catalogue
   columns, the 办法/意见 as policy documents;
2. ``gongkai publish-site`` into ``DIR/site``: the full first run (one process per
   CPU), an incremental run with nothing changed, and one after withdrawing a record
   (timed); then rebuilds the search index;
3. starts gunicorn as ``gongkai serve`` does (2 sync workers) and, if
   ``nginx`` is installed, nginx with the server block of docs/operations.md (the
   static site as root, its security headers, query strings and missing files
   passed to gunicorn);
4. measures with ``wrk`` (``--threads``, default 1; or, without wrk, a small Python
   load generator), each for ``--duration`` seconds with ``--connections``
   connections, on loopback only, and the servers' own CPU time per request (all
   their processes, from /proc; independent of how much CPU wrk and other jobs take):

   * static document page (nginx) against a plain file of the same size (nginx),
     alternately for ``--rounds`` rounds;
   * dynamic document pages (gunicorn; ``--pages`` different documents in turn),
     with the public page cache warmed (``--warmup`` seconds of the same load first)
     and with the cache turned off (a second gunicorn, ``GONGKAI_PAGE_CACHE_SECONDS=0``),
     against the cheapest Django response (``/robots.txt``: no template, no query);
   * the search page (``/search/?q=…``, 200 realistic queries in turn), after checking
     that it shows results (not "检索服务正在准备中").

``--keep`` keeps DIR and writes what the measurements need into it; ``--reuse DIR``
measures again without rebuilding (rebuilding the search index only if it was built
by another version of the code). Load averages are printed at both ends: the machine
may be shared (wrap measured runs in ``flock /tmp/gongkai-bench.lock``).

Targets (issue 7): static page ≥ 50 % of the plain file's requests per second;
dynamic document page ≥ 1,000 req/s with p99 ≤ 100 ms; search page ≥ 300 req/s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.search_corpus import PUBLISHERS, CorpusDoc, generate, queries
from gongkai.ops.server import WEB_OPTIONS, command_line

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TARGET_STATIC_RATIO = 0.5
TARGET_DYNAMIC_RPS = 1000.0
TARGET_DYNAMIC_P99_MS = 100.0
TARGET_SEARCH_RPS = 300.0

# doc_type → (column slug, policy class)
PLACEMENT: dict[str, tuple[str, str]] = {
    "办法": ("gfxwj", "normative"),
    "意见": ("qtwj", "other_policy"),
    "公示": ("tzgg", ""),
    "公告": ("tzgg", ""),
    "通知": ("tzgg", ""),
    "通报": ("tzgg", ""),
    "报告": ("czyjs", ""),
    "批复": ("jgzn", ""),
}


def _setup_django(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always SQLite, always throwaway
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


# --- the corpus -----------------------------------------------------------------------------


def load(docs: list[CorpusDoc]) -> list[str]:
    """Bulk-insert published records as the services leave them (public revision,
    索引号, columns, validity, attachments on disk). Returns the 索引号."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils.html import escape

    from gongkai.ops.demo import COLUMNS
    from gongkai.organizations.models import Unit, UnitKind
    from gongkai.publications import services
    from gongkai.publications.models import Attachment, Column, Record, Revision
    from gongkai.publications.states import RevisionState
    from gongkai.publications.vocab import Disclosure
    from gongkai.rules.docnumbers import doc_number_key, format_index_number

    services.columns_seed(actor=None, columns=COLUMNS)
    column_ids = {c.slug: c.pk for c in Column.objects.all()}
    media = Path(settings.MEDIA_ROOT) / "attachments" / "bench"
    media.mkdir(parents=True, exist_ok=True)
    through = Revision.columns.through
    numbers: list[str] = []
    with transaction.atomic():
        units = []
        for i, (name, _) in enumerate(PUBLISHERS):
            unit = Unit.objects.create(
                name=name,
                kind=UnitKind.GOVERNMENT if "人民政府" in name else UnitKind.DEPARTMENT,
                code=f"11350100{i:08d}XB",
                address=f"{name[:3]}人民路{i + 1}号" if i % 3 else "",
                phones=[f"0591-8{i:07d}"],
                email=f"gk{i}@example.gov.cn",
            )
            unit.path = f"/{unit.pk}/"
            unit.save(update_fields=["path"])
            units.append(unit)
        batch = 5000
        for start in range(0, len(docs), batch):
            chunk = docs[start : start + batch]
            records = Record.objects.bulk_create(
                Record(
                    unit=units[d.unit_index],
                    index_number=format_index_number(
                        units[d.unit_index].code, d.published.year, d.serial
                    ),
                    is_public=True,
                    validity=d.validity,
                    first_published_at=dt.datetime.combine(
                        d.published, dt.time(9), tzinfo=SHANGHAI
                    ),
                    imported=True,
                )
                for d in chunk
            )
            numbers += [r.index_number or "" for r in records]
            revisions = Revision.objects.bulk_create(
                Revision(
                    record=record,
                    state=RevisionState.PUBLISHED,
                    disclosure=Disclosure.PROACTIVE,
                    title=d.title,
                    summary=d.summary,
                    publisher=d.publisher,
                    doc_number=d.doc_number,
                    doc_number_key=doc_number_key(d.doc_number) if d.doc_number else "",
                    formed_on=d.published,
                    written_on=d.published,
                    doc_type=d.doc_type,
                    policy_class=PLACEMENT.get(d.doc_type, ("", ""))[1],
                    body="".join(
                        f"<p>{escape(p)}</p>" for p in d.body.split("\n") if p
                    ),
                    body_text=d.body,
                    published_at=record.first_published_at,
                )
                for record, d in zip(records, chunk, strict=True)
            )
            through.objects.bulk_create(
                through(
                    revision_id=revision.pk,
                    column_id=column_ids[PLACEMENT.get(d.doc_type, ("tzgg", ""))[0]],
                )
                for revision, d in zip(revisions, chunk, strict=True)
            )
            attachments = []
            for revision, d in zip(revisions, chunk, strict=True):
                for name, text in d.attachments:
                    data = text.encode()
                    (media / f"{d.serial}-{name}").write_bytes(data)
                    attachments.append(
                        Attachment(
                            revision=revision,
                            file=f"attachments/bench/{d.serial}-{name}",
                            name=name,
                            size=len(data),
                            text=text,
                        )
                    )
            Attachment.objects.bulk_create(attachments)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE publications_record SET public_revision_id = ("
                "SELECT id FROM publications_revision r"
                " WHERE r.record_id = publications_record.id)"
            )
    return numbers


# --- servers ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(port: int, path: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"127.0.0.1:{port}{path} 在 {seconds:.0f} 秒内没有响应")


def _check_page(port: int, path: str, expected: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    if response.status != 200 or expected not in body:
        raise SystemExit(f"{path}：状态 {response.status}，页面中没有“{expected}”")


def start_gunicorn(
    data_dir: str, port: int, settings: str, *, page_cache: bool = True
) -> subprocess.Popen[bytes]:
    env = os.environ.copy() | {
        "GONGKAI_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": settings,
        "GONGKAI_DEBUG": "0",
    }
    env.pop("GONGKAI_PAGE_CACHE_SECONDS", None)  # the default
    if not page_cache:
        env["GONGKAI_PAGE_CACHE_SECONDS"] = "0"
    # The options of ``gongkai serve`` (gongkai/ops/server.py).
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        *command_line(WEB_OPTIONS),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(
        command, env=env, cwd=Path(__file__).resolve().parent.parent
    )


# The server block of docs/operations.md ("静态发布与 nginx"), without TLS: the site
# as root, the same security headers and caching rule, the query-string and
# not-found fallbacks to gunicorn. The baseline file is served bare.
NGINX_CONF = """\
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {dir}/tmp-body;
    proxy_temp_path {dir}/tmp-proxy;
    fastcgi_temp_path {dir}/tmp-fastcgi;
    uwsgi_temp_path {dir}/tmp-uwsgi;
    scgi_temp_path {dir}/tmp-scgi;
    upstream gongkai {{
        server 127.0.0.1:{upstream};
    }}
    server {{
        listen 127.0.0.1:{port};
        charset utf-8;
        root {site};
        location ~ /\\. {{ deny all; }}
        location = /plain.html {{ root {plain}; }}
        location ^~ /static/ {{
            include {dir}/gongkai-headers.conf;
            expires 7d;
            try_files $uri @gongkai;
        }}
        location / {{
            include {dir}/gongkai-headers.conf;
            expires -1;
            error_page 418 = @gongkai;
            if ($args) {{ return 418; }}
            try_files $uri ${{uri}}index.html @gongkai;
        }}
        location @gongkai {{
            proxy_pass http://gongkai;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""

HEADERS_CONF = """\
add_header Content-Security-Policy "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
frame-ancestors 'self'; form-action 'self'; base-uri 'self'" always;
add_header X-Content-Type-Options nosniff always;
add_header X-Frame-Options SAMEORIGIN always;
add_header Referrer-Policy same-origin always;
"""


def start_nginx(
    work: Path, site: Path, plain: Path, port: int, upstream: int
) -> subprocess.Popen[bytes]:
    conf = work / "nginx.conf"
    (work / "gongkai-headers.conf").write_text(HEADERS_CONF, encoding="utf-8")
    conf.write_text(
        NGINX_CONF.format(
            dir=work, site=site, plain=plain, port=port, upstream=upstream
        ),
        encoding="utf-8",
    )
    return subprocess.Popen(
        ["nginx", "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


# --- load generation --------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    tool: str
    cpu_ms: float | None = None  # the server's CPU time (all its processes) a request

    def text(self) -> str:
        errors = f"，错误 {self.errors}" if self.errors else ""
        cpu = ""
        if self.cpu_ms is not None:
            cpu = (
                f"  服务器 CPU {self.cpu_ms * 1000:4.0f} µs/次"
                if self.cpu_ms < 1
                else f"  服务器 CPU {self.cpu_ms:5.2f} ms/次"
            )
        return (
            f"{self.rps:8.0f} 次/秒  p50 {self.p50_ms:6.1f} ms  p99 {self.p99_ms:6.1f} ms"
            f"{cpu}（{self.requests} 次{errors}，{self.tool}）"
        )


LUA_PATHS = """\
local paths = {{{paths}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    port: int,
    paths: list[str],
    duration: int,
    connections: int,
    threads: int,
    work: Path,
) -> Load:
    script = work / f"paths-{random.randrange(10**9)}.lua"
    quoted = ",".join(
        '"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths
    )
    script.write_text(LUA_PATHS.format(paths=quoted), encoding="utf-8")
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=True,
        ).stdout
    finally:
        script.unlink(missing_ok=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    for match in re.finditer(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))

    def parse(v: str) -> float:
        m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
        return _ms(m.group(1), m.group(2)) if m else float("nan")

    return Load(
        rps, parse(lat.get("50", "")), parse(lat.get("99", "")), total, errors, "wrk"
    )


def run_python(port: int, paths: list[str], duration: int, connections: int) -> Load:
    """Fallback without wrk: keep-alive connections in threads, bounded by time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        i = offset
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += connections
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            mine.append((time.perf_counter() - t) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 30)
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    return Load(
        len(latencies) / elapsed,
        statistics.median(latencies) if latencies else float("nan"),
        p99,
        len(latencies),
        errors[0],
        "Python 负载程序",
    )


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a server: its master process and the processes it
    started (gunicorn's and nginx's workers; all their threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(
    server: subprocess.Popen[bytes],
    port: int,
    paths: list[str],
    args: argparse.Namespace,
    work: Path,
) -> Load:
    before = _cpu_seconds(server.pid)
    if shutil.which("wrk"):
        load_ = run_wrk(
            port, paths, args.duration, args.connections, args.threads, work
        )
    else:
        load_ = run_python(port, paths, args.duration, args.connections)
    if load_.requests:
        load_.cpu_ms = (_cpu_seconds(server.pid) - before) * 1000 / load_.requests
    return load_


# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--duration", type=int, default=10, help="每项测量的秒数")
    parser.add_argument("--connections", type=int, default=16, help="并发连接数")
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk 的线程数（与服务器共用 CPU）"
    )
    parser.add_argument("--pages", type=int, default=500, help="轮流请求的文件页数")
    parser.add_argument(
        "--rounds", type=int, default=3, help="静态页与普通文件交替测的轮数"
    )
    parser.add_argument(
        "--warmup", type=int, default=15, help="测动态页前预热页面缓存的秒数"
    )
    parser.add_argument("--keep", action="store_true", help="保留临时数据目录")
    parser.add_argument(
        "--settings",
        default="config.settings",
        help="gunicorn 使用的 Django 设置模块（默认 config.settings，即实际安装的设置）",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="重用以前用 --keep 保留的数据目录（不再生成语料、静态发布和重建索引），只测量",
    )
    args = parser.parse_args(argv)
    args.duration = max(1, min(args.duration, 120))
    args.warmup = max(1, min(args.warmup, 120))
    args.rounds = max(1, min(args.rounds, 9))
    args.threads = max(1, min(args.threads, args.connections))
    if args.reuse:
        data_dir = str(Path(args.reuse).resolve())
        if not (Path(data_dir) / STATE_FILE).is_file():
            raise SystemExit(
                f"{data_dir} 中没有 {STATE_FILE}：不是用 --keep 保留的目录。"
            )
    else:
        data_dir = tempfile.mkdtemp(prefix="gongkai-bench-portal-")
        Path(data_dir).chmod(0o755)  # nginx's workers read the site as another user
    try:
        run(args, data_dir)
    finally:
        if args.keep or args.reuse:
            print(f"数据目录：{data_dir}（保留；用 --reuse 重新测量）")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


STATE_FILE = "bench-portal.json"


def _loadavg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def prepare(args: argparse.Namespace, data_dir: str) -> dict[str, Any]:
    """Corpus, database, static site and search index; what the measurements need."""
    from django.core.management import call_command
    from django.urls import reverse

    from gongkai.portal import staticsite
    from gongkai.publications import services
    from gongkai.publications.models import Record

    work = Path(data_dir)
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    docs = list(generate(args.docs, args.seed))
    numbers = load(docs)
    print(f"语料：{len(docs)} 篇，生成并写入数据库 {time.perf_counter() - t:.1f} 秒")

    site = work / "site"
    jobs = os.cpu_count() or 1
    # The code is the same for the whole run even if the working tree changes
    # meanwhile (a changed template would otherwise make a run re-render everything).
    stamp = staticsite.build_stamp(staticsite.public_url())
    staticsite.build_stamp = lambda base_url: stamp
    first = staticsite.publish(out=site, jobs=jobs)
    print(f"静态发布（首次，全部，{jobs}个进程）：{first.summary()}")
    again = staticsite.publish(out=site, jobs=jobs)
    print(f"静态发布（无变化）：{again.summary()}")
    victim = Record.objects.get(index_number=numbers[len(numbers) // 2])
    services.record_withdraw(actor=None, record=victim, reason="基准测试：撤稿")
    after = staticsite.publish(out=site, jobs=jobs)
    print(f"静态发布（撤下1篇）：{after.summary()}")
    if first.errors or after.errors:
        raise SystemExit("静态发布有错误，停止测量。")

    rng = random.Random(args.seed)
    public = [n for n in numbers if n != victim.index_number]
    sample = rng.sample(public, min(args.pages, len(public)))
    state: dict[str, Any] = {
        "docs": len(docs),
        "doc_paths": [reverse("portal:document", args=[n]) for n in sample],
        "search_paths": _search_paths(docs),
    }
    (work / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False), "utf-8")
    return state


def run(args: argparse.Namespace, data_dir: str) -> None:
    _setup_django(data_dir)
    from gongkai.portal import staticsite

    work = Path(data_dir)
    print(
        f"CPU 核数：{os.cpu_count()}；开始时系统负载 {_loadavg()}；"
        f"数据目录：{data_dir}（{'重用' if args.reuse else '临时'}）"
    )
    if args.reuse:
        state = json.loads((work / STATE_FILE).read_text("utf-8"))
        print(f"重用已有的数据目录：{state['docs']} 篇（语料和静态站点不重建）")
        if state["search_paths"]:
            from gongkai.search import index as ix

            if ix.open_index() is None:  # built by another version of the code
                t = time.perf_counter()
                ix.rebuild()
                print(f"检索索引由其他版本建立，重建：{time.perf_counter() - t:.1f} 秒")
    else:
        state = prepare(args, data_dir)
    site = work / "site"
    doc_paths: list[str] = state["doc_paths"][: args.pages]
    search_paths: list[str] = state["search_paths"]
    one_doc = doc_paths[0]
    size = (site / staticsite.file_for(one_doc)).stat().st_size
    plain_dir = work / "plain"
    plain_dir.mkdir(exist_ok=True)
    (plain_dir / "plain.html").write_bytes(b"x" * size)
    avg = statistics.mean(
        (site / staticsite.file_for(p)).stat().st_size for p in doc_paths[:200]
    )
    print(f"文件页：{one_doc}，{size} 字节（抽样平均 {avg:.0f} 字节）")

    results: dict[str, Load] = {}
    servers: list[subprocess.Popen[bytes]] = []
    names = {
        "static": "静态文件页（nginx）",
        "plain": "同样大小的普通文件（nginx）",
        "static_many": f"静态文件页，{len(doc_paths)}篇轮流（nginx）",
        "dynamic": f"动态文件页，{len(doc_paths)}篇轮流（gunicorn，页面缓存已热）",
        "uncached": f"动态文件页，{len(doc_paths)}篇轮流（gunicorn，不用页面缓存）",
        "floor": "最简单的 Django 响应 /robots.txt（gunicorn）",
        "search": f"检索页，{len(search_paths)}个查询轮流（gunicorn）",
    }
    try:
        g_port, u_port = _free_port(), _free_port()
        gunicorn = start_gunicorn(data_dir, g_port, args.settings)
        servers.append(gunicorn)
        uncached = start_gunicorn(data_dir, u_port, args.settings, page_cache=False)
        servers.append(uncached)
        _wait_ready(g_port, "/robots.txt")
        _wait_ready(u_port, "/robots.txt")
        if shutil.which("nginx"):
            n_port = _free_port()
            nginx = start_nginx(work, site, plain_dir, n_port, g_port)
            servers.append(nginx)
            _wait_ready(n_port, "/plain.html")
            # Alternate static and plain file: the machine's noise hits both alike.
            rounds: dict[str, list[Load]] = {"static": [], "plain": []}
            for _ in range(args.rounds):
                rounds["static"].append(measure(nginx, n_port, [one_doc], args, work))
                rounds["plain"].append(
                    measure(nginx, n_port, ["/plain.html"], args, work)
                )
            for key, loads in rounds.items():
                results[names[key]] = _median(loads)
            results[names["static_many"]] = measure(
                nginx, n_port, doc_paths, args, work
            )
        else:
            print("未安装 nginx：不测静态页（apt-get install nginx）。")
        # Warm both workers' page caches with the same rotation, then measure.
        warm = argparse.Namespace(**{**vars(args), "duration": args.warmup})
        _check_page(g_port, doc_paths[0], 'class="doc-title"')
        measure(gunicorn, g_port, doc_paths, warm, work)
        results[names["dynamic"]] = measure(gunicorn, g_port, doc_paths, args, work)
        # Templates, database connections, imports.
        measure(uncached, u_port, doc_paths, warm, work)
        results[names["uncached"]] = measure(uncached, u_port, doc_paths, args, work)
        results[names["floor"]] = measure(gunicorn, g_port, ["/robots.txt"], args, work)
        if search_paths:
            _check_page(g_port, search_paths[0], "共找到")  # results, not "not ready"
            # Open the index and load the dictionaries in each worker.
            measure(gunicorn, g_port, search_paths, warm, work)
            # The figure with the target: the median of rounds, as for the static page.
            results[names["search"]] = _median(
                [
                    measure(gunicorn, g_port, search_paths, args, work)
                    for _ in range(args.rounds)
                ]
            )
    finally:
        for server in reversed(servers):
            _stop(server)

    print(
        f"\n负载：wrk {args.threads} 个线程、{args.connections} 个连接，"
        f"每项 {args.duration} 秒（测前预热 {args.warmup} 秒；静态页与普通文件交替测 "
        f"{args.rounds} 轮取中位数，检索页同样测 {args.rounds} 轮取中位数），本机回环地址，wrk 与服务器共用 {os.cpu_count()} 个核；"
        f"gunicorn 2 个进程（{WEB_OPTIONS['worker_class']}），与 gongkai serve 相同；"
        f"Django 设置 {args.settings}"
    )
    for name, load_ in results.items():
        print(f"  {name}：{load_.text()}")
    _verdicts(results, names)
    print(f"结束时系统负载 {_loadavg()}")


def _search_paths(docs: list[CorpusDoc]) -> list[str]:
    from urllib.parse import quote

    from django.urls import NoReverseMatch, reverse

    try:
        search_url = reverse("search:results")
    except NoReverseMatch:
        return []
    try:
        from gongkai.search import index as ix

        t = time.perf_counter()
        ix.rebuild()
        print(f"检索索引重建：{time.perf_counter() - t:.1f} 秒")
    except Exception as exc:  # noqa: BLE001 - report and go on without search
        print(f"检索页不测：{exc}")
        return []
    return [f"{search_url}?q={quote(q)}" for q in queries(200, docs, seed=7)]


def _median(loads: list[Load]) -> Load:
    ordered = sorted(loads, key=lambda x: x.rps)
    middle = ordered[len(ordered) // 2]
    rps = [f"{x.rps:.0f}" for x in loads]
    return Load(
        middle.rps,
        middle.p50_ms,
        middle.p99_ms,
        sum(x.requests for x in loads),
        sum(x.errors for x in loads),
        f"{middle.tool}，各轮 {'/'.join(rps)}",
        statistics.median(cpu)
        if (cpu := [x.cpu_ms for x in loads if x.cpu_ms is not None])
        else None,
    )


def _verdicts(results: dict[str, Load], names: dict[str, str]) -> None:
    def verdict(ok: bool) -> str:
        return "达到" if ok else "未达到"

    print()
    static = results.get(names["static"])
    plain = results.get(names["plain"])
    if static and plain:
        ratio = static.rps / plain.rps
        print(
            f"静态文件页 / 同样大小的普通文件：{ratio:.2f}"
            f"（目标 ≥ {TARGET_STATIC_RATIO:.2f}）：{verdict(ratio >= TARGET_STATIC_RATIO)}"
        )
        if static.cpu_ms and plain.cpu_ms:
            # wrk (one thread, same cores) may be what limits both figures; nginx's
            # own CPU time a request does not depend on it.
            print(
                "  按 nginx 每次请求的 CPU 时间：普通文件 / 静态文件页 = "
                f"{plain.cpu_ms / static.cpu_ms:.2f}"
            )
    dynamic = results[names["dynamic"]]
    uncached = results[names["uncached"]]
    floor = results[names["floor"]]
    print(f"动态文件页（缓存）/ 最简单的 Django 响应：{dynamic.rps / floor.rps:.2f}")
    print(
        f"动态文件页（不用缓存）/ 最简单的 Django 响应：{uncached.rps / floor.rps:.2f}"
    )
    if static:
        print(f"动态文件页（缓存）/ 静态文件页：{dynamic.rps / static.rps:.3f}")
    for label, load_ in (("缓存", dynamic), ("不用缓存", uncached)):
        ok = load_.rps >= TARGET_DYNAMIC_RPS and load_.p99_ms <= TARGET_DYNAMIC_P99_MS
        print(
            f"动态文件页（{label}）≥ {TARGET_DYNAMIC_RPS:.0f} 次/秒且 p99 ≤ "
            f"{TARGET_DYNAMIC_P99_MS:.0f} ms：{verdict(ok)}"
        )
    search = results.get(names["search"])
    if search:
        ok = search.rps >= TARGET_SEARCH_RPS and not search.errors
        print(f"检索页 ≥ {TARGET_SEARCH_RPS:.0f} 次/秒：{verdict(ok)}")
    else:
        print("检索页：未测（没有 /search/ 页面或索引）。")


if __name__ == "__main__":
    main()
