"""Sign-in on a database one schema behind: the upgrade runs on the runner, the window answers."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from event_loop_gaps import EventLoopGaps, run_loop_until
from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MadeDatabase, wait_for_jobs

from PySide6.QtCore import Qt

from marac_desktop.domain.progress import Progress
from marac_desktop.services import access, demo
from marac_desktop.storage import migrate
from marac_desktop.storage.database import EncryptedDatabase

from marac_desktop.ui import background
from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog

BEHIND = "0010"
STEP_PAUSE_S = 0.25
"""Each of the upgrade's steps is made this slow, so a blocked window would show as a long gap."""
LONGEST_GAP_S = 0.2
WRONG = "The user name or password is not correct; check them and try again."


@pytest.fixture
def behind(made_db: MadeDatabase) -> MadeDatabase:
    """The made database with demo people, taken back to schema 0010 (before the match keys)."""
    workspace = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    demo.generate(workspace, 20, seed=5, today=date(2026, 6, 1))
    with workspace.database.engine.begin() as connection:
        command.downgrade(migrate._config(connection), BEHIND)
    workspace.close()
    return made_db


@pytest.fixture
def slow_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    step = Progress.step

    def slow(self: Progress, done: int, total: int = 0, text: str = "") -> None:
        time.sleep(STEP_PAUSE_S)  # on whichever thread runs the upgrade
        step(self, done, total, text)

    monkeypatch.setattr(Progress, "step", slow)


def _revision(made_db: MadeDatabase) -> str | None:
    workspace = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    try:
        return migrate.current_revision(workspace.database.engine)
    finally:
        workspace.close()


def _revision_without_upgrade(made_db: MadeDatabase) -> str | None:
    seen: list[str | None] = []

    def look(database: EncryptedDatabase) -> None:
        seen.append(database.schema_revision())
        raise _LookedError

    with pytest.raises(_LookedError):
        access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD, before_writes=look)
    return seen[0]


class _LookedError(Exception):
    pass


def _dialog(qtbot: QtBot, made_db: MadeDatabase, password: str) -> UnlockDialog:
    dialog = UnlockDialog(made_db.path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, ADMIN)
    qtbot.keyClicks(dialog.password_edit, password)
    return dialog


def test_the_upgrade_runs_with_the_window_answering(
    qtbot: QtBot, behind: MadeDatabase, slow_steps: None
) -> None:
    dialog = _dialog(qtbot, behind, ADMIN_PASSWORD)
    texts: list[str] = []
    during: list[bool] = []

    def note() -> None:
        if dialog.unlocking:
            texts.append(dialog.step_label.text())
            during.append(not dialog.quit_button.isEnabled() and not background.runner().stoppable)

    background.runner().changed.connect(note)
    gaps = EventLoopGaps()
    gaps.start()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # a second submit does nothing
    dialog.reject()  # nor does Escape: the upgrade cannot be stopped
    assert run_loop_until(lambda: dialog.workspace is not None, 60)
    gaps.stop()
    background.runner().changed.disconnect(note)
    workspace = dialog.workspace
    assert workspace is not None
    try:
        assert migrate.current_revision(workspace.database.engine) == migrate.head_revision()
        with workspace.database.engine.connect() as connection:
            keys = connection.execute(sa.text("SELECT count(*) FROM person_match_keys")).scalar()
        assert keys
    finally:
        workspace.close()
    assert gaps.ticks > 10
    assert gaps.longest < LONGEST_GAP_S, f"the window was blocked for {gaps.longest:.2f} s"
    assert any("Upgrading the database (this cannot be stopped)." in t for t in texts)
    assert any(t.endswith("stopped).\nSaving a backup first") for t in texts)
    assert any(re.search(r"stopped\)\.\nPreparing the people search: 0 of [1-9]", t) for t in texts)
    assert during and all(during)
    assert not dialog.unlocking and dialog.quit_button.isEnabled()


def test_a_wrong_password_is_shown_and_nothing_is_upgraded(
    qtbot: QtBot, behind: MadeDatabase
) -> None:
    dialog = _dialog(qtbot, behind, "not the password")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.unlocking and not dialog.username_edit.isEnabled()
    wait_for_jobs()
    assert dialog.error_label.text() == WRONG
    assert dialog.workspace is None and dialog.isVisible()
    assert dialog.username_edit.isEnabled() and dialog.password_edit.text() == ""
    assert dialog.step_label.text() == "" and not dialog.step_bar.isVisible()
    assert _revision_without_upgrade(behind) == BEHIND


def test_a_stop_asked_for_during_the_upgrade_is_not_honoured(behind: MadeDatabase) -> None:
    asked: list[str] = []
    progress = Progress(lambda step: (asked.append(step.text), progress.cancel()))
    workspace = access.unlock(behind.path, ADMIN, ADMIN_PASSWORD, progress=progress)
    try:
        assert migrate.current_revision(workspace.database.engine) == migrate.head_revision()
    finally:
        workspace.close()
    assert asked[0] == access.UPGRADING
    assert "Preparing the people search" in asked
    assert _revision(behind) == migrate.head_revision()
