"""The first wizard page: the assessment date, the victim's age, incidents, referrals, concerns."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy, AssessmentInput, FormDefinition
from marac_desktop.risk.answers import EARLIEST_YEAR, MAX_VICTIM_AGE

from marac_desktop.ui.assessment.question_widget import wrapped_label
from marac_desktop.ui.assessment.section_page import ScrollingPage
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.text import StatusLabel, heading_label

DATE_ROLE = Qt.ItemDataRole.UserRole + 1


def date_edit(latest: date) -> DateField:
    """A typed date, ``latest`` to start with; its calendar goes no later than ``latest``."""
    return DateField(latest, latest=latest, earliest=date(EARLIEST_YEAR, 1, 1))


def card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("questionCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 18)
    layout.setSpacing(10)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class ContextPage(ScrollingPage):
    def __init__(
        self,
        form: FormDefinition,
        policy: AreaPolicy,
        assessment_date: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("About this assessment", parent)
        self.assessment_date = assessment_date
        self._read_only = False
        self.body_layout.addWidget(wrapped_label(" ".join(form.description.split())))

        self.date_label = wrapped_label(f"Assessment date: {day_text(assessment_date)}")
        self.date_label.setFont(heading_label("", 3).font())

        self.age_spin = QSpinBox()
        self.age_spin.setAccessibleDescription("The victim's age on the day of the assessment")
        self.age_spin.setRange(0, MAX_VICTIM_AGE)
        self.age_spin.setSuffix(" years")
        self.age_spin.setMinimumWidth(120)
        self.age_unknown_box = QCheckBox("Not &known")
        age_row = QHBoxLayout()
        age_row.setSpacing(16)
        age_row.addWidget(self.age_spin)
        age_row.addWidget(self.age_unknown_box)
        age_row.addStretch(1)
        age_label = QLabel("Victim's &age on the assessment date")
        age_label.setBuddy(self.age_spin)
        age_form = QFormLayout()
        age_form.setContentsMargins(0, 0, 0, 0)
        age_form.addRow(age_label, age_row)
        age_box = QWidget()
        age_box.setLayout(age_form)
        self.age_note = wrapped_label(
            f"Filled in from the date of birth when it is known. Victims under "
            f"{policy.minimum_victim_age} go to children's services instead of MARAC.",
            muted=True,
        )

        self.incident_edit = date_edit(assessment_date)
        self.incident_edit.setAccessibleName("Incident date")
        self.incident_status = StatusLabel()
        self.add_incident_button = QPushButton("Add &incident date")
        self.incident_list = QListWidget()
        self.incident_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.incident_list.setMaximumHeight(112)
        self.incident_list.setAccessibleName("Incident dates")
        self.remove_incident_button = QPushButton("&Remove selected date")
        incident_row = QHBoxLayout()
        incident_row.setSpacing(12)
        incident_row.addWidget(self.incident_edit)
        incident_row.addWidget(self.add_incident_button)
        incident_row.addStretch(1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_incident_button)
        remove_row.addStretch(1)
        incidents = QWidget()
        incidents_layout = QVBoxLayout(incidents)
        incidents_layout.setContentsMargins(0, 0, 0, 0)
        incidents_layout.setSpacing(8)
        incidents_layout.addLayout(incident_row)
        incidents_layout.addWidget(self.incident_status)
        incidents_layout.addWidget(self.incident_list)
        incidents_layout.addLayout(remove_row)

        self.referral_box = QCheckBox("Referred to MARAC &before, on")
        self.referral_edit = date_edit(assessment_date)
        self.referral_edit.setAccessibleName("Date of the last MARAC referral")
        self.referral_edit.setEnabled(False)
        self._referral_day = assessment_date
        """The last readable referral date typed (scoring reads it on every change)."""
        self.referral_status = StatusLabel()
        referral_row = QHBoxLayout()
        referral_row.setSpacing(12)
        referral_row.addWidget(self.referral_box)
        referral_row.addWidget(self.referral_edit)
        referral_row.addStretch(1)
        referral = QWidget()
        referral.setLayout(referral_row)

        self.concern_boxes: dict[str, QCheckBox] = {}
        concerns = QWidget()
        concerns_layout = QVBoxLayout(concerns)
        concerns_layout.setContentsMargins(0, 0, 0, 0)
        concerns_layout.setSpacing(8)
        for concern in form.concerns:
            box = QCheckBox(concern.label[:1].upper() + concern.label[1:])
            box.toggled.connect(self._on_concern_toggled)
            self.concern_boxes[concern.id] = box
            concerns_layout.addWidget(box)

        self.body_layout.addWidget(card(self.date_label, age_box, self.age_note))
        self.body_layout.addWidget(
            card(
                heading_label("Incidents in the last year", 3),
                wrapped_label(
                    f"Add the date of each incident of abuse. {policy.escalation_incidents} or "
                    f"more in the {policy.escalation_window_days} days up to the assessment date "
                    "is potential escalation, a reason to refer to MARAC. The incidents recorded "
                    "on the case in the year up to the assessment date are filled in.",
                    muted=True,
                ),
                incidents,
            )
        )
        self.body_layout.addWidget(
            card(
                heading_label("Earlier MARAC referral", 3),
                wrapped_label(
                    f"A new incident within {policy.repeat_window_days} days of the last MARAC "
                    "referral is a repeat and goes back to MARAC whatever the score. The case's "
                    "last referral heard at a meeting is filled in.",
                    muted=True,
                ),
                referral,
                self.referral_status,
            )
        )
        self.body_layout.addWidget(
            card(
                heading_label("Concerns", 3),
                wrapped_label(
                    "Tick what applies; the matching follow-on questions are added.", muted=True
                ),
                concerns,
            )
        )
        self.body_layout.addStretch(1)

        self.age_spin.valueChanged.connect(self._on_age_spin_value_changed)
        self.age_unknown_box.toggled.connect(self._on_age_unknown_box_toggled)
        self.add_incident_button.clicked.connect(self._on_add_incident_button_clicked)
        self.incident_edit.returnPressed.connect(self._on_add_incident_button_clicked)
        self.remove_incident_button.clicked.connect(self._on_remove_incident_button_clicked)
        self.incident_list.currentRowChanged.connect(self._on_incident_list_current_row_changed)
        self.referral_box.toggled.connect(self._on_referral_box_toggled)
        self.referral_edit.editingFinished.connect(self._on_referral_edit_editing_finished)
        self._update_remove_button()

    # ----- values ---------------------------------------------------------------------------

    def victim_age(self) -> int | None:
        return None if self.age_unknown_box.isChecked() else self.age_spin.value()

    def incident_dates(self) -> tuple[date, ...]:
        days = (self.incident_list.item(row).data(DATE_ROLE) for row in range(self._rows()))
        return tuple(sorted(day for day in days if isinstance(day, date)))

    def last_referral(self) -> date | None:
        return self._referral_day if self.referral_box.isChecked() else None

    def concerns(self) -> frozenset[str]:
        return frozenset(key for key, box in self.concern_boxes.items() if box.isChecked())

    def load(self, data: AssessmentInput) -> None:
        widgets = (self.age_spin, self.age_unknown_box, self.referral_box, self.referral_edit)
        for widget in (*widgets, *self.concern_boxes.values()):
            widget.blockSignals(True)
        self.age_unknown_box.setChecked(data.victim_age is None)
        self.age_spin.setValue(data.victim_age or 0)
        self.age_spin.setEnabled(data.victim_age is not None)
        self.incident_list.clear()
        for day in sorted(data.incident_dates, reverse=True):
            self._add_item(day)
        self.referral_box.setChecked(data.last_marac_referral is not None)
        self.referral_edit.setEnabled(data.last_marac_referral is not None)
        if data.last_marac_referral is not None:
            self._referral_day = data.last_marac_referral
            self.referral_edit.set_value(data.last_marac_referral)
        for key, box in self.concern_boxes.items():
            box.setChecked(key in data.concerns)
        for widget in (*widgets, *self.concern_boxes.values()):
            widget.blockSignals(False)
        self._update_remove_button()

    def set_read_only(self, read_only: bool) -> None:
        self.age_spin.setReadOnly(read_only)
        self.age_spin.setEnabled(not read_only and not self.age_unknown_box.isChecked())
        for widget in (
            self.age_unknown_box,
            self.incident_edit,
            self.add_incident_button,
            self.referral_box,
            *self.concern_boxes.values(),
        ):
            widget.setEnabled(not read_only)
        self.referral_edit.setEnabled(not read_only and self.referral_box.isChecked())
        self._read_only = read_only
        self._update_remove_button()

    def first_focus(self) -> None:
        target = self.age_unknown_box if self.age_unknown_box.isChecked() else self.age_spin
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.verticalScrollBar().setValue(0)

    # ----- slots ----------------------------------------------------------------------------

    def _rows(self) -> int:
        return self.incident_list.count()

    def _add_item(self, day: date) -> None:
        item = QListWidgetItem(day_text(day))
        item.setData(DATE_ROLE, day)
        self.incident_list.addItem(item)

    def _changed(self) -> None:
        self.changed.emit()

    def _update_remove_button(self) -> None:
        self.remove_incident_button.setEnabled(
            not self._read_only and self.incident_list.currentRow() >= 0 and self._rows() > 0
        )

    def _on_age_spin_value_changed(self, _value: int) -> None:
        self._changed()

    def _on_age_unknown_box_toggled(self, checked: bool) -> None:
        self.age_spin.setEnabled(not checked)
        self._changed()

    def _typed(self, edit: DateField, label: str, status: StatusLabel) -> date | None:
        """The date typed, no later than the assessment date; else None, and ``status`` says
        why (what was typed stays)."""
        try:
            day = edit.value(label)
            if day > self.assessment_date:
                raise InvalidInputError(f"The {label} is after the assessment date; check it.")
        except InvalidInputError as error:
            status.show_error(str(error))
            return None
        status.clear_message()
        return day

    def _on_add_incident_button_clicked(self) -> None:
        day = self._typed(self.incident_edit, "incident date", self.incident_status)
        if day is None:
            return
        days = sorted([*self.incident_dates(), day], reverse=True)
        self.incident_list.clear()
        for each in days:
            self._add_item(each)
        self.incident_list.setCurrentRow(days.index(day))
        self._changed()

    def _on_remove_incident_button_clicked(self) -> None:
        row = self.incident_list.currentRow()
        if row < 0:
            return
        self.incident_list.takeItem(row)
        self._update_remove_button()
        self._changed()

    def _on_incident_list_current_row_changed(self, _row: int) -> None:
        self._update_remove_button()

    def _on_referral_box_toggled(self, checked: bool) -> None:
        self.referral_edit.setEnabled(checked)
        self._changed()

    def _on_referral_edit_editing_finished(self) -> None:
        day = self._typed(self.referral_edit, "referral date", self.referral_status)
        if day is not None and day != self._referral_day:
            self._referral_day = day
            if self.referral_box.isChecked():
                self._changed()

    def _on_concern_toggled(self, _checked: bool) -> None:
        self._changed()
