"""Connecting to a partnership server from the window, against the suite's real cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from marac_desktop.domain.users import Role
from marac_desktop.services import remembered_servers
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.server_address import ServerAddress
from tests.conftest import ADMIN
from tests.server.conftest import Server, password_of

from marac_desktop.ui.dialogs.connect_dialog import NEEDS_CA_FILE, ConnectDialog

WRONG = "not the right phrase at all"


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[ConnectDialog]:
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    if dialog.workspace is not None:
        dialog.workspace.close()


def _fill(qtbot: QtBot, dialog: ConnectDialog, address: str, user: str, password: str) -> None:
    qtbot.keyClicks(dialog.address_edit, address)
    qtbot.keyClicks(dialog.username_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def _settings() -> bytes:
    path = remembered_servers.settings_file()
    return path.read_bytes() if path.exists() else b""


def test_a_bad_address_is_one_sentence_and_keeps_what_was_typed(
    qtbot: QtBot, dialog: ConnectDialog
) -> None:
    _fill(qtbot, dialog, "db.example/marac", "idva1", WRONG)
    assert dialog.error_label.text().startswith("A server address starts with postgresql://")
    assert not dialog.connecting
    assert dialog.isVisible()
    assert (dialog.address_edit.text(), dialog.username_edit.text()) == (
        "db.example/marac",
        "idva1",
    )
    assert dialog.password_edit.text() == WRONG
    assert dialog.address_edit.hasFocus()


def test_a_password_in_the_address_is_refused(qtbot: QtBot, dialog: ConnectDialog) -> None:
    _fill(qtbot, dialog, "postgresql://idva1:secret@db.example/marac", "idva1", WRONG)
    assert dialog.error_label.text().startswith("Leave the password out of the server address")


def test_over_the_network_the_ca_file_is_asked_for(qtbot: QtBot, dialog: ConnectDialog) -> None:
    _fill(qtbot, dialog, "postgresql://db.example/marac", "idva1", WRONG)
    assert dialog.error_label.text() == NEEDS_CA_FILE
    assert dialog.ca_edit.hasFocus()


def test_the_ca_file_is_chosen_with_a_file_picker(
    qtbot: QtBot, dialog: ConnectDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "partnership-ca.pem"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(chosen), ""))
    )
    dialog.ca_button.setFocus()
    qtbot.keyClick(dialog.ca_button, Qt.Key.Key_Space)
    assert dialog.ca_edit.text() == str(chosen)


def test_a_wrong_password_is_one_sentence_and_loses_nothing_else(
    qtbot: QtBot, dialog: ConnectDialog, server: Server
) -> None:
    _fill(qtbot, dialog, server.address.url, ADMIN, WRONG)
    assert dialog.connecting and not dialog.address_edit.isEnabled()
    wait_for_jobs()
    assert dialog.error_label.text() == (
        "Could not connect to marac_test on this computer: the user name or password is wrong."
    )
    assert dialog.address_edit.text() == server.address.url
    assert dialog.username_edit.text() == ADMIN
    assert dialog.password_edit.text() == "" and dialog.password_edit.hasFocus()
    assert dialog.isVisible() and dialog.workspace is None
    assert _settings() == b""  # only a sign-in that worked is remembered


def test_a_server_that_does_not_answer_is_one_sentence(
    qtbot: QtBot, dialog: ConnectDialog, server: Server
) -> None:
    address = server.address
    nowhere = ServerAddress(address.host, address.port + 1, address.database)
    _fill(qtbot, dialog, nowhere.url, ADMIN, WRONG)
    wait_for_jobs()
    assert dialog.error_label.text() == (
        "Could not connect to marac_test on this computer: nothing answered at that address; "
        "check the address, and that the server is running."
    )
    assert dialog.password_edit.text() == WRONG  # try again once the server is up


def test_signs_in_and_remembers_the_server_but_never_the_password(
    qtbot: QtBot, dialog: ConnectDialog, server: Server, staff: dict[Role, str]
) -> None:
    idva = staff[Role.IDVA]
    signed_in: list[Workspace] = []
    dialog.unlocked.connect(signed_in.append)
    _fill(qtbot, dialog, server.address.url, idva, password_of(idva))
    qtbot.waitUntil(lambda: bool(signed_in), timeout=60_000)
    [workspace] = signed_in
    assert workspace.on_server and workspace.actor == idva
    assert workspace.location == "marac_test on this computer"
    assert dialog.result() == ConnectDialog.DialogCode.Accepted
    [remembered] = remembered_servers.remembered()
    assert (remembered.location, remembered.user) == (server.address.url, idva)
    stored = _settings()
    assert password_of(idva).encode() not in stored
    assert b"password" not in stored.lower()
