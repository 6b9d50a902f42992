"""Benchmark: the 依申请公开 queues (overdue, due soon, mine) with N applications in
PostgreSQL.

    .venv/bin/python -m bench.queues --rows 1000000

Takes ``/tmp/gongkai-bench.lock`` for the whole run (the lock ``flock
/tmp/gongkai-bench.lock …`` takes; started under that command it uses the lock its
parent holds), so that no two benchmarks run at the same time.

Starts a throwaway PostgreSQL (``tests.pgserver``: temporary directory, 127.0.0.1,
non-root user) or uses ``DATABASE_URL`` / ``--database-url`` (an EMPTY database:
refused if it holds units, staff or applications, emptied again afterwards), migrates
it and prepares:

* a city through the organisations services: 示例市人民政府 with 40 departments and
  6 districts (each with 20 departments and 8 towns), 215 units; in every unit a
  政府信息公开工作机构 account (the governments' with the subtree), in every department
  and town two 部门信息员 (承办人), roles granted by ``role_grant``;
* N applications by ``COPY`` into the real table: eight years of history growing
  over time, to every kind of unit (the governments and the land, housing and social
  security departments most), ~95 % concluded (archived, replied, referred, closed,
  duplicates), ~3.5 % with the clock running (审核, 办理, 征求意见) with due dates
  spread around today — about a quarter overdue, some due within 5 working days —,
  ~1 % waiting for the applicant (补正, 缴费) and a few not yet confirmed. Assigned
  ones have a 承办单位 below the unit applied to and mostly a 承办人. The encrypted
  columns hold one real ciphertext made by the field itself (so every row read is
  decrypted, as in production). The secondary indexes are dropped before the COPY
  and built again after it (as pg_restore does), then ``VACUUM ANALYZE`` (years of
  history are vacuumed), then every open application is updated once (worked on
  since: new row versions on pages that are not all-visible, so index-only scans
  must still visit them), then ``ANALYZE``;
* 文件名称、文号 (from a random stream of their own, so the other columns are as
  without them): about 30 % of the applications name a document, most of them one
  nobody else asks the unit for (a 文号 of the unit, a title, or both, written in
  several ways), 3 % one of about 600 documents many applicants ask the units for;
  ``information_key`` is what ``_create`` stores. The frozen reply of every
  concluded application with an outcome is COPYd too (its type and reasons as the
  outcome says; 予以公开 a quarter “已主动公开”), and the office has already decided
  (不转) on about 40 % of the popular documents: a few hundred 条例第四十四条 groups
  are pending.

Measured, for four real actors — the city's disclosure office (sees the whole city
through ``scope_for``/``visible_q``), a district's office (its district), the office
of a busy department (one unit) and one of that department's 承办人:

* each queue as the page ``disclosures:queue`` runs it: the selector, the actor's
  scopes computed afresh (as on every request), ``Paginator(rows, 50).get_page()``
  (count + first page with ``select_related``), every row read as the template does;
* the two counts shown on every queue page (已超期 n 件, 5个工作日内到期 n 件);
* the choices of the page's filter form (``selectors.queue_filter_choices``: from
  the organisation); baseline: as the page computed them until 2026-11-26, from
  every visible application (three ``values_list``), fewer times;
* for the offices, 条例第四十四条: the pending count the queue page and the workbench
  home show, and the list page's groups; baseline: the grouping as it was before
  migration 0005 (every replied application read, its key computed in Python),
  fewer times; and the notice of an application page (``same_information_group_of``)
  in the city government, for an application in a group and one not;
* the whole page (``GET /workbench/disclosures/?view=…`` and ``GET /workbench/``
  through the Django test client, logged in as the actor: middleware, every query,
  template), fewer times, with the statements it sends and their time.

Each after a warm-up, ``--repeat`` times (page and old ways: ``--page-repeat``):
p50/p95/max in ms. **Baseline** of the queues, same run, same connection, same
statements: index use turned off (``enable_indexscan``, ``enable_bitmapscan``,
``enable_indexonlyscan`` = off). The EXPLAIN ANALYZE of our slowest statement of the
lists and counts, and of the whole pages, is printed once. At the end (unless
``--skip-migration``) migration 0005's data step is timed on the data: the keys are
emptied and computed again by its own function, and must come out the same.
Target: overdue and due-soon queues (list and counts) p95 < 50 ms at 1,000,000 rows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import os
import random
import shutil
import signal
import tempfile
import time
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_MS = 50.0
PAGE_SIZE = 50  # the queue page: Paginator(rows, 50)
LOCK_FILE = Path("/tmp/gongkai-bench.lock")  # noqa: S108 - the lock every bench shares
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "bench-queues-口令-2026"  # noqa: S105 - throwaway accounts in a throwaway db
HISTORY_YEARS = 8

CITY = "示例市"
# 40 city departments, busiest first (the order is their share of applications).
DEPARTMENTS = [
    "自然资源和规划局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
    "城市管理局",
    "公安局",
    "生态环境局",
    "市场监督管理局",
    "教育局",
    "财政局",
    "交通运输局",
    "卫生健康委员会",
    "农业农村局",
    "发展和改革委员会",
    "民政局",
    "水利局",
    "应急管理局",
    "司法局",
    "医疗保障局",
    "行政审批服务局",
    "商务局",
    "文化和旅游局",
    "退役军人事务局",
    "审计局",
    "统计局",
    "工业和信息化局",
    "科学技术局",
    "林业局",
    "体育局",
    "信访局",
    "大数据局",
    "人民防空办公室",
    "地方金融管理局",
    "国有资产监督管理委员会",
    "机关事务管理局",
    "粮食和物资储备局",
    "民族宗教事务局",
    "外事办公室",
    "住房公积金管理中心",
    "园林局",
    "乡村振兴局",
]
DISTRICTS = ["东湖区", "西山区", "南城区", "北岸区", "临江县", "青山县"]
DISTRICT_DEPARTMENTS = 20
TOWNS = ["城关", "东关", "南关", "新华", "龙泉", "白沙", "石桥", "柳河"]

# Shares of the applications by kind of unit applied to.
SHARE_CITY = 0.06
SHARE_CITY_DEPTS = 0.30
SHARE_DISTRICT_GOVS = 0.24
SHARE_DISTRICT_DEPTS = 0.30  # the rest (0.10): towns

# States: shares of all rows (the rest is concluded).
SHARE_REGISTERED = 0.003
SHARE_RUNNING = 0.035
SHARE_WAITING = 0.010
OVERDUE_SHARE_OF_RUNNING = 0.25

# 文件名称、文号 (条例第四十四条): about 30 % of the applications name the document
# they want; most name a document nobody else asks the unit for, 3 % one of a few
# hundred documents that many applicants ask for (a 征收决定, a 规划批复 …), written
# in different ways. The office has already decided on some of those.
SHARE_WITH_REFERENCE = 0.30
SHARE_POPULAR = 0.03  # of the applications that name a document
POPULAR_DOCUMENTS = 600  # across the city, shared by the units as the applications
SHARE_DECIDED = 0.4  # of the popular documents: decided (不转) earlier
ALREADY_PUBLIC_SHARE = 0.25  # of the 予以公开 replies: 已主动公开，告知获取方式
TOPICS = [
    "国有土地上房屋征收决定",
    "建设用地规划许可",
    "集体土地征收补偿安置方案",
    "棚户区改造项目实施方案",
    "道路拓宽工程立项",
    "城市更新片区控制性详细规划",
    "老旧小区改造计划",
    "学校新建工程可行性研究报告",
    "污水处理厂环境影响评价",
    "最低生活保障资金分配",
    "重大行政决策事项目录",
    "财政预算执行情况",
]
PLACES = ["人民路", "解放路", "滨江", "高新区", "老城", "北站", "东湖", "西山"]


def _setup_django(data_dir: str, database_url: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ.pop("GONGKAI_FIELD_KEY", None)  # the key file of the throwaway dir
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "localhost,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def _load() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews timings."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _fmt(ms: list[float]) -> str:
    return (
        f"p50 {_pct(ms, 0.5):.2f} ms, p95 {_pct(ms, 0.95):.2f} ms, max {max(ms):.2f} ms"
    )


# --- the lock shared by the benchmarks ---------------------------------------------------


def _ancestors() -> set[int]:
    pids: set[int] = set()
    pid = os.getppid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return pids


def _held_by_parent(inode: int) -> bool:
    """Whether a parent process (``flock FILE cmd``) holds the lock for us."""
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return False
    parents = _ancestors()
    for line in lines:
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK":
            continue
        pid, where = parts[4], parts[5]
        if int(where.rsplit(":", 1)[1]) == inode and int(pid) in parents:
            return True
    return False


@contextlib.contextmanager
def _bench_lock() -> Iterator[None]:
    with LOCK_FILE.open("a") as handle:
        if _held_by_parent(os.fstat(handle.fileno()).st_ino):
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"等待其他基准测试结束（{LOCK_FILE}）……", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- the organisation -----------------------------------------------------------------------


@dataclass
class Org:
    """The unit tree and who works where (ids), as the application rows need them."""

    city: Any
    # receiving unit id → (weight, assignable departments with weights)
    targets: list[tuple[int, float, list[tuple[int, float]]]] = field(
        default_factory=list
    )
    office_of: dict[int, Any] = field(default_factory=dict)  # unit id → office staff
    editors_of: dict[int, list[Any]] = field(default_factory=dict)
    districts: list[Any] = field(default_factory=list)
    city_departments: list[Any] = field(default_factory=list)


def _zipf(n: int, s: float = 0.8) -> list[float]:
    weights = [1 / (k**s) for k in range(1, n + 1)]
    total = sum(weights)
    return [w / total for w in weights]


def _organisation() -> Org:
    """215 units, their offices and 承办人, through the organisations services."""
    from django.db import transaction
    from django.test import override_settings

    from gongkai.organizations import services
    from gongkai.organizations.models import UnitKind
    from gongkai.organizations.roles import Role

    # Password hashing is not what is measured: a fast hasher while preparing.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast), transaction.atomic():
        serial = 0

        def unit(name: str, kind: str, parent: Any = None) -> Any:
            return services.unit_create(actor=None, name=name, kind=kind, parent=parent)

        def person(u: Any, role: str, label: str, subtree: bool = False) -> Any:
            nonlocal serial
            serial += 1
            staff = services.staff_create(
                actor=None,
                username=f"bench{serial:04d}",
                full_name=f"{label}{serial}",
                unit=u,
                password=PASSWORD,
            )
            services.role_grant(
                actor=None, staff=staff, unit=u, role=role, subtree=subtree
            )
            return staff

        org = Org(city=unit(f"{CITY}人民政府", UnitKind.GOVERNMENT))
        org.office_of[org.city.pk] = person(
            org.city, Role.DISCLOSURE_OFFICE, "市政府公开办", subtree=True
        )

        def staff_department(u: Any) -> None:
            org.office_of[u.pk] = person(u, Role.DISCLOSURE_OFFICE, "公开工作机构")
            org.editors_of[u.pk] = [
                person(u, Role.EDITOR, "承办人"),
                person(u, Role.EDITOR, "承办人"),
            ]

        for name in DEPARTMENTS:
            dept = unit(f"{CITY}{name}", UnitKind.DEPARTMENT, org.city)
            staff_department(dept)
            org.city_departments.append(dept)
        city_dept_weights = _zipf(len(DEPARTMENTS))
        # The city government assigns to its departments (and handles some itself).
        org.targets.append(
            (
                org.city.pk,
                SHARE_CITY,
                [(org.city.pk, 0.25)]
                + [
                    (d.pk, 0.75 * w)
                    for d, w in zip(
                        org.city_departments, city_dept_weights, strict=True
                    )
                ],
            )
        )
        for d, w in zip(org.city_departments, city_dept_weights, strict=True):
            org.targets.append((d.pk, SHARE_CITY_DEPTS * w, [(d.pk, 1.0)]))

        district_weights = _zipf(len(DISTRICTS), 0.6)
        for district_name, dw in zip(DISTRICTS, district_weights, strict=True):
            gov = unit(f"{CITY}{district_name}人民政府", UnitKind.GOVERNMENT, org.city)
            org.districts.append(gov)
            org.office_of[gov.pk] = person(
                gov, Role.DISCLOSURE_OFFICE, f"{district_name}政府公开办", subtree=True
            )
            below: list[Any] = []
            for name in DEPARTMENTS[:DISTRICT_DEPARTMENTS]:
                dept = unit(f"{district_name}{name}", UnitKind.DEPARTMENT, gov)
                staff_department(dept)
                below.append(dept)
            towns: list[Any] = []
            for town in TOWNS:
                kind = UnitKind.TOWNSHIP
                suffix = "街道" if town in TOWNS[:4] else "镇"
                t = unit(f"{district_name}{town}{suffix}", kind, gov)
                staff_department(t)
                towns.append(t)
            dept_weights = _zipf(len(below))
            assign = [(gov.pk, 0.25)]
            assign += [
                (d.pk, 0.55 * w) for d, w in zip(below, dept_weights, strict=True)
            ]
            assign += [(t.pk, 0.20 / len(towns)) for t in towns]
            org.targets.append((gov.pk, SHARE_DISTRICT_GOVS * dw, assign))
            for d, w in zip(below, dept_weights, strict=True):
                org.targets.append((d.pk, SHARE_DISTRICT_DEPTS * dw * w, [(d.pk, 1.0)]))
            share_towns = 1 - SHARE_CITY - SHARE_CITY_DEPTS - SHARE_DISTRICT_GOVS
            share_towns -= SHARE_DISTRICT_DEPTS
            for t in towns:
                org.targets.append((t.pk, share_towns * dw / len(towns), [(t.pk, 1.0)]))
    return org


# --- the applications ---------------------------------------------------------------------


@dataclass
class Row:
    """What varies between application rows."""

    arrived: dt.date
    state: str
    received: dt.date | None = None
    due: dt.date | None = None
    provisional: bool = False
    concluded: dt.date | None = None
    outcome: str = ""
    assigned: bool = True
    duplicate: bool = False


def _history_day(rng: random.Random, first: dt.date, days: int) -> dt.date:
    """A day in [first, first + days), more applications in later years (density
    growing linearly to twice the first year's)."""
    x = -1 + (1 + 3 * rng.random()) ** 0.5
    return first + dt.timedelta(days=min(days - 1, int(x * days)))


def _plan(n: int, today: dt.date, rng: random.Random) -> list[Row]:
    """The states and dates of N applications, oldest arrival first."""
    from gongkai.reporting.compute import result_keys
    from gongkai.rules.annual_report import ReportFormat

    outcomes = result_keys(ReportFormat.F2021)
    outcome_weights = [
        40 if r == "granted" else 8 if r.startswith("partial") else 2 for r in outcomes
    ]
    n_registered = round(n * SHARE_REGISTERED)
    n_running = round(n * SHARE_RUNNING)
    n_waiting = round(n * SHARE_WAITING)
    n_concluded = n - n_registered - n_running - n_waiting
    first = today.replace(year=today.year - HISTORY_YEARS)
    span = (today - first).days - 5
    rows: list[Row] = []
    for _ in range(n_concluded):
        arrived = _history_day(rng, first, span)
        received = arrived + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        concluded = min(today, received + dt.timedelta(days=rng.randint(3, 38)))
        roll = rng.random()
        old = (today - concluded).days > 60
        if roll < 0.01:
            state, outcome, duplicate = "duplicate", "", True
        elif roll < 0.04:
            state, outcome, duplicate = "referred", "unable.not_held", False
        elif roll < 0.06:
            state, outcome, duplicate = "closed", "other.no_correction", False
        else:
            state, duplicate = "replied", False
            outcome = rng.choices(outcomes, outcome_weights)[0]
        if old and not duplicate and rng.random() < 0.95:
            state = "archived"
        rows.append(
            Row(
                arrived=arrived,
                state=state,
                received=received,
                due=received + dt.timedelta(days=28),
                concluded=None if duplicate else concluded,
                outcome=outcome,
                assigned=state in ("replied", "archived"),
                duplicate=duplicate,
            )
        )
    recent: list[Row] = []
    for _ in range(n_registered):
        recent.append(
            Row(
                arrived=today - dt.timedelta(days=rng.randint(0, 3)),
                state="registered",
                assigned=False,
            )
        )
    for _ in range(n_running):
        roll = rng.random()
        state = "review" if roll < 0.2 else "handling" if roll < 0.85 else "consulting"
        extended = rng.random() < 0.1
        period = 56 if extended else 28
        if rng.random() < OVERDUE_SHARE_OF_RUNNING:
            due = today - dt.timedelta(days=1 + min(180, int(rng.expovariate(1 / 15))))
        else:
            due = today + dt.timedelta(days=rng.randint(0, period - 1))
        received = due - dt.timedelta(days=period)
        recent.append(
            Row(
                arrived=received - dt.timedelta(days=rng.choice((0, 0, 1))),
                state=state,
                received=received,
                due=due,
                provisional=due.year > today.year,
                assigned=state != "review",
            )
        )
    for _ in range(n_waiting):
        received = today - dt.timedelta(days=rng.randint(1, 60))
        state = "correction" if rng.random() < 0.6 else "awaiting_fee"
        recent.append(
            Row(
                arrived=received,
                state=state,
                received=received,
                due=received + dt.timedelta(days=28),
                provisional=True,
                assigned=state == "awaiting_fee",
            )
        )
    rows.sort(key=lambda r: r.arrived)
    recent.sort(key=lambda r: r.arrived)
    # Open applications arrived recently: they come last, as in the real table.
    return rows + recent


@dataclass
class Document:
    """A document applicants ask a unit for: its title and 文号."""

    unit_id: int
    title: str
    number: str


class References:
    """What the applications write in 文件名称、文号, from their own random stream (the
    other columns are the same as without references)."""

    def __init__(self, seed: int, org: Org, today: dt.date) -> None:
        from gongkai.organizations.models import Unit

        self.rng = random.Random(seed + 44)
        self.today = today
        names = Unit.objects.in_bulk([unit_id for unit_id, _, _ in org.targets])
        self.prefix = {pk: self._prefix(u.name) for pk, u in names.items()}
        self.serials: dict[tuple[int, int], int] = {}
        self.popular: dict[int, tuple[list[Document], list[float]]] = {}
        for unit_id, weight, _ in org.targets:
            count = max(1, round(POPULAR_DOCUMENTS * weight))
            docs = [self._unique(unit_id, self._year(today.year)) for _ in range(count)]
            self.popular[unit_id] = (docs, list(_cumulative(_zipf(count, 1.0))))
        self.keys: dict[str, str] = {}

    @staticmethod
    def _prefix(name: str) -> str:
        """“示例市自然资源和规划局” → “示自然发”, “东湖区城关街道” → “东城关发”."""
        place = name[:1]
        rest = name.removeprefix(CITY)
        for district in DISTRICTS:
            rest = rest.removeprefix(district)
        rest = rest.removesuffix("人民政府")
        return f"{place}{rest[:2] or '政'}发"

    def _year(self, latest: int) -> int:
        return max(latest - HISTORY_YEARS, latest - int(self.rng.expovariate(1 / 1.5)))

    def _unique(self, unit_id: int, year: int) -> Document:
        serial = self.serials[unit_id, year] = self.serials.get((unit_id, year), 0) + 1
        topic = self.rng.choice(TOPICS)
        place = self.rng.choice(PLACES)
        return Document(
            unit_id,
            f"关于{place}{year}年{topic}（第{serial}批）的批复",
            f"{self.prefix[unit_id]}〔{year}〕{serial}号",
        )

    def _written(self, doc: Document) -> str:
        """The document as an applicant writes it."""
        roll = self.rng.random()
        if roll < 0.35:  # title only, with or without 《》
            return f"《{doc.title}》" if self.rng.random() < 0.6 else doc.title
        number = doc.number
        bracket = self.rng.random()
        if bracket < 0.3:
            number = number.replace("〔", "[").replace("〕", "]")
        elif bracket < 0.4:
            number = number.replace("〔", "【").replace("〕", "】")
        if roll < 0.6:
            return f"《{doc.title}》（{number}）"
        return number

    def for_row(self, unit_id: int, arrived: dt.date) -> tuple[str, str]:
        """(doc_reference, information_key) of one application ("" for most)."""
        from gongkai.rules.same_information import information_key

        if self.rng.random() >= SHARE_WITH_REFERENCE:
            return "", ""
        if self.rng.random() < SHARE_POPULAR:
            docs, cumulative = self.popular[unit_id]
            doc = self.rng.choices(docs, cum_weights=cumulative)[0]
            text = self._written(doc)
            if text not in self.keys:
                self.keys[text] = information_key(text)
            return text, self.keys[text]
        text = self._written(self._unique(unit_id, self._year(arrived.year)))
        return text, information_key(text)

    def decisions(self) -> list[Any]:
        """Decisions the office took earlier on some popular documents (不转)."""
        from gongkai.disclosures.models import (
            SameInformationDecision,
            SameInformationOutcome,
        )
        from gongkai.rules.same_information import information_key

        made = []
        for docs, _ in self.popular.values():
            for doc in docs:
                if self.rng.random() >= SHARE_DECIDED:
                    continue
                for text in (doc.number, doc.title):
                    made.append(
                        SameInformationDecision(
                            unit_id=doc.unit_id,
                            key=information_key(text),
                            information=text,
                            outcome=SameInformationOutcome.DECLINED,
                            reason="该信息只涉及特定申请人，不具有普遍性。",
                        )
                    )
        return made


def _cumulative(weights: list[float]) -> Iterator[float]:
    import itertools

    return itertools.accumulate(weights)


def _insert(n: int, seed: int, org: Org, today: dt.date) -> int:
    """COPY N applications into the real table; returns the number of rows."""
    import bisect
    import itertools

    from django.db import connection
    from django.db.models import F

    from gongkai.disclosures.demo import REQUESTS
    from gongkai.disclosures.models import (
        ApplicantType,
        Application,
        ApplicationSequence,
        Channel,
        Reply,
        SameInformationDecision,
    )
    from gongkai.disclosures.states import OPEN_STATES

    rng = random.Random(seed)
    plan = _plan(n, today, rng)
    references = References(seed, org, today)
    template = Application(
        number="",
        unit=org.city,
        channel=Channel.ONLINE,
        source="portal",
        submitted_at=dt.datetime(2026, 1, 1, 9, tzinfo=SHANGHAI),
        arrived_on=today,
        received_on=today,
        receipt_basis="网上提交：提交之日为收到申请之日。",
        applicant_type=ApplicantType.NATURAL,
        applicant_name="申请人",
        id_number="370102197503152012",  # ciphertext made by the field itself
        phone="13905310001",
        email="applicant@example.com",
        address="示例市人民路100号",
        postcode="250000",
        description=REQUESTS[0],
        delivery_form="electronic",
        delivery_way="email",
        applicant_key="0" * 64,
        track_phone_hash="1" * 64,
        track_email_hash="2" * 64,
    )
    fields = list(Application._meta.concrete_fields)
    columns = [str(f.column) for f in fields]
    base = [
        f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
    ]
    at = {f.attname: i for i, f in enumerate(fields)}

    targets = [
        (
            unit_id,
            [d for d, _ in assign],
            list(itertools.accumulate(w for _, w in assign)),
        )
        for unit_id, _, assign in org.targets
    ]
    cumulative = list(itertools.accumulate(w for _, w, _ in org.targets))
    channels = [c.value for c in Channel]
    channel_weights = [60, 15, 12, 5, 2, 6]
    types = [t.value for t in ApplicantType]
    type_weights = [70, 12, 3, 3, 7, 5]
    serials: dict[int, int] = {}
    names = ["张伟", "李娜", "王强", "刘芳", "陈明", "杨洋", "赵敏", "黄磊"]

    def handler_for(dept_id: int) -> int | None:
        if rng.random() < 0.1:
            return None  # assigned to the department, nobody named yet
        editors = org.editors_of.get(dept_id)
        if editors:
            return int(rng.choice(editors).pk)
        return int(org.office_of[dept_id].pk)  # a government handles it itself

    table = Application._meta.db_table
    with connection.cursor() as cursor:
        # As pg_restore does: the secondary indexes are built after the rows.
        indexes = _secondary_indexes(cursor, table)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        raw = cursor.cursor
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.copy(sql) as copy:
            for i, row in enumerate(plan, start=1):
                k = bisect.bisect(cumulative, rng.random() * cumulative[-1])
                unit_id, departments, department_weights = targets[
                    min(k, len(targets) - 1)
                ]
                values = list(base)
                year = row.arrived.year
                serials[year] = serials.get(year, 0) + 1
                values[at["id"]] = i
                values[at["number"]] = f"YSQ-{year}-{serials[year]:06d}"
                values[at["unit_id"]] = unit_id
                values[at["channel"]] = rng.choices(channels, channel_weights)[0]
                values[at["submitted_at"]] = dt.datetime.combine(
                    row.arrived,
                    dt.time(8 + rng.randrange(10), rng.randrange(60)),
                    tzinfo=SHANGHAI,
                )
                values[at["arrived_on"]] = row.arrived
                values[at["received_on"]] = row.received
                values[at["applicant_type"]] = rng.choices(types, type_weights)[0]
                values[at["applicant_name"]] = rng.choice(names)
                values[at["applicant_key"]] = f"{rng.randrange(400_000):064x}"
                values[at["description"]] = REQUESTS[i % len(REQUESTS)]
                reference, key = references.for_row(unit_id, row.arrived)
                values[at["doc_reference"]] = reference
                values[at["information_key"]] = key
                values[at["state"]] = row.state
                values[at["due_on"]] = row.due
                values[at["due_provisional"]] = row.provisional
                values[at["concluded_on"]] = row.concluded
                values[at["outcome_row"]] = row.outcome
                if row.duplicate and i > 1:
                    values[at["duplicate_of_id"]] = i - 1
                if row.assigned:
                    dept_id = rng.choices(departments, cum_weights=department_weights)[
                        0
                    ]
                    values[at["department_id"]] = dept_id
                    values[at["handler_id"]] = handler_for(dept_id)
                copy.write_row(values)
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [n]
        )
    ApplicationSequence.objects.bulk_create(
        ApplicationSequence(year=year, last=last) for year, last in serials.items()
    )
    _insert_replies(plan, seed)
    SameInformationDecision.objects.bulk_create(references.decisions())
    open_states = [s.value for s in OPEN_STATES]
    with connection.cursor() as cursor:
        # Years of history have been vacuumed (all-visible pages); the open
        # applications have been worked on since (new row versions, pages not
        # all-visible): index-only scans cannot skip their heap pages.
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"VACUUM ANALYZE {Reply._meta.db_table}")
    Application.objects.filter(state__in=open_states).update(
        due_provisional=F("due_provisional")
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(plan)


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """The indexes of ``table`` that no constraint needs: (name, definition)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND "
        "indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = %s::regclass)",
        [table, table],
    )
    return list(cursor.fetchall())


def _insert_replies(plan: list[Row], seed: int) -> int:
    """COPY the frozen reply of every concluded application that has an outcome
    (what ``services.reply`` and the closing services leave): its type and reasons
    as the outcome says; 予以公开 partly “已主动公开，告知获取方式和途径”."""
    from django.db import connection

    from gongkai.disclosures.models import Reply
    from gongkai.disclosures.reasons import REASONS, ReplyType

    rng = random.Random(seed + 45)
    reasons = {r.code: r for r in REASONS}
    grounds = [r.code for r in REASONS if r.reply_type == ReplyType.WITHHELD]
    template = Reply(
        application_id=1,
        reply_type=ReplyType.GRANTED,
        reason_codes=["granted"],
        report_row="granted",
        text="",
        delivery_way="email",
        sent_on=dt.date(2026, 1, 1),
        frozen=True,
        updated_at=dt.datetime(2026, 1, 1, 9, tzinfo=SHANGHAI),
    )
    fields = list(Reply._meta.concrete_fields)
    columns = [str(f.column) for f in fields]
    table = Reply._meta.db_table
    made = 0
    with connection.cursor() as cursor:
        indexes = _secondary_indexes(cursor, table)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for i, row in enumerate(plan, start=1):
                if not row.outcome or row.concluded is None:
                    continue
                if row.outcome == "granted":
                    public = rng.random() < ALREADY_PUBLIC_SHARE
                    codes = ["granted.already_public" if public else "granted"]
                elif row.outcome == "partial":
                    codes = ["partial", rng.choice(grounds)]
                elif row.outcome == "unable.not_held":
                    codes = [rng.choice(("unable.not_held", "unable.not_responsible"))]
                else:
                    codes = [row.outcome]
                first = reasons[codes[0]]
                made += 1
                template.pk = made
                template.application_id = i
                template.reply_type = first.reply_type
                template.reason_codes = codes
                template.report_row = row.outcome
                template.requires_review_notice = any(
                    reasons[c].requires_review_notice for c in codes
                )
                template.sent_on = row.concluded
                copy.write_row(
                    [
                        f.get_db_prep_save(getattr(template, f.attname), connection)
                        for f in fields
                    ]
                )
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [made]
        )
    return made


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Statement:
    ms: float
    sql: str
    params: Any
    label: str


class Recorder:
    """Every statement Django sends while ``label`` is set: how many, and the slowest
    of each ``kind`` (the targeted lists and counts; the whole pages)."""

    def __init__(self) -> None:
        self.label = ""
        self.kind = ""
        self.count = 0
        self.ms = 0.0  # time spent in the database while ``label`` is set
        self.slowest: dict[str, Statement] = {}

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            ms = (time.perf_counter() - started) * 1000
            if self.label:
                self.count += 1
                self.ms += ms
                slowest = self.slowest.get(self.kind)
                if slowest is None or ms > slowest.ms:
                    self.slowest[self.kind] = Statement(ms, sql, params, self.label)


@contextlib.contextmanager
def _indexes_off() -> Iterator[None]:
    from django.db import connection

    names = ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SET {name} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"RESET {name}")


def _time(
    run: Callable[[], Any],
    repeat: int,
    *,
    warmup: int = 3,
    recorder: Recorder | None = None,
    label: str = "",
    kind: str = "target",
) -> tuple[list[float], int]:
    """Times of ``repeat`` runs after ``warmup`` runs, and the statements per run
    (recorded, with the slowest, only during the timed runs)."""
    for _ in range(warmup):
        run()
    if recorder is not None:
        recorder.label, recorder.kind, recorder.count = label, kind, 0
        recorder.ms = 0.0
    times = []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        if recorder is not None:
            recorder.label = ""
    statements = recorder.count // repeat if recorder is not None else 0
    return times, statements


@dataclass
class Actor:
    label: str
    staff: Any


def _actors(org: Org) -> list[Actor]:
    from django.db.models import Count

    from gongkai.disclosures.models import Application

    busiest = org.city_departments[0]
    handler = (
        Application.objects.filter(department=busiest, handler__isnull=False)
        .values("handler")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert handler is not None
    from gongkai.organizations.models import Staff

    district = org.districts[0]
    return [
        Actor("市政府公开办（全市，含下级）", org.office_of[org.city.pk]),
        Actor(f"{district.name}公开办（本区，含下级）", org.office_of[district.pk]),
        Actor(f"{busiest.name}公开工作机构（本单位）", org.office_of[busiest.pk]),
        Actor(f"{busiest.name}承办人", Staff.objects.get(pk=handler["handler"])),
    ]


QUEUES = {"overdue": "已超期", "due_soon": "5个工作日内到期", "mine": "我的待办"}


def _queue_list(actor: Any, queue: str) -> Callable[[], int]:
    """What the queue page runs for the list: the selector, the paginator (count and
    first page) and every row read as the template reads it."""
    from django.core.paginator import Paginator

    from gongkai.disclosures import selectors
    from gongkai.organizations.permissions import forget_scopes

    pick: dict[str, Callable[[Any], Any]] = {
        "overdue": selectors.applications_overdue,
        "due_soon": selectors.applications_due_soon,
        "mine": selectors.applications_mine,
    }

    def run() -> int:
        forget_scopes(actor)  # a request has a fresh user: scopes are computed again
        page = Paginator(pick[queue](actor), PAGE_SIZE).get_page(None)
        shown = 0
        for a in page.object_list:
            shown += len(
                (
                    a.number,
                    a.unit.name,
                    a.department.name if a.department else "—",
                    a.handler.display_name if a.handler else "—",
                    a.state_label,
                    a.due_on,
                )
            )
        page.has_other_pages()
        return page.paginator.count

    return run


def _badges(actor: Any) -> Callable[[], tuple[int, int]]:
    """The two counts the queue page shows whichever queue is open."""
    from gongkai.disclosures import selectors
    from gongkai.organizations.permissions import forget_scopes

    def run() -> tuple[int, int]:
        forget_scopes(actor)
        return (
            selectors.applications_overdue(actor).count(),
            selectors.applications_due_soon(actor).count(),
        )

    return run


def _filters(actor: Any) -> Callable[[], int]:
    """The unit and handler choices of the queue page's filter form, as
    ``disclosures.views.queue`` gets them: from the organisation."""
    from gongkai.disclosures import selectors
    from gongkai.organizations.permissions import forget_scopes

    def run() -> int:
        forget_scopes(actor)
        choices = selectors.queue_filter_choices(actor)
        return len(choices.units) + len(choices.handlers)

    return run


def _filters_before(actor: Any) -> Callable[[], int]:
    """The same choices as the page computed them before (until 2026-11-26): from
    every visible application (three ``values_list`` over all of them)."""
    from gongkai.disclosures import selectors
    from gongkai.organizations.models import Staff, Unit
    from gongkai.organizations.permissions import forget_scopes

    def run() -> int:
        forget_scopes(actor)
        visible = selectors.applications_visible_to(actor)
        unit_ids = set(visible.values_list("unit_id", flat=True)) | set(
            visible.exclude(department=None).values_list("department_id", flat=True)
        )
        handler_ids = set(
            visible.exclude(handler=None).values_list("handler_id", flat=True)
        )
        units = list(Unit.objects.filter(pk__in=unit_ids).order_by("path"))
        handlers = list(Staff.objects.filter(pk__in=handler_ids).order_by("username"))
        return len(units) + len(handlers)

    return run


def _groups_before(q: Any, only_key: str | None = None) -> list[Any]:
    """条例第四十四条 as ``selectors._groups`` grouped before migration 0005: every
    replied application of the units read, its key computed here, row by row."""
    from gongkai.disclosures import selectors
    from gongkai.disclosures.models import Application, SameInformationDecision
    from gongkai.organizations.models import Unit
    from gongkai.rules.same_information import information_key

    rows = (
        Application.objects.filter(
            q,
            reply__frozen=True,
            reply__reply_type__in=list(selectors.SAME_INFORMATION_REPLY_TYPES),
            duplicate_of__isnull=True,
        )
        .exclude(doc_reference="")
        .exclude(state="duplicate")
        .values_list(
            "pk",
            "number",
            "unit_id",
            "applicant_key",
            "doc_reference",
            "received_on",
            "reply__sent_on",
            "reply__reply_type",
            "reply__reason_codes",
        )
    )
    found: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    for row in rows.order_by("received_on", "pk"):
        codes = row[8] or []
        if codes and all(code == selectors.ALREADY_PUBLIC_REASON for code in codes):
            continue
        key = information_key(row[4])
        if not key or (only_key is not None and key != only_key):
            continue
        found.setdefault((row[2], key), []).append(row)
    found = {k: v for k, v in found.items() if len({r[3] for r in v}) >= 2}
    if not found:
        return []
    decided = set(
        SameInformationDecision.objects.filter(
            unit_id__in={u for u, _ in found}
        ).values_list("unit_id", "key")
    )
    units = Unit.objects.in_bulk({u for u, _ in found})
    return [
        selectors.SameInformationGroup(
            unit=units[unit_id],
            key=key,
            information=members[0][4],
            applicants=len({r[3] for r in members}),
            applications=[
                selectors.GroupedApplication(r[0], r[1], r[5], r[6], r[7])
                for r in members
            ],
        )
        for (unit_id, key), members in found.items()
        if (unit_id, key) not in decided
    ]


def _register_q(actor: Any) -> Any:
    from gongkai.organizations.permissions import scope_for
    from gongkai.organizations.roles import Action

    scope = scope_for(actor, Action.APPLICATION_REGISTER)
    return None if scope.empty else scope.q("unit__")


def _same_information(actor: Any, what: str) -> Callable[[], int]:
    """条例第四十四条 for the actor's office: the count on the queue page and the
    workbench home (``pending``), the list page (``list``); ``before``: the list
    as computed before (the count was its length)."""
    from gongkai.disclosures import selectors
    from gongkai.organizations.permissions import forget_scopes

    def run() -> int:
        forget_scopes(actor)
        if what == "pending":
            return selectors.same_information_pending_count(actor)
        if what == "list":
            return len(selectors.same_information_groups(actor))
        q = _register_q(actor)
        return 0 if q is None else len(_groups_before(q))

    return run


def _group_of(application: Any, before: bool) -> Callable[[], int]:
    """The notice of an application's page (``same_information_group_of``)."""
    from django.db.models import Q

    from gongkai.disclosures import selectors
    from gongkai.rules.same_information import information_key

    def run() -> int:
        if before:
            key = information_key(application.doc_reference)
            found = _groups_before(Q(unit_id=application.unit_id), only_key=key)
            return len(found[0].applications) if found else 0
        group = selectors.same_information_group_of(application)
        return len(group.applications) if group else 0

    return run


def _whole_page(client: Any, url: str) -> Callable[[], int]:
    def run() -> int:
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code
        return len(response.content)

    return run


@dataclass
class Result:
    what: str
    ours: list[float]
    base: list[float] | None
    statements: int
    target: bool
    base_label: str = "基线（不用索引）"
    page: bool = False
    sql: float = 0.0  # ms per run in the database (whole pages)


def _measure(args: argparse.Namespace, org: Org, recorder: Recorder) -> list[Result]:
    from django.test import Client
    from django.urls import reverse

    results: list[Result] = []

    def report(result: Result) -> None:
        results.append(result)
        _print_result(result)

    for actor in _actors(org):
        staff = actor.staff
        overdue, due_soon = _badges(staff)()
        mine = _queue_list(staff, "mine")()
        groups = _same_information(staff, "pending")()
        print(
            f"身份：{actor.label}（{staff.username}）：已超期 {overdue} 件，"
            f"5个工作日内到期 {due_soon} 件，我的待办 {mine} 件，"
            f"条例第四十四条待处理 {groups} 组",
            flush=True,
        )
        items: list[tuple[str, Callable[[], Any], bool]] = [
            (f"{QUEUES[q]}·列表", _queue_list(staff, q), q != "mine") for q in QUEUES
        ]
        items.append(("角标计数（已超期、到期）", _badges(staff), True))
        for what, run, target in items:
            label = f"{actor.label}｜{what}"
            ours, statements = _time(run, args.repeat, recorder=recorder, label=label)
            with _indexes_off():
                base, _ = _time(run, args.baseline_repeat, warmup=1)
            report(Result(label, ours, base, statements, target))
        before = "旧做法（从全部可见申请中取）"
        label = f"{actor.label}｜筛选下拉框（单位、承办人）"
        ours, statements = _time(
            _filters(staff), args.repeat, recorder=recorder, label=label, kind="other"
        )
        base, _ = _time(_filters_before(staff), args.page_repeat, warmup=1)
        report(Result(label, ours, base, statements, False, before))
        if _register_q(staff) is not None:
            before = "旧做法（Python 逐行计算信息标识）"
            base, _ = _time(
                _same_information(staff, "before"), args.page_repeat, warmup=1
            )
            for what, name in (("pending", "待处理组数"), ("list", "列表")):
                label = f"{actor.label}｜条例第四十四条·{name}"
                ours, statements = _time(
                    _same_information(staff, what),
                    args.repeat,
                    recorder=recorder,
                    label=label,
                    kind="other",
                )
                report(Result(label, ours, base, statements, False, before))
        client = Client()
        client.force_login(staff)
        pages = [
            (f"整页 ?view={q}", reverse("disclosures:queue") + f"?view={q}")
            for q in QUEUES
        ]
        pages.append(("整页 工作台首页 /workbench/", reverse("workbench:home")))
        for what, url in pages:
            label = f"{actor.label}｜{what}"
            times, statements = _time(
                _whole_page(client, url),
                args.page_repeat,
                warmup=1,
                recorder=recorder,
                label=label,
                kind="page",
            )
            sql_ms = recorder.ms / args.page_repeat
            report(Result(label, times, None, statements, False, page=True, sql=sql_ms))
    results += _measure_detail(args, org)
    return results


def _measure_detail(args: argparse.Namespace, org: Org) -> list[Result]:
    """The 条例第四十四条 notice of an application page, in the city government (the
    unit with the most applications): an application of its largest pending group,
    and one that names a document nobody else asked for."""
    from django.db.models import Count

    from gongkai.disclosures import selectors
    from gongkai.disclosures.models import Application

    office = org.office_of[org.city.pk]
    groups = [
        g for g in selectors.same_information_groups(office) if g.unit.pk == org.city.pk
    ]
    lone_key = (
        Application.objects.filter(unit=org.city)
        .exclude(information_key="")
        .values("information_key")
        .annotate(n=Count("id"))
        .filter(n=1)
        .values("information_key")[:1]
    )
    lone = (
        Application.objects.filter(
            unit=org.city, information_key__in=lone_key, reply__frozen=True
        )
        .order_by("pk")
        .first()
    )
    cases = []
    if groups:
        largest = Application.objects.get(pk=groups[0].applications[0].pk)
        cases.append((f"在{groups[0].applicants}个申请人的组中", largest))
    if lone is not None:
        cases.append(("所申请的文件无人重复申请", lone))
    results = []
    for what, application in cases:
        label = f"申请详情页·条例第四十四条提示（{org.city.name}，{what}）"
        ours, _ = _time(_group_of(application, before=False), args.repeat)
        base, _ = _time(_group_of(application, before=True), args.page_repeat, warmup=1)
        result = Result(label, ours, base, 0, False, "旧做法（Python 逐行计算）")
        _print_result(result)
        results.append(result)
    return results


def _print_result(r: Result) -> None:
    line = f"  {r.what}：我们 {_fmt(r.ours)}"
    if r.statements and r.page:
        line += f"（每次 {r.statements} 条 SQL，数据库中共 {r.sql:.1f} ms）"
    elif r.statements:
        line += f"（每次 {r.statements} 条 SQL）"
    if r.base is not None:
        ratio = _pct(r.base, 0.5) / _pct(r.ours, 0.5)
        short = r.base_label.split("（", 1)[0]
        line += f"；{r.base_label}{_fmt(r.base)}；比值（{short} / 我们，p50）"
        line += f"{ratio:.0f}×"
    print(line, flush=True)


def _explain(statement: Statement, what: str) -> None:
    from django.db import connection

    print(f"{what}（{statement.label}，{statement.ms:.2f} ms）的执行计划：")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params or None
        )
        for (line,) in cursor.fetchall():
            print(f"  {line}")


def _refill_keys() -> None:
    """Migration 0005's data step on the whole table: the keys (and the index) are
    dropped, computed again by the migration's own function, the index built again;
    the keys must be those the COPY wrote."""
    import importlib

    from django.apps import apps
    from django.db import connection, transaction

    from gongkai.disclosures.models import Application

    migration = importlib.import_module(
        "gongkai.disclosures.migrations.0005_application_information_key"
    )
    table = Application._meta.db_table
    assert table == "disclosures_application"
    checksum = (
        "SELECT md5(string_agg(information_key, ',' ORDER BY id)), "
        "count(*) FILTER (WHERE information_key <> '') FROM disclosures_application"
    )
    with connection.cursor() as cursor:
        cursor.execute(checksum)
        written, keyed = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'application_information'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute("DROP INDEX application_information")
        cursor.execute(
            "UPDATE disclosures_application SET information_key = '' "
            "WHERE information_key <> ''"
        )
        cursor.execute(f"VACUUM ANALYZE {table}")
    started = time.perf_counter()
    with transaction.atomic():
        migration.fill_information_keys(apps, None)
    fill_s = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(definition)
        index_s = time.perf_counter() - started
        cursor.execute(checksum)
        same = cursor.fetchone() == (written, keyed)
    print(
        f"迁移 0005 的数据步骤（fill_information_keys）：{keyed} 件申请的信息标识，"
        f"计算并写入 {fill_s:.1f} 秒，之后建索引 {index_s:.1f} 秒；"
        f"结果{'与 COPY 时写入的相同' if same else '与 COPY 时写入的不同！'}",
        flush=True,
    )
    if not same:
        raise SystemExit("迁移 0005 算出的信息标识与基准数据不一致。")


# --- run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--baseline-repeat", type=int, default=10)
    parser.add_argument("--page-repeat", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or None,
        help="an EMPTY PostgreSQL database (default: DATABASE_URL, else a throwaway "
        "server started with tests.pgserver)",
    )
    parser.add_argument(
        "--skip-migration",
        action="store_true",
        help="do not time migration 0005's data step on the data at the end",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the data (server, database rows, data directory) afterwards",
    )
    args = parser.parse_args()

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # run the clean-ups: server, directories

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    with _bench_lock():
        data_dir = tempfile.mkdtemp(prefix="gongkai-bench-queues-")
        try:
            if args.database_url:
                _run(args, data_dir, args.database_url, external=True)
            else:
                with _throwaway_server(args.keep) as url:
                    _run(args, data_dir, url, external=False)
        finally:
            if args.keep:
                print(f"保留数据目录：{data_dir}（含字段加密密钥）")
            else:
                shutil.rmtree(data_dir, ignore_errors=True)


@contextlib.contextmanager
def _throwaway_server(keep: bool) -> Iterator[str]:
    """A PostgreSQL of our own as the tests start it; stopped and removed after,
    unless ``keep``."""
    from tests.pgserver import PgServer, find_bin_dir, server_user

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("没有找到 PostgreSQL（initdb、pg_ctl），无法运行本基准测试。")
    user = server_user()
    root = Path(tempfile.mkdtemp(prefix="gongkai-pg-", dir="/tmp"))
    server = PgServer(bin_dir=bin_dir, user=user, root=root)
    try:
        server.init()
        server.start()
        server.create_database()
        yield server.url
    finally:
        if keep and server.running():
            stop = f"{bin_dir}/pg_ctl -D {server.data_dir} stop"
            if user:
                stop = f"runuser -u {user} -- {stop}"
            print(
                f"保留 PostgreSQL：DATABASE_URL={server.url}；"
                f"停止并删除：{stop} && rm -rf {root}"
            )
        else:
            server.stop()
            shutil.rmtree(root, ignore_errors=True)


def _run(args: argparse.Namespace, data_dir: str, url: str, *, external: bool) -> None:
    _setup_django(data_dir, url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.disclosures.models import Application
    from gongkai.organizations.models import Staff, Unit

    assert connection.vendor == "postgresql", "the benchmark runs on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"CPU 核数：{os.cpu_count()}；开始时系统负载 {_load()}；"
        f"数据库：PostgreSQL {version}（{'指定的数据库' if external else '临时启动'}）"
    )
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Unit.objects.exists() or Staff.objects.exists() or Application.objects.exists():
        raise SystemExit("数据库不是空的：请指定一个空的 PostgreSQL 数据库。")
    try:
        _prepare_and_measure(args, started, timezone.localdate())
    finally:
        if external and not args.keep:
            call_command("flush", interactive=False, verbosity=0)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")


def _prepare_and_measure(
    args: argparse.Namespace, started: float, today: dt.date
) -> None:
    from django.db import connection

    from gongkai.disclosures import selectors
    from gongkai.disclosures.models import (
        Application,
        Reply,
        SameInformationDecision,
    )
    from gongkai.disclosures.states import (
        CLOCK_RUNNING_STATES,
        CONCLUDED_STATES,
        WAITING_FOR_APPLICANT,
    )
    from gongkai.organizations.models import RoleAssignment, Staff, Unit

    t_org = time.perf_counter()
    org = _organisation()
    org_s = time.perf_counter() - t_org
    t_copy = time.perf_counter()
    rows = _insert(args.rows, args.seed, org, today)
    copy_s = time.perf_counter() - t_copy
    total_s = time.perf_counter() - started
    running = [s.value for s in CLOCK_RUNNING_STATES]
    by_state = Application.objects.values_list("state")
    concluded = by_state.filter(
        state__in=[s.value for s in CONCLUDED_STATES] + ["duplicate"]
    ).count()
    waiting = by_state.filter(
        state__in=[s.value for s in WAITING_FOR_APPLICANT]
    ).count()
    open_running = by_state.filter(state__in=running).count()
    overdue = by_state.filter(state__in=running, due_on__lt=today).count()
    soon = by_state.filter(
        state__in=running,
        due_on__gte=today,
        due_on__lte=selectors.due_soon_limit(today),
    ).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s))",
            [Application._meta.db_table],
        )
        size = cursor.fetchone()[0]
    print(
        f"准备：{Unit.objects.count()} 个单位，{Staff.objects.count()} 位工作人员"
        f"（{RoleAssignment.objects.count()} 个角色，用服务创建，{org_s:.1f} 秒）；"
        f"COPY {rows} 件申请并 ANALYZE，{copy_s:.1f} 秒（表和索引 {size}）；"
        f"共用时 {total_s:.1f} 秒"
    )
    print(
        f"申请：已办结 {concluded}（{concluded / rows:.1%}），计时中 {open_running}"
        f"（其中已超期 {overdue}，5个工作日内到期 {soon}），等待申请人 {waiting}，"
        f"待确认收到 {rows - concluded - waiting - open_running}；今天 {today}"
    )
    keyed = Application.objects.exclude(information_key="")
    print(
        f"文件名称、文号：{keyed.count()} 件申请填写（{keyed.count() / rows:.1%}），"
        f"不同的信息标识 {keyed.values('unit_id', 'information_key').distinct().count()}"
        f" 个（按受理机关）；已定稿的答复 {Reply.objects.filter(frozen=True).count()} 件；"
        f"条例第四十四条待处理 {selectors.same_information_pending_count(None)} 组"
        f"（全市），此前已决定 {SameInformationDecision.objects.count()} 个",
        flush=True,
    )
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        results = _measure(args, org, recorder)
    targeted = [r for r in results if r.target]
    worst = max(targeted, key=lambda r: _pct(r.ours, 0.95))
    base_p50 = [_pct(r.base, 0.5) / _pct(r.ours, 0.5) for r in targeted if r.base]
    print(
        f"已超期、到期队列（列表与计数）：我们 p95 最慢 {_pct(worst.ours, 0.95):.2f} ms"
        f"（{worst.what}）；比值（基线 / 我们，p50）"
        f"{min(base_p50):.0f}× 至 {max(base_p50):.0f}×"
    )
    pages = [r for r in results if r.page]
    slowest_page = max(pages, key=lambda r: _pct(r.ours, 0.5))
    print(
        f"整页（队列页和工作台首页，{len(pages)} 项）：p50 "
        f"{min(_pct(r.ours, 0.5) for r in pages):.0f}–"
        f"{_pct(slowest_page.ours, 0.5):.0f} ms，最慢 {slowest_page.what}"
    )
    if "target" in recorder.slowest:
        _explain(recorder.slowest["target"], "队列与计数中最慢的一条 SQL")
    if "page" in recorder.slowest:
        _explain(recorder.slowest["page"], "整页中最慢的一条 SQL")
    if not args.skip_migration:
        _refill_keys()
    print(f"结束时系统负载 {_load()}（1/5/15 分钟平均）")
    met = "达到" if _pct(worst.ours, 0.95) < TARGET_MS else "未达到"
    print(
        f"目标 < {TARGET_MS:.0f} 毫秒：{met}"
        f"（已超期、5个工作日内到期队列，{rows} 件申请，每种身份 p95）"
    )


if __name__ == "__main__":
    main()
