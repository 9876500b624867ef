"""Start-up figures: `--version`, launch to the unlock window, unlock with real key derivation.

Targets (issue 2): unlock window within 1.5 s of launch; unlock within 1 s; --version within 0.3 s.
Run with: pytest tests/benchmarks --benchmark-only
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.services import access
from tests.conftest import ADMIN, ADMIN_PASSWORD, REAL_CALIBRATE

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def calibrated() -> KdfParams:
    return REAL_CALIBRATE(0.5)


def test_version_time(benchmark) -> None:  # type: ignore[no-untyped-def]
    def run() -> str:
        command = [sys.executable, "-m", "marac_desktop", "--version"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    assert "marac-desktop" in benchmark.pedantic(run, rounds=10, warmup_rounds=1)


def test_launch_to_unlock_window(benchmark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "m.db"
    access.create_database(database, ADMIN, ADMIN_PASSWORD, kdf=KdfParams(1, 8, 1))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def launch() -> str:
        command = [sys.executable, str(HERE / "launch_probe.py"), str(database)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        return done.stdout

    assert benchmark.pedantic(launch, rounds=5, warmup_rounds=1).strip() == "shown"


def test_unlock_with_calibrated_key_derivation(  # type: ignore[no-untyped-def]
    benchmark, tmp_path: Path, calibrated: KdfParams
) -> None:
    database = tmp_path / "m.db"
    access.create_database(database, ADMIN, ADMIN_PASSWORD, kdf=calibrated)

    def unlock() -> None:
        access.unlock(database, ADMIN, ADMIN_PASSWORD).close()

    benchmark.pedantic(unlock, rounds=5, warmup_rounds=1)
    benchmark.extra_info["kdf"] = calibrated.label()
