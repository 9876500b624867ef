from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_support import ADMIN, ADMIN_PASSWORD, MessageBoxes, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from marac_desktop.services import access
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.pages.backups_page import BackupsPage


def _page(qtbot: QtBot, workspace: Workspace) -> BackupsPage:
    page = BackupsPage(workspace)
    qtbot.addWidget(page)
    page.show()
    return page


def _backups(workspace: Workspace) -> list[Path]:
    return sorted((workspace.path.parent / "backups").glob("*.maracbak"))


def test_backs_up_to_the_default_folder(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = _page(qtbot, admin_ws)
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    written = _backups(admin_ws)
    assert len(written) == 1
    assert page.back_up_status.text() == f"Backup saved: {written[0]}"


def test_backs_up_to_a_chosen_file(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "usb" / "copy"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    page = _page(qtbot, admin_ws)
    qtbot.mouseClick(page.back_up_to_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    assert (tmp_path / "usb" / "copy.maracbak").exists()


def test_verify_reports_ok(qtbot: QtBot, admin_ws: Workspace) -> None:
    page = _page(qtbot, admin_ws)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    assert page.verify_status.isVisible()
    assert page.verify_status.text().startswith("The database passed every check")
    assert "chain intact" in page.verify_status.text()


def test_restore_into_a_new_file(
    qtbot: QtBot,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    page = _page(qtbot, admin_ws)
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    backup = _backups(admin_ws)[0]
    restored = tmp_path / "restored" / "copy.db"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(restored), ""))
    )
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    assert restored.exists()
    assert f'--db "{restored}"' in message_boxes.texts("information")[0]
    assert not admin_ws.closed
    access.unlock(restored, ADMIN, ADMIN_PASSWORD).close()


def test_restore_refuses_an_existing_file(
    qtbot: QtBot, admin_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, admin_ws)
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    backup = _backups(admin_ws)[0]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(admin_ws.path), ""))
    )
    before = admin_ws.path.read_bytes()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot)
    assert "already exists" in page.restore_status.text()
    assert admin_ws.path.read_bytes() == before
