"""The backup file format on its own: what it holds, each way it can be damaged, and restoring
into a place that already holds something. No database is opened, so every check is quick."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import tarfile
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from marac_desktop.errors import CorruptDatabaseError, DatabaseExistsError, StorageWriteError
from marac_desktop.storage import backup_file
from marac_desktop.storage.backup_file import BackupManifest

DATABASE = b"SQLite format 3\x00 stand-in encrypted pages" * 50
KEYS = b'{"format": "marac-keyslots", "slots": []}'


def _write(tmp_path: Path, **kwargs: Any) -> tuple[Path, BackupManifest]:
    copy = tmp_path / "copy.db"
    copy.write_bytes(DATABASE)
    destination = tmp_path / "out.maracbak"
    manifest = backup_file.write_backup(
        destination, copy, KEYS, "9.8.7", "0008", "keyid" * 6, **kwargs
    )
    return destination, manifest


def _read(path: Path) -> tuple[BackupManifest, bytes, bytes]:
    database = io.BytesIO()
    manifest, keys = backup_file.copy_database(path, database)
    return manifest, database.getvalue(), keys


def _members(path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path, mode="r:") as archive:
        out = []
        for member in archive.getmembers():
            extracted = archive.extractfile(member)
            out.append((member, extracted.read() if extracted else b""))
        return out


def _repack(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> None:
    with tarfile.open(path, mode="w") as archive:
        for info, data in members:
            info.size = len(data) if info.isfile() else 0
            archive.addfile(info, io.BytesIO(data) if info.isfile() else None)


def test_a_backup_holds_its_manifest_database_and_key_slots(tmp_path: Path) -> None:
    path, manifest = _write(
        tmp_path, audit_head=(41, "ab" * 32), created_at="2026-11-20T10:00:00+00:00"
    )
    assert manifest == BackupManifest(
        created_at="2026-11-20T10:00:00+00:00",
        app_version="9.8.7",
        schema_revision="0008",
        database_key_id="keyid" * 6,
        database_sha256=hashlib.sha256(DATABASE).hexdigest(),
        keys_sha256=hashlib.sha256(KEYS).hexdigest(),
        audit_head_row=41,
        audit_head_hash="ab" * 32,
    )
    members = _members(path)
    assert [m.name for m, _ in members] == ["manifest.json", "database.db", "database.keys"]
    assert all(m.mode == 0o600 and m.isfile() for m, _ in members)
    document = json.loads(members[0][1])
    assert document == {"format": "marac-backup", "version": 1, **manifest_fields(manifest)}
    assert members[1][1] == DATABASE and members[2][1] == KEYS
    assert _read(path) == (manifest, DATABASE, KEYS)


def manifest_fields(manifest: BackupManifest) -> dict[str, Any]:
    return {name: getattr(manifest, name) for name in BackupManifest.__slots__}


def test_a_new_backup_is_stamped_now_with_no_audit_head(tmp_path: Path) -> None:
    path, manifest = _write(tmp_path)
    assert manifest.audit_head_row == 0 and manifest.audit_head_hash == ""
    assert manifest.created_at.endswith("+00:00") and len(manifest.created_at) == 25  # seconds
    assert _read(path)[0] == manifest


def test_an_old_backup_without_an_audit_head_still_reads(tmp_path: Path) -> None:
    path, manifest = _write(tmp_path)
    members = _members(path)
    document = json.loads(members[0][1])
    del document["audit_head_row"], document["audit_head_hash"]
    members[0] = (members[0][0], json.dumps(document).encode())
    _repack(path, members)
    assert _read(path)[0] == manifest


Damage = Callable[[list[tuple[tarfile.TarInfo, bytes]]], list[tuple[tarfile.TarInfo, bytes]]]


def _manifest_changed(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Damage:
    def damage(members: list[tuple[tarfile.TarInfo, bytes]]) -> list[tuple[tarfile.TarInfo, bytes]]:
        info, data = members[0]
        return [(info, json.dumps(change(json.loads(data))).encode()), *members[1:]]

    return damage


def _part_changed(index: int) -> Damage:
    def damage(members: list[tuple[tarfile.TarInfo, bytes]]) -> list[tuple[tarfile.TarInfo, bytes]]:
        out = list(members)
        info, data = out[index]
        out[index] = (info, data[:-1] + bytes([data[-1] ^ 1]))
        return out

    return damage


def _as_folder(members: list[tuple[tarfile.TarInfo, bytes]]) -> list[tuple[tarfile.TarInfo, bytes]]:
    info, _data = members[2]
    folder = tarfile.TarInfo(info.name)
    folder.type = tarfile.DIRTYPE
    return [*members[:2], (folder, b"")]


DAMAGE: dict[str, Damage] = {
    "database byte": _part_changed(1),
    "key-slot byte": _part_changed(2),
    "other format": _manifest_changed(lambda d: {**d, "format": "other-backup"}),
    "later version": _manifest_changed(lambda d: {**d, "version": 2}),
    "no format": _manifest_changed(lambda d: {k: v for k, v in d.items() if k != "format"}),
    "no version": _manifest_changed(lambda d: {k: v for k, v in d.items() if k != "version"}),
    "unknown field": _manifest_changed(lambda d: {**d, "colour": "blue"}),
    "field missing": _manifest_changed(
        lambda d: {k: v for k, v in d.items() if k != "keys_sha256"}
    ),
    "manifest not json": lambda m: [(m[0][0], b"not json"), *m[1:]],
    "manifest not an object": lambda m: [(m[0][0], b"[1, 2]"), *m[1:]],
    "a part missing": lambda m: m[:2],
    "a part added": lambda m: [*m, (tarfile.TarInfo("notes.txt"), b"hello")],
    "a part twice": lambda m: [*m, m[2]],
    "a part renamed": lambda m: [*m[:2], (tarfile.TarInfo("database.key"), m[2][1])],
    "a part that is a folder": _as_folder,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("read", [_read, backup_file.check_backup])
def test_each_damage_is_refused_in_one_sentence(
    tmp_path: Path, damage: str, read: Callable[[Path], object]
) -> None:
    path, _manifest = _write(tmp_path)
    _repack(path, DAMAGE[damage](_members(path)))
    with pytest.raises(CorruptDatabaseError) as raised:
        read(path)
    assert str(raised.value) == "The backup out.maracbak is damaged or is not a MARAC backup."


@pytest.mark.parametrize("cut", [0, 100, 1000], ids=["empty", "header", "cut"])
def test_a_cut_short_backup_is_refused(tmp_path: Path, cut: int) -> None:
    path, _manifest = _write(tmp_path)
    path.write_bytes(path.read_bytes()[:cut])
    with pytest.raises(CorruptDatabaseError, match="damaged or is not a MARAC backup"):
        _read(path)


def test_a_missing_backup_is_named(tmp_path: Path) -> None:
    with pytest.raises(CorruptDatabaseError) as raised:
        _read(tmp_path / "nowhere.maracbak")
    assert str(raised.value) == f"There is no backup file at {tmp_path / 'nowhere.maracbak'}."


def test_unpack_writes_the_key_slots_and_database(tmp_path: Path) -> None:
    path, manifest = _write(tmp_path)
    target = tmp_path / "restored"
    target.mkdir()
    assert backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys") == manifest
    assert (target / "m.db").read_bytes() == DATABASE
    assert (target / "m.db.keys").read_bytes() == KEYS
    assert sorted(p.name for p in target.iterdir()) == ["m.db", "m.db.keys"]


@pytest.mark.parametrize(
    "present",
    [{"m.db": DATABASE}, {"m.db.keys": b"other slots"}, {"m.db": b"x", "m.db.keys": KEYS}],
    ids=["database", "other key slots", "both"],
)
def test_unpack_never_overwrites(tmp_path: Path, present: dict[str, bytes]) -> None:
    path, _manifest = _write(tmp_path)
    target = tmp_path / "restored"
    target.mkdir()
    for name, data in present.items():
        (target / name).write_bytes(data)
    with pytest.raises(DatabaseExistsError) as raised:
        backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys")
    first = "m.db" if "m.db" in present else "m.db.keys"
    assert str(raised.value) == f"{first} already exists; restore into a new, empty location."
    assert {p.name: p.read_bytes() for p in target.iterdir()} == present


def test_unpack_carries_on_over_the_key_slots_an_interrupted_restore_left(tmp_path: Path) -> None:
    path, _manifest = _write(tmp_path)
    target = tmp_path / "restored"
    target.mkdir()
    (target / "m.db.keys").write_bytes(KEYS)  # a crash after the key slots, before the database
    backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys")
    assert (target / "m.db").read_bytes() == DATABASE


def test_a_damaged_backup_writes_nothing(tmp_path: Path) -> None:
    path, _manifest = _write(tmp_path)
    _repack(path, DAMAGE["database byte"](_members(path)))
    target = tmp_path / "restored"
    target.mkdir()
    with pytest.raises(CorruptDatabaseError):
        backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys")
    assert list(target.iterdir()) == []


def test_a_backup_damaged_after_its_check_puts_no_database_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is checked again as it is written: a change since the first reading leaves
    only the key slots, as an interrupted restore does."""
    path, manifest = _write(tmp_path)
    _repack(path, DAMAGE["database byte"](_members(path)))
    monkeypatch.setattr(backup_file, "check_backup", lambda _path: (manifest, KEYS))
    target = tmp_path / "restored"
    target.mkdir()
    with pytest.raises(CorruptDatabaseError):
        backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys")
    assert [p.name for p in target.iterdir()] == ["m.db.keys"]


def test_a_full_disk_while_restoring_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _manifest = _write(tmp_path)
    target = tmp_path / "restored"
    target.mkdir()

    class FullDisk(io.FileIO):
        def write(self, data: Any) -> int:
            if len(data) == len(DATABASE):
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    real_fdopen = os.fdopen
    monkeypatch.setattr(
        os, "fdopen", lambda fd, mode: FullDisk(fd, "w") if mode == "wb" else real_fdopen(fd, mode)
    )
    with pytest.raises(StorageWriteError, match="The disk is full, so m.db was not written"):
        backup_file.unpack_backup(path, target / "m.db", target / "m.db.keys")
    assert [p.name for p in target.iterdir()] == ["m.db.keys"]


def _peak_memory(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_backing_up_and_restoring_never_hold_the_whole_database_in_memory(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "big.db"
    copy.write_bytes(os.urandom(1024) * 24 * 1024)  # 24 MiB
    path = tmp_path / "big.maracbak"
    target = tmp_path / "restored"
    target.mkdir()
    write = partial(backup_file.write_backup, path, copy, KEYS, "9.8.7", "0008", "keyid" * 6)
    assert _peak_memory(write) < 4 * 1024 * 1024
    unpack = partial(backup_file.unpack_backup, path, target / "m.db", target / "m.db.keys")
    assert _peak_memory(unpack) < 4 * 1024 * 1024
    assert (target / "m.db").read_bytes() == copy.read_bytes()


def test_a_compressed_archive_is_not_a_backup(tmp_path: Path) -> None:
    import gzip

    path, _manifest = _write(tmp_path)
    path.write_bytes(gzip.compress(path.read_bytes()))
    with pytest.raises(CorruptDatabaseError, match="damaged or is not a MARAC backup"):
        _read(path)
