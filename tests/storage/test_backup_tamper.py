"""Backups rebuilt by hand: a changed key-slot part, extra or repeated members, odd member
types. Each is refused before anything is written."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from marac_desktop.errors import CorruptDatabaseError
from marac_desktop.services import backups
from marac_desktop.services.workspace import Workspace

Members = list[tuple[str, bytes]]


def _members(backup: Path) -> Members:
    with tarfile.open(backup, mode="r:") as archive:
        found = []
        for member in archive.getmembers():
            extracted = archive.extractfile(member)
            assert extracted is not None
            found.append((member.name, extracted.read()))
        return found


def _pack(path: Path, members: Members, kinds: dict[str, bytes] | None = None) -> Path:
    with tarfile.open(path, mode="w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            if kinds and name in kinds:
                info.type = kinds[name]
                info.size = 0
                data = b""
            archive.addfile(info, io.BytesIO(data))
    return path


def _changed_keys(members: Members) -> Members:
    """The key-slot part edited (a slot removed) and the manifest left alone."""
    out = []
    for name, data in members:
        if name == "database.keys":
            document = json.loads(data)
            document["slots"] = document["slots"][:1]
            data = json.dumps(document).encode()
        out.append((name, data))
    return out


def _flipped_keys(members: Members) -> Members:
    out = []
    for name, data in members:
        if name == "database.keys":
            data = data.replace(b'"t": 1', b'"t": 2', 1)
        out.append((name, data))
    return out


ATTACKS: dict[str, Callable[[Members], Members]] = {
    "key-slot part changed": _changed_keys,
    "key-slot part byte changed": _flipped_keys,
    "extra member": lambda m: [*m, ("notes.txt", b"hello")],
    "extra member in a folder": lambda m: [*m, ("../database.keys", b"{}")],
    "member repeated": lambda m: [*m, m[-1]],
    "second key-slot part": lambda m: [*m, ("database.keys", dict(m)["database.keys"])],
    "member missing": lambda m: m[:-1],
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_rebuilt_backups_are_refused_and_nothing_is_written(
    admin: Workspace, tmp_path: Path, attack: str
) -> None:
    members = _members(backups.back_up(admin))
    assert [name for name, _ in members] == ["manifest.json", "database.db", "database.keys"]
    rebuilt = _pack(tmp_path / "rebuilt.maracbak", ATTACKS[attack](members))
    target = tmp_path / "restored" / "marac.db"
    with pytest.raises(CorruptDatabaseError, match="damaged or is not a MARAC backup"):
        backups.restore(rebuilt, target)
    assert not target.exists() and not target.with_name("marac.db.keys").exists()


def test_a_member_that_is_not_a_plain_file_is_refused(admin: Workspace, tmp_path: Path) -> None:
    members = _members(backups.back_up(admin))
    rebuilt = _pack(tmp_path / "links.maracbak", members, kinds={"database.keys": tarfile.SYMTYPE})
    with pytest.raises(CorruptDatabaseError):
        backups.restore(rebuilt, tmp_path / "restored" / "marac.db")


def test_the_untouched_rebuild_restores(admin: Workspace, tmp_path: Path) -> None:
    """The rebuilding itself is faithful: only the attacks above are what is refused."""
    rebuilt = _pack(tmp_path / "same.maracbak", _members(backups.back_up(admin)))
    backups.restore(rebuilt, tmp_path / "restored" / "marac.db")
    assert (tmp_path / "restored" / "marac.db").exists()
