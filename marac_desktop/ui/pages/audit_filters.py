"""The audit log page's filters: the account, the action, the kind of record and the days."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from marac_desktop.domain.audit import AuditFilter
from marac_desktop.services.audit import AuditChoices

from marac_desktop.ui import style
from marac_desktop.ui.models.audit_table_model import action_words
from marac_desktop.ui.widgets.day_field import DayField
from marac_desktop.ui.widgets.flow_layout import FlowLayout, labelled

ANYONE = "Anyone"
ANY_ACTION = "Any action"
ANY_RECORD = "Any record"


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _fill(combo: QComboBox, everything: str, values: tuple[str, ...], words: bool) -> None:
    """The values the log holds, keeping the one chosen (even if no longer among them)."""
    chosen = combo.currentData() or ""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for value in (*values, *([chosen] if chosen and chosen not in values else [])):
        if value:
            combo.addItem(action_words(value) if words else value, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)


class AuditFilters(QWidget):
    """``changed`` fires when a choice changes, a day is left or Enter is pressed in one; the
    page then reads ``current()``, which says in one sentence what it cannot read."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor_combo = _combo("Who: the account that did it")
        self.actor_combo.setAccessibleDescription("Show only what this account did")
        self.action_combo = _combo("What was done")
        self.action_combo.setAccessibleDescription("Show only entries of this kind")
        self.record_combo = _combo("The kind of record it was done to")
        self.record_combo.setAccessibleDescription("Show only entries about this kind of record")
        self.first_day = DayField("From", "Any day")
        self.last_day = DayField("To", "Any day")
        self.clear_button = QPushButton("Clear filters")
        for combo, everything in (
            (self.actor_combo, ANYONE),
            (self.action_combo, ANY_ACTION),
            (self.record_combo, ANY_RECORD),
        ):
            combo.addItem(everything, "")
        row = FlowLayout(self, gap=style.SECTION_SPACING)
        for text, field in (
            ("&Who", self.actor_combo),
            ("A&ction", self.action_combo),
            ("&Record", self.record_combo),
            ("Fr&om", self.first_day),
            ("&To", self.last_day),
        ):
            row.addWidget(labelled(text, field))
        row.addWidget(self.clear_button)
        for combo in (self.actor_combo, self.action_combo, self.record_combo):
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        for field in (self.first_day, self.last_day):
            field.editingFinished.connect(self._on_day_editing_finished)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self._days = ("", "")

    def set_choices(self, choices: AuditChoices) -> None:
        _fill(self.actor_combo, ANYONE, choices.actors, words=False)
        _fill(self.action_combo, ANY_ACTION, choices.actions, words=True)
        _fill(self.record_combo, ANY_RECORD, choices.target_types, words=True)

    def current(self) -> AuditFilter:
        return AuditFilter(
            actor=self.actor_combo.currentData() or "",
            action=self.action_combo.currentData() or "",
            target_type=self.record_combo.currentData() or "",
            first_day=self.first_day.day(),
            last_day=self.last_day.day(),
        )

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self.changed.emit()

    def _on_day_editing_finished(self) -> None:
        days = (self.first_day.text(), self.last_day.text())
        if days != self._days:  # leaving a day unchanged reads nothing again
            self._days = days
            self.changed.emit()

    def _on_clear_button_clicked(self) -> None:
        for combo in (self.actor_combo, self.action_combo, self.record_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.first_day.clear()
        self.last_day.clear()
        self._days = ("", "")
        self.changed.emit()
