"""Start the GUI: the start screen (or, for a ``--db`` given, the unlock or connect dialog,
after the first-run wizard for a new file), then the main window.

Imports stay light until someone signs in (no SQLAlchemy, Alembic or ReportLab), so the unlock
window appears quickly.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from marac_desktop.errors import UserFacingError
from marac_desktop.paths import default_database_path, resource_path
from marac_desktop.services import remembered_servers

from marac_desktop.ui.dialogs.connect_dialog import ServerChoice
from marac_desktop.ui.dialogs.first_run_wizard import FirstRunWizard
from marac_desktop.ui.exception_hook import install_exception_hook
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts
from marac_desktop.ui.session_controller import SessionController
from marac_desktop.ui.style import APP_NAME
from marac_desktop.ui.theme import show_focus

logger = logging.getLogger(__name__)


def _configure_logging() -> None:
    from marac_desktop import logging_setup

    with contextlib.suppress(OSError):  # logging is best effort; the program must still open
        logging_setup.configure()


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(sys.argv)


def choose_database(database: Path | None) -> Path | None:
    """The database to unlock, after running the first-run wizard if there is none yet."""
    path = database or default_database_path()
    if path.exists():
        return path
    wizard = FirstRunWizard(path)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.database_path


def server_choice(address: str) -> ServerChoice:
    """The server named on the command line, with the CA file and user last used there."""
    try:
        server = remembered_servers.find(address)
    except UserFacingError:  # the connect dialog says what is wrong when Connect is pressed
        return ServerChoice(address)
    if server is None:
        return ServerChoice(address)
    return ServerChoice(server.location, server.ca_file, server.user)


def run_gui(database: Path | str | None = None) -> int:
    """``database``: a file, a server's ``postgresql://`` address, or None for the start
    screen (where Enter opens the file on this computer)."""
    _configure_logging()
    application = _application()
    application.setApplicationName(APP_NAME)
    application.setQuitOnLastWindowClosed(False)
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))
    show_focus(application)
    install_exception_hook(application)
    where: Path | ServerChoice | None = None
    if isinstance(database, str) and remembered_servers.is_server_address(database):
        where = server_choice(database)
    elif database is not None:
        where = choose_database(Path(database))
        if where is None:
            return 0
    controller = SessionController(where)
    controller.quit_requested.connect(application.quit)
    application.aboutToQuit.connect(controller.shutdown)
    controller.start()
    return application.exec()
