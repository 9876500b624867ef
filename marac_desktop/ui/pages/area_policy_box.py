"""The area's risk and referral rules: thresholds, windows and the minimum victim age."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from marac_desktop.errors import UserFacingError
from marac_desktop.risk import AreaPolicy
from marac_desktop.risk.policy import RANGES
from marac_desktop.services import settings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.text import StatusLabel

# field -> (label, suffix)
FIELDS: dict[str, tuple[str, str]] = {
    "high_threshold": ("High risk from", " yes answers"),
    "medium_threshold": ("Medium risk from", " yes answers"),
    "escalation_incidents": ("Potential escalation at", " incidents"),
    "escalation_window_days": ("… within", " days"),
    "repeat_window_days": ("Repeat if within", " days of the last referral"),
    "serial_window_days": ("Serial perpetrator: two victims within", " days"),
    "minimum_victim_age": ("MARAC takes victims aged", " or over"),
}


class AreaPolicyBox(QGroupBox):
    """Editable by an administrator; read-only for everyone else. Saving is audited."""

    def __init__(self, workspace: Workspace, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__("Risk and referral rules for this area", parent)
        self._workspace = workspace
        policy = settings.load_policy(workspace).to_mapping()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.spins: dict[str, QSpinBox] = {}
        for name, (label, suffix) in FIELDS.items():
            spin = QSpinBox(self)
            spin.setRange(*RANGES[name])
            spin.setSuffix(suffix)
            spin.setValue(int(policy[name]))
            spin.setEnabled(editable)
            spin.setAccessibleName(label)
            low, high = RANGES[name]
            spin.setAccessibleDescription(f"From {low} to {high}{suffix}")
            spin.setMinimumWidth(260)
            form.addRow(label, spin)
            self.spins[name] = spin
        self.save_button = QPushButton("Save rules", self)
        self.save_button.setVisible(editable)
        self.status_label = StatusLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.status_label)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _on_save_button_clicked(self) -> None:
        try:
            policy = AreaPolicy.from_mapping({k: s.value() for k, s in self.spins.items()})
            settings.save_policy(self._workspace, policy)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        self.status_label.show_success(
            "Saved. New assessments, flags and meeting lists use these rules; completed "
            "assessments keep the rules they were done under."
        )
