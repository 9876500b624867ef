"""Arrange a meeting: date and time, venue or online, chair, area; shows the list's cut-off."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from marac_desktop.domain.meetings import Meeting
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.risk import agenda_rules
from marac_desktop.services import meeting_settings, meetings, sheet_import

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.date_time_field import DateTimeField
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


CUTOFF_UNKNOWN = "The list's cut-off shows here once the date and time can be read."


class NewMeetingDialog(QDialog):
    """``meeting`` holds the meeting once it has been created."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: date | None = None,
        editing: Meeting | None = None,
    ) -> None:
        """A new meeting, or ``editing`` an existing one (its fields filled in)."""
        super().__init__(parent)
        self._workspace = workspace
        self._today = today
        self._editing = editing
        self.meeting: Meeting | None = None
        self._settings = meeting_settings.load_meeting_settings(workspace)
        title = "Edit meeting" if editing else "New meeting"
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        first = (today or date.today()) + timedelta(days=14)
        self.when_edit = DateTimeField(
            editing.starts_at if editing else datetime(first.year, first.month, first.day, 10),
            sheet_import.date_order(workspace),
            today,
        )
        self.online_checkbox = QCheckBox("Online meeting")
        self.venue_edit = QLineEdit()
        self.venue_edit.setPlaceholderText("For example, Civic Centre, room 2")
        self.chair_edit = QLineEdit()
        self.chair_edit.setAccessibleDescription("Who chairs the meeting")
        self.area_edit = QLineEdit()
        self.area_edit.setAccessibleDescription("The area this MARAC covers")
        self.slot_spin = QSpinBox()
        self.slot_spin.setAccessibleDescription("Minutes given to each case on the list")
        self.slot_spin.setRange(*meeting_settings.RANGES["slot_minutes"])
        self.slot_spin.setSuffix(" minutes")
        self.slot_spin.setValue(self._settings.slot_minutes)
        self.cutoff_label = muted_label()
        self.status = StatusLabel()
        self.buttons, self.create_button = cancel_and(
            "Save changes" if editing else "Create meeting"
        )
        if editing:
            self.online_checkbox.setChecked(editing.online)
            self.venue_edit.setText("" if editing.online else editing.venue)
            self.venue_edit.setEnabled(not editing.online)
            self.chair_edit.setText(editing.chair)
            self.area_edit.setText(editing.area)
            self.slot_spin.setValue(editing.slot_minutes)
        form = QFormLayout()
        form.addRow("Date and time", self.when_edit)
        form.addRow("", self.online_checkbox)
        form.addRow("Venue", self.venue_edit)
        form.addRow("Chair", self.chair_edit)
        form.addRow("Area", self.area_edit)
        form.addRow("Time per case", self.slot_spin)
        layout = dialog_layout(self)
        layout.addWidget(heading_label(title, 2))
        layout.addLayout(form)
        layout.addWidget(self.cutoff_label)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.when_edit.read.connect(self._on_when_edit_read)
        self.when_edit.refused.connect(self._on_when_edit_refused)
        self.online_checkbox.toggled.connect(self._on_online_checkbox_toggled)
        self.buttons.rejected.connect(self.reject)
        self.create_button.clicked.connect(self._on_create_button_clicked)
        self._show_cutoff()
        fit_to_contents(self)

    def starts_at(self) -> datetime:
        """What the date and time field says; ``InvalidInputError`` when it says nothing."""
        return self.when_edit.value()

    def cutoff(self) -> date:
        return agenda_rules.cutoff_date(self.starts_at().date(), self._settings.cutoff_working_days)

    def _show_cutoff(self) -> None:
        days = self._settings.cutoff_working_days
        self.cutoff_label.setText(
            f"The list closes on {day_text(self.cutoff())}, {counted(days, 'working day')} "
            "before the meeting: referrals received by then are proposed for it."
        )

    @override
    def accept(self) -> None:
        self._on_create_button_clicked()

    def _on_when_edit_refused(self, sentence: str) -> None:
        self.status.show_error(sentence)
        self.cutoff_label.setText(CUTOFF_UNKNOWN)

    def _on_when_edit_read(self, _value: datetime) -> None:
        self.status.clear_message()
        self._show_cutoff()

    def _on_online_checkbox_toggled(self, checked: bool) -> None:
        self.venue_edit.setEnabled(not checked)

    def _on_create_button_clicked(self) -> None:
        online = self.online_checkbox.isChecked()
        venue, chair, area = self.venue_edit.text(), self.chair_edit.text(), self.area_edit.text()
        try:
            starts = self.starts_at()
            if self._editing is None:
                self.meeting = meetings.create_meeting(
                    self._workspace,
                    starts,
                    "" if online else venue,
                    online,
                    chair,
                    area,
                    today=self._today,
                    slot_minutes=self.slot_spin.value(),
                )
            else:
                self.meeting = meetings.edit_meeting(
                    self._workspace,
                    self._editing.id,
                    starts,
                    "" if online else venue,
                    online,
                    chair,
                    area,
                    today=self._today,
                    slot_minutes=self.slot_spin.value(),
                    version=self._editing.version,
                )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
