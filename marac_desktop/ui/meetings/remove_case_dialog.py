"""Taking a case off a meeting's list: the coordinator says why, from a fixed list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QWidget

from marac_desktop.domain.meetings import RemovalReason

from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.text import paragraph_label


class RemoveCaseDialog(QDialog):
    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Take a case off the list")
        self.reason_combo = QComboBox()
        self.reason_combo.setAccessibleDescription(
            "Why the case comes off this meeting's list; kept in the audit log"
        )
        for reason in RemovalReason:
            self.reason_combo.addItem(reason.label, reason.value)
        self.reason_combo.setAccessibleName("Why the case comes off the list")
        self.buttons, self.remove_button = cancel_and("Take off the list")
        form = QFormLayout()
        form.addRow("Why", self.reason_combo)
        layout = dialog_layout(self)
        layout.addWidget(
            paragraph_label(
                f"Take {reference} off this meeting's list? The rules can propose it for a "
                "later meeting."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_combo.setFocus()

    def reason(self) -> RemovalReason:
        return RemovalReason(self.reason_combo.currentData())
