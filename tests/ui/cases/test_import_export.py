from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cases_support import click, referred_case
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes, wait_for_jobs

from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import records
from marac_desktop.services.bundle_reader import FORMAT, VERSION
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.importing.bundle_files import EXPORT_FILE_NAME, BundleProblemsDialog
from marac_desktop.ui.importing.csv_import_dialog import (
    NOT_IN_FILE,
    STEP_DONE,
    STEP_MAPPING,
    STEP_PREVIEW,
    CsvImportDialog,
)

HEADER = "Case ref,Surname,Forename,DOB,Referral date,Referring agency,High risk,Repeat\n"
GOOD_ROW = "A1,Nowak,Agnieszka,14/02/1988,03/03/2025,Police,Y,N\n"
BAD_ROW = "A2,Okafor,Chiamaka,31/02/1990,12/05/2025,,Y,N\n"
FIXED_ROW = "A2,Okafor,Chiamaka,28/02/1990,12/05/2025,IDVA service,Y,N\n"


def _page(qtbot: QtBot, workspace: Workspace) -> CasesPage:
    page = CasesPage(workspace)
    qtbot.addWidget(page)
    page.show()
    return page


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str]) -> None:
    def pick(_parent: object, caption: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))


def test_csv_import_maps_previews_fixes_and_imports(
    qtbot: QtBot,
    admin_ws: Workspace,
    answer_modal: Callable,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "marac-list.csv"
    sheet.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    _choose_file(monkeypatch, sheet, [])
    page = _page(qtbot, admin_ws)
    seen: dict[str, object] = {}

    def work_through(dialog: QDialog) -> None:
        assert isinstance(dialog, CsvImportDialog)
        assert dialog.stack.currentIndex() == STEP_MAPPING
        combos = dialog.field_combos
        seen["guess"] = {f: combos[f].currentText() for f in ("victim_family_name", "victim_dob")}
        assert combos["referral_date"].currentText() == "Referral date"
        combos["referral_date"].setCurrentIndex(combos["referral_date"].findText(NOT_IN_FILE))
        click(qtbot, dialog.preview_button)
        seen["missing"] = dialog.status.text()
        assert dialog.stack.currentIndex() == STEP_MAPPING
        combos["referral_date"].setCurrentIndex(combos["referral_date"].findText("Referral date"))
        click(qtbot, dialog.preview_button)
        assert dialog.stack.currentIndex() == STEP_PREVIEW
        seen["rows"] = dialog.preview_model.rowCount()
        seen["cell"] = dialog.preview_model.index(0, 1).data()
        seen["problems"] = [
            dialog.problem_list.item(n).text() for n in range(dialog.problem_list.count())
        ]
        seen["import enabled"] = dialog.import_button.isEnabled()
        sheet.write_text(HEADER + GOOD_ROW + FIXED_ROW, encoding="utf-8")  # fixed in the sheet
        click(qtbot, dialog.reread_button)
        seen["after fix"] = dialog.problem_list.count()
        assert dialog.import_button.isEnabled()
        click(qtbot, dialog.import_button)
        wait_for_jobs()
        assert dialog.stack.currentIndex() == STEP_DONE
        seen["done"] = dialog.done_label.text()
        click(qtbot, dialog.close_button)

    answer_modal(work_through)
    page.import_csv_action.trigger()
    assert seen["guess"] == {"victim_family_name": "Surname", "victim_dob": "DOB"}
    assert seen["missing"] == "Choose the column that holds: Referral date."
    assert seen["rows"] == 2 and seen["cell"] == "Nowak"
    assert seen["problems"] == [
        "Row 3, column 'DOB': not a date (use DD/MM/YYYY or YYYY-MM-DD).",
        "Row 3, column 'Referring agency': referring agency is empty.",
    ]
    assert seen["import enabled"] is False
    assert seen["after fix"] == 0
    assert str(seen["done"]).startswith("Imported 2 cases, 2 people")
    wait_for_jobs()  # the list reads itself again
    assert records.count_cases(admin_ws) == 2 == page.model.total
    assert {page.model.case_at(n).family_name for n in range(2)} == {"Nowak", "Okafor"}


def test_an_unreadable_csv_file_is_explained(
    qtbot: QtBot,
    admin_ws: Workspace,
    message_boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_bytes("Surname\nWójcik\n".encode("cp1250"))
    _choose_file(monkeypatch, sheet, [])
    page = _page(qtbot, admin_ws)
    page.import_csv_action.trigger()
    assert message_boxes.texts("warning") == [
        "list.csv is not UTF-8 text; save the spreadsheet as 'CSV UTF-8' and try again."
    ]


def test_a_broken_bundle_lists_every_problem_and_imports_nothing(
    qtbot: QtBot,
    admin_ws: Workspace,
    answer_modal: Callable,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    referred_case(admin_ws, PersonDetails("Nowak", "Anna"))
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "people": [{"id": "p1", "family_name": "", "given_names": "Anna"}],
                "cases": [{"id": "c1", "victim": "p9", "perpetrators": [], "children": []}],
                "incidents": [],
                "referrals": [{"case": "c1", "date": "2999-01-01", "referring_agency": "Police"}],
                "assessments": [],
            }
        ),
        encoding="utf-8",
    )
    _choose_file(monkeypatch, broken, [])
    page = _page(qtbot, admin_ws)
    seen: dict[str, object] = {}

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, BundleProblemsDialog)
        seen["title"] = dialog.windowTitle()
        seen["problems"] = [
            dialog.problem_list.item(n).text() for n in range(dialog.problem_list.count())
        ]
        dialog.accept()

    answer_modal(read)
    page.import_bundle_action.trigger()
    wait_for_jobs()
    assert seen["title"] == "Import problems"
    problems = seen["problems"]
    assert isinstance(problems, list) and len(problems) >= 3
    assert any("people[0]" in p for p in problems)
    assert any("p9" in p or "victim" in p for p in problems)
    assert records.count_cases(admin_ws) == 1  # nothing imported


def test_export_then_import_a_bundle(
    qtbot: QtBot,
    admin_ws: Workspace,
    message_boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    referred_case(admin_ws, PersonDetails("Nowak", "Anna"))
    target = tmp_path / "out.json"
    asked: list[str] = []
    _choose_file(monkeypatch, target, asked)
    page = _page(qtbot, admin_ws)
    message_boxes.answers.append(True)  # yes, export the unencrypted file
    click(qtbot, page.export_button)
    wait_for_jobs()
    assert Path(asked[0]).name == EXPORT_FILE_NAME
    assert "not encrypted" in message_boxes.texts("question")[0]
    assert message_boxes.texts("information") == ["Exported 1 case to out.json."]
    assert json.loads(target.read_text(encoding="utf-8"))["cases"][0]["victim"]
    page.import_bundle_action.trigger()
    wait_for_jobs()
    assert message_boxes.texts("information")[-1].startswith("Imported 1 case, 1 person")
    assert records.count_cases(admin_ws) == 2 == page.model.total
