"""Render the Reports page offscreen to PNG files, to look at (not a test; run it by hand).

    python tests/ui/reports/render_reports.py [FOLDER]   (default /tmp/marac-renders/reports)

Synthetic data only: demo cases on a throwaway database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SCRATCH = Path(tempfile.mkdtemp(prefix="marac-render-"))
os.environ.setdefault("MARAC_DESKTOP_DATA_DIR", str(_SCRATCH / "data"))
os.environ.setdefault("MARAC_DESKTOP_LOG_DIR", str(_SCRATCH / "logs"))
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.domain.users import Role  # noqa: E402
from marac_desktop.paths import resource_path  # noqa: E402
from marac_desktop.services import access, demo, users  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts  # noqa: E402
from marac_desktop.ui.reports.reports_page import ReportsPage  # noqa: E402

DEFAULT_FOLDER = Path("/tmp/marac-renders/reports")
PASSWORD = "render preview passphrase"
IDVA_PASSWORD = "idva preview passphrase"
TODAY = date(2026, 10, 15)
TABS = ("01-summary", "02-data-return", "03-who-is-reached", "04-actions")


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    background.runner().wait()  # what the page is reading, then its result
    QApplication.processEvents()
    for _ in range(3):
        QApplication.processEvents()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    application = QApplication(argv[:1])
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))
    path = _SCRATCH / "reports" / "marac.db"
    access.create_database(path, "admin", PASSWORD, "Alex Morgan", kdf=TEST_KDF)
    workspace = access.unlock(path, "admin", PASSWORD)
    saved: list[Path] = []
    try:
        demo.generate(workspace, 300, seed=6, today=TODAY)
        users.add_user(workspace, "robin.idva", Role.IDVA, IDVA_PASSWORD, "Robin Idva")
        page = ReportsPage(workspace, today=TODAY)
        page.refresh()
        page.resize(1180, 900)
        for number, name in enumerate(TABS):
            page.tabs.setCurrentIndex(number)
            saved.append(_save(page, folder, name))
        page.period.set_dates(date(2025, 1, 1), date(2026, 9, 30))
        page.tabs.setCurrentIndex(0)
        saved.append(_save(page, folder, "05-summary-21-months"))
        page.period.set_dates(date(2016, 10, 1), date(2026, 9, 30))
        saved.append(_save(page, folder, "06-summary-ten-years"))
        page.resize(900, 700)
        saved.append(_save(page, folder, "07-summary-narrow"))
        page.close()
        idva = access.unlock(path, "robin.idva", IDVA_PASSWORD)
        try:
            blocked = ReportsPage(idva, today=TODAY)
            blocked.resize(900, 300)
            saved.append(_save(blocked, folder, "08-idva-not-allowed"))
            blocked.close()
        finally:
            idva.close()
    finally:
        workspace.close()
    for saved_path in saved:
        print(saved_path)
    del application
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
