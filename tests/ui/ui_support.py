"""Names shared by the GUI tests and their conftest (a module name no other folder uses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from event_loop_gaps import run_loop_until
from pytestqt.qtbot import QtBot

from marac_desktop.ui import background

ADMIN = "admin"
ADMIN_PASSWORD = "a long test passphrase"
IDVA = "idva.one"
IDVA_PASSWORD = "willow kettle harbour"


@dataclass
class MadeDatabase:
    path: Path
    recovery_code: str


@dataclass
class MessageBoxes:
    """Stands in for QMessageBox's static functions: records each box, answers questions."""

    answers: list[bool] = field(default_factory=list)
    shown: list[tuple[str, str]] = field(default_factory=list)

    def texts(self, kind: str) -> list[str]:
        return [text for shown_kind, text in self.shown if shown_kind == kind]


def wait_for_jobs(_qtbot: QtBot | None = None, timeout_s: float = 60.0) -> None:
    """Let the event loop run until the background job and every page's load (if any) have
    ended and reported."""
    assert run_loop_until(lambda: background.runner().idle, timeout_s), "the job never ended"
