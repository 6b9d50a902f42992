"""gongkai backup / gongkai restore.

The round trip runs both commands as separate processes on two data directories
(two SQLite databases), the way an operator uses them, and compares the two
instances row for row and byte for byte.  The refusals run in-process against the
test database, which then plays the empty target, and check that nothing changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.core.models import AuditEvent
from gongkai.ops.backup import MANIFEST_NAME
from gongkai.organizations.models import Staff, Unit

ROOT = Path(__file__).resolve().parents[3]


# ---------------------------------------------------------------------------
# helpers


def run_gongkai(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("GONGKAI_FIELD_KEY", None)  # each instance keeps its key in keys/field.key
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        GONGKAI_DATA_DIR=str(data_dir),
        GONGKAI_SECRET_KEY="backup-test-secret-key-not-for-production",
    )
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def dump_instance(data_dir: Path, out: Path) -> list[Any]:
    """Every row of an instance, references by natural key, in a stable order."""
    result = run_gongkai(
        data_dir,
        "dumpdata",
        "--natural-foreign",
        "--exclude=sessions",
        "--exclude=django_tasks_database",
        "--format=jsonl",
        f"--output={out}",
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for row in rows:
        # Content types and permissions are derived from the code by `migrate`;
        # their ids are the instance's own business, their content must match.
        if row["model"] in {"contenttypes.contenttype", "auth.permission"}:
            row.pop("pk")
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def stored_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of an SQLite database exactly as stored, but the bookkeeping
    tables that are not data (applied migrations, sessions, the task queue).

    Encrypted values (Fernet tokens, "gAAAAA…") are re-encrypted with a fresh IV on
    restore, so they are compared as a marker here; their plain values are compared
    through dumpdata, which decrypts them with the restored key."""
    skip = ("sqlite_", "django_migrations", "django_session", "django_tasks_")
    through = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }
    with contextlib.closing(sqlite3.connect(database)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
            if not name.startswith(skip)
        ]
        return {
            table: sorted(
                (
                    # Many-to-many link rows carry a surrogate id of their own
                    # that serialisation does not keep; compare the links.
                    tuple(_mask_token(v) for v in row)[1 if table in through else 0 :]
                    for row in db.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                ),
                key=repr,
            )
            for table in tables
        }


def _mask_token(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("gAAAAA"):
        return "<encrypted>"
    return value


def files_under(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def read_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        members = {}
        for member in tar.getmembers():
            source = tar.extractfile(member)
            assert source is not None
            members[member.name] = source.read()
    return members


def write_archive(
    path: Path,
    members: dict[str, bytes],
    *,
    manifest: dict[str, Any] | None = None,
    specials: tuple[tarfile.TarInfo, ...] = (),
) -> None:
    """Write a tar.gz; with ``manifest``, append it listing ``members`` correctly."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in specials:
            tar.addfile(info)
        if manifest is not None:
            manifest = dict(manifest)
            manifest["members"] = [
                {
                    "name": name,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                for name, data in members.items()
            ]
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


# ---------------------------------------------------------------------------
# the round trip, as an operator runs it


def test_backup_and_restore_reproduce_the_instance(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    loaded = run_gongkai(source, "demo", "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    media = source / "files"
    (media / "附件" / "2025").mkdir(parents=True)
    (media / "附件" / "2025" / "政府信息公开申请书.pdf").write_bytes(
        os.urandom(300_000)
    )
    (media / "空文件.txt").write_bytes(b"")
    (source / "exports").mkdir()
    (source / "exports" / "年报.csv").write_text("单位,件数\n教育局,3\n", "utf-8")
    (source / "index").mkdir()
    (source / "index" / "segment-1").write_bytes(b"derived")
    (source / "static" / "site.css").write_text("body{}", "utf-8")

    archive = tmp_path / "备份" / "gongkai.tar.gz"
    archive.parent.mkdir()
    made = run_gongkai(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "备份完成" in made.stdout
    assert "文件：4 个" in made.stdout  # 2 uploads, 1 export, the field-encryption key
    assert sorted(p.name for p in archive.parent.iterdir()) == ["gongkai.tar.gz"]
    names = set(read_members(archive))
    assert "instance/index/segment-1" not in names
    assert "instance/keys/field.key" in names
    assert not any(name.startswith("instance/static") for name in names)

    # A damaged copy is refused before anything is written to the fresh instance.
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused = run_gongkai(target, "restore", str(broken))
    assert refused.returncode != 0
    assert "损坏或不完整" in refused.stderr
    assert not (target / "gongkai.sqlite3").exists()
    assert files_under(target / "files") == {}

    restored = run_gongkai(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout

    before = dump_instance(source, tmp_path / "source.jsonl")
    after = dump_instance(target, tmp_path / "target.jsonl")
    models = {row["model"] for row in before}
    assert {"organizations.unit", "organizations.staff", "core.auditevent"} <= models
    assert after == before
    # The same, exactly as stored: every table, every column, to the microsecond.
    stored = stored_rows(source / "gongkai.sqlite3")
    assert stored_rows(target / "gongkai.sqlite3") == stored
    assert len(stored["core_auditevent"]) == len(
        [row for row in before if row["model"] == "core.auditevent"]
    )
    assert files_under(target / "files") == files_under(media)
    assert len(files_under(target / "files")) == 2
    assert files_under(target / "exports") == files_under(source / "exports")
    assert not (target / "index").exists()
    assert not (target / "static" / "site.css").exists()
    assert not [p for p in target.iterdir() if p.name.startswith(".")]

    # The restored instance now has data: a second restore is refused.
    again = run_gongkai(target, "restore", str(archive))
    assert again.returncode != 0
    assert "不是空的" in again.stderr


# ---------------------------------------------------------------------------
# in-process: the test database is the (empty) target


@pytest.fixture
def instance(settings: Any, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "files"
    settings.STATIC_ROOT = data_dir / "static"
    return data_dir


def make_archive(instance: Path, tmp_path: Path) -> Path:
    """A backup of the test database with a row and a file, both removed afterwards,
    so that the database is an empty target again."""
    group = Group.objects.create(name="备份测试组")
    media = instance / "files"
    (media / "sub").mkdir(parents=True)
    (media / "sub" / "doc.txt").write_bytes(b"original content")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    group.delete()
    shutil.rmtree(media)
    return archive


def counts() -> tuple[int, ...]:
    models = (Unit, Staff, AuditEvent, Group)
    return tuple(model._base_manager.count() for model in models)


def assert_refused(archive: Path, instance: Path, message: str) -> None:
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), verbosity=0)
    assert counts() == before
    assert files_under(instance / "files") == {}
    assert not [p for p in instance.iterdir() if p.name.startswith(".")]


@pytest.mark.django_db
def test_round_trip_in_process(instance: Path, tmp_path: Path) -> None:
    """The same round trip on the test database (PostgreSQL in `make pg-test`)."""
    from gongkai.ops.demo import load_demo

    load_demo()
    (instance / "files").mkdir()
    (instance / "files" / "a.bin").write_bytes(os.urandom(1000))
    media_before = files_under(instance / "files")
    archive = tmp_path / "roundtrip.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    rows_before = io.StringIO()
    call_command(
        "dumpdata", "organizations", "core", natural_foreign=True, stdout=rows_before
    )

    # Fire PostgreSQL's deferred constraint triggers, which would block TRUNCATE.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(instance / "files")
    assert counts() == (0, 0, 0, 0)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "恢复完成" in out.getvalue()
    rows_after = io.StringIO()
    call_command(
        "dumpdata", "organizations", "core", natural_foreign=True, stdout=rows_after
    )
    assert json.loads(rows_after.getvalue()) == json.loads(rows_before.getvalue())
    assert files_under(instance / "files") == media_before
    # Sequences continue after the restored ids.
    unit = Unit.objects.create(name="新单位", kind="department")
    assert unit.pk > max(
        row["pk"]
        for row in json.loads(rows_before.getvalue())
        if row["model"] == "organizations.unit"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [0.5, 0.1, 100])
def test_refuses_truncated_archive(instance: Path, tmp_path: Path, keep: float) -> None:
    archive = make_archive(instance, tmp_path)
    data = archive.read_bytes()
    archive.write_bytes(data[: int(len(data) * keep)] if keep < 1 else data[:100])
    assert_refused(archive, instance, "损坏或不完整")


@pytest.mark.django_db
def test_refuses_a_file_that_is_not_gzip(instance: Path, tmp_path: Path) -> None:
    archive = tmp_path / "notes.tar.gz"
    archive.write_text("这不是归档", "utf-8")
    assert_refused(archive, instance, "损坏或不完整")


@pytest.mark.django_db
def test_refuses_foreign_archive(instance: Path, tmp_path: Path) -> None:
    archive = tmp_path / "other.tar.gz"
    write_archive(archive, {"README.txt": b"hello"})
    assert_refused(archive, instance, "不是 gongkai 的备份文件")

    archive = tmp_path / "other-manifest.tar.gz"
    write_archive(
        archive,
        {"database.jsonl": b""},
        manifest={"format": "something-else", "format_version": 1},
    )
    assert_refused(archive, instance, "不是 gongkai 的备份文件")


@pytest.mark.django_db
def test_refuses_archive_without_manifest(instance: Path, tmp_path: Path) -> None:
    members = read_members(make_archive(instance, tmp_path))
    del members[MANIFEST_NAME]
    archive = tmp_path / "no-manifest.tar.gz"
    write_archive(archive, members)
    assert_refused(archive, instance, "没有 manifest.json")


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["media/sub/doc.txt", "database.jsonl"])
def test_refuses_tampered_member(instance: Path, tmp_path: Path, member: str) -> None:
    original = make_archive(instance, tmp_path)
    members = read_members(original)
    manifest_raw = members.pop(MANIFEST_NAME)
    data = bytearray(members[member])
    data[len(data) // 2] ^= 0x01  # same size, different content
    members[member] = bytes(data)
    archive = tmp_path / "tampered.tar.gz"
    write_archive(archive, {**members, MANIFEST_NAME: manifest_raw})
    assert_refused(archive, instance, "校验值")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["../escaped.txt", "media/../../escaped.txt", "/tmp/escaped.txt", "media/./x"],
)
def test_refuses_path_traversal(instance: Path, tmp_path: Path, name: str) -> None:
    members = read_members(make_archive(instance, tmp_path))
    manifest = json.loads(members.pop(MANIFEST_NAME))
    members[name] = b"payload"
    archive = tmp_path / "traversal.tar.gz"
    write_archive(archive, members, manifest=manifest)
    assert_refused(archive, instance, "不安全的路径")
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE])
def test_refuses_links_and_devices(instance: Path, tmp_path: Path, kind: bytes) -> None:
    members = read_members(make_archive(instance, tmp_path))
    manifest = json.loads(members.pop(MANIFEST_NAME))
    special = tarfile.TarInfo("media/sub/link")
    special.type = kind
    special.linkname = "/etc/passwd"
    archive = tmp_path / "link.tar.gz"
    write_archive(archive, members, manifest=manifest, specials=(special,))
    assert_refused(archive, instance, "只应包含普通文件")


@pytest.mark.django_db
def test_refuses_migrations_this_code_does_not_know(
    instance: Path, tmp_path: Path
) -> None:
    members = read_members(make_archive(instance, tmp_path))
    manifest = json.loads(members.pop(MANIFEST_NAME))
    manifest["migrations"]["core"].append("9999_from_a_later_version")
    manifest["migrations"]["futureapp"] = ["0001_initial"]
    archive = tmp_path / "newer.tar.gz"
    write_archive(archive, members, manifest=manifest)
    assert_refused(archive, instance, "更新的 gongkai 版本")


@pytest.mark.django_db
def test_refuses_non_empty_target(instance: Path, tmp_path: Path) -> None:
    archive = make_archive(instance, tmp_path)
    Unit.objects.create(name="已有单位", kind="government")
    assert_refused(archive, instance, "目标数据库不是空的")
    assert Unit.objects.get().name == "已有单位"


@pytest.mark.django_db
def test_refuses_to_overwrite_existing_files(instance: Path, tmp_path: Path) -> None:
    archive = make_archive(instance, tmp_path)
    (instance / "files" / "sub").mkdir(parents=True)
    (instance / "files" / "sub" / "doc.txt").write_bytes(b"local")
    before = counts()
    with pytest.raises(CommandError, match="目标位置已有文件"):
        call_command("restore", str(archive), verbosity=0)
    assert counts() == before
    assert files_under(instance / "files") == {"sub/doc.txt": b"local"}


@pytest.mark.django_db
def test_backup_never_leaves_a_partial_archive(
    instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.ops import backup as backup_module

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(backup_module, "_collect_files", fail)
    target = tmp_path / "out" / "b.tar.gz"
    target.parent.mkdir()
    with pytest.raises(CommandError, match="disk full"):
        call_command("backup", str(target), verbosity=0)
    assert list(target.parent.iterdir()) == []


@pytest.mark.django_db
def test_backup_refuses_existing_file(instance: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.tar.gz"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(target), verbosity=0)
    assert target.read_bytes() == b"keep me"
