"""Confirm or dismiss one flag, with the reason the reviewer writes (always required)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QWidget

from marac_desktop.domain.records import CaseFlag
from marac_desktop.errors import UserFacingError
from marac_desktop.services import flags

from marac_desktop.ui.cases.words import day_text, flag_words
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

REASON_REQUIRED = "Write the reason for your decision; it is kept with the flag."


class ReviewDialog(QDialog):
    """``confirm`` True confirms the flag, False dismisses it; ``reviewed`` holds the result."""

    def __init__(
        self,
        workspace: Workspace,
        flag: CaseFlag,
        about: str,
        confirm: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._flag = flag
        self._confirm = confirm
        self.reviewed: CaseFlag | None = None
        verb = "Confirm" if confirm else "Dismiss"
        self.setWindowTitle(f"{verb} flag")
        self.setMinimumWidth(560)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleDescription("Why you decided as you did; kept with the flag")
        self.reason_edit.setAccessibleName("Why")
        self.reason_edit.setPlaceholderText(
            "Why the flag is right and what follows"
            if confirm
            else "Why the flag does not apply (for example, the wrong person was matched)"
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(110)
        self.status = StatusLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.review_button = self.buttons.addButton(
            f"{verb} flag", QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = dialog_layout(self)
        layout.addWidget(heading_label(f"{verb}: {flag_words(flag.kind)}", 2))
        layout.addWidget(muted_label(f"{about} · raised on {day_text(flag.raised_on)}"))
        layout.addWidget(paragraph_label(flag.evidence))
        layout.addWidget(paragraph_label("Reason (required)"))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.reason_edit.setFocus()
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        self._on_review_button_clicked()

    def _on_review_button_clicked(self) -> None:
        reason = " ".join(self.reason_edit.toPlainText().split())
        if not reason:
            self.status.show_error(REASON_REQUIRED)
            self.reason_edit.setFocus()
            return
        try:
            self.reviewed = flags.review(self._workspace, self._flag.id, self._confirm, reason)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
