"""One person in a case: who they are to the victim, and whether it is safe to phone them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseFlag, CaseParty, FlagStatus, PartyRole
from marac_desktop.domain.vocabulary import Vocabularies, Vocabulary

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import (
    ROLE_WORDS,
    aliases_text,
    capitalised,
    dob_text,
    flag_badge_text,
)
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop
"""Names in right-to-left scripts stay at the left edge, like every other value."""
SAFE_TO_CALL = ("Safe to call", "#1e6b34")
NOT_SAFE_TO_CALL = ("NOT safe to call: do not phone", "#b3261e")
NOT_ASKED = ("Not known if safe to call: ask first", "#8a5a00")
FLAG_COLOURS = {FlagStatus.OPEN: "#8a5a00", FlagStatus.CONFIRMED: "#b3261e"}
"""Flags shown on a person's card: waiting for review, or confirmed (dismissed ones are not)."""


def safe_to_call_words(details: PersonDetails) -> tuple[str, str]:
    if details.safe_to_call is None:
        return NOT_ASKED
    return SAFE_TO_CALL if details.safe_to_call else NOT_SAFE_TO_CALL


def badge(text: str, colour: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(
        f"background: {colour}; color: white; border-radius: 4px; padding: 3px 8px;"
        " font-weight: 600;"
    )
    return label


def role_text(party: CaseParty, relationships: Vocabulary) -> str:
    words = ROLE_WORDS[party.role]
    if not party.relationship:
        return words
    return f"{words} ({relationships.shown(party.relationship, party.relationship_detail)})"


class PersonCard(QFrame):
    """``file_requested``: the perpetrator file of the person, offered when ``file_button``."""

    details_requested = Signal(int)
    file_requested = Signal(int)

    def __init__(
        self,
        party: CaseParty,
        words: Vocabularies,
        flags: Sequence[CaseFlag] = (),
        parent: QWidget | None = None,
        file_button: bool = False,
    ) -> None:
        """``flags`` are the flags about this person (on this case or another); ``file_button``
        offers their perpetrator file (for a perpetrator, to a role that may see the register)."""
        super().__init__(parent)
        self.party = party
        details = party.person.details
        self.setObjectName("personCard")
        self.setStyleSheet(
            "#personCard { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(base); }"
        )
        self.name_label = heading_label(details.display_name, 3)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setAlignment(LEFT)
        self.role_label = muted_label(role_text(party, words.relationship))
        self.details_button = QPushButton("Details…")
        self.file_button = QPushButton("Perpetrator file…")
        self.file_button.setToolTip("Everything the register holds on this person, across cases")
        self.file_button.setVisible(file_button)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.name_label, 1)
        top.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.role_label, 1, 0, 1, 2)
        self.role_label.setVisible(party.role is not PartyRole.VICTIM)
        row = 2
        self.flag_badges: list[QLabel] = []
        for flag in flags:
            if flag.person_id != party.person.id or flag.status not in FLAG_COLOURS:
                continue
            flag_badge = badge(flag_badge_text(flag), FLAG_COLOURS[flag.status])
            flag_badge.setToolTip(flag.evidence)
            grid.addWidget(flag_badge, row, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
            self.flag_badges.append(flag_badge)
            row += 1
        if details.aliases:
            also = aliases_text(details)
            row = self._add(grid, row, "Also known as", also)
        row = self._add(grid, row, "Date of birth", dob_text(details))
        facts = [
            words.gender.shown(details.gender, details.gender_detail, ""),
            words.ethnicity.shown(details.ethnicity, details.ethnicity_detail, ""),
        ]
        if details.disability:
            facts.append("disabled")
        row = self._add(grid, row, "About", ", ".join(f for f in facts if f) or "Not recorded")
        if details.language or details.interpreter_needed:
            language = capitalised(details.language, "Not recorded")
            if details.interpreter_needed:
                language += "; needs an interpreter"
            row = self._add(grid, row, "Language", language)
        if party.role is not PartyRole.CHILD:
            row = self._add(grid, row, "Postcode", details.postcode or "Not recorded")
        if party.role is PartyRole.VICTIM:
            row = self._add(grid, row, "Phone", details.phone or "No number")
            text, colour = safe_to_call_words(details)
            self.safe_badge: QLabel | None = badge(text, colour)
            grid.addWidget(self.safe_badge, row, 0, 1, 2)
            row += 1
            if details.contact_notes:
                row = self._add(grid, row, "Contact notes", details.contact_notes)
        else:
            self.safe_badge = None
        grid.setColumnStretch(1, 1)
        self.setMinimumWidth(style.field_min_width())
        self.details_button.clicked.connect(self._on_details_button_clicked)
        self.file_button.clicked.connect(self._on_file_button_clicked)

    @staticmethod
    def _add(grid: QGridLayout, row: int, label: str, value: str) -> int:
        name = muted_label(label)
        name.setWordWrap(False)
        text = paragraph_label(value)
        text.setAlignment(LEFT)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, row, 1)
        return row + 1

    def _on_details_button_clicked(self) -> None:
        self.details_requested.emit(int(self.party.person.id))

    def _on_file_button_clicked(self) -> None:
        self.file_requested.emit(int(self.party.person.id))
