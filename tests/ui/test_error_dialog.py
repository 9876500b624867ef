from __future__ import annotations

import logging
import sys

import pytest
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from marac_desktop.errors import InvalidInputError

from marac_desktop.ui.dialogs.error_dialog import SENTENCE, ErrorDialog
from marac_desktop.ui.exception_hook import ExceptionHandler

CANARY = "SECRET-CANARY-123"


def _fails_with_case_data() -> None:
    raise ValueError(CANARY)


def _caught() -> ValueError:
    try:
        _fails_with_case_data()
    except ValueError as error:
        return error
    raise AssertionError("did not raise")


def test_details_name_the_type_and_places_but_not_the_message(qtbot: QtBot) -> None:
    dialog = ErrorDialog(_caught())
    qtbot.addWidget(dialog)
    dialog.show()
    details = dialog.details()
    assert "ValueError" in details
    assert "_fails_with_case_data" in details
    assert "test_error_dialog.py:" in details
    assert CANARY not in details
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [edit.toPlainText() for edit in dialog.findChildren(QPlainTextEdit)]
    assert SENTENCE in texts
    assert not any(CANARY in text for text in texts)


def test_details_are_hidden_until_asked_for(qtbot: QtBot) -> None:
    dialog = ErrorDialog(_caught())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.details_edit.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details_edit.isVisible()
    assert dialog.details_button.text() == "Hide details"


def test_copy_details_copies_only_the_redacted_text(qtbot: QtBot) -> None:
    dialog = ErrorDialog(_caught())
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.details()
    assert CANARY not in copied


def test_hook_logs_without_the_message_and_shows_the_dialog_once(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    handler = ExceptionHandler()
    error = _caught()
    with caplog.at_level(logging.ERROR):
        handler.handle(type(error), error, error.__traceback__)
        handler.handle(type(error), error, error.__traceback__)
    assert "ValueError" in caplog.text
    assert CANARY not in caplog.text
    assert len(handler.dialogs) == 1
    dialog = handler.dialogs[0]
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()


def test_hook_shows_a_user_facing_sentence_as_a_warning(
    qtbot: QtBot, message_boxes: MessageBoxes, caplog: pytest.LogCaptureFixture
) -> None:
    handler = ExceptionHandler()
    try:
        raise InvalidInputError("That file is not a MARAC backup.")
    except InvalidInputError as error:
        with caplog.at_level(logging.ERROR):
            handler.handle(type(error), error, error.__traceback__)
    assert message_boxes.texts("warning") == ["That file is not a MARAC backup."]
    assert handler.dialogs == []


def test_install_sets_the_hook(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from marac_desktop.ui.exception_hook import install_exception_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    handler = install_exception_hook()
    assert sys.excepthook == handler.handle
