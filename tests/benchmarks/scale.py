"""Benchmark sizes and demo databases, in one place.

- ``MARAC_BENCH_CASES`` sets the number of demo cases for every benchmark that takes ``size()``.
- ``MARAC_BENCH_SMOKE=1`` runs every benchmark on small data (CI does this, so a broken
  benchmark fails CI without taking minutes). ``tests/conftest.py`` then runs each benchmark
  once, untimed (``--benchmark-disable``), so no timing target can fail on a busy machine.
- ``MARAC_BENCH_DB_DIR`` names a folder holding prebuilt demo databases called ``<cases>.db``
  (with their ``.keys``), made by ``demo_database`` itself; a benchmark copies one instead of
  generating it again. Without it every run generates its own data.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.services import access, demo
from marac_desktop.services.workspace import Workspace

BENCH_USER = "admin"
BENCH_PASSWORD = "quiet lantern test phrase"
BENCH_TODAY = date(2026, 11, 20)
SMOKE_CASES = 300
_SLICE = 50_000  # demo data is generated in slices, so memory stays modest


def smoke() -> bool:
    return os.environ.get("MARAC_BENCH_SMOKE", "") not in ("", "0")


def size(default: int = 250_000, variable: str = "MARAC_BENCH_CASES") -> int:
    """The number of cases (or of another row, named by ``variable``) a benchmark runs on."""
    if smoke():
        return SMOKE_CASES
    return int(os.environ.get(variable, str(default)))


def demo_database(folder: Path, cases: int) -> Path:
    """An encrypted demo database with ``cases`` cases in ``folder``, copied when prebuilt."""
    path = folder / "bench.db"
    prebuilt = os.environ.get("MARAC_BENCH_DB_DIR")
    if prebuilt and (Path(prebuilt) / f"{cases}.db").exists():
        for suffix in ("", ".keys"):
            shutil.copyfile(Path(prebuilt) / f"{cases}.db{suffix}", Path(f"{path}{suffix}"))
        return path
    access.create_database(path, BENCH_USER, BENCH_PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, BENCH_USER, BENCH_PASSWORD)
    try:
        fill_demo(ws, cases)
    finally:
        ws.close()
    return path


def fill_demo(ws: Workspace, cases: int) -> None:
    """Add ``cases`` demo cases to an empty database (a file or a server), in slices."""
    done = 0
    while done < cases:
        step = min(_SLICE, cases - done)
        demo.generate(ws, step, seed=done + 1, today=BENCH_TODAY)
        done += step


def open_demo(folder: Path, cases: int) -> Workspace:
    """``demo_database`` unlocked as the benchmark administrator."""
    return access.unlock(demo_database(folder, cases), BENCH_USER, BENCH_PASSWORD)
