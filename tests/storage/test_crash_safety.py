"""A process killed with SIGKILL mid-stream loses no committed row and the database verifies."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from marac_desktop.services import access, audit, backups
from tests.conftest import ADMIN, ADMIN_PASSWORD

TRIALS = 5
WRITER = Path(__file__).with_name("crash_writer.py")


def _run_and_kill(db_path: Path, seconds: float) -> int:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), ADMIN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(ADMIN_PASSWORD + "\n")
    child.stdin.close()
    first = child.stdout.readline()  # wait until writes are flowing
    assert first.strip() == "1"
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    acknowledged = [int(line) for line in [first, *child.stdout.read().split()] if line.strip()]
    child.stdout.close()
    return max(acknowledged)


def test_sigkill_loses_no_committed_write(db_path: Path) -> None:
    rng = random.Random(20261122)
    for _ in range(TRIALS):
        last_ack = _run_and_kill(db_path, rng.uniform(0.2, 0.6))
        ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
        try:
            report = backups.verify(ws)
            assert report.ok, report.problems
            written = [
                int(e.target_id)
                for e in audit.recent_entries(ws, 100)
                if e.target_type == "crash-test"
            ]
            assert max(written) >= last_ack  # every acknowledged commit is there
        finally:
            ws.close()
