"""Possible earlier records of a person: each with its score, the reasons and its cases."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.services.people_matching import CaseHistoryLine, PersonCandidate

from marac_desktop.ui import style
from marac_desktop.ui.cases.words import (
    ROLE_WORDS,
    aliases_text,
    day_text,
    dob_text,
    level_words,
)
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label

CHOOSE_TEXT = "Yes, this person"
LINK_TEXT = "These are the same person…"


def history_text(line: CaseHistoryLine) -> str:
    role = ROLE_WORDS[line.role].lower()
    referral = (
        f"last referral {day_text(line.last_referral)}" if line.last_referral else "no referral"
    )
    level = (
        f"latest level: {level_words(line.latest_level).lower()}"
        if line.latest_level
        else "no completed assessment"
    )
    return f"• Case {line.reference} as the {role}; {referral}; {level}"


def about_text(candidate: PersonCandidate) -> str:
    details = candidate.person.details
    parts = [f"Born {dob_text(details)}" if details.date_of_birth else "Date of birth not known"]
    if details.gender:
        parts.append(candidate.gender_label)
    if details.postcode:
        parts.append(details.postcode)
    return " · ".join(parts)


class CandidateCard(QFrame):
    """One candidate; the buttons are given to the panel, which says which was pressed."""

    def __init__(
        self, candidate: PersonCandidate, can_link: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setObjectName("candidateCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#candidateCard { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(base); }"
        )
        details = candidate.person.details
        name = heading_label(details.display_name, 3)
        score = QLabel(f"Match score {candidate.score}")
        score.setStyleSheet(
            "background: #e8eef7; color: #1a3d6e; border-radius: 4px; padding: 2px 8px;"
        )
        top = QHBoxLayout()
        top.addWidget(name, 1)
        top.addWidget(score, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        if details.aliases:
            also = aliases_text(details)
            layout.addWidget(muted_label(f"Also known as {also}"))
        layout.addWidget(paragraph_label(about_text(candidate)))
        why = "Why it may be them: " + (
            "; ".join(candidate.reasons) if candidate.reasons else "a similar name"
        )
        self.reasons_label = paragraph_label(why)
        layout.addWidget(self.reasons_label)
        history = [history_text(line) for line in candidate.cases] or ["• No cases yet."]
        self.history_label = muted_label("\n".join(history))
        layout.addWidget(self.history_label)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(CHOOSE_TEXT)
        buttons.addWidget(self.choose_button)
        self.link_button = QPushButton(LINK_TEXT)
        self.link_button.setVisible(can_link)
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)


class CandidatesPanel(QScrollArea):
    """``candidate_chosen`` for "Yes, this person"; ``link_requested`` for a confirmed link."""

    candidate_chosen = Signal(object)
    link_requested = Signal(object)

    def __init__(
        self, choose: bool = True, link: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choose = choose
        self._link = link
        self.cards: list[CandidateCard] = []
        quiet_scroll(self)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 6, 0)
        self._layout.setSpacing(style.SECTION_SPACING // 2 + 2)
        self._layout.addStretch(1)
        self.setWidget(self._inner)

    def set_candidates(self, candidates: Sequence[PersonCandidate], can_link: bool = True) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        for candidate in candidates:
            card = CandidateCard(candidate, self._link and can_link, self._inner)
            card.choose_button.setVisible(self._choose)
            card.choose_button.clicked.connect(
                lambda _=False, c=candidate: self.candidate_chosen.emit(c)
            )
            card.link_button.clicked.connect(
                lambda _=False, c=candidate: self.link_requested.emit(c)
            )
            self._layout.insertWidget(self._layout.count() - 1, card)
            self.cards.append(card)
        self.verticalScrollBar().setValue(0)

    def card_for(self, person_id: int) -> CandidateCard:
        return next(c for c in self.cards if c.candidate.person.id == person_id)
