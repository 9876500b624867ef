"""Fixtures for the GUI tests: databases made with cheap key derivation, and modal helpers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ui_support import ADMIN, ADMIN_PASSWORD, IDVA, IDVA_PASSWORD, MadeDatabase, MessageBoxes

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from marac_desktop.domain.users import Role
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace
from tests import database_template

from marac_desktop.ui import background

_HERE = Path(__file__).resolve().parent
# The offscreen platform plugin warns when asked for what it cannot do: size hints changing on a
# shown window (a message label appearing) or raising a window. Limits of that plugin, not bugs.
OFFSCREEN_UNSUPPORTED = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_UNSUPPORTED))


@pytest.fixture(autouse=True)
def _no_job_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """A job a test left running is stopped before the next test (and its database) starts.

    Every test here has the application, so the runner's queued results reach it even in a
    test that asks for no widget (a table model on its own)."""
    yield
    background.runner().forget()


@pytest.fixture
def made_db(tmp_path: Path) -> MadeDatabase:
    path = tmp_path / "t.db"
    code = database_template.create_database(path, ADMIN, ADMIN_PASSWORD, "Alex Admin")
    return MadeDatabase(path, code)


@pytest.fixture
def admin_ws(made_db: MadeDatabase) -> Iterator[Workspace]:
    workspace = access.unlock(made_db.path, ADMIN, ADMIN_PASSWORD)
    yield workspace
    workspace.close()


@pytest.fixture
def idva_ws(made_db: MadeDatabase, admin_ws: Workspace) -> Iterator[Workspace]:
    users.add_user(admin_ws, IDVA, Role.IDVA, IDVA_PASSWORD, "Robin Idva")
    workspace = access.unlock(made_db.path, IDVA, IDVA_PASSWORD)
    yield workspace
    workspace.close()


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()

    def recorder(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: QWidget | None, _title: str, text: str, *_a: object, **_k: object):
            boxes.shown.append((kind, text))
            if kind != "question":
                return QMessageBox.StandardButton.Ok
            yes = boxes.answers.pop(0) if boxes.answers else False
            return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

        return show

    for kind in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder(kind)))
    return boxes


ModalHandler = Callable[[QDialog], None]


@pytest.fixture
def answer_modal() -> Callable[[ModalHandler], None]:
    """Schedule ``handler`` to run on the next modal dialog, as a person would fill it in.

    The handler must close the dialog. If it fails, or leaves the dialog open (an error inside
    a slot is caught by pytest-qt and reported later), the dialog is rejected so that a broken
    test cannot hang in exec().
    """

    def schedule(handler: ModalHandler, attempts: int = 200) -> None:
        def run() -> None:
            widget = QApplication.activeModalWidget()
            if not isinstance(widget, QDialog):
                if attempts > 0:
                    QTimer.singleShot(10, lambda: schedule(handler, attempts - 1))
                return
            try:
                handler(widget)
            except BaseException:
                widget.reject()
                raise
            if widget.isVisible():
                widget.reject()
                raise AssertionError(f"{type(widget).__name__} was left open by the test")

        QTimer.singleShot(0, run)

    return schedule
