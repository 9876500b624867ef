"""The tracking-sheet dialog, clicked through as a coordinator would: columns, check, pairs,
import; the same service as ``import-sheet``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cases_support import click
from pytestqt.qtbot import QtBot
from sheet_samples import BAD_ROWS, TODAY, write_csv, write_xlsx
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import records, sheet_import
from marac_desktop.services.sheet_import import SheetImportSummary
from marac_desktop.services.sheet_mapping import Target
from marac_desktop.services.sheet_reader import read_sheet
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.case_view import TAB_SHEET, CaseView
from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.importing.sheet_import_dialog import (
    STEP_CHECK,
    STEP_COLUMNS,
    STEP_DONE,
    STEP_PAIRS,
    SheetImportDialog,
)


def _dialog(qtbot: QtBot, workspace: Workspace, path: Path) -> SheetImportDialog:
    dialog = SheetImportDialog(workspace, path, read_sheet(path), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _texts(listing: object) -> list[str]:
    return [listing.item(n).text() for n in range(listing.count())]  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["xlsx", "cp1252"])
def test_the_sheet_goes_through_check_pairs_and_imports_clean_rows(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, kind: str
) -> None:
    path = (
        write_xlsx(tmp_path / "tracking.xlsx")
        if kind == "xlsx"
        else write_csv(tmp_path / "tracking.csv", "cp1252")
    )
    dialog = _dialog(qtbot, admin_ws, path)
    assert dialog.stack.currentIndex() == STEP_COLUMNS
    assert dialog.target_combos[1].currentData() == Target.VICTIM_NAME.value
    assert ("Windows-1252" if kind == "cp1252" else "Excel workbook") in (
        dialog.columns_summary.text()
    )
    click(qtbot, dialog.check_button)
    wait_for_jobs()
    assert dialog.stack.currentIndex() == STEP_CHECK
    problems = _texts(dialog.problem_list)
    assert [p.split(":")[0] for p in problems] == [
        f"Row {row}, column {column} ({header})" for row, (column, header) in BAD_ROWS.items()
    ]
    assert any("01/01/60 read as 01 January 1960" in d for d in _texts(dialog.dates_list))
    assert "K (Key worker): kept as a note on each case" in _texts(dialog.columns_list)
    assert dialog.preview_model.index(0, 1).data() == "Nowak"
    assert not dialog.to_pairs_button.isEnabled()  # problems: nothing until clean rows only
    dialog.clean_only_check.setChecked(True)
    assert dialog.to_pairs_button.isEnabled()
    click(qtbot, dialog.to_pairs_button)
    assert dialog.stack.currentIndex() == STEP_PAIRS
    assert dialog.pair_list.count() == 1
    assert dialog.pair_list.item(0).checkState() is Qt.CheckState.Unchecked
    click(qtbot, dialog.tick_cases_button)  # V2-4: the perpetrators agree too
    assert dialog.joins() == ["V2-4"]
    refused = tmp_path / "refused.csv"
    dialog.refused_file_name = lambda: str(refused)  # type: ignore[method-assign]
    click(qtbot, dialog.import_button)
    wait_for_jobs()
    assert dialog.stack.currentIndex() == STEP_DONE, dialog.status.text()
    assert dialog.summary is not None and dialog.summary.cases == 4
    assert "holds case data" in dialog.done_label.text() and refused.exists()
    nowak = records.case_page(admin_ws, "Nowak", 0, 5)
    assert len(nowak) == 1
    record = records.case_record(admin_ws, nowak[0].id)
    assert len(record.referrals) == 2
    assert FlagKind.REPEAT.value in {f.kind for f in record.flags}
    assert records.count_cases(admin_ws) == 4


def test_a_column_set_to_not_imported_is_listed_and_a_missing_name_is_refused(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, admin_ws, write_csv(tmp_path / "t.csv", "utf-8", bom=True))
    dialog.set_target(1, Target.NOT_IMPORTED)
    click(qtbot, dialog.check_button)
    assert "victim's name" in dialog.status.text()
    assert dialog.stack.currentIndex() == STEP_COLUMNS
    dialog.set_target(1, Target.VICTIM_NAME)
    dialog.set_target(10, Target.NOT_IMPORTED)
    click(qtbot, dialog.check_button)
    wait_for_jobs()
    assert "K (Key worker): not imported" in _texts(dialog.columns_list)
    assert records.count_cases(admin_ws) == 0


def test_the_case_shows_what_the_sheet_recorded(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "tracking.xlsx")
    sheet = read_sheet(path)
    mapping = sheet_import.suggested_mapping(admin_ws, sheet)
    sheet_import.import_sheet(admin_ws, sheet, mapping, ("V2-4",), True, tmp_path / "r.csv", TODAY)
    view = CaseView(admin_ws, today=TODAY)
    qtbot.addWidget(view)
    view.load(records.case_page(admin_ws, "Nowak", 0, 1)[0].id)
    assert view.tabs.isTabVisible(TAB_SHEET)
    assert view.sheet_model.index(0, 2).data() == "16 (imported)"
    notes = {view.note_model.index(n, 0).data() for n in range(view.note_model.rowCount())}
    assert {"Notes", "Key worker", "Referral date"} <= notes
    other = records.case_page(admin_ws, "Mc Donald", 0, 1)[0].id
    view.clear()
    assert not view.tabs.isTabVisible(TAB_SHEET)
    view.load(other)
    assert view.tabs.isTabVisible(TAB_SHEET)


def test_from_the_cases_page_fixed_in_excel_and_read_again(
    qtbot: QtBot,
    admin_ws: Workspace,
    answer_modal: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Opened from the Import menu (read on the runner), the problems fixed in the sheet, read
    again, and every row imported."""
    path = write_csv(tmp_path / "tracking.csv", "utf-8", bom=True)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(path), ""))
    )
    page = CasesPage(admin_ws, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    seen: dict[str, object] = {}

    def work_through(dialog: QDialog) -> None:
        assert isinstance(dialog, SheetImportDialog)
        click(qtbot, dialog.check_button)
        wait_for_jobs()
        seen["before"] = dialog.problem_list.count()
        text = path.read_bytes().decode("utf-8-sig")
        fixed = text.replace("31/02/1988", "28/02/1988").replace("twenty", "20")
        path.write_bytes(b"\xef\xbb\xbf" + fixed.encode("utf-8"))
        click(qtbot, dialog.reread_button)
        wait_for_jobs()
        seen["after"] = dialog.problem_list.count()
        click(qtbot, dialog.to_pairs_button)
        click(qtbot, dialog.import_button)
        wait_for_jobs()
        seen["summary"] = dialog.summary
        click(qtbot, dialog.close_button)

    answer_modal(work_through)
    page.import_sheet_action.trigger()
    wait_for_jobs()
    qtbot.waitUntil(lambda: "summary" in seen, timeout=30_000)
    assert (seen["before"], seen["after"]) == (2, 0)
    assert isinstance(seen["summary"], SheetImportSummary) and seen["summary"].cases == 7
    assert records.count_cases(admin_ws) == 7 == page.model.total
