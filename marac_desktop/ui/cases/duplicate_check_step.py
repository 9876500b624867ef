"""The step "Is this one of these people?" shown before a new person is saved."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from marac_desktop.services.people_matching import PersonCandidate

from marac_desktop.ui import style
from marac_desktop.ui.cases.candidates_panel import CandidatesPanel
from marac_desktop.ui.widgets.text import heading_label, paragraph_label

QUESTION = "Is this one of these people?"
EXPLANATION = (
    "People already on record look like the person you entered. If one of them is this "
    "person, choose them so their history stays together. Nothing is merged or changed."
)
SOMEONE_NEW_TEXT = "No, this is someone new"


class DuplicateCheckStep(QWidget):
    candidate_chosen = Signal(object)
    link_requested = Signal(object)
    someone_new_chosen = Signal()
    back_requested = Signal()

    def __init__(self, link: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entered_label = paragraph_label()
        self.panel = CandidatesPanel(choose=True, link=link)
        self.someone_new_button = QPushButton(SOMEONE_NEW_TEXT)
        self.back_button = QPushButton("Back")
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.someone_new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label(QUESTION, 2))
        layout.addWidget(paragraph_label(EXPLANATION))
        layout.addWidget(self.entered_label)
        layout.addWidget(self.panel, 1)
        layout.addLayout(self.buttons)
        self.panel.candidate_chosen.connect(self.candidate_chosen)
        self.panel.link_requested.connect(self.link_requested)
        self.someone_new_button.clicked.connect(self._on_someone_new_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)

    def add_before_main_button(self, button: QPushButton) -> None:
        """Put a dialog's own button (Cancel) just before "No, this is someone new"."""
        self.buttons.insertWidget(self.buttons.count() - 1, button)

    def show_candidates(self, entered: str, candidates: Sequence[PersonCandidate]) -> None:
        self.entered_label.setText(f"You entered: {entered}.")
        self.panel.set_candidates(candidates, can_link=len(candidates) > 1)

    def _on_someone_new_button_clicked(self) -> None:
        self.someone_new_chosen.emit()

    def _on_back_button_clicked(self) -> None:
        self.back_requested.emit()
