"""Fields shared by the incident and referral forms: a past date, an agency, the criteria."""

from __future__ import annotations

import functools
from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.vocabulary import Vocabulary
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy
from marac_desktop.risk.referral_grounds import CaseHistory, ReferralGrounds, grounds_for

from marac_desktop.ui.cases.referral_words import basis_text, choice_text
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.widgets.date_field import DateField
from marac_desktop.ui.widgets.text import muted_label, paragraph_label
from marac_desktop.ui.widgets.vocabulary_combo import VocabularyCombo

EARLIEST_RECORD = date(1990, 1, 1)


def past_date_edit(today: date | None = None) -> DateField:
    """A typed date, today to start with; its calendar goes no later than today."""
    now = today or date.today()
    return DateField(now, latest=now, earliest=EARLIEST_RECORD)


def date_of(edit: DateField, label: str, today: date | None = None) -> date:
    """The date typed, or one sentence naming ``label``: unreadable, or later than today."""
    picked = edit.value(label)
    if picked > (today or date.today()):
        raise InvalidInputError(f"The {label} is in the future; check it.")
    return picked


def agency_combo(agencies: Vocabulary) -> VocabularyCombo:
    """The agency list; an agency not in it can be typed (kept as "Other agency" plus the
    words typed, which no anonymised document shows)."""
    return VocabularyCombo(
        agencies, blank=None, typed=True, placeholder="Choose the agency, or type it"
    )


def agency_of(combo: VocabularyCombo, label: str) -> str:
    value = combo.value()
    if not value:
        raise InvalidInputError(f"Enter the {label}.")
    return value


class ReferralFields(QWidget):
    """Date, referring agency and the four MARAC criteria, each taken from where the case
    holds it (``risk/referral_grounds.py``): a completed assessment's result, the case's
    incidents and referrals, or, for what neither holds, the referring agency's form. At least
    one criterion is needed."""

    def __init__(
        self,
        policy: AreaPolicy,
        agencies: Vocabulary,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._policy = policy
        self._history = CaseHistory()
        self._ticked: set[Criterion] = set()
        """What the person ticked of the criteria they may tick (kept while the date moves)."""
        self.date_edit = past_date_edit(today)
        self.date_edit.setAccessibleDescription(
            "The day the referral was made; the criteria are worked out for that day"
        )
        self.agency_combo = agency_combo(agencies)
        self.agency_combo.setAccessibleDescription("The agency that made the referral")
        self.basis_label = paragraph_label()
        self.criteria_boxes: dict[Criterion, QCheckBox] = {}
        self.why_labels: dict[Criterion, QLabel] = {}
        criteria = QVBoxLayout()
        criteria.setContentsMargins(0, 0, 0, 0)
        criteria.setSpacing(2)
        criteria.addWidget(self.basis_label)
        for criterion in Criterion:
            box = QCheckBox()
            why = muted_label()
            why.setContentsMargins(WHY_INDENT, 0, 0, 6)
            self.criteria_boxes[criterion] = box
            self.why_labels[criterion] = why
            criteria.addWidget(box, alignment=Qt.AlignmentFlag.AlignLeft)
            criteria.addWidget(why)
            box.toggled.connect(functools.partial(self._on_box_toggled, criterion))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.addRow("Referral date", self.date_edit)
        form.addRow("Referring agency *", self.agency_combo)
        form.addRow("Criteria met *", criteria)
        self.date_edit.textChanged.connect(self._on_date_edit_text_changed)
        self._day = today or date.today()
        """The last referral day that could be read: the criteria shown are for it."""
        self.grounds = grounds_for(self._history, self._day, policy)
        self._show(self.grounds)

    def show_history(self, history: CaseHistory) -> None:
        """Work the criteria out from what this case holds (an empty history: a new case)."""
        self._history = history
        self._show(self._grounds_on(self._day))

    def criteria(self) -> ReferralCriteria:
        return self.grounds.criteria(self._may_tick(self.grounds))

    def values(self) -> tuple[date, str, ReferralCriteria, AssessmentId | None]:
        """The day, the agency, the criteria and the assessment they were taken from."""
        day = date_of(self.date_edit, "referral date", self._today)
        agency = agency_of(self.agency_combo, "referring agency")
        self._day = day
        grounds = self._grounds_on(day)
        self._show(grounds)
        criteria = grounds.criteria(self._may_tick(grounds))
        if not criteria.any():
            raise InvalidInputError(
                "Tick at least one MARAC referral criterion."
                if grounds.assessment is None
                else NONE_MET.format(day=day_text(grounds.assessment.day))
            )
        assessed = grounds.assessment
        return day, agency, criteria, None if assessed is None else AssessmentId(assessed.id)

    def _may_tick(self, grounds: ReferralGrounds) -> set[Criterion]:
        return {c for c in self._ticked if grounds.ground(c).askable}

    def _grounds_on(self, day: date) -> ReferralGrounds:
        return grounds_for(self._history, day, self._policy)

    def _show(self, grounds: ReferralGrounds) -> None:
        self.grounds = grounds
        self.basis_label.setText(basis_text(grounds))
        for ground in grounds.grounds:
            box = self.criteria_boxes[ground.criterion]
            with QSignalBlocker(box):
                box.setText(choice_text(ground, grounds.assessment is not None, self._policy))
                box.setChecked(
                    ground.met_by is not None
                    or (ground.askable and ground.criterion in self._ticked)
                )
                box.setEnabled(ground.met_by is None and ground.askable)
            # Met and locked, it reads as plainly as a box that can be ticked.
            box.setStyleSheet(MET_STYLE if ground.met_by is not None else "")
            box.setAccessibleName(box.text())
            box.setAccessibleDescription(ground.why or box.text())
            why = self.why_labels[ground.criterion]
            why.setText(ground.why)
            why.setVisible(bool(ground.why))

    def _on_box_toggled(self, criterion: Criterion, checked: bool) -> None:
        if checked:
            self._ticked.add(criterion)
        else:
            self._ticked.discard(criterion)

    def _on_date_edit_text_changed(self, _text: str) -> None:
        try:
            self._day = self.date_edit.value()
        except InvalidInputError:  # still being typed: the criteria stay as they were
            return
        self._show(self._grounds_on(self._day))


MET_STYLE = "QCheckBox:disabled { color: palette(window-text); }"
WHY_INDENT = 26
"""How far a criterion's explanation sits in, under its tick box's text."""
NONE_MET = (
    "The assessment of {day} meets no MARAC referral criterion; tick professional judgement "
    "if the referrer judges the risk high all the same."
)
