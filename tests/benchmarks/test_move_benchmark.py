"""``move-to-server`` at scale: a 20,000-case demo file into an empty server database.

Run with: MARAC_BENCH_DB_DIR=FOLDER pytest tests/benchmarks/test_move_benchmark.py
--benchmark-only -p no:cacheprovider -s (MARAC_BENCH_CASES changes the size). One timed round:
the copy, the checksums of every table on both sides and the audit chain's check, all in the
move's one transaction. Then the ten-year report read from the server must equal the file's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from marac_desktop.services import access, backups, performance, server_access, server_move
from marac_desktop.storage.server_address import ServerAddress
from tests.benchmarks import scale
from tests.pg_cluster import EmptyDatabase

CASES = scale.size(20_000)
TEN_YEARS = (date(2016, 10, 1), date(2026, 9, 30), scale.BENCH_TODAY)


def test_move_a_demo_file(benchmark, tmp_path: Path, pg_empty: EmptyDatabase) -> None:  # type: ignore[no-untyped-def]
    path = scale.demo_database(tmp_path, CASES)
    cluster = pg_empty.cluster
    address = ServerAddress(str(cluster.sockets), cluster.port, pg_empty.name, pg_empty.owner)
    report = benchmark.pedantic(
        server_move.move_to_server,
        args=(path, scale.BENCH_USER, scale.BENCH_PASSWORD, address, pg_empty.owner_password),
        rounds=1,
    )
    print("\n" + "\n".join(report.sentences()))
    print({c.table: c.server.rows for c in report.tables})
    assert all(c.matches for c in report.tables)
    server = server_access.sign_in(address, scale.BENCH_USER, scale.BENCH_PASSWORD)
    try:
        assert backups.verify(server).ok
        on_server = performance.performance_report(server, *TEN_YEARS)
    finally:
        server.close()
    in_file = access.unlock(path, scale.BENCH_USER, scale.BENCH_PASSWORD)
    try:
        assert performance.performance_report(in_file, *TEN_YEARS) == on_server
    finally:
        in_file.close()
    assert on_server.totals.cases > CASES // 2
