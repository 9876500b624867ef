"""Settings stored in the database: the idle lock, the area's risk and referral rules, its
meetings, how its tracking sheets write dates, and the lists coded fields choose from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from marac_desktop.domain.date_style import DateStyle
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.errors import UserFacingError
from marac_desktop.services import settings, sheet_import

from marac_desktop.ui import style
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.pages.area_policy_box import AreaPolicyBox
from marac_desktop.ui.pages.meeting_settings_box import MeetingSettingsBox
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.pages.priority_model_box import PriorityModelBox
from marac_desktop.ui.pages.vocabulary_box import VocabularyBox
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


def minutes_text(minutes: int) -> str:
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


class SettingsPage(Page):
    idle_lock_minutes_changed = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Settings", parent=parent, scrolling=True)
        self._workspace = workspace
        self.can_edit = workspace.can(Permission.EDIT_SETTINGS)
        minutes = settings.load(workspace).idle_lock_minutes
        self.page_layout.addWidget(heading_label("Idle lock", 2))
        self.add_text(
            paragraph_label(
                "When nobody uses the program for this long, it locks: the database is closed, "
                "the key is forgotten, and whoever comes back must sign in again."
            )
        )
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setAccessibleDescription(
            "The window locks after this many minutes without use"
        )
        self.minutes_spin.setAccessibleName("Minutes idle before the window locks")
        self.minutes_spin.setRange(1, settings.MAX_IDLE_LOCK_MINUTES)
        self.minutes_spin.setValue(minutes)
        self.minutes_spin.setSuffix(" minute" if minutes == 1 else " minutes")
        self.save_button = QPushButton("Save", self)
        self.status_label = StatusLabel(self)
        self.read_only_label = QLabel(f"Lock after {minutes_text(minutes)} without use.", self)
        if self.can_edit:
            row = QHBoxLayout()
            row.addWidget(QLabel("Lock after"))
            row.addWidget(self.minutes_spin)
            row.addWidget(QLabel("without use"))
            row.addSpacing(12)
            row.addWidget(self.save_button)
            row.addStretch(1)
            self.page_layout.addLayout(row)
            self.add_text(self.status_label)
            self.read_only_label.hide()
        else:
            self.page_layout.addWidget(self.read_only_label)
            self.add_text(muted_label("Only an administrator can change this."))
            self.minutes_spin.hide()
            self.save_button.hide()
        self.policy_box = AreaPolicyBox(workspace, self.can_edit, self)
        self.policy_box.setMaximumWidth(style.text_max_width())
        self.page_layout.addWidget(self.policy_box)
        self.meeting_box = MeetingSettingsBox(workspace, self)
        self.meeting_box.setMaximumWidth(style.text_max_width())
        self.page_layout.addWidget(self.meeting_box)
        self._add_date_style(workspace)
        self._add_sheet_dates(workspace)
        self.vocabulary_box = VocabularyBox(workspace, self.can_edit, self)
        self.vocabulary_box.setMaximumWidth(style.text_max_width())
        self.page_layout.addWidget(self.vocabulary_box)
        self.priority_box: PriorityModelBox | None = None
        if self.can_edit:  # the administrator's alone: nobody else sees or sets the weights
            self.priority_box = PriorityModelBox(workspace, self)
            self.priority_box.setMaximumWidth(style.text_max_width())
            self.page_layout.addWidget(self.priority_box)
        self.page_layout.addStretch(1)
        self.minutes_spin.valueChanged.connect(self._on_minutes_spin_value_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _add_date_style(self, workspace: Workspace) -> None:
        chosen = settings.load_date_style(workspace)
        self.page_layout.addWidget(heading_label("How days are written", 2))
        self.add_text(
            paragraph_label(
                "One way of writing a day on every screen and in every document this area "
                "prints (files for other programs keep their own)."
            )
        )
        self.date_style_combo = QComboBox(self)
        self.date_style_combo.setAccessibleName("How days are written")
        self.date_style_combo.setAccessibleDescription(
            "The style every screen and printed document uses for a day"
        )
        for style_choice in DateStyle:
            self.date_style_combo.addItem(style_choice.example, style_choice.value)
        self.date_style_combo.setCurrentIndex(self.date_style_combo.findData(chosen.value))
        self.date_style_button = QPushButton("Save", self)
        self.date_style_button.setAccessibleName("Save how days are written")
        self.date_style_status = StatusLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.date_style_combo)
        row.addSpacing(12)
        row.addWidget(self.date_style_button)
        row.addStretch(1)
        self.page_layout.addLayout(row)
        self.add_text(self.date_style_status)
        self.date_style_combo.setEnabled(self.can_edit)
        self.date_style_button.setVisible(self.can_edit)
        self.date_style_button.clicked.connect(self._on_date_style_button_clicked)

    def _on_date_style_button_clicked(self) -> None:
        chosen = DateStyle(self.date_style_combo.currentData())
        try:
            settings.set_date_style(self._workspace, chosen)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.date_style_status.show_success(
            f"Saved: days are written {chosen.example}; each page shows it once read again."
        )

    def _add_sheet_dates(self, workspace: Workspace) -> None:
        order = sheet_import.date_order(workspace)
        self.page_layout.addWidget(heading_label("Dates in tracking sheets", 2))
        self.add_text(
            paragraph_label(
                "How this area's spreadsheets write dates, for the tracking-sheet import "
                "(each import can still choose otherwise). A two-digit year is always put in "
                "the latest century that keeps the date in the past."
            )
        )
        self.date_order_combo = QComboBox(self)
        self.date_order_combo.setAccessibleDescription(
            "How dates with numbers only are read in imported sheets"
        )
        for choice in DateOrder:
            first = "Day" if choice is DateOrder.DAY_FIRST else "Month"
            self.date_order_combo.addItem(f"{first} first ({choice.example})", choice.value)
        self.date_order_combo.setCurrentIndex(self.date_order_combo.findData(order.value))
        self.date_order_button = QPushButton("Save", self)
        self.date_order_status = StatusLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.date_order_combo)
        row.addSpacing(12)
        row.addWidget(self.date_order_button)
        row.addStretch(1)
        self.page_layout.addLayout(row)
        self.add_text(self.date_order_status)
        self.date_order_combo.setEnabled(self.can_edit)
        self.date_order_button.setVisible(self.can_edit)
        self.date_order_button.clicked.connect(self._on_date_order_button_clicked)

    def _on_date_order_button_clicked(self) -> None:
        order = DateOrder(self.date_order_combo.currentData())
        try:
            sheet_import.set_date_order(self._workspace, order)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.date_order_status.show_success(f"Saved: sheets are read {order.example}.")

    def _on_minutes_spin_value_changed(self, value: int) -> None:
        self.minutes_spin.setSuffix(" minute" if value == 1 else " minutes")
        self.status_label.clear_message()

    def _on_save_button_clicked(self) -> None:
        minutes = self.minutes_spin.value()
        try:
            settings.set_idle_lock_minutes(self._workspace, minutes)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.read_only_label.setText(f"Lock after {minutes_text(minutes)} without use.")
        self.status_label.show_success(
            f"Saved: the program now locks after {minutes_text(minutes)}."
        )
        self.idle_lock_minutes_changed.emit(minutes)
