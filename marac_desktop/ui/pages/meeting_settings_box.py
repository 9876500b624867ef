"""The area's meeting settings: the marking, the cut-off, the slot length, what research lists
show, the agencies asked to research, the confidentiality statement and how the minutes name
a case."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.permissions import ROLE_PERMISSIONS
from marac_desktop.domain.vocabulary import OTHER, Vocabulary
from marac_desktop.domain.words import agreeing
from marac_desktop.errors import UserFacingError
from marac_desktop.services import meeting_settings, vocabularies
from marac_desktop.services.meeting_settings import MeetingSettings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import style
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.text import StatusLabel, muted_label

CODE_ROLE = Qt.ItemDataRole.UserRole
# field -> (label, unit counted in the suffix, accessible description)
NUMBERS: dict[str, tuple[str, str, str]] = {
    "cutoff_working_days": (
        "The list closes",
        "working day",
        "Referrals received by this many working days before a meeting are proposed for it.",
    ),
    "slot_minutes": ("Time per case", "minute", "Each case's slot on a new meeting's agenda."),
    "research_due_working_days": (
        "Research returns due",
        "working day",
        "Agencies are asked to send their research back this many working days before.",
    ),
}
SUFFIX_TAIL = {"slot_minutes": ""}
"""What follows the unit in each spin box (by default: before the meeting)."""
UNSAVED = "Changed, not saved yet: press Save to keep it."
RESTORED = "The defaults are filled in; press Save to keep them."
SAVED = "Saved. New meetings and lists use these settings; meetings already made keep theirs."
MINUTES_REFERENCE = "Name cases in the minutes by case reference as well"


def _with_article(label: str) -> str:
    word = label if label[1:2].isupper() else label[0].lower() + label[1:]
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def who_may_change() -> str:
    """The one sentence a role that may only read these settings sees."""
    allowed = [role for role, held in ROLE_PERMISSIONS.items() if meeting_settings.WRITER in held]
    names = [_with_article(role.label) for role in allowed]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"Only {listed} can change these."


def _suffix(name: str, value: int) -> str:
    unit = NUMBERS[name][1]
    tail = SUFFIX_TAIL.get(name, " before the meeting")
    return f" {agreeing(value, unit)}{tail}"


def _numbers(shown: MeetingSettings) -> dict[str, int]:
    return {
        "cutoff_working_days": shown.cutoff_working_days,
        "slot_minutes": shown.slot_minutes,
        "research_due_working_days": shown.research_due_working_days,
    }


class MeetingSettingsBox(QGroupBox):
    """Editable by the roles the service lets save them; read-only for everyone else. Saving
    is audited by the service. What is typed stays in the form until it is saved or replaced:
    an error, leaving the page or coming back loses none of it."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Meetings in this area", parent)
        self._workspace = workspace
        self.editable = workspace.can(meeting_settings.WRITER)
        self._agency_words: Vocabulary = vocabularies.current(workspace).agency
        self._filling = False
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.marking_edit = QLineEdit(self)
        self.marking_edit.setMaxLength(meeting_settings.MARKING_LIMIT)
        self.marking_edit.setAccessibleName("Protective marking")
        self.marking_edit.setAccessibleDescription("Printed on every document the program makes.")
        form.addRow("Protective marking", self.marking_edit)
        self.spins: dict[str, QSpinBox] = {}
        for name, (label, _unit, description) in NUMBERS.items():
            spin = QSpinBox(self)
            spin.setRange(*meeting_settings.RANGES[name])
            spin.setAccessibleName(label)
            spin.setAccessibleDescription(description)
            spin.setMinimumWidth(style.field_min_width())
            spin.valueChanged.connect(lambda value, n=name, s=spin: s.setSuffix(_suffix(n, value)))
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addStretch(1)
            form.addRow(label, row)
            self.spins[name] = spin
        self.field_boxes: dict[str, QCheckBox] = {}
        fields_grid = FlowLayout(gap=style.SECTION_SPACING)
        for name, label in meeting_settings.RESEARCH_FIELD_LABELS.items():
            box = QCheckBox(label, self)
            box.setAccessibleDescription("Shown on each agency's research list.")
            fields_grid.addWidget(box)
            self.field_boxes[name] = box
        form.addRow("Research lists show", fields_grid)
        self.agency_list = QListWidget(self)
        self.agency_list.setAccessibleName("Agencies asked to research")
        self.agency_list.setAccessibleDescription(
            "Space ticks or unticks the agency; the ticked ones are asked in this order."
        )
        self.agency_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        order = QVBoxLayout()
        order.addWidget(self.up_button)
        order.addWidget(self.down_button)
        order.addStretch(1)
        agencies_row = QHBoxLayout()
        agencies_row.addWidget(self.agency_list, 1)
        agencies_row.addLayout(order)
        agencies = QVBoxLayout()
        agencies.addLayout(agencies_row)
        agencies.addWidget(
            muted_label(
                "Each case put on a list is asked of the ticked agencies, in this order; an "
                "agency marked for cases with children is asked only when there are children."
            )
        )
        form.addRow("Agencies asked to research", agencies)
        self.statement_edit = QPlainTextEdit(self)
        self.statement_edit.setTabChangesFocus(True)
        self.statement_edit.setAccessibleName("Confidentiality statement")
        self.statement_edit.setAccessibleDescription(
            "Printed on the agenda and the minutes, as one paragraph."
        )
        lines = self.statement_edit.fontMetrics().lineSpacing()
        self.statement_edit.setFixedHeight(lines * 6 + 12)
        form.addRow("Confidentiality statement", self.statement_edit)
        self.minutes_reference_box = QCheckBox(MINUTES_REFERENCE, self)
        self.minutes_reference_box.setAccessibleDescription(
            "Otherwise the minutes name each case by its meeting reference only."
        )
        form.addRow("", self.minutes_reference_box)
        self.save_button = QPushButton("Save meeting settings", self)
        self.defaults_button = QPushButton("Restore defaults", self)
        for button in (self.up_button, self.down_button, self.save_button, self.defaults_button):
            button.setAutoDefault(True)  # Enter presses the button that has the focus
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        self.status = StatusLabel(self)
        layout = QVBoxLayout(self)
        if not self.editable:
            layout.addWidget(muted_label(who_may_change()))
        layout.addLayout(form)
        if self.editable:
            layout.addLayout(buttons)
            layout.addWidget(self.status)
        else:
            self._make_read_only()
        self.fill(meeting_settings.load_meeting_settings(workspace))
        self._connect_changes()
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.defaults_button.clicked.connect(self._on_defaults_button_clicked)

    def _make_read_only(self) -> None:
        for button in (self.save_button, self.defaults_button, self.up_button, self.down_button):
            button.hide()
        self.marking_edit.setReadOnly(True)
        self.statement_edit.setReadOnly(True)
        fixed: list[QWidget] = [
            *self.spins.values(),
            *self.field_boxes.values(),
            self.agency_list,
            self.minutes_reference_box,
        ]
        for widget in fixed:
            widget.setEnabled(False)

    def _connect_changes(self) -> None:
        self.marking_edit.textEdited.connect(self._on_changed)
        self.statement_edit.textChanged.connect(self._on_changed)
        for spin in self.spins.values():
            spin.valueChanged.connect(self._on_changed)
        for box in (*self.field_boxes.values(), self.minutes_reference_box):
            box.toggled.connect(self._on_changed)
        self.agency_list.itemChanged.connect(self._on_changed)

    def fill(self, shown: MeetingSettings) -> None:
        """Put ``shown`` in the form (saving nothing)."""
        self._filling = True
        try:
            self.marking_edit.setText(shown.protective_marking)
            for name, value in _numbers(shown).items():
                spin = self.spins[name]
                spin.setValue(value)
                spin.setSuffix(_suffix(name, value))
            for name, box in self.field_boxes.items():
                box.setChecked(name in shown.research_fields)
            self._fill_agencies(shown.agencies)
            self.statement_edit.setPlainText(shown.confidentiality_statement)
            self.minutes_reference_box.setChecked(shown.minutes_case_reference)
        finally:
            self._filling = False

    def _fill_agencies(self, chosen: tuple[str, ...]) -> None:
        """The chosen agencies first, in their order, then the rest of the list unticked."""
        words = self._agency_words
        rest = [t.code for t in words if t.code not in chosen and t.code != OTHER]
        self.agency_list.clear()
        for code in (*chosen, *rest):
            label = words.label(code)
            if words.has(code, "children_only"):
                label += " (cases with children)"
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = code in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.agency_list.addItem(item)
        if self.editable:
            self.agency_list.setCurrentRow(0)
        # Every agency in sight: the page scrolls, the list does not.
        rows = self.agency_list.sizeHintForRow(0) * self.agency_list.count()
        self.agency_list.setFixedHeight(rows + 2 * self.agency_list.frameWidth() + 4)

    def shown(self) -> MeetingSettings:
        """What the form says."""
        items = [self.agency_list.item(row) for row in range(self.agency_list.count())]
        return MeetingSettings(
            protective_marking=self.marking_edit.text(),
            cutoff_working_days=self.spins["cutoff_working_days"].value(),
            slot_minutes=self.spins["slot_minutes"].value(),
            research_fields=tuple(n for n, box in self.field_boxes.items() if box.isChecked()),
            research_due_working_days=self.spins["research_due_working_days"].value(),
            agencies=tuple(
                str(item.data(CODE_ROLE))
                for item in items
                if item.checkState() == Qt.CheckState.Checked
            ),
            confidentiality_statement=self.statement_edit.toPlainText(),
            minutes_case_reference=self.minutes_reference_box.isChecked(),
        )

    def save(self) -> bool:
        try:
            meeting_settings.save_meeting_settings(self._workspace, self.shown())
        except UserFacingError as error:
            self.status.show_error(str(error))
            return False
        self.fill(meeting_settings.load_meeting_settings(self._workspace))
        self.status.show_success(SAVED)
        return True

    def _move(self, step: int) -> None:
        row = self.agency_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.agency_list.count():
            return
        item = self.agency_list.takeItem(row)
        self.agency_list.insertItem(target, item)
        self.agency_list.setCurrentRow(target)
        self._on_changed()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field saves (the fields pass it on; the statement keeps its own)."""
        if self.editable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)

    def _on_changed(self, *_args: object) -> None:
        if not self._filling and self.editable:
            self.status.show_note(UNSAVED)

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_defaults_button_clicked(self) -> None:
        self.fill(meeting_settings.default_meeting_settings(self._workspace))
        self.status.show_note(RESTORED)
