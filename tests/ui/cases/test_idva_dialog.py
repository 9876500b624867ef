from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from cases_support import click, referred_case, shown_case_view
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QRadioButton

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.idva_dialog import IdvaDialog
from marac_desktop.ui.cases.words import day_text, earlier_idvas_text
from marac_desktop.ui.widgets.date_field import DateField

TODAY = date.today()
VICTIM = PersonDetails("Testvictim", "Marlow", date_of_birth=date(1991, 5, 6))
ADVISER = "Testadviser Quill"
SECOND = "Testadviser Reed"


def _choose(qtbot: QtBot, choice: QRadioButton) -> None:
    """Click the round button itself (the middle of a wide row may be past the text)."""
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))


def _set(edit: DateField, day: date) -> None:
    edit.set_value(day)


def _on(day: date) -> str:
    return day_text(day)


def test_the_line_says_when_no_idva_is_allocated(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    assert view.idva_label.text() == "IDVA: none allocated"
    assert not view.earlier_idvas_label.isVisible()
    assert view.idva_button.text() == "&IDVA…"


def test_allocating_an_idva_updates_the_case(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    allocated = TODAY - timedelta(days=9)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        edit = dialog.date_edit
        seen["chosen"] = dialog.new_choice.isChecked()
        seen["default"] = (edit.text(), dialog.stop_date_edit.text())
        qtbot.keyClicks(dialog.name_edit, f"  {ADVISER} ")
        _set(edit, TODAY + timedelta(days=1))
        click(qtbot, dialog.save_button)
        seen["future"] = dialog.status.text()
        _set(edit, allocated)
        click(qtbot, dialog.save_button)

    answer_modal(fill)
    click(qtbot, view.idva_button)
    assert seen == {
        "chosen": True,
        "default": (_on(TODAY), _on(TODAY)),
        "future": "The IDVA allocation date is in the future; check it.",
    }
    assert records.case_record(admin_ws, case.id).idvas == (IdvaAllocation(ADVISER, allocated),)
    assert view.idva_label.text() == f"IDVA: {ADVISER}, since {_on(allocated)}"
    assert not view.earlier_idvas_label.isVisible()
    assert view.status.text() == "The IDVA has been recorded."


def test_a_new_idva_keeps_the_first_in_the_history(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    first_on = TODAY - timedelta(days=60)
    second_on = TODAY - timedelta(days=5)
    records.allocate_idva(admin_ws, case.id, IdvaAllocation(ADVISER, first_on))
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        seen["name"] = dialog.name_edit.text()  # a new IDVA starts blank
        seen["replaces"] = dialog.replaces_label.text()
        _set(dialog.date_edit, second_on)
        qtbot.keyClicks(dialog.name_edit, SECOND)
        click(qtbot, dialog.save_button)

    answer_modal(fill)
    click(qtbot, view.idva_button)
    assert seen == {"name": "", "replaces": f"{ADVISER} stops being the IDVA on that date."}
    record = records.case_record(admin_ws, case.id)
    assert record.idvas == (
        IdvaAllocation(ADVISER, first_on, second_on),
        IdvaAllocation(SECOND, second_on),
    )
    assert record.idva == IdvaAllocation(SECOND, second_on)
    assert view.idva_label.text() == f"IDVA: {SECOND}, since {_on(second_on)}"
    assert view.earlier_idvas_label.isVisible()
    assert view.earlier_idvas_label.text() == (
        f"Earlier: {ADVISER} {_on(first_on)}\u2013{_on(second_on)}"
    )
    assert view.status.text() == "The IDVA has been recorded."


def test_ending_the_idva_through_the_dialog(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    allocated = TODAY - timedelta(days=30)
    ended = TODAY - timedelta(days=2)
    records.allocate_idva(admin_ws, case.id, IdvaAllocation(ADVISER, allocated))
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def stop(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        seen["who"] = dialog.who_label.text()
        seen["before"] = (dialog.stop_choice.isEnabled(), dialog.stop_date_edit.isEnabled())
        # Alt+S, the choice's mnemonic, picks it from the keyboard
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.stop_choice.isChecked)  # a mnemonic clicks after a short delay
        seen["chosen"] = dialog.stop_choice.isChecked()
        seen["after"] = (
            dialog.name_edit.isEnabled(),
            dialog.date_edit.isEnabled(),
            dialog.stop_date_edit.isEnabled(),
        )
        _set(dialog.stop_date_edit, ended)
        click(qtbot, dialog.save_button)

    answer_modal(stop)
    click(qtbot, view.idva_button)
    assert seen == {
        "who": f"{ADVISER}, supporting the victim since {_on(allocated)}.",
        "before": (True, False),
        "chosen": True,
        "after": (False, False, True),
    }
    record = records.case_record(admin_ws, case.id)
    assert record.idvas == (IdvaAllocation(ADVISER, allocated, ended),)
    assert record.idva is None
    assert view.idva_label.text() == "IDVA: none allocated"
    assert view.earlier_idvas_label.text() == (
        f"Earlier: {ADVISER} {_on(allocated)}\u2013{_on(ended)}"
    )
    assert view.status.text() == "The date the IDVA stopped has been recorded."


def test_the_stop_choice_is_disabled_with_no_idva(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = referred_case(admin_ws, VICTIM)
    dialog = IdvaDialog(admin_ws, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.new_choice.isChecked()
    assert not dialog.stop_choice.isEnabled()
    assert not dialog.stop_date_edit.isEnabled()
    assert dialog.who_label.text() == "No IDVA is allocated to this case now."
    assert not dialog.replaces_label.isVisible()
    assert dialog.new_choice.text() == "&A new IDVA is supporting the victim"
    assert dialog.stop_choice.text() == "The IDVA has &stopped supporting the victim"


def test_an_empty_name_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    allocated = TODAY - timedelta(days=3)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        _set(dialog.date_edit, allocated)
        qtbot.keyClicks(dialog.name_edit, "   ")
        click(qtbot, dialog.save_button)
        seen["error"] = dialog.status.text()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.name_edit.text(), dialog.date_edit.value())
        seen["saved"] = records.case_record(admin_ws, case.id).idvas
        dialog.reject()

    answer_modal(fill)
    click(qtbot, view.idva_button)
    assert seen == {
        "error": "Enter the IDVA's name.",
        "open": True,
        "kept": ("   ", allocated),
        "saved": (),
    }
    assert view.idva_label.text() == "IDVA: none allocated"


def test_a_stop_date_before_the_allocation_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    allocated = TODAY - timedelta(days=10)
    too_early = allocated - timedelta(days=1)
    records.allocate_idva(admin_ws, case.id, IdvaAllocation(ADVISER, allocated))
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def stop(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        _choose(qtbot, dialog.stop_choice)
        _set(dialog.stop_date_edit, too_early)
        click(qtbot, dialog.save_button)
        seen["error"] = dialog.status.text()
        seen["open"] = dialog.isVisible()
        seen["kept"] = (dialog.stop_choice.isChecked(), dialog.stop_date_edit.value())
        seen["saved"] = records.case_record(admin_ws, case.id).idvas
        _choose(qtbot, dialog.new_choice)
        seen["cleared"] = dialog.status.isVisible()
        dialog.reject()

    answer_modal(stop)
    click(qtbot, view.idva_button)
    assert seen == {
        "error": "The IDVA stops before they were allocated; check the date.",
        "open": True,
        "kept": (True, too_early),
        "saved": (IdvaAllocation(ADVISER, allocated),),
        "cleared": False,
    }
    assert view.idva_label.text() == f"IDVA: {ADVISER}, since {_on(allocated)}"


def test_a_name_too_long_is_refused_in_one_sentence(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = referred_case(admin_ws, VICTIM)
    dialog = IdvaDialog(admin_ws, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Q" * 201)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.status.text() == "The IDVA's name is longer than 200 characters."
    assert records.case_record(admin_ws, case.id).idva is None


def test_cancel_changes_nothing(qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        dialog.name_edit.setText(ADVISER)
        dialog.reject()

    answer_modal(cancel)
    click(qtbot, view.idva_button)
    assert records.case_record(admin_ws, case.id).idvas == ()
    assert view.idva_label.text() == "IDVA: none allocated"


def test_the_earlier_part_names_the_last_three_latest_first() -> None:
    days = [date(2024, 1, 1) + timedelta(days=30 * n) for n in range(6)]
    history = [
        IdvaAllocation(f"Testadviser {letter}", start, end)
        for letter, start, end in zip("ABCDE", days[:-1], days[1:], strict=True)
    ] + [IdvaAllocation("Testadviser F", days[5])]
    assert earlier_idvas_text(history) == (
        "Earlier: Testadviser E 30 Apr 2024\u201330 May 2024; "
        "Testadviser D 31 Mar 2024\u201330 Apr 2024; "
        "Testadviser C 1 Mar 2024\u201331 Mar 2024; and 2 more"
    )
    assert earlier_idvas_text(history[-1:]) == ""


def test_enter_in_the_dialog_saves_what_was_typed(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def type_and_press_enter(dialog: QDialog) -> None:
        assert isinstance(dialog, IdvaDialog)
        seen["default"] = dialog.save_button.isDefault()
        qtbot.keyClicks(dialog.name_edit, ADVISER)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
        seen["result"] = dialog.result()

    answer_modal(type_and_press_enter)
    click(qtbot, view.idva_button)
    assert seen == {"default": True, "result": QDialog.DialogCode.Accepted}
    assert records.case_record(admin_ws, case.id).idvas == (IdvaAllocation(ADVISER, TODAY),)
    assert view.status.text() == "The IDVA has been recorded."
