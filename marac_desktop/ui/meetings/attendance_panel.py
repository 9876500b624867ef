"""Attendance by agency: who came, apologies, information sent, the confidentiality statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.meetings import Attendance, MeetingId
from marac_desktop.domain.words import counted, have
from marac_desktop.errors import InvalidInputError, UserFacingError
from marac_desktop.services import meeting_attendance, meeting_settings, vocabularies

from marac_desktop.ui.widgets.text import StatusLabel, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

COL_AGENCY = 0
COL_ATTENDEE = 1
COL_PRESENT = 2
COL_APOLOGIES = 3
COL_SENT = 4
COL_SIGNED = 5
HEADERS = (
    "Agency",
    "Attendee",
    "Present",
    "Apologies",
    "Information sent",
    "Signed confidentiality statement",
)
_CHECKS = (COL_PRESENT, COL_APOLOGIES, COL_SENT, COL_SIGNED)


def _check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def summary_text(attendance: Sequence[Attendance]) -> str:
    if not attendance:
        return "No attendance recorded yet."
    present = sum(a.present for a in attendance)
    apologies = sum(a.apologies for a in attendance)
    unsigned = sum(a.present and not a.signed_confidentiality for a in attendance)
    text = f"{present} present, {apologies} apologies."
    if unsigned:
        text += (
            f" {counted(unsigned, 'attendee')} present {have(unsigned)} not signed the "
            "confidentiality statement."
        )
    return text


class AttendancePanel(QWidget):
    """``saved`` is emitted once the attendance has been stored."""

    saved = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._meeting_id: MeetingId | None = None
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Attendance by agency")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_AGENCY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ATTENDEE, QHeaderView.ResizeMode.Stretch)
        self.summary_label = muted_label()
        self.add_button = QPushButton("Add agency")
        self.remove_button = QPushButton("Remove row")
        self.save_button = QPushButton("Save attendance")
        self.status = StatusLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def load(self, meeting_id: MeetingId | None, attendance: Sequence[Attendance]) -> None:
        """Show the stored attendance, or one empty row per agency the area names."""
        self._meeting_id = meeting_id
        self.status.clear_message()
        rows = list(attendance)
        if not rows and meeting_id is not None:
            agencies = meeting_settings.load_meeting_settings(self._workspace).agencies
            words = vocabularies.current(self._workspace).agency
            rows = [Attendance(words.label(a)) for a in agencies]
        self.table.setRowCount(0)
        for entry in rows:
            self._append(entry)
        self.summary_label.setText(summary_text(attendance))
        for widget in (self.table, self.add_button, self.remove_button, self.save_button):
            widget.setEnabled(meeting_id is not None)

    def _append(self, entry: Attendance) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, COL_AGENCY, QTableWidgetItem(entry.agency))
        self.table.setItem(row, COL_ATTENDEE, QTableWidgetItem(entry.attendee))
        self.table.setItem(row, COL_PRESENT, _check_item(entry.present))
        self.table.setItem(row, COL_APOLOGIES, _check_item(entry.apologies))
        self.table.setItem(row, COL_SENT, _check_item(entry.information_sent))
        self.table.setItem(row, COL_SIGNED, _check_item(entry.signed_confidentiality))

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _checked(self, row: int, column: int) -> bool:
        item = self.table.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_row(
        self,
        row: int,
        attendee: str = "",
        present: bool = False,
        apologies: bool = False,
        information_sent: bool = False,
        signed: bool = False,
    ) -> None:
        """Fill in one row, as a person would (used by tests and previews)."""
        self._item(row, COL_ATTENDEE).setText(attendee)
        for column, value in zip(
            _CHECKS, (present, apologies, information_sent, signed), strict=True
        ):
            state = Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            self._item(row, column).setCheckState(state)

    def entries(self) -> list[Attendance]:
        """Rows with an agency name; a row with nothing ticked and no attendee is left out."""
        found = []
        for row in range(self.table.rowCount()):
            entry = Attendance(
                self._text(row, COL_AGENCY),
                self._text(row, COL_ATTENDEE),
                self._checked(row, COL_PRESENT),
                self._checked(row, COL_APOLOGIES),
                self._checked(row, COL_SENT),
                self._checked(row, COL_SIGNED),
            )
            if entry == Attendance(entry.agency):
                continue
            found.append(entry)
        return found

    def save(self) -> bool:
        if self._meeting_id is None:
            return False
        entries = self.entries()
        try:
            if any(not e.agency.strip() for e in entries):
                raise InvalidInputError("Name the agency on every row that has an entry.")
            meeting_attendance.set_attendance(self._workspace, self._meeting_id, entries)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return False
        self.summary_label.setText(summary_text(entries))
        self.status.show_success("Attendance saved.")
        self.saved.emit()
        return True

    def _on_add_button_clicked(self) -> None:
        self._append(Attendance(""))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, COL_AGENCY)
        self.table.editItem(self._item(row, COL_AGENCY))

    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _on_save_button_clicked(self) -> None:
        self.save()
