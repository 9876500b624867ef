"""Dates typed whole: the 28th of last month is taken on the 10th; what is not a date is said."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from marac_desktop.domain.people import PersonDetails
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.incident_dialog import IncidentDialog
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.widgets.date_field import DateField

pytestmark = pytest.mark.gui

TODAY = date(2026, 3, 10)


def _typed(qtbot: QtBot, text: str, latest: date = TODAY) -> DateField:
    field = DateField(latest, latest=latest)
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # as leaving the field does
    return field


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("28/02/2026", date(2026, 2, 28)),  # a day later than today's, in an earlier month
        ("31/01/2026", date(2026, 1, 31)),  # more days than the month shown has
        ("28 Feb 2026", date(2026, 2, 28)),
        ("2026-02-28", date(2026, 2, 28)),
        ("1/2/26", date(2026, 2, 1)),
    ],
)
def test_any_typed_date_is_read_whole(qtbot: QtBot, text: str, day: date) -> None:
    field = _typed(qtbot, text)
    assert field.value() == day
    assert field.text() == day_text(day)  # written back as every screen shows a day


def test_what_is_not_a_date_stays_as_typed_and_is_said(qtbot: QtBot) -> None:
    field = _typed(qtbot, "31/02/2026")
    assert field.text() == "31/02/2026"
    with pytest.raises(InvalidInputError, match=r"^The incident date is not a day that exists"):
        field.value("incident date")
    field.clear()
    with pytest.raises(InvalidInputError, match=r"^Enter the incident date\.$"):
        field.value("incident date")


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_calendar_goes_no_later_than_the_latest_day(qtbot: QtBot) -> None:
    field = _typed(qtbot, "28/02/2026")
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.maximumDate().toPython() == TODAY
    assert calendar.selectedDate().toPython() == date(2026, 2, 28)
    calendar.clicked.emit(calendar.selectedDate().addDays(-1))
    assert field.value() == date(2026, 2, 27) and field.calendar is None


def test_an_incident_typed_on_the_28th_of_last_month_is_recorded_with_enter(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = records.open_case(admin_ws, PersonDetails("Okafor", "Ada"))
    dialog = IncidentDialog(admin_ws, case.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.agency_combo, "Police")
    dialog.date_edit.setFocus()
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "28/02/2026")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)  # Enter saves, as the button would
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    assert [i.day for i in records.case_record(admin_ws, case.id).incidents] == [date(2026, 2, 28)]


def test_a_field_for_any_day_reads_a_short_year_in_this_century(qtbot: QtBot) -> None:
    """A due date may be ahead: 27/03/27 is 2027 there, and the day shown reads back."""
    field = DateField(TODAY)
    qtbot.addWidget(field)
    for typed, meant in (("27/03/27", date(2027, 3, 27)), ("Fri 27 Mar 2026", date(2026, 3, 27))):
        field.setText(typed)
        assert field.value() == meant
    assert _typed(qtbot, "27/03/27").value() == date(1927, 3, 27)  # a past day stays past
