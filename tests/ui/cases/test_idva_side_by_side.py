"""One case's IDVA dialog open at two desks: the later save is refused in one sentence naming
who and when, the dialog shows the IDVA the other desk recorded, and what was typed stays."""

from __future__ import annotations

from datetime import date, timedelta

from cases_support import referred_case
from pytestqt.qtbot import QtBot

from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.idva_dialog import IdvaDialog
from marac_desktop.ui.cases.words import day_text

TODAY = date.today()
VICTIM = PersonDetails("Testvictim", "Marlow", date_of_birth=date(1991, 5, 6))
THEIRS = "Testadviser Quill"
MINE = "Testadviser Reed"


def _dialog(qtbot: QtBot, workspace: Workspace, case_id: int) -> IdvaDialog:
    record = records.case_record(workspace, case_id)
    dialog = IdvaDialog(workspace, record.id, record.idva, version=record.version)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill(dialog: IdvaDialog, name: str, day: date) -> None:
    dialog.name_edit.setText(name)
    dialog.date_edit.set_value(day)


def test_the_second_allocation_is_refused_and_shows_theirs(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    case = referred_case(admin_ws, VICTIM)
    theirs, mine = _dialog(qtbot, idva_ws, case.id), _dialog(qtbot, admin_ws, case.id)
    assert mine.who_label.text() == "No IDVA is allocated to this case now."
    their_day, my_day = TODAY - timedelta(days=5), TODAY - timedelta(days=1)

    _fill(theirs, THEIRS, their_day)
    theirs.save_button.click()
    assert theirs.result() == IdvaDialog.DialogCode.Accepted

    _fill(mine, MINE, my_day)
    mine.save_button.click()
    assert mine.isVisible()
    assert mine.status.text().startswith("Robin Idva changed this case at ")
    assert mine.status.text().endswith(
        "; your changes are still here — look at theirs, then save again."
    )
    assert (mine.name_edit.text(), mine.date_edit.value()) == (MINE, my_day)
    assert mine.who_label.text() == f"{THEIRS}, supporting the victim since {day_text(their_day)}."
    assert mine.replaces_label.text() == f"{THEIRS} stops being the IDVA on that date."
    assert mine.stop_choice.isEnabled()
    assert [i.name for i in records.case_record(admin_ws, case.id).idvas] == [THEIRS]

    mine.save_button.click()  # told, and saved again: after theirs
    assert mine.result() == IdvaDialog.DialogCode.Accepted
    idvas = records.case_record(admin_ws, case.id).idvas
    assert [(i.name, i.ended_on) for i in idvas] == [(THEIRS, my_day), (MINE, None)]
