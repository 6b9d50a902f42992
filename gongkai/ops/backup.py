"""Backup and restore of one instance: the database and the files under the data dir.

An archive is a gzip-compressed tar file holding

* ``database.jsonl`` — every row, in Django's JSON Lines serialisation (one object
  a line, so that writing and reading it never holds the whole database in memory);
* ``media/…`` — every file under MEDIA_ROOT;
* ``instance/<dir>/…`` — every file in the other directories of the data directory,
  except the derived ones (static files, the search index) and the SQLite database;
* ``manifest.json`` — written last: format and version, the applied migrations, the
  row counts, and the size and SHA-256 of every other member.

Rows are written with their primary keys.  References to content types and
permissions, which every instance derives from its code and which are therefore not
in the archive, are written as natural keys (``["core", "auditevent"]``) so that they
resolve on an instance whose ids differ.

A restore verifies the whole archive (readable, a gongkai backup, checksums, safe
paths, migrations known to this code, target empty) before it writes anything.  It
then migrates the empty database to the state recorded in the manifest, replaces
whatever rows those migrations seeded with the archive's rows (loaded with the models
of that state) in one transaction, moves the files into place
before the transaction commits (removing them again if anything fails), and finally
migrates to the current version, so that a backup made by an older version is
upgraded by the same migrations as a live instance would be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, cast

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import base as serializers_base
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from tqdm import tqdm

import gongkai

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "database.jsonl"
MEDIA_PREFIX = "media"
INSTANCE_PREFIX = "instance"

# Not backed up: derived from the code (content types, permissions), short-lived
# (sessions) or a work queue that belongs to the running instance (task results).
EXCLUDED_APPS = frozenset({"contenttypes", "sessions", "django_tasks_database"})
EXCLUDED_MODELS = frozenset({"auth.permission"})
# Models referenced by natural key because their rows are not in the archive.
NATURAL_KEY_MODELS = frozenset({"contenttypes.contenttype", "auth.permission"})
# Directories of the data directory that are rebuilt from the code or the database.
DERIVED_DIRS = frozenset({"static", "index"})
STAGING_PREFIX = ".restore-"
PART_SUFFIX = ".part"

CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024 * 1024

Report = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user."""


def _quiet(_message: str) -> None:
    return None


def _bar(total: int | None, desc: str, *, progress: bool, unit: str = "B") -> Any:
    if unit == "B":
        return tqdm(
            total=total,
            desc=desc,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            disable=not progress,
            leave=False,
        )
    return tqdm(total=total, desc=desc, unit=unit, disable=not progress, leave=False)


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    return f"{value:.1f} {unit}"


# ---------------------------------------------------------------------------
# What is backed up


def dumped_models() -> list[type[models.Model]]:
    """The models whose rows go into the archive, in app order."""
    alias = DEFAULT_DB_ALIAS
    result = []
    for model in global_apps.get_models():
        opts = model._meta
        if opts.app_label in EXCLUDED_APPS or opts.label_lower in EXCLUDED_MODELS:
            continue
        if opts.proxy or not router.allow_migrate_model(alias, model):
            continue
        result.append(model)
    return result


def _data_roots() -> list[tuple[str, Path]]:
    """(archive prefix, directory) for every directory whose files are backed up."""
    data_dir = Path(settings.DATA_DIR)
    media_root = Path(settings.MEDIA_ROOT)
    roots: list[tuple[str, Path]] = [(MEDIA_PREFIX, media_root)]
    skip = {media_root.resolve(), Path(settings.STATIC_ROOT).resolve()}
    if data_dir.is_dir():
        for entry in sorted(data_dir.iterdir()):
            if (
                entry.name in DERIVED_DIRS
                or entry.name.startswith(".")
                or entry.is_symlink()
                or not entry.is_dir()
                or entry.resolve() in skip
            ):
                continue
            roots.append((f"{INSTANCE_PREFIX}/{entry.name}", entry))
    return roots


@dataclass
class _FileEntry:
    name: str
    path: Path


def _collect_files(exclude: set[Path]) -> tuple[list[_FileEntry], int]:
    """The regular files to back up, and how many links or special files were skipped."""
    files: list[_FileEntry] = []
    skipped = 0
    for prefix, root in _data_roots():
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(dirpath) / filename
                if path.resolve() in exclude:
                    continue
                if path.is_symlink() or not path.is_file():
                    skipped += 1
                    continue
                relative = path.relative_to(root).as_posix()
                files.append(_FileEntry(f"{prefix}/{relative}", path))
            # Symbolic links to directories are not followed (os.walk's default);
            # count them so the summary can mention them.
            skipped += sum(1 for d in dirnames if (Path(dirpath) / d).is_symlink())
    return files, skipped


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    connection = connections[alias]
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = MigrationRecorder(connection).applied_migrations()
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        if (app_label, name) in known:
            result.setdefault(app_label, []).append(name)
    return result


# ---------------------------------------------------------------------------
# Serialisation


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's keeps
    milliseconds, which would change every timestamp in a round trip)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            return o.isoformat()
        if isinstance(o, dt.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines with primary keys, and natural keys only for derived models."""

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = (
            field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS
        )
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = (
            field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS
        )
        super().handle_m2m_field(obj, field)


class _Deserializer(jsonl.Deserializer):
    """JSON Lines read into the models of a migration state rather than the code's.

    A content type that the target does not have (a model since removed from the
    code, still referenced by old audit events) is created, as it was on the source.
    """

    def __init__(self, stream: IO[str], *, state_apps: Apps, using: str) -> None:
        self.state_apps = state_apps
        self.alias = using
        self.content_types: dict[tuple[str, str], Any] = {}
        super().__init__(stream, using=using)

    def _get_model_from_node(self, model_identifier: str) -> type[models.Model]:
        try:
            return self.state_apps.get_model(model_identifier)
        except (LookupError, TypeError) as exc:
            raise serializers_base.DeserializationError(
                f"本版本没有数据模型 {model_identifier}"
            ) from exc

    def _handle_fk_field_node(self, field: Any, field_value: Any) -> Any:
        remote = field.remote_field.model
        if (
            remote._meta.label_lower == "contenttypes.contenttype"
            and isinstance(field_value, list)
            and len(field_value) == 2
        ):
            key = (str(field_value[0]), str(field_value[1]))
            if key not in self.content_types:
                manager = remote._default_manager.db_manager(self.alias)
                content_type, _ = manager.get_or_create(app_label=key[0], model=key[1])
                self.content_types[key] = content_type.pk
            return self.content_types[key]
        return super()._handle_fk_field_node(field, field_value)  # type: ignore[misc]


class _HashingReader:
    """A read-only file wrapper that hashes and counts what passes through it."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], object]) -> None:
        self._raw = raw
        self._on_read = on_read
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        self._on_read(len(data))
        return data


class _CountingReader:
    """A read-only wrapper that reports how many bytes of the archive were read."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], object]) -> None:
        self._raw = raw
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._on_read(len(data))
        return data


# ---------------------------------------------------------------------------
# Backup


@dataclass
class BackupResult:
    path: Path
    vendor: str
    tables: int
    rows: int
    files: int
    file_bytes: int
    archive_bytes: int
    skipped: int
    notes: list[str] = field(default_factory=list)


def _dump_database(stream: BinaryIO, alias: str, *, progress: bool) -> dict[str, int]:
    """Write every row as JSON Lines into ``stream``; return the rows per model.

    The rows are read in one transaction, so that they are one consistent snapshot
    (REPEATABLE READ on PostgreSQL; on SQLite the transaction holds the write lock,
    so writes wait until the export is done).
    """
    connection = connections[alias]
    counts: dict[str, int] = {}
    # Inside a transaction that was already open (a caller's, or a test's) the
    # isolation level can no longer be chosen; that transaction is the snapshot.
    outer = connection.in_atomic_block
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        model_list = dumped_models()
        querysets = [
            model._base_manager.using(alias).order_by(model._meta.pk.name)
            for model in model_list
        ]
        total = sum(qs.count() for qs in querysets)
        bar = _bar(total, "导出数据库", progress=progress, unit="条")

        def objects() -> Iterator[models.Model]:
            for model, queryset in zip(model_list, querysets, strict=True):
                label = model._meta.label_lower
                counts[label] = 0
                for obj in queryset.iterator(chunk_size=2000):
                    counts[label] += 1
                    bar.update(1)
                    yield obj

        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        try:
            _Serializer().serialize(objects(), stream=text, cls=_ExactJSONEncoder)
            text.flush()
        finally:
            text.detach()
            bar.close()
    return counts


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o644
    info.type = tarfile.REGTYPE
    return info


def create_backup(
    target: Path | str, *, progress: bool = False, report: Report = _quiet
) -> BackupResult:
    """Write a backup archive to ``target`` (never a partial one)."""
    alias = DEFAULT_DB_ALIAS
    connection = connections[alias]
    target = Path(target).absolute()
    if target.exists():
        raise BackupError(f"文件 {target} 已存在。请换一个文件名，或先移走原来的文件。")
    if not target.parent.is_dir():
        raise BackupError(f"目录 {target.parent} 不存在。")

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "数据库有未执行的迁移，与当前代码不一致，无法备份。"
            "请先运行 gongkai migrate（或用与数据库一致的版本备份）。"
        )

    fd, part_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=PART_SUFFIX
    )
    part = Path(part_name)
    members: list[dict[str, Any]] = []
    try:
        with os.fdopen(fd, "wb") as out:
            with tarfile.open(
                fileobj=out, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6
            ) as tar:
                report("正在导出数据库……")
                with tempfile.TemporaryFile(dir=target.parent) as dump:
                    counts = _dump_database(
                        cast(BinaryIO, dump), alias, progress=progress
                    )
                    size = dump.tell()
                    dump.seek(0)
                    bar = _bar(size, "写入数据库", progress=progress)
                    with bar:
                        reader = _HashingReader(dump, bar.update)
                        tar.addfile(
                            _tarinfo(DATABASE_NAME, size, time.time()),
                            cast(BinaryIO, reader),
                        )
                    members.append(
                        {
                            "name": DATABASE_NAME,
                            "size": size,
                            "sha256": reader.sha256.hexdigest(),
                        }
                    )

                report("正在打包文件……")
                files, skipped = _collect_files({target.resolve(), part.resolve()})
                file_bytes = 0
                sizes: dict[str, int] = {}
                for entry in files:
                    with contextlib.suppress(OSError):
                        sizes[entry.name] = entry.path.stat().st_size
                bar = _bar(sum(sizes.values()), "打包文件", progress=progress)
                with bar:
                    for entry in files:
                        try:
                            source = entry.path.open("rb")
                        except FileNotFoundError:
                            skipped += 1  # deleted while the backup ran
                            continue
                        with source:
                            stat = os.fstat(source.fileno())
                            reader = _HashingReader(source, bar.update)
                            tar.addfile(
                                _tarinfo(entry.name, stat.st_size, stat.st_mtime),
                                cast(BinaryIO, reader),
                            )
                        members.append(
                            {
                                "name": entry.name,
                                "size": stat.st_size,
                                "sha256": reader.sha256.hexdigest(),
                            }
                        )
                        file_bytes += stat.st_size

                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "gongkai_version": gongkai.__version__,
                    "created_at": timezone.localtime().isoformat(timespec="seconds"),
                    "database": {
                        "vendor": connection.vendor,
                        "member": DATABASE_NAME,
                        "serialization": "jsonl",
                        "models": counts,
                    },
                    "migrations": _applied_migrations(alias),
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                tar.addfile(
                    _tarinfo(MANIFEST_NAME, len(data), time.time()), io.BytesIO(data)
                )
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackupError(
                f"写入备份文件时出错：{exc}。没有留下不完整的备份文件。"
            ) from exc
        raise
    notes = []
    if target.resolve().is_relative_to(Path(settings.DATA_DIR).resolve()):
        notes.append(
            "备份文件位于数据目录中，以后的备份会把它也打包进去："
            "建议把备份文件保存在数据目录以外（最好是另一台机器或另一块磁盘）。"
        )
    return BackupResult(
        path=target,
        vendor=connection.vendor,
        tables=sum(1 for n in counts.values() if n),
        rows=sum(counts.values()),
        files=len(members) - 1,
        file_bytes=file_bytes,
        archive_bytes=target.stat().st_size,
        skipped=skipped,
        notes=notes,
    )


# ---------------------------------------------------------------------------
# Restore: verification


@dataclass
class _Member:
    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    gongkai_version: str
    vendor: str
    model_counts: dict[str, int]
    migrations: set[tuple[str, str]]
    members: dict[str, _Member]


@dataclass
class RestoreResult:
    created_at: str
    gongkai_version: str
    source_vendor: str
    vendor: str
    tables: int
    rows: int
    files: int
    file_bytes: int
    upgraded: bool
    migrations_applied: int = 0
    notes: list[str] = field(default_factory=list)


_CORRUPT = (
    "无法读取备份文件 {path}：文件已损坏或不完整（{detail}）。"
    "请使用完整的备份文件（核对文件大小，必要时重新复制）。"
)
_FOREIGN = "{path} 不是 gongkai 的备份文件（{detail}）。"


def _member_parts(name: str) -> tuple[str, ...]:
    """The path parts of a member name, refusing anything that could escape."""
    bad = not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name
    parts = tuple(PurePosixPath(name).parts) if not bad else ()
    if bad or any(p in {"", ".", ".."} for p in name.split("/")):
        raise BackupError(
            f"备份文件中有不安全的路径“{name}”（绝对路径或含“..”），已拒绝恢复。"
            "这个文件可能被篡改，请勿使用。"
        )
    return parts


def _check_member_kind(member: tarfile.TarInfo) -> None:
    if not member.isreg():
        kind = (
            "符号链接"
            if member.issym()
            else "硬链接"
            if member.islnk()
            else "设备文件"
            if member.isdev()
            else "目录"
            if member.isdir()
            else "特殊文件"
        )
        raise BackupError(
            f"备份文件中的“{member.name}”是{kind}，备份文件只应包含普通文件，已拒绝恢复。"
            "这个文件可能被篡改，请勿使用。"
        )


def _classify(name: str, parts: tuple[str, ...], path: Path) -> None:
    """Refuse members that a gongkai backup never holds."""
    if name in {MANIFEST_NAME, DATABASE_NAME}:
        return
    if parts[0] == MEDIA_PREFIX and len(parts) >= 2:
        return
    if (
        parts[0] == INSTANCE_PREFIX
        and len(parts) >= 3
        and parts[1] not in DERIVED_DIRS
        and not parts[1].startswith(".")
    ):
        return
    raise BackupError(_FOREIGN.format(path=path, detail=f"含有未知内容“{name}”"))


def _parse_manifest(raw: bytes, path: Path) -> Manifest:
    def invalid(detail: str) -> BackupError:
        return BackupError(
            f"备份文件 {path} 的清单（manifest.json）{detail}，无法恢复。"
        )

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(
            _FOREIGN.format(path=path, detail="manifest.json 不是有效的 JSON")
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(
            _FOREIGN.format(path=path, detail="manifest.json 不是 gongkai 备份清单")
        )
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise invalid("的格式版本无效")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"备份文件 {path} 由更新版本的 gongkai（{data.get('gongkai_version')}）生成，"
            f"格式版本 {version} 高于本版本支持的 {FORMAT_VERSION}。请先升级 gongkai 再恢复。"
        )
    try:
        database = data["database"]
        model_counts = {str(k): int(v) for k, v in database["models"].items()}
        migrations = {
            (str(app), str(name))
            for app, names in data["migrations"].items()
            for name in names
        }
        members: dict[str, _Member] = {}
        for item in data["members"]:
            member = _Member(str(item["name"]), int(item["size"]), str(item["sha256"]))
            if member.name in members or member.name == MANIFEST_NAME:
                raise invalid(f"重复列出了“{member.name}”")
            members[member.name] = member
        result = Manifest(
            created_at=str(data["created_at"]),
            gongkai_version=str(data["gongkai_version"]),
            vendor=str(database["vendor"]),
            model_counts=model_counts,
            migrations=migrations,
            members=members,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise invalid("不完整") from exc
    if DATABASE_NAME not in members:
        raise invalid("没有列出数据库")
    return result


def _extract(archive: Path, staging: Path, *, progress: bool) -> Manifest:
    """Read the whole archive into ``staging`` and verify it against its manifest."""
    found: dict[str, _Member] = {}
    manifest_raw: bytes | None = None
    total = archive.stat().st_size
    try:
        with (
            archive.open("rb") as raw,
            _bar(total, "校验备份", progress=progress) as bar,
        ):
            counting = _CountingReader(raw, bar.update)
            with tarfile.open(fileobj=cast(IO[bytes], counting), mode="r|gz") as tar:
                for member in tar:
                    parts = _member_parts(member.name)
                    _check_member_kind(member)
                    _classify(member.name, parts, archive)
                    if member.name in found or (
                        member.name == MANIFEST_NAME and manifest_raw is not None
                    ):
                        raise BackupError(
                            f"备份文件 {archive} 中“{member.name}”出现了不止一次，已拒绝恢复。"
                        )
                    source = tar.extractfile(member)
                    assert source is not None  # a regular file
                    if member.name == MANIFEST_NAME:
                        if member.size > MAX_MANIFEST_BYTES:
                            raise BackupError(
                                _FOREIGN.format(path=archive, detail="清单过大")
                            )
                        manifest_raw = source.read()
                        continue
                    destination = staging.joinpath(*parts)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    reader = _HashingReader(source, lambda _n: None)
                    with destination.open("wb") as out:
                        while chunk := reader.read(CHUNK):
                            out.write(chunk)
                    found[member.name] = _Member(
                        member.name, reader.size, reader.sha256.hexdigest()
                    )
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(_CORRUPT.format(path=archive, detail=exc)) from exc
    except OSError as exc:
        raise BackupError(f"读取或暂存备份文件 {archive} 时出错：{exc}") from exc

    if manifest_raw is None:
        raise BackupError(
            _FOREIGN.format(path=archive, detail="没有 manifest.json 清单")
            if found
            else _CORRUPT.format(path=archive, detail="归档中没有内容")
        )
    manifest = _parse_manifest(manifest_raw, archive)
    for name, expected in manifest.members.items():
        actual = found.get(name)
        if actual is None:
            raise BackupError(
                f"备份文件 {archive} 不完整：清单中的“{name}”不在归档里，已拒绝恢复。"
            )
        if actual.size != expected.size or actual.sha256 != expected.sha256:
            raise BackupError(
                f"备份文件 {archive} 中“{name}”的大小或校验值（SHA-256）与清单不符："
                "文件已损坏或被改动，已拒绝恢复。"
            )
    extra = sorted(set(found) - set(manifest.members))
    if extra:
        raise BackupError(
            f"备份文件 {archive} 中的“{extra[0]}”不在清单里：文件被改动过，已拒绝恢复。"
        )
    return manifest


def _database_file_missing(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return False
    return not Path(connection.settings_dict["NAME"]).exists()


def _check_target_empty(alias: str) -> None:
    """Refuse a target database that holds any unit, staff member or audit event."""
    if _database_file_missing(alias):
        return
    from gongkai.core.models import AuditEvent
    from gongkai.organizations.models import Staff, Unit

    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    for model in (Unit, Staff, AuditEvent):
        if model._meta.db_table in tables and model._base_manager.using(alias).exists():
            raise BackupError(
                f"目标数据库不是空的（已有{model._meta.verbose_name}等数据），不能恢复到这里。"
                "恢复只能在全新的实例上进行：请把 GONGKAI_DATA_DIR 指向一个空目录"
                "（使用 PostgreSQL 时，DATABASE_URL 指向一个新建的空数据库），再运行 gongkai restore。"
            )


@dataclass
class _MigrationPlan:
    targets: list[tuple[str, str]]
    state_apps: Apps
    latest: bool  # the backup's state is this code's newest state


def _plan_migrations(manifest: Manifest, alias: str) -> _MigrationPlan:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = sorted(manifest.migrations - known)
    if unknown:
        listed = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        more = f"等 {len(unknown)} 项" if len(unknown) > 5 else ""
        raise BackupError(
            f"备份来自更新的 gongkai 版本（{manifest.gongkai_version}）：本安装不认识其中的"
            f"数据库迁移 {listed}{more}。请先把 gongkai 升级到不低于备份时的版本，再恢复。"
        )

    if not _database_file_missing(alias):
        connection = connections[alias]
        applied = set(MigrationRecorder(connection).applied_migrations()) & known
        ahead = sorted(applied - manifest.migrations)
        if ahead:
            raise BackupError(
                "目标数据库的结构比备份新（已执行了备份中没有的迁移，例如 "
                f"{ahead[0][0]}.{ahead[0][1]}）。请把 GONGKAI_DATA_DIR 指向一个全新的空目录"
                "（不要预先运行 gongkai migrate），再恢复；恢复时会自动升级数据库结构。"
            )

    graph = loader.graph
    state = {
        node
        for node in graph.nodes
        if node in manifest.migrations
        or (
            (replaces := getattr(graph.nodes[node], "replaces", None))
            and {tuple(r) for r in replaces} <= manifest.migrations
        )
    }
    if not state:
        raise BackupError("备份清单中没有数据库迁移记录，无法恢复。")
    targets = sorted(
        node
        for node in state
        if not any(
            child in state and child[0] == node[0]
            for child in graph.node_map[node].children
        )
    )
    return _MigrationPlan(
        targets=targets,
        state_apps=loader.project_state(targets, at_end=True).apps,
        latest=state == set(graph.nodes),
    )


@dataclass
class _Placement:
    source: Path
    destination: Path


def _is_key(placement: _Placement) -> bool:
    return placement.destination.parent.name == "keys"


def _plan_files(manifest: Manifest, staging: Path) -> list[_Placement]:
    media_root = Path(settings.MEDIA_ROOT).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    placements: list[_Placement] = []
    seen: set[Path] = set()
    for name in sorted(manifest.members):
        if name == DATABASE_NAME:
            continue
        parts = _member_parts(name)
        root = media_root if parts[0] == MEDIA_PREFIX else data_dir
        destination = root.joinpath(*parts[1:])
        resolved = destination.resolve()
        if not resolved.is_relative_to(root) or resolved in seen:
            raise BackupError(f"备份文件中的“{name}”指向数据目录以外，已拒绝恢复。")
        seen.add(resolved)
        source = staging.joinpath(*parts)
        if destination.parent.name == "keys" and destination.is_file():
            if destination.read_bytes() == source.read_bytes():
                continue  # this instance already uses the archive's key
            raise BackupError(
                f"目标实例已有另一个加密密钥 {destination}，用它无法读取备份中加密的申请人信息。"
                "请把 GONGKAI_DATA_DIR 指向一个空目录，再运行 gongkai restore。"
            )
        if destination.exists() or destination.is_symlink():
            raise BackupError(
                f"目标位置已有文件 {destination}，恢复只能在全新的实例上进行："
                "请把 GONGKAI_DATA_DIR 指向一个空目录，再运行 gongkai restore。"
            )
        placements.append(_Placement(source, destination))
    return placements


# ---------------------------------------------------------------------------
# Restore: writing


def _clear_tables(labels: Iterable[str], state_apps: Apps, alias: str) -> None:
    """Empty the tables the archive holds, dropping rows that migrations seeded.

    The target has been checked to hold no data of its own, so whatever these
    tables contain was written by the migrations just run (reference data such as
    the working-day calendar); the archive's rows, as later edited on the source,
    replace them.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables: list[str] = []
    for label in labels:
        try:
            model = state_apps.get_model(label)
        except LookupError:
            continue
        if not model._base_manager.using(alias).exists():
            continue
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
        tables.append(model._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - quoted name


def _load_rows(
    path: Path, state_apps: Apps, alias: str, *, total: int, progress: bool
) -> Counter[str]:
    """Save every row of ``path``; the caller holds the transaction."""
    connection = connections[alias]
    counts: Counter[str] = Counter()
    loaded: set[type[models.Model]] = set()
    with (
        path.open(encoding="utf-8") as stream,
        _bar(total, "载入数据库", progress=progress, unit="条") as bar,
    ):
        for deserialized in _Deserializer(stream, state_apps=state_apps, using=alias):
            deserialized.save(using=alias, force_insert=True)
            model = type(deserialized.object)
            loaded.add(model)
            counts[model._meta.label_lower] += 1
            bar.update(1)
    tables = [model._meta.db_table for model in loaded]
    for model in loaded:
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    connection.check_constraints(table_names=tables)
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return counts


def _place_files(
    placements: list[_Placement], *, progress: bool, created: list[Path]
) -> int:
    """Move the staged files into place, recording every file and directory made."""
    size = 0
    with _bar(len(placements), "复制文件", progress=progress, unit="个") as bar:
        for placement in placements:
            missing = []
            parent = placement.destination.parent
            while not parent.exists():
                missing.append(parent)
                parent = parent.parent
            for directory in reversed(missing):
                directory.mkdir()
                created.append(directory)
            shutil.move(placement.source, placement.destination)
            created.append(placement.destination)
            size += placement.destination.stat().st_size
            bar.update(1)
    return size


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()


def restore_backup(
    archive: Path | str, *, progress: bool = False, report: Report = _quiet
) -> RestoreResult:
    """Restore ``archive`` into this (empty) instance, or change nothing at all."""
    alias = DEFAULT_DB_ALIAS
    connection = connections[alias]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    _check_target_empty(alias)

    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    try:
        report("正在校验备份文件……")
        manifest = _extract(archive, staging, progress=progress)
        plan = _plan_migrations(manifest, alias)
        placements = _plan_files(manifest, staging)
        _check_target_empty(alias)

        report("正在准备数据库结构……")
        # One plain migrate when the backup is as new as the code, so that the
        # derived rows (content types, permissions) are made in the usual order.
        targets = [()] if plan.latest else plan.targets
        try:
            for target in targets:
                call_command(
                    "migrate",
                    *target,
                    interactive=False,
                    verbosity=0,
                    stdout=io.StringIO(),
                    database=alias,
                )
        except Exception as exc:
            raise BackupError(f"建立数据库结构时出错，没有载入任何数据：{exc}") from exc

        report("正在载入数据和文件……")
        total = sum(manifest.model_counts.values())
        created: list[Path] = []
        try:
            with transaction.atomic(using=alias):
                counts: Counter[str] = Counter()
                # Keys first: encrypted fields are written with the archive's key.
                keys = [p for p in placements if _is_key(p)]
                _place_files(keys, progress=False, created=created)
                placements = [p for p in placements if not _is_key(p)]
                _clear_tables(manifest.model_counts, plan.state_apps, alias)
                if total:
                    counts = _load_rows(
                        staging / DATABASE_NAME,
                        plan.state_apps,
                        alias,
                        total=total,
                        progress=progress,
                    )
                expected = {k: v for k, v in manifest.model_counts.items() if v}
                if dict(counts) != expected:
                    raise BackupError(
                        "备份中的数据条数与清单不符，已撤销本次恢复（没有载入任何数据，也没有留下文件）。"
                    )
                file_bytes = _place_files(
                    placements, progress=progress, created=created
                )
        except BaseException as exc:
            _remove_created(created)
            if isinstance(exc, Exception) and not isinstance(exc, BackupError):
                raise BackupError(
                    "载入备份数据时出错，已撤销本次恢复（没有载入任何数据，也没有留下文件）："
                    f"{exc}"
                ) from exc
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        report("正在把数据库结构升级到当前版本……")
        try:
            call_command(
                "migrate",
                interactive=False,
                verbosity=0,
                stdout=io.StringIO(),
                database=alias,
            )
        except Exception as exc:
            raise BackupError(
                f"数据已恢复，但把数据库结构升级到当前版本时出错：{exc}。"
                "请排除问题后运行 gongkai migrate。"
            ) from exc

    notes = []
    if manifest.vendor != connection.vendor:
        notes.append(
            f"备份来自 {manifest.vendor} 数据库，已恢复到 {connection.vendor}。"
        )
    return RestoreResult(
        created_at=manifest.created_at,
        gongkai_version=manifest.gongkai_version,
        source_vendor=manifest.vendor,
        vendor=connection.vendor,
        tables=sum(1 for n in counts.values() if n),
        rows=sum(counts.values()),
        files=len(placements),
        file_bytes=file_bytes,
        upgraded=bool(pending),
        migrations_applied=len(pending),
        notes=notes,
    )
