from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.services import access

from marac_desktop.ui.dialogs.first_run_wizard import FirstRunWizard

GOOD_PASSWORD = "copper meadow violin"


def _wizard(qtbot: QtBot, path: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(path, kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_account_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.administrator_page


def test_creates_the_database_by_typing(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "new" / "marac.db"
    wizard = _wizard(qtbot, path)
    assert wizard.location_page.path_edit.text() == str(path)
    _to_account_page(qtbot, wizard)
    page = wizard.administrator_page
    create = wizard.button(QWizard.WizardButton.CommitButton)
    assert create.text() == "Create database"
    assert not create.isEnabled()

    qtbot.keyClicks(page.username_edit, "coordinator")
    qtbot.keyClicks(page.display_name_edit, "Sam Taylor")
    qtbot.keyClicks(page.passwords.password_edit, GOOD_PASSWORD)
    qtbot.keyClicks(page.passwords.confirm_edit, GOOD_PASSWORD)
    assert create.isEnabled()
    assert "Strength" in page.passwords.strength_label.text()
    created: list[Path] = []
    wizard.database_created.connect(created.append)
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert created == [path]

    assert wizard.currentPage() is wizard.recovery_page
    assert path.exists()
    assert wizard.database_path == path
    code = wizard.recovery_page.code_label.text()
    assert len(code) == 39 and code.count("-") == 7
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    wizard.recovery_page.stored_checkbox.click()
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.recovery_page.code_label.text() == ""

    workspace = access.unlock(path, "coordinator", GOOD_PASSWORD)
    assert workspace.user is not None and workspace.user.display_name == "Sam Taylor"
    workspace.close()
    access.unlock_with_recovery(path, code).close()


def test_weak_password_keeps_next_disabled(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "marac.db")
    _to_account_page(qtbot, wizard)
    page = wizard.administrator_page
    create = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.keyClicks(page.username_edit, "admin")
    qtbot.keyClicks(page.passwords.password_edit, "short")
    qtbot.keyClicks(page.passwords.confirm_edit, "short")
    assert not create.isEnabled()
    assert page.passwords.strength_label.text().startswith("Too weak: Use at least 12 characters")

    page.passwords.password_edit.clear()
    page.passwords.confirm_edit.clear()
    qtbot.keyClicks(page.passwords.password_edit, "admin is my long password")
    qtbot.keyClicks(page.passwords.confirm_edit, "admin is my long password")
    assert not create.isEnabled()
    assert "must not contain the user name" in page.passwords.strength_label.text()

    page.passwords.password_edit.clear()
    page.passwords.confirm_edit.clear()
    qtbot.keyClicks(page.passwords.password_edit, GOOD_PASSWORD)
    qtbot.keyClicks(page.passwords.confirm_edit, GOOD_PASSWORD + "x")
    assert not create.isEnabled()
    assert "not the same" in page.passwords.strength_label.text()
    assert not (tmp_path / "marac.db").exists()


def test_bad_user_name_keeps_next_disabled(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "marac.db")
    _to_account_page(qtbot, wizard)
    page = wizard.administrator_page
    qtbot.keyClicks(page.username_edit, "Bad Name")
    qtbot.keyClicks(page.passwords.password_edit, GOOD_PASSWORD)
    qtbot.keyClicks(page.passwords.confirm_edit, GOOD_PASSWORD)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_refuses_an_existing_file(qtbot: QtBot, tmp_path: Path) -> None:
    existing = tmp_path / "taken.db"
    existing.write_bytes(b"not ours")
    wizard = _wizard(qtbot, existing)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.location_page
    assert "already exists" in wizard.location_page.error_label.text()
    assert existing.read_bytes() == b"not ours"


def test_browse_fills_the_path(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:
    chosen = tmp_path / "elsewhere.db"
    monkeypatch.setattr(
        "marac_desktop.ui.dialogs.first_run_wizard.QFileDialog.getSaveFileName",
        staticmethod(lambda *a, **k: (str(chosen), "")),
    )
    wizard = _wizard(qtbot, tmp_path / "marac.db")
    qtbot.mouseClick(wizard.location_page.browse_button, Qt.MouseButton.LeftButton)
    assert wizard.location_page.chosen_path() == chosen


def test_cannot_close_before_confirming_the_code(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path / "marac.db")
    _to_account_page(qtbot, wizard)
    page = wizard.administrator_page
    qtbot.keyClicks(page.username_edit, "admin")
    qtbot.keyClicks(page.passwords.password_edit, GOOD_PASSWORD)
    qtbot.keyClicks(page.passwords.confirm_edit, GOOD_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.recovery_page
    wizard.reject()
    assert wizard.isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    wizard.recovery_page.stored_checkbox.setChecked(True)
    wizard.reject()
    assert wizard.result() == QWizard.DialogCode.Accepted
