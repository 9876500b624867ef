"""Say that two records on file are the same person (a link, never a merge; it can be undone)."""

from __future__ import annotations

from collections.abc import Sequence

from typing_extensions import override

from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.services.people_matching import PersonCandidate

from marac_desktop.ui.cases.words import person_summary
from marac_desktop.ui.dialogs.frame import cancel_and, dialog_layout
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label

LINK_EXPLANATION = (
    "Linking records says they are the same person. Both records stay as they are and nothing "
    "is merged; the link is recorded in the audit log and can be undone from the person's "
    "details."
)


def candidate_label(candidate: PersonCandidate) -> str:
    cases = ", ".join(line.reference for line in candidate.cases) or "no cases"
    return f"{person_summary(candidate.person.details)} ({cases})"


class LinkRecordsDialog(QDialog):
    """Pick which other listed record is the same person as ``subject``; see ``chosen``."""

    def __init__(
        self,
        subject: PersonCandidate,
        others: Sequence[PersonCandidate],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.chosen: PersonId | None = None
        self.setWindowTitle("Link records")
        self.setMinimumWidth(560)
        self.other_combo = QComboBox()
        self.other_combo.setAccessibleDescription("The record to confirm as the same person")
        self.other_combo.setAccessibleName("The other record")
        for other in others:
            self.other_combo.addItem(candidate_label(other), int(other.person.id))
        self.buttons, self.link_button = cancel_and("Link these records")
        layout = dialog_layout(self)
        layout.addWidget(heading_label("These are the same person", 2))
        layout.addWidget(paragraph_label(f"Record: {candidate_label(subject)}"))
        layout.addWidget(paragraph_label("is the same person as:"))
        layout.addWidget(self.other_combo)
        layout.addWidget(muted_label(LINK_EXPLANATION))
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.link_button.clicked.connect(self.accept)
        fit_to_contents(self)

    @override
    def accept(self) -> None:
        data = self.other_combo.currentData()
        if data is None:
            return
        self.chosen = PersonId(int(data))
        super().accept()
