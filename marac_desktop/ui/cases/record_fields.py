"""Fields shared by the incident and referral forms: a past date, an agency, the criteria."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QVBoxLayout, QWidget

from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.vocabulary import Vocabulary
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy

from marac_desktop.ui.cases.words import criterion_choice
from marac_desktop.ui.widgets.date_field import DateField
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
    """Date, referring agency and the four MARAC criteria (at least one is needed)."""

    def __init__(
        self,
        policy: AreaPolicy,
        agencies: Vocabulary,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.date_edit = past_date_edit(today)
        self.agency_combo = agency_combo(agencies)
        self.agency_combo.setAccessibleDescription("The agency that made the referral")
        self.criteria_boxes: dict[Criterion, QCheckBox] = {}
        criteria = QVBoxLayout()
        criteria.setContentsMargins(0, 0, 0, 0)
        criteria.setSpacing(4)
        for criterion in Criterion:
            box = QCheckBox(criterion_choice(criterion, policy))
            self.criteria_boxes[criterion] = box
            criteria.addWidget(box, alignment=Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.addRow("Referral date", self.date_edit)
        form.addRow("Referring agency *", self.agency_combo)
        form.addRow("Criteria met *", criteria)

    def criteria(self) -> ReferralCriteria:
        return ReferralCriteria.of(c for c, box in self.criteria_boxes.items() if box.isChecked())

    def values(self) -> tuple[date, str, ReferralCriteria]:
        day = date_of(self.date_edit, "referral date", self._today)
        agency = agency_of(self.agency_combo, "referring agency")
        criteria = self.criteria()
        if not any(box.isChecked() for box in self.criteria_boxes.values()):
            raise InvalidInputError("Tick at least one MARAC referral criterion.")
        return day, agency, criteria
