"""The cost of encryption: one workload on the encrypted demo file and on a plaintext copy of it.

Run with: pytest tests/benchmarks/test_encryption_cost_benchmark.py --benchmark-only -s
(``scale.size()``: 250,000 cases unless MARAC_BENCH_CASES or MARAC_BENCH_SMOKE=1 says otherwise).

The plaintext copy is made with ``sqlcipher_export`` into an unencrypted database attached in
the test's temporary folder; it holds synthetic demo data only and is deleted afterwards. Both
sides get the engine's own settings (``engine.apply_settings``, ``engine.engine_from``) and run
the same storage code, so they differ in the encryption only. Each workload runs on both sides
in turn, best of a few rounds, and the table of times and ratios is printed at the end.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scale import open_demo, size, smoke
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from sqlcipher3 import dbapi2 as sqlcipher

from marac_desktop.domain.audit import AuditAction
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import engine as engine_module
from marac_desktop.storage import records_repo, reports_repo, settings_repo
from marac_desktop.storage.database import EncryptedDatabase

LOOKUPS = 1_000
INSERTS = 100 if smoke() else 1_000
PAGE = 100
NAME = "%kowal%"
GOAL = 1.3


class _PlaintextCopy(EncryptedDatabase):
    """The same database class over an unencrypted file (benchmark only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key = bytearray(32)

        def creator() -> Any:
            connection = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
            engine_module.apply_settings(connection)
            return connection

        self.engine = engine_module.engine_from(creator)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)


def _export_plaintext(encrypted: Workspace, destination: Path) -> None:
    raw = encrypted.database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(destination),))
        cursor.execute("SELECT sqlcipher_export('plaintext')")
        cursor.execute("DETACH DATABASE plaintext")
    finally:
        raw.close()
    with destination.open("rb") as handle:
        assert handle.read(16) == b"SQLite format 3\x00"  # really plaintext


@dataclasses.dataclass
class _Sides:
    encrypted: Workspace
    plaintext: Workspace
    cases: int
    table: dict[str, tuple[float, float, float, float]] = dataclasses.field(default_factory=dict)
    """workload: (encrypted wall, plaintext wall, encrypted CPU, plaintext CPU), best of rounds."""


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Sides]:
    folder = tmp_path_factory.mktemp("cost")
    cases = size()
    encrypted = open_demo(folder, cases)
    plain_path = folder / "plaintext-copy.db"
    _export_plaintext(encrypted, plain_path)
    plain_path.chmod(0o600)
    plaintext = dataclasses.replace(encrypted, database=_PlaintextCopy(plain_path))
    made = _Sides(encrypted, plaintext, cases)
    try:
        yield made
    finally:
        plaintext.database.engine.dispose()
        encrypted.close()
        for file in folder.glob("plaintext-copy.db*"):
            file.unlink()
    _print_table(made)


def _print_table(made: _Sides) -> None:
    """Wall-clock and CPU seconds: on a busy machine the CPU ratio is the steadier figure."""
    print(f"\nEncryption cost at {made.cases:,} cases (best of rounds; goal {GOAL}x)")
    heads = ("encrypted s", "plaintext s", "ratio", "enc CPU s", "plain CPU s", "CPU ratio")
    print(f"{'workload':<30}" + "".join(f"{h:>12}" for h in heads))
    for name, (enc, plain, enc_cpu, plain_cpu) in made.table.items():
        figures = (enc, plain, enc / plain, enc_cpu, plain_cpu, enc_cpu / max(plain_cpu, 1e-9))
        print(f"{name:<30}" + "".join(f"{f:>12.4f}" for f in figures))


def _compare(
    made: _Sides, name: str, work: Callable[[Workspace], Any], rounds: int = 3
) -> tuple[Any, Any]:
    """Run ``work`` on each side in turn, ``rounds`` times; keep each side's best time."""
    best = {"encrypted": float("inf"), "plaintext": float("inf")}
    cpu = dict(best)
    results: dict[str, Any] = {}
    for _ in range(1 if smoke() else rounds):
        for side in best:
            workspace = getattr(made, side)
            started, started_cpu = time.perf_counter(), time.process_time()
            results[side] = work(workspace)
            best[side] = min(best[side], time.perf_counter() - started)
            cpu[side] = min(cpu[side], time.process_time() - started_cpu)
    made.table[name] = (best["encrypted"], best["plaintext"], cpu["encrypted"], cpu["plaintext"])
    return results["encrypted"], results["plaintext"]


def _in_session(work: Callable[[Session], Any]) -> Callable[[Workspace], Any]:
    def run(workspace: Workspace) -> Any:
        with workspace.transaction() as session:
            return work(session)

    return run


def test_indexed_lookups(benchmark, sides: _Sides) -> None:  # type: ignore[no-untyped-def]
    ids = random.Random(7).sample(range(1, sides.cases + 1), min(LOOKUPS, sides.cases))

    def lookups(session: Session) -> list[str]:
        found = [records_repo.get_person(session, i) for i in ids]
        return [p.details.family_name for p in found if p is not None]

    enc, plain = benchmark.pedantic(
        _compare, args=(sides, f"{LOOKUPS:,} indexed lookups", _in_session(lookups)), rounds=1
    )
    assert enc == plain and len(enc) == len(ids)


def test_name_scan(benchmark, sides: _Sides) -> None:  # type: ignore[no-untyped-def]
    scan = text("SELECT count(*) FROM people WHERE lower(family_name) LIKE :name")

    def count(session: Session) -> int:
        return int(session.execute(scan, {"name": NAME}).scalar_one())

    enc, plain = benchmark.pedantic(
        _compare, args=(sides, "name scan, lower(..) LIKE", _in_session(count)), rounds=1
    )
    assert enc == plain > 0


def test_case_list_first_page(benchmark, sides: _Sides) -> None:  # type: ignore[no-untyped-def]
    def first_page(session: Session) -> list[Any]:
        return records_repo.case_page(session, "", 0, PAGE, "family_name")

    enc, plain = benchmark.pedantic(
        _compare, args=(sides, "case list first page", _in_session(first_page)), rounds=1
    )
    assert enc == plain and len(enc) == min(PAGE, sides.cases)


def test_report_recount(benchmark, sides: _Sides) -> None:  # type: ignore[no-untyped-def]
    """Every case counted afresh, as the first report after an upgrade does."""

    def recount(workspace: Workspace) -> int:
        with workspace.transaction() as session:
            settings_repo.store(session, reports_repo.RULES_KEY, "before an upgrade")
        with workspace.transaction() as session:
            return reports_repo.refresh(session)

    enc, plain = benchmark.pedantic(
        _compare, args=(sides, "report recount, every case", recount, 1), rounds=1
    )
    assert enc == plain == sides.cases


def test_committed_inserts(benchmark, sides: _Sides) -> None:  # type: ignore[no-untyped-def]
    """One audit row per transaction, each committed (fsync'd) on its own."""

    def inserts(workspace: Workspace) -> int:
        for _ in range(INSERTS):
            workspace.audit(AuditAction.VIEW, "benchmark")
        with workspace.transaction() as session:
            return int(session.execute(text("SELECT count(*) FROM audit_log")).scalar_one())

    enc, plain = benchmark.pedantic(
        _compare, args=(sides, f"{INSERTS:,} committed inserts", inserts, 1), rounds=1
    )
    assert enc == plain
