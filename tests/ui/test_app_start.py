from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ui_support import MadeDatabase

from PySide6.QtWidgets import QDialog

from marac_desktop.ui import app
from marac_desktop.ui.fonts import interface_families, load_bundled_fonts

UI_PACKAGE = Path(app.__file__).resolve().parent
SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_no_fonts_folder_or_an_empty_one(qapp, tmp_path: Path) -> None:
    assert load_bundled_fonts(tmp_path / "missing") == []
    assert load_bundled_fonts(tmp_path) == []


@pytest.mark.skipif(not SYSTEM_FONT.exists(), reason="needs a TrueType font to copy")
def test_loads_every_font_file(qapp, tmp_path: Path) -> None:
    shutil.copy(SYSTEM_FONT, tmp_path / "Bundled.ttf")
    (tmp_path / "README.txt").write_text("not a font")
    assert load_bundled_fonts(tmp_path) == ["DejaVu Sans"]


def test_noto_sans_leads_the_fallback_order() -> None:
    families = ["Noto Sans Arabic", "Noto Sans Mono", "Noto Sans", "Noto Sans CJK SC"]
    assert interface_families(families, "System") == [
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans CJK SC",
        "System",
    ]


def test_existing_database_goes_straight_to_unlock(made_db: MadeDatabase) -> None:
    assert app.choose_database(made_db.path) == made_db.path


def test_missing_database_runs_the_wizard(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Path] = []

    def fake_exec(wizard: app.FirstRunWizard) -> int:
        shown.append(wizard.location_page.chosen_path())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(app.FirstRunWizard, "exec", fake_exec)
    assert app.choose_database(tmp_path / "new.db") is None
    assert shown == [tmp_path / "new.db"]


def test_start_up_imports_stay_light() -> None:
    code = (
        "import sys; import marac_desktop.ui.app; "
        "heavy = [m for m in ('alembic', 'reportlab', 'sqlalchemy', 'sqlcipher3') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_installed_pyside6_keeps_true_alive() -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit and disconnect (Python 3.11
    then aborts with "bool_dealloc"); pyproject pins a release without that bug."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        probed = Signal(int)

    probe = Probe()

    def slot(value: int) -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(50):
        probe.probed.connect(slot)
        probe.probed.emit(1)
        probe.probed.disconnect(slot)
    assert sys.getrefcount(True) >= before
