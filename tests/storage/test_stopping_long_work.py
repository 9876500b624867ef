"""Long storage and service work stops where asked and leaves nothing behind; connections stay
with the thread that opened them."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from marac_desktop.domain.progress import CancelledError, Progress, Step
from marac_desktop.services import backups, demo, performance, records
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import database as database_module
from marac_desktop.storage.atomic import empty_temp_beside

TODAY = date(2026, 11, 20)


@pytest.fixture
def filled(admin: Workspace) -> Workspace:
    demo.generate(admin, 60, seed=3, today=TODAY)
    return admin


def test_a_copy_stops_inside_vacuum_into(filled: Workspace, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(database_module, "STOP_CHECK_INSTRUCTIONS", 1_000)
    asked: list[bool] = []

    def should_stop() -> bool:  # no on the check before the statement, yes once it runs
        asked.append(True)
        return len(asked) > 1

    copy = empty_temp_beside(tmp_path / "out" / "copy.db", ".db")
    with pytest.raises(CancelledError):
        filled.database.copy_to(copy, should_stop)
    assert len(asked) >= 2, "the statement itself was never asked whether to stop"
    copy.unlink()
    target = tmp_path / "out" / "whole.db"
    target.touch()
    filled.database.copy_to(target)  # the connection is fine afterwards: no handler left on it
    assert target.stat().st_size > 0


def _stopping_after(steps: int) -> Progress:
    """A progress whose Stop is pressed once ``steps`` steps have been reported."""
    seen: list[Step] = []
    progress: Progress

    def report(step: Step) -> None:
        seen.append(step)
        if len(seen) > steps:
            progress.cancel()

    progress = Progress(report)
    return progress


def test_a_backup_stopped_at_any_step_writes_no_file(filled: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for stop_at in range(2):
        with pytest.raises(CancelledError):
            backups.back_up(filled, folder / f"b{stop_at}.maracbak", _stopping_after(stop_at))
        assert sorted(folder.iterdir()) == [], "a part-written or whole file was left"
    assert backups.back_up(filled, folder / "left.maracbak", _stopping_after(2)).exists()
    assert backups.verify(filled).ok


def test_a_stopped_recount_keeps_the_batches_it_committed(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=4, today=TODAY)
    records.count_cases(admin)
    changed = performance.changed_cases(admin)
    counted = performance.count_changed_cases(admin, batch=10)
    assert next(counted) == 10
    counted.close()  # the page stops between batches
    assert performance.changed_cases(admin) == changed - 10


def test_every_connection_is_opened_closed_and_used_in_one_thread(filled: Workspace) -> None:
    """The engine keeps a connection between transactions; it must never go to the worker."""
    engine = filled.database.engine
    engine.dispose()  # so every connection below is opened while it is watched
    opened: dict[int, int] = {}
    used_elsewhere: list[int] = []

    def on_connect(dbapi_connection: object, _record: object) -> None:
        opened[id(dbapi_connection)] = threading.get_ident()

    def on_checkout(dbapi_connection: object, _record: object, _proxy: object) -> None:
        if opened.get(id(dbapi_connection), threading.get_ident()) != threading.get_ident():
            used_elsewhere.append(id(dbapi_connection))

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "checkout", on_checkout)
    records.count_cases(filled)  # the window's thread opens the kept connection
    worker = threading.Thread(target=lambda: backups.verify(filled))
    worker.start()
    worker.join()
    records.count_cases(filled)
    assert len(opened) >= 2 and used_elsewhere == []
