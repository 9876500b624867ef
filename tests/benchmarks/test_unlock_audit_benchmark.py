"""Unlock time with the audit signature and witness checks, at 250,000 audit rows.

Target (issue 11): unlock still within 1 s. The rows are generated directly (chained and signed
with the administrator's own key, as sessions would have written them), not through the GUI.
``test_unlock_checks`` measures the checks alone (cheap key derivation); the calibrated figure
adds Argon2id (about 0.5 s by design); ``test_unlock_after_a_long_absence`` is the worst case,
where no account has signed in since all these rows were written, so every one of them is
verified at unlock (unlock checks the rows after the latest last-seen head of any account).
Run with: pytest tests/benchmarks/test_unlock_audit_benchmark.py --benchmark-only
(MARAC_BENCH_AUDIT_ROWS sets the number of rows.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF, KdfParams
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access
from marac_desktop.storage import audit_log, keyslots
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.engine import connect
from tests.benchmarks import scale
from tests.conftest import ADMIN, ADMIN_PASSWORD, REAL_CALIBRATE

ROWS = scale.size(250_000, "MARAC_BENCH_AUDIT_ROWS")
_INSERT = (
    "INSERT INTO audit_log (id, at, actor, action, target_type, target_id, outcome, detail, "
    "prev_hash, row_hash, signer_key, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _database_with_rows(folder: Path, kdf: KdfParams, witness_at_end: bool) -> Path:
    database = folder / "marac.db"
    access.create_database(database, ADMIN, ADMIN_PASSWORD, kdf=kdf)
    slots = keyslots.read_slot_file(keyslot_path(database))
    slot = slots.find(ADMIN)
    assert slot is not None
    opened = keyslots.open_slot_fully(slot, ADMIN_PASSWORD, slots.database_key_id)
    assert opened.signing_key is not None
    signer = AuditSigner.of(opened.signing_key)
    connection = connect(database, opened.database_key)
    try:
        row_id, prev = connection.execute(
            "SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
        at = datetime.now(UTC).isoformat(timespec="seconds")
        batch = []
        for number in range(ROWS):
            row_id += 1
            fields = (at, ADMIN, "view", "case", str(number % 5000 + 1), "ok", "")
            row_hash = audit_log._digest(prev, row_id, fields, signer.public_hex)
            batch.append(
                (row_id, *fields, prev, row_hash, signer.public_hex, signer.sign(row_hash))
            )
            prev = row_hash
            if len(batch) == 10_000:
                connection.execute("BEGIN")
                connection.executemany(_INSERT, batch)
                connection.execute("COMMIT")
                batch.clear()
        if batch:
            connection.execute("BEGIN")
            connection.executemany(_INSERT, batch)
            connection.execute("COMMIT")
    finally:
        connection.close()
    if witness_at_end:  # the administrator signed out after the last of these rows
        witnessed = keyslots.with_witness(slot, opened.signing_key, row_id, prev, at)
        keyslots.write_slot_file(keyslot_path(database), slots.with_slot(witnessed))
    return database


def _unlock_and_lock(database: Path) -> None:
    workspace = access.unlock(database, ADMIN, ADMIN_PASSWORD)
    assert workspace.warnings == ()
    workspace.lock()


@pytest.mark.slow
def test_unlock_checks(benchmark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = _database_with_rows(tmp_path, TEST_KDF, witness_at_end=True)
    benchmark.pedantic(lambda: _unlock_and_lock(database), rounds=5, warmup_rounds=1)
    benchmark.extra_info["audit_rows"] = ROWS


@pytest.mark.slow
def test_unlock_with_calibrated_key_derivation(  # type: ignore[no-untyped-def]
    benchmark, tmp_path: Path
) -> None:
    kdf = REAL_CALIBRATE(0.5)
    database = _database_with_rows(tmp_path, kdf, witness_at_end=True)
    benchmark.pedantic(lambda: _unlock_and_lock(database), rounds=3, warmup_rounds=1)
    benchmark.extra_info.update(audit_rows=ROWS, kdf=kdf.label())


@pytest.mark.slow
def test_unlock_after_a_long_absence(benchmark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = _database_with_rows(tmp_path, TEST_KDF, witness_at_end=False)
    # The first unlock verifies every row since the head; it then moves the head, so one round.
    benchmark.pedantic(lambda: _unlock_and_lock(database), rounds=1, warmup_rounds=0)
    benchmark.extra_info["audit_rows"] = ROWS
