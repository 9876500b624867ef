"""Ten desktops for a minute against one server (issue 14's load test), beside the same
operations on the encrypted file, by two desktops' mixes one after the other. The server holds
the demo cases of ``bench_server`` (moved in from the same demo file, kept between runs under
MARAC_BENCH_DB_DIR); the test works on a copy of them.

Not part of the default run (benchmarks are skipped unless asked for): ``pytest
tests/benchmarks/test_server_load_benchmark.py --benchmark-only -s``. ``MARAC_LOAD_CASES`` sets
the size (default 250,000), ``MARAC_LOAD_SECONDS`` the duration (default 60) and
``MARAC_LOAD_DESKTOPS`` the desktops (default 10). Each desktop is its own process signed in
as its own account; the test fails on any error, a lost write, or a broken audit chain.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pytest_benchmark.fixture import BenchmarkFixture

from marac_desktop.domain.users import Role
from marac_desktop.services import access, backups, meeting_list, meetings, users
from marac_desktop.services.workspace import Workspace
from tests.benchmarks import bench_server, scale
from tests.benchmarks.bench_server import DemoCluster

CASES = scale.size(250_000, "MARAC_LOAD_CASES")
SECONDS = 3.0 if scale.smoke() else float(os.environ.get("MARAC_LOAD_SECONDS", "60"))
DESKTOPS = 2 if scale.smoke() else int(os.environ.get("MARAC_LOAD_DESKTOPS", "10"))
PASSWORD = scale.BENCH_PASSWORD


def _desk(db: str, user: str, mix: str, seed: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.benchmarks.server_load", "--db", db, "--user", user]
    command += ["--mix", mix, "--seconds", str(SECONDS), "--seed", str(seed)]
    command += ["--cases", str(CASES)]
    desk = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert desk.stdin is not None
    desk.stdin.write(PASSWORD + "\n")
    desk.stdin.close()
    return desk


def _results(desks: list[subprocess.Popen[str]]) -> list[dict[str, object]]:
    found = []
    for desk in desks:
        assert desk.stdout is not None
        with desk.stdout:
            out = desk.stdout.read()
        assert desk.wait(timeout=SECONDS * 10 + 120) == 0
        found.append(json.loads(out))
    return found


def _plan_meetings(ws: Workspace) -> None:
    """The meetings, with their lists, that the coordinators' desks view and act on."""
    today = date.today()
    for weeks in (1, 3, 5):
        starts = datetime.combine(today + timedelta(weeks=weeks), time(10))
        meeting = meetings.create_meeting(ws, starts, "Hall", False, "Chair", "Area", today)
        meeting_list.build_list(ws, meeting.id, today=today)


def _table(label: str, results: list[dict[str, object]]) -> dict[str, tuple[float, float, int]]:
    times: dict[str, list[float]] = {}
    for result in results:
        for name, values in result["times"].items():  # type: ignore[attr-defined]
            times.setdefault(name, []).extend(values)
    rows = {}
    for name, values in sorted(times.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        rows[name] = (statistics.median(values) * 1000, p95 * 1000, len(values))
        p50_ms, p95_ms, count = rows[name]
        print(f"{label:8} {name:15} p50 {p50_ms:7.1f} ms  p95 {p95_ms:7.1f} ms  n={count}")
    return rows


DESKS = [
    ("idva", Role.IDVA) if n % 2 == 0 else ("coordinator", Role.COORDINATOR)
    for n in range(DESKTOPS)
]


def test_ten_desktops_share_one_server(
    benchmark: BenchmarkFixture, tmp_path: Path, demo_servers: Callable[[int], DemoCluster]
) -> None:
    with bench_server.copy(demo_servers(CASES), "marac_load") as server:
        admin = server.sign_in()
        try:
            _plan_meetings(admin)
            for n, (_, role) in enumerate(DESKS):
                users.add_user(admin, f"desk{n:02d}", role, PASSWORD)
        finally:
            admin.close()
        before = {table: server.count(table) for table in ("incidents", "actions")}

        def load() -> list[dict[str, object]]:
            running = [
                _desk(server.address.url, f"desk{n:02d}", mix, n)
                for n, (mix, _) in enumerate(DESKS)
            ]
            return _results(running)

        results = benchmark.pedantic(load, rounds=1, iterations=1)
        errors = [error for result in results for error in result["errors"]]  # type: ignore[attr-defined]
        assert errors == []
        for table in ("incidents", "actions"):
            written = sum(int(result[table]) for result in results)  # type: ignore[call-overload]
            assert server.count(table) == before[table] + written
        admin = server.sign_in()
        try:
            assert backups.verify(admin).problems == ()
        finally:
            admin.close()
        on_server = _table("server", results)

    file = scale.demo_database(tmp_path, CASES)
    ws = access.unlock(file, scale.BENCH_USER, PASSWORD)
    try:
        _plan_meetings(ws)
    finally:
        ws.close()
    # A file is one desktop's: its two mixes run one after the other, never side by side
    # (a second process on the same file is refused as "in use by another program").
    alone = [
        *_results([_desk(str(file), scale.BENCH_USER, "idva", 1)]),
        *_results([_desk(str(file), scale.BENCH_USER, "coordinator", 2)]),
    ]
    assert [e for r in alone for e in r["errors"]] == []  # type: ignore[attr-defined]
    benchmark.extra_info["server"] = on_server
    benchmark.extra_info["file"] = _table("file", alone)
