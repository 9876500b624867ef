"""The audit log witnesses itself: trimmed, rewritten, re-signed or forged chains are named.

Each attack is made by someone who holds a key slot (so the database key), drops the
append-only triggers and edits the table directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from marac_desktop.domain.users import Role
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access, backups, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, backup_file, keyslots
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.engine import connect
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user

_COLUMNS = (
    "id, at, actor, action, target_type, target_id, outcome, detail, prev_hash, row_hash, "
    "signer_key, signature"
)


def _today() -> str:
    now = datetime.now(UTC)
    return f"{now.day} {now:%B %Y}"


def _session_with_work(admin: Workspace) -> tuple[bytes, str]:
    """Admin adds an IDVA, backs up and locks; returns the database key and ivy's password."""
    password = add_user(admin, "ivy", Role.IDVA)
    backups.back_up(admin)
    key = bytes(admin.database.key)
    admin.lock()
    return key, password


def _tamper(db_path: Path, key: bytes, *statements: str | tuple[str, Sequence[object]]) -> None:
    connection = connect(db_path, key)
    try:
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            if isinstance(statement, tuple):
                connection.execute(statement[0], tuple(statement[1]))
            else:
                connection.execute(statement)
    finally:
        connection.close()


def _rows(db_path: Path, key: bytes) -> list[tuple[object, ...]]:
    connection = connect(db_path, key)
    try:
        return list(connection.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id"))
    finally:
        connection.close()


def _rechain(db_path: Path, key: bytes, start: int, signer: AuditSigner | None = None) -> None:
    """Recompute every hash from row ``start`` on, as a careful tamperer would; with a signer,
    re-sign those rows too (the tamperer can only sign as themselves)."""
    rows = _rows(db_path, key)
    prev = str(rows[start - 2][9]) if start > 1 else audit_log.GENESIS_HASH
    statements: list[tuple[str, Sequence[object]]] = []
    for row in rows[start - 1 :]:
        signer_key = signer.public_hex if signer else str(row[10])
        fields = tuple(str(value) for value in row[1:8])
        new_hash = audit_log._digest(prev, int(str(row[0])), fields, signer_key)
        signature = signer.sign(new_hash) if signer else str(row[11])
        statements.append(
            (
                "UPDATE audit_log SET prev_hash = ?, row_hash = ?, signer_key = ?, signature = ? "
                "WHERE id = ?",
                (prev, new_hash, signer_key, signature, row[0]),
            )
        )
        prev = new_hash
    _tamper(db_path, key, *statements)


def _verify(db_path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unlock as the administrator: the unlock warnings, then verify's problems."""
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        return ws.warnings, backups.verify(ws).problems
    finally:
        ws.close()


def _signer_of(db_path: Path, name: str, password: str) -> AuditSigner:
    slots = keyslots.read_slot_file(keyslot_path(db_path))
    slot = slots.find(name)
    assert slot is not None
    opened = keyslots.open_slot_fully(slot, password, slots.database_key_id)
    assert opened.signing_key is not None
    return AuditSigner.of(opened.signing_key)


def test_an_untouched_log_verifies_with_its_head(admin: Workspace, db_path: Path) -> None:
    _session_with_work(admin)
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws.warnings == ()
        report = backups.verify(ws)
        assert report.ok, report.problems
        assert report.audit_head_row == report.audit_rows and len(report.audit_head_hash) == 64
        assert report.unsigned_rows == 0
    finally:
        ws.close()


@pytest.mark.parametrize("lost", ["last row", "last five", "every row"])
def test_a_trimmed_tail_is_named(admin: Workspace, db_path: Path, lost: str) -> None:
    key, _ = _session_with_work(admin)
    total = len(_rows(db_path, key))
    keep = {"last row": total - 1, "last five": total - 5, "every row": 0}[lost]
    _tamper(db_path, key, f"DELETE FROM audit_log WHERE id > {keep}")
    warnings, problems = _verify(db_path)
    sentence = f"the audit log has lost rows since admin last signed in on {_today()}"
    assert sentence in warnings
    assert sentence in problems


def test_the_warning_stays_until_the_log_is_restored(admin: Workspace, db_path: Path) -> None:
    """Signing in again must not move the witness past the loss and so forget it."""
    key, _ = _session_with_work(admin)
    _tamper(db_path, key, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    for _ in range(2):
        ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        assert any("has lost rows since admin" in w for w in ws.warnings)
        ws.lock()


def test_a_trimmed_tail_is_named_by_another_account(admin: Workspace, db_path: Path) -> None:
    key, _ = _session_with_work(admin)
    lead = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    lead_password = add_user(lead, "lead", Role.ADMIN)
    lead.lock()
    _tamper(db_path, key, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    ws = access.unlock(db_path, "lead", lead_password)
    try:
        assert f"the audit log has lost rows since admin last signed in on {_today()}" in (
            ws.warnings
        )
    finally:
        ws.close()


def test_an_edited_and_rechained_log_is_named(admin: Workspace, db_path: Path) -> None:
    key, _ = _session_with_work(admin)
    _tamper(db_path, key, "UPDATE audit_log SET detail = 'idva' WHERE id = 5")
    _rechain(db_path, key, 5)
    warnings, problems = _verify(db_path)
    assert any(w.startswith("the audit log has been rewritten since admin") for w in warnings)
    assert "audit row 5 does not carry a valid signature" in problems
    assert not any("changed after it was written" in p for p in problems)  # hashes all agree


def test_a_log_rechained_and_resigned_by_another_account_is_named(
    admin: Workspace, db_path: Path
) -> None:
    """Ivy holds a slot, so the database key and her own signing key: still not admin's."""
    key, ivy_password = _session_with_work(admin)
    ivy = _signer_of(db_path, "ivy", ivy_password)
    _tamper(db_path, key, "UPDATE audit_log SET outcome = 'failed' WHERE id = 5")
    _rechain(db_path, key, 5, signer=ivy)
    warnings, problems = _verify(db_path)
    assert any("rewritten since admin" in w for w in warnings)
    assert any(
        p.startswith("audit row 5 is signed with a key that is not registered") for p in problems
    )


def test_a_row_forged_in_another_accounts_name_is_named(admin: Workspace, db_path: Path) -> None:
    key, ivy_password = _session_with_work(admin)
    ivy = _signer_of(db_path, "ivy", ivy_password)
    for forger in (ivy, AuditSigner.of(Ed25519PrivateKey.generate())):
        ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        with ws.transaction() as session:
            head = audit_log.append(session, ADMIN, "export", "case", "1", signer=forger)
        ws.close()
        _, problems = _verify(db_path)
        assert any(
            p.startswith(f"audit row {head.row_id} is signed with a key that is not registered")
            for p in problems
        ), problems


def test_a_key_registered_for_admin_by_an_idva_is_refused(admin: Workspace, db_path: Path) -> None:
    key, ivy_password = _session_with_work(admin)
    ivy = _signer_of(db_path, "ivy", ivy_password)
    ws = access.unlock(db_path, "ivy", ivy_password)
    with ws.transaction() as session:
        forged = audit_log.register_key(session, ivy, "ivy", ADMIN, ivy.public_hex)
        audit_log.append(session, ADMIN, "export", "case", "1", signer=ivy)
    ws.close()
    warnings, problems = _verify(db_path)
    assert any(p.startswith(f"audit row {forged.row_id} is signed with a key") for p in problems)
    assert any("newer signing key for admin was registered by ivy" in w for w in warnings)


_HASHED = ("at", "actor", "action", "target_type", "target_id", "outcome", "detail")


@pytest.mark.parametrize(
    "field", [*_HASHED, "prev_hash", "row_hash", "signer_key", "signature", "id"]
)
def test_each_field_of_a_row_is_covered(admin: Workspace, db_path: Path, field: str) -> None:
    key, ivy_password = _session_with_work(admin)
    row = 4
    original = {
        c.strip(): v for c, v in zip(_COLUMNS.split(","), _rows(db_path, key)[row - 1], strict=True)
    }
    if field == "id":
        change = f"UPDATE audit_log SET id = 1000 WHERE id = {row}"
    elif field == "signer_key":
        other = _signer_of(db_path, "ivy", ivy_password).public_hex
        change = f"UPDATE audit_log SET signer_key = '{other}' WHERE id = {row}"
    elif field in ("prev_hash", "row_hash", "signature"):
        value = str(original[field])
        flipped = ("0" if value[0] != "0" else "1") + value[1:]
        change = f"UPDATE audit_log SET {field} = '{flipped}' WHERE id = {row}"
    else:
        change = f"UPDATE audit_log SET {field} = {field} || 'x' WHERE id = {row}"
    _tamper(db_path, key, change)
    _, problems = _verify(db_path)
    assert any(p.startswith(f"audit row {row} ") for p in problems), problems


def test_an_unsigned_row_after_signed_ones_is_named(admin: Workspace, db_path: Path) -> None:
    key, _ = _session_with_work(admin)
    rows = _rows(db_path, key)
    last_id, last_hash = int(str(rows[-1][0])), str(rows[-1][9])
    fields = (rows[-1][1], ADMIN, "export", "case", "1", "ok", "")
    row_hash = audit_log._digest(last_hash, last_id + 1, [str(f) for f in fields], "")
    _tamper(
        db_path,
        key,
        (
            f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')",
            (last_id + 1, *fields, last_hash, row_hash),
        ),
    )
    _, problems = _verify(db_path)
    assert f"audit row {last_id + 1} is not signed, though rows before it are" in problems


def test_every_backup_manifest_carries_the_head(admin: Workspace, db_path: Path) -> None:
    backup = backups.back_up(admin)
    manifest, _keys = backup_file.check_backup(backup)
    rows = _rows(db_path, bytes(admin.database.key))
    backup_row = next(r for r in reversed(rows) if r[3] == "backup")
    before = rows[int(str(backup_row[0])) - 2]
    assert (manifest.audit_head_row, manifest.audit_head_hash) == (before[0], before[9])


def test_rows_from_before_signatures_are_counted_not_reported(tmp_path: Path) -> None:
    """An old database upgrades; its unsigned rows are 'written before signatures', and each
    account gets a signing key at its first sign-in after the upgrade."""
    import shutil

    copy = tmp_path / "schema_0005"
    shutil.copytree(Path(__file__).with_name("fixtures") / "schema_0005", copy)
    database = copy / "marac.db"
    for name, password in (
        ("admin", "fixture lantern phrase"),
        ("fixture.idva", "fixture river phrase"),
        ("admin", "fixture lantern phrase"),
    ):
        ws = access.unlock(database, name, password)
        assert ws.warnings == ()
        ws.lock()
    slots = keyslots.read_slot_file(keyslot_path(database))
    assert all(slot.signing_public_key for slot in slots.slots if slot.kind == "user")
    ws = access.unlock(database, "admin", "fixture lantern phrase")
    try:
        report = backups.verify(ws)
        assert report.ok, report.problems
        assert report.unsigned_rows > 0
    finally:
        ws.close()


@pytest.mark.parametrize("change", ["remove the head", "move the head back"])
def test_a_head_changed_in_the_key_slot_file_is_named(
    admin: Workspace, db_path: Path, change: str
) -> None:
    """Trimming the log and then removing or moving admin's head in the key-slot file."""
    import json

    key, _ = _session_with_work(admin)
    _tamper(db_path, key, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    path = keyslot_path(db_path)
    document = json.loads(path.read_bytes())
    slot = next(s for s in document["slots"] if s["name"] == ADMIN)
    if change == "remove the head":
        del slot["witness"]
    else:
        slot["witness"]["row"] -= 1
    path.write_text(json.dumps(document))
    warnings, _ = _verify(db_path)
    expected = {
        "remove the head": "the last-seen audit head of admin is missing from the key-slot file",
        "move the head back": "the last-seen audit head kept for admin does not carry admin's",
    }[change]
    assert any(w.startswith(expected) for w in warnings), warnings


def test_a_password_change_does_not_forget_a_loss(admin: Workspace, db_path: Path) -> None:
    key, _ = _session_with_work(admin)
    _tamper(db_path, key, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    assert any("has lost rows since admin" in w for w in ws.warnings)
    users.change_own_password(ws, ADMIN_PASSWORD, "a brand new lantern phrase")
    ws.lock()
    ws = access.unlock(db_path, ADMIN, "a brand new lantern phrase")
    try:
        assert any("has lost rows since admin" in w for w in ws.warnings)
    finally:
        ws.close()
