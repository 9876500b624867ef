from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from cases_support import referred_case
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.case_view import CaseView
from marac_desktop.ui.cases.idva_dialog import IdvaDialog

TODAY = date.today()
VICTIM = PersonDetails("Testvictim", "Marlow", date_of_birth=date(1991, 5, 6))
ADVISER = "Testadviser Quill"


def _view(qtbot: QtBot, workspace: Workspace) -> CaseView:
    view = CaseView(workspace)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_line_says_when_no_idva_is_allocated(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = _view(qtbot, admin_ws)
    view.load(case.id)
    assert view.idva_label.text() == "IDVA: none allocated"
    assert view.idva_button.text() == "&IDVA…"


def test_allocating_an_idva_updates_the_case(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = _view(qtbot, admin_ws)
    view.load(case.id)
    allocated = TODAY - timedelta(days=9)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        edit = dialog.date_edit
        seen["default"] = edit.date().toPython()
        seen["popup"] = edit.calendarPopup()
        seen["format"] = edit.displayFormat()
        tomorrow = TODAY + timedelta(days=1)
        edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        seen["clamped"] = edit.date().toPython()  # the picker will not go past today
        edit.setDate(QDate(allocated.year, allocated.month, allocated.day))
        qtbot.keyClicks(dialog.name_edit, f"  {ADVISER} ")
        _click(qtbot, dialog.save_button)

    answer_modal(fill)
    _click(qtbot, view.idva_button)
    assert seen == {
        "default": TODAY,
        "popup": True,
        "format": "dd/MM/yyyy",
        "clamped": TODAY,
    }
    assert records.case_record(admin_ws, case.id).idva == IdvaAllocation(ADVISER, allocated)
    assert view.idva_label.text() == f"IDVA: {ADVISER}, allocated {allocated:%d/%m/%Y}"
    assert view.status.text() == "The IDVA has been recorded."


def test_an_empty_name_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = _view(qtbot, admin_ws)
    view.load(case.id)
    allocated = TODAY - timedelta(days=3)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        dialog.date_edit.setDate(QDate(allocated.year, allocated.month, allocated.day))
        qtbot.keyClicks(dialog.name_edit, "   ")
        _click(qtbot, dialog.save_button)
        seen["error"] = dialog.status.text()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.name_edit.text(), dialog.date_edit.date().toPython())
        seen["saved"] = records.case_record(admin_ws, case.id).idva
        dialog.reject()

    answer_modal(fill)
    _click(qtbot, view.idva_button)
    assert seen == {
        "error": "Enter the IDVA's name.",
        "open": True,
        "kept": ("   ", allocated),
        "saved": None,
    }
    assert view.idva_label.text() == "IDVA: none allocated"


def test_a_name_too_long_is_refused_in_one_sentence(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = referred_case(admin_ws, VICTIM)
    dialog = IdvaDialog(admin_ws, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Q" * 201)
    _click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.status.text() == "The IDVA's name is longer than 200 characters."
    assert records.case_record(admin_ws, case.id).idva is None


def test_no_idva_allocated_clears_it(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    allocated = TODAY - timedelta(days=30)
    records.allocate_idva(admin_ws, case.id, IdvaAllocation(ADVISER, allocated))
    view = _view(qtbot, admin_ws)
    view.load(case.id)
    assert view.idva_label.text() == f"IDVA: {ADVISER}, allocated {allocated:%d/%m/%Y}"
    seen: dict[str, object] = {}

    def clear(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        seen["shown"] = (dialog.name_edit.text(), dialog.date_edit.date().toPython())
        dialog.none_checkbox.setChecked(True)
        seen["enabled"] = (dialog.name_edit.isEnabled(), dialog.date_edit.isEnabled())
        _click(qtbot, dialog.save_button)

    answer_modal(clear)
    _click(qtbot, view.idva_button)
    assert seen == {"shown": (ADVISER, allocated), "enabled": (False, False)}
    assert records.case_record(admin_ws, case.id).idva is None
    assert view.idva_label.text() == "IDVA: none allocated"
    assert view.status.text() == "The IDVA allocation has been removed."


def test_cancel_changes_nothing(qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = _view(qtbot, admin_ws)
    view.load(case.id)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        dialog.name_edit.setText(ADVISER)
        dialog.reject()

    answer_modal(cancel)
    _click(qtbot, view.idva_button)
    assert records.case_record(admin_ws, case.id).idva is None
    assert view.idva_label.text() == "IDVA: none allocated"
