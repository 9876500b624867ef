"""The IDVA dialog by keyboard: an IDVA account chosen from the list, or a name typed for an
IDVA from outside the partnership, each saved with Enter; the line under the field says which
the text is, and the Assessments list of the chosen IDVA then holds the case as theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from cases_support import click, referred_case, shown_case_view
from pytestqt.qtbot import QtBot
from ui_support import IDVA, wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.domain.users import IdvaAccount, Role
from marac_desktop.services import records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
from marac_desktop.ui.assessment.case_table_model import COL_MINE, MINE, ROW_ROLE
from marac_desktop.ui.cases.idva_dialog import NO_NAME_YET, OUTSIDE, IdvaDialog, account_text

TODAY = date.today()
VICTIM = PersonDetails("Testvictim", "Marlow", date_of_birth=date(1991, 5, 6))
ROBIN = IdvaAccount(IDVA, "Robin Idva")  # the idva_ws fixture's account


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(_focused(), key)


def _allocate(
    qtbot: QtBot, workspace: Workspace, answer_modal: Callable, keys: Callable[[IdvaDialog], None]
) -> tuple[IdvaDialog, int]:
    case = referred_case(workspace, VICTIM)
    view = shown_case_view(qtbot, workspace)
    view.load(case.id)
    shown: list[IdvaDialog] = []

    def in_dialog(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        shown.append(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        keys(dialog)

    answer_modal(in_dialog)
    click(qtbot, view.idva_button)
    assert shown and shown[0].result() == QDialog.DialogCode.Accepted
    assert view.status.text() == "The IDVA has been recorded."
    return shown[0], int(case.id)


def test_an_account_chosen_with_the_keyboard_is_saved_with_enter_and_is_the_idvas_own(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace, answer_modal: Callable
) -> None:
    users.add_user(admin_ws, "ash", Role.IDVA, "quiet birch long phrase", "Ash Adviser")
    users.add_user(admin_ws, "cora", Role.COORDINATOR, "quiet birch long phrase", "Cora Co")
    seen: dict[str, object] = {}

    def choose_robin(dialog: IdvaDialog) -> None:
        field = dialog.name_field
        seen["offered"] = [field.itemText(i) for i in range(field.count())]
        seen["focus"] = field.isAncestorOf(_focused()) or _focused() is field
        seen["blank"] = dialog.which_label.text()
        _press(qtbot, Qt.Key.Key_Down)  # Ash Adviser
        _press(qtbot, Qt.Key.Key_Down)  # Robin Idva
        seen["which"] = dialog.which_label.text()
        seen["description"] = field.accessibleDescription()
        _press(qtbot, Qt.Key.Key_Return)

    dialog, case_id = _allocate(qtbot, admin_ws, answer_modal, choose_robin)
    assert seen["offered"] == ["Ash Adviser", "Robin Idva"]  # IDVA accounts only
    assert seen["focus"] is True
    assert seen["blank"] == NO_NAME_YET
    assert seen["which"] == account_text(ROBIN)
    assert str(seen["description"]).endswith(account_text(ROBIN))
    assert records.case_record(admin_ws, case_id).idva == IdvaAllocation(
        "Robin Idva", TODAY, account=IDVA
    )

    page = AssessmentsPage(idva_ws)  # Robin's own list, without a search
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    wait_for_jobs()
    first = page.case_proxy.index(0, 0).data(ROW_ROLE)
    assert first.id == case_id
    assert page.case_proxy.index(0, COL_MINE).data() == MINE


def test_a_name_typed_for_an_idva_from_outside_is_saved_with_enter_without_an_account(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace, answer_modal: Callable
) -> None:
    seen: dict[str, object] = {}

    def type_outside(dialog: IdvaDialog) -> None:
        qtbot.keyClicks(_focused(), "Pat Outside")
        seen["which"] = dialog.which_label.text()
        _press(qtbot, Qt.Key.Key_Return)

    _dialog, case_id = _allocate(qtbot, admin_ws, answer_modal, type_outside)
    assert seen["which"] == OUTSIDE
    assert records.case_record(admin_ws, case_id).idva == IdvaAllocation("Pat Outside", TODAY)


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_part_of_an_account_name_typed_offers_it_and_enter_takes_it_then_saves(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace, answer_modal: Callable
) -> None:
    seen: dict[str, object] = {}

    def type_part(dialog: IdvaDialog) -> None:
        qtbot.keyClicks(_focused(), "idva")  # part of "Robin Idva", in another case
        popup = dialog.name_field.completer().popup()
        seen["offered"] = popup.isVisible()
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # takes the name offered
        seen["taken"] = (dialog.name_field.currentText(), dialog.which_label.text())
        seen["open"] = dialog.isVisible()
        _press(qtbot, Qt.Key.Key_Return)  # and saves

    _dialog, case_id = _allocate(qtbot, admin_ws, answer_modal, type_part)
    assert seen == {
        "offered": True,
        "taken": ("Robin Idva", account_text(ROBIN)),
        "open": True,
    }
    assert records.case_record(admin_ws, case_id).idva == IdvaAllocation(
        "Robin Idva", TODAY, account=IDVA
    )
