"""Render each screen offscreen to PNG for review: python tests/ui/render_screens.py [FOLDER].

Not a test (pytest collects only test_*.py). Uses synthetic names and throwaway databases.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SCRATCH = Path(tempfile.mkdtemp(prefix="marac-render-"))
os.environ["MARAC_DESKTOP_DATA_DIR"] = str(_SCRATCH / "data")
os.environ["MARAC_DESKTOP_LOG_DIR"] = str(_SCRATCH / "logs")

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget, QWizard  # noqa: E402

from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.domain.users import Role  # noqa: E402
from marac_desktop.paths import resource_path  # noqa: E402
from marac_desktop.services import access, users  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.dialogs.about_dialog import AboutDialog  # noqa: E402
from marac_desktop.ui.dialogs.add_user_dialog import AddUserDialog  # noqa: E402
from marac_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog  # noqa: E402
from marac_desktop.ui.dialogs.error_dialog import ErrorDialog  # noqa: E402
from marac_desktop.ui.dialogs.first_run_wizard import FirstRunWizard  # noqa: E402
from marac_desktop.ui.dialogs.recovery_dialog import RecoveryDialog  # noqa: E402
from marac_desktop.ui.dialogs.unlock_dialog import UnlockDialog  # noqa: E402
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts  # noqa: E402
from marac_desktop.ui.main_window import MainWindow  # noqa: E402

ADMIN_PASSWORD = "render preview passphrase"
STAFF_PASSWORD = "staff preview passphrase"
STAFF = (
    ("sam.taylor", "Sam Taylor", Role.COORDINATOR),
    ("zofia.wojcik", "Zofia Wójcik", Role.IDVA),
    ("amira.haddad", "أميرة حداد", Role.SAFEGUARDING_LEAD),
    ("li.wei", "李伟", Role.IDVA),
)


class Renderer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def save(self, widget: QWidget, name: str) -> None:
        widget.show()
        background.runner().wait()  # what the page is reading, then its result
        QApplication.processEvents()
        for _ in range(3):
            QApplication.processEvents()
        path = self.folder / f"{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)


def _wizard(renderer: Renderer) -> None:
    wizard = FirstRunWizard(_SCRATCH / "wizard" / "marac.db", kdf=TEST_KDF)
    renderer.save(wizard, "01-wizard-location")
    wizard.next()
    page = wizard.administrator_page
    page.username_edit.setText("admin")
    page.display_name_edit.setText("Alex Morgan")
    page.passwords.password_edit.setText("short")
    renderer.save(wizard, "02-wizard-administrator-weak")
    page.passwords.password_edit.setText(ADMIN_PASSWORD)
    page.passwords.confirm_edit.setText(ADMIN_PASSWORD)
    renderer.save(wizard, "03-wizard-administrator-ready")
    wizard.next()
    renderer.save(wizard, "04-wizard-recovery-code")
    wizard.recovery_page.stored_checkbox.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def _make_database() -> Path:
    path = _SCRATCH / "cases" / "marac.db"
    access.create_database(path, "admin", ADMIN_PASSWORD, "Alex Morgan", kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", ADMIN_PASSWORD)
    for username, display_name, role in STAFF:
        users.add_user(workspace, username, role, STAFF_PASSWORD, display_name)
    users.revoke_user(workspace, "li.wei")
    workspace.close()
    return path


def _try_unlock(dialog: UnlockDialog, password: str) -> None:
    dialog.password_edit.setText(password)
    dialog.unlock_button.click()
    background.runner().wait()  # the unlock runs on the runner; its end arrives queued
    QApplication.processEvents()


def _unlock(renderer: Renderer, database: Path) -> None:
    dialog = UnlockDialog(database)
    renderer.save(dialog, "05-unlock")
    dialog.username_edit.setText("admin")
    _try_unlock(dialog, "not the password")
    renderer.save(dialog, "06-unlock-wrong-password")
    for _ in range(2):
        _try_unlock(dialog, "still not the password")
    renderer.save(dialog, "07-unlock-countdown")
    dialog.close()
    recovery = RecoveryDialog(database)
    recovery.account_edit.setText("admin")
    renderer.save(recovery, "08-recovery-code")
    recovery.close()


def _scroll_to(page: QWidget, section: str) -> None:
    """Scroll a scrolling page so that the named section's top is in view."""
    area = page.findChild(QScrollArea)
    assert area is not None
    area.ensureWidgetVisible(getattr(page, section), 0, 0)


def _main_window(renderer: Renderer, database: Path) -> None:
    from marac_desktop.services import unlock_failures

    unlock_failures.clear(database)
    workspace = access.unlock(database, "admin", ADMIN_PASSWORD)
    window = MainWindow(workspace)
    window.resize(1100, 720)
    renderer.save(window, "10-main-home")
    window.show_page("Cases")
    renderer.save(window, "11-main-cases-placeholder")
    settings_page = window.show_page("Settings")
    renderer.save(window, "12-main-settings")
    _scroll_to(settings_page, "meeting_box")
    renderer.save(window, "12-main-settings-meetings")
    users_page = window.show_page("Users")
    users_page.table.selectRow(1)  # type: ignore[attr-defined]
    renderer.save(window, "13-main-users")
    backups_page = window.show_page("Backups")
    backups_page.back_up_button.click()  # type: ignore[attr-defined]
    backups_page.verify_button.click()  # type: ignore[attr-defined]
    renderer.save(window, "14-main-backups")
    window.show_page("Audit log")
    renderer.save(window, "15-main-audit-log")
    renderer.save(AboutDialog(window), "20-about")
    add = AddUserDialog(workspace, window)
    add.username_edit.setText("jordan.casey")
    add.display_name_edit.setText("Jordan Casey")
    renderer.save(add, "21-add-user")
    renderer.save(ChangePasswordDialog(workspace, window), "22-change-password")
    try:
        raise ValueError("SECRET-CANARY-123")
    except ValueError as error:
        dialog = ErrorDialog(error, window)
    renderer.save(dialog, "23-error")
    dialog.details_button.setChecked(True)
    renderer.save(dialog, "24-error-details")
    window.discard()
    workspace.lock()
    idva = access.unlock(database, "zofia.wojcik", STAFF_PASSWORD)
    idva_window = MainWindow(idva)
    idva_window.resize(1100, 720)
    renderer.save(idva_window, "16-main-home-idva")
    idva_settings = idva_window.show_page("Settings")
    renderer.save(idva_window, "17-main-settings-idva")
    _scroll_to(idva_settings, "meeting_box")
    renderer.save(idva_window, "17-main-settings-meetings-idva")
    idva_window.discard()
    idva.lock()


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("/tmp/marac-renders")
    application = QApplication(argv[:1])
    application.setApplicationName("MARAC Desktop")
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))
    renderer = Renderer(folder)
    _wizard(renderer)
    database = _make_database()
    _unlock(renderer, database)
    _main_window(renderer, database)
    for path in renderer.saved:
        print(path)
    application.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
