"""The one form for a person's details, used wherever people are entered (a new referral's
victim, a perpetrator or child added to a case, a new victim for an assessment): names, other
names, date of birth, diversity, contact."""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import age_on
from marac_desktop.domain.people import Alias, DobPrecision, PersonDetails
from marac_desktop.domain.vocabulary import Vocabularies
from marac_desktop.errors import InvalidInputError

from marac_desktop.ui import style
from marac_desktop.ui.widgets.text import muted_label, paragraph_label
from marac_desktop.ui.widgets.vocabulary_combo import VocabularyCombo

DOB_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
MAX_ALIASES = 6

SAFE_TO_CALL_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("Not asked yet", None),
    ("Yes, safe to call", True),
    ("No: do not phone", False),
)


def parse_dob(text: str, today: date | None = None) -> tuple[date | None, DobPrecision]:
    """A full date (DD/MM/YYYY) or just a year; blank when not known."""
    value = text.strip()
    if not value:
        return None, DobPrecision.DAY
    now = today or date.today()
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        if not 1900 <= year <= now.year:
            raise InvalidInputError(f"The year of birth must be between 1900 and {now.year}.")
        return date(year, 1, 1), DobPrecision.YEAR
    for pattern in DOB_FORMATS:
        try:
            parsed = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if parsed > now:
            raise InvalidInputError("The date of birth is in the future; check it.")
        if parsed.year < 1900:
            raise InvalidInputError("The date of birth is before 1900; check it.")
        return parsed, DobPrecision.DAY
    raise InvalidInputError(
        "Write the date of birth as DD/MM/YYYY, or just the year if that is all you know."
    )


class AliasRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family_edit = QLineEdit()
        self.family_edit.setPlaceholderText("Other family name")
        self.given_edit = QLineEdit()
        self.given_edit.setPlaceholderText("Other given names")
        self.remove_button = QPushButton("Remove")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.family_edit, 1)
        layout.addWidget(self.given_edit, 1)
        layout.addWidget(self.remove_button)

    def alias(self) -> Alias | None:
        family, given = self.family_edit.text().strip(), self.given_edit.text().strip()
        return Alias(family, given) if family or given else None


def under_age_text(age: int, minimum: int) -> str:
    return (
        f"Aged {age} today, under the minimum age of {minimum}: the case can be recorded, but "
        "refer the victim to children's services, not to MARAC."
    )


class PersonFields(QWidget):
    """``details()`` reads the form back, or raises InvalidInputError naming what to fix.

    ``minimum_age`` (for a victim): a date of birth that makes them younger says so at once.
    """

    def __init__(
        self,
        words: Vocabularies,
        parent: QWidget | None = None,
        contact: bool = True,
        minimum_age: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._minimum_age = minimum_age
        self._today = today
        self.age_note = paragraph_label()
        self.age_note.setStyleSheet(f"color: {style.ERROR_COLOUR};")
        self.age_note.setVisible(False)
        self.family_name_edit = QLineEdit()
        self.family_name_edit.setAccessibleDescription("The surname, as the person gives it")
        self.family_name_edit.setMinimumWidth(style.field_min_width())
        self.given_names_edit = QLineEdit()
        self.given_names_edit.setAccessibleDescription("First and other given names")
        self.dob_edit = QLineEdit()
        self.dob_edit.setPlaceholderText("DD/MM/YYYY, or the year only")
        self.dob_hint = muted_label()
        self.dob_hint.setWordWrap(False)  # one short line; wrapping in a form row leaves gaps
        self.gender_combo = VocabularyCombo(words.gender, typed=True)
        self.gender_combo.setAccessibleDescription("As the person describes it")
        self.ethnicity_combo = VocabularyCombo(words.ethnicity, typed=True)
        self.ethnicity_combo.setAccessibleDescription("As the person describes it")
        self.postcode_edit = QLineEdit()
        self.postcode_edit.setAccessibleDescription("The postcode of where the person lives now")
        self.phone_edit = QLineEdit()
        self.phone_edit.setAccessibleDescription("A number to reach the person on")
        self.safe_to_call_combo = QComboBox()
        self.safe_to_call_combo.setAccessibleDescription(
            "Whether calling this number is safe for the person"
        )
        for label, _value in SAFE_TO_CALL_CHOICES:
            self.safe_to_call_combo.addItem(label)
        self.add_alias_button = QPushButton("Add another name…")
        self.alias_rows: list[AliasRow] = []
        self._alias_box = QVBoxLayout()
        self._alias_box.setContentsMargins(0, 0, 0, 0)
        aliases = QVBoxLayout()
        aliases.setContentsMargins(0, 0, 0, 0)
        aliases.addLayout(self._alias_box)
        aliases.addWidget(self.add_alias_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(8)
        self.form.addRow("Family name *", self.family_name_edit)
        self.form.addRow("Given names *", self.given_names_edit)
        self.form.addRow("Other names (optional)", aliases)
        self.form.addRow("Date of birth", self.dob_edit)
        self.form.addRow("", self.dob_hint)
        if minimum_age is not None:
            self.form.addRow("", self.age_note)
        self.form.addRow("Gender", self.gender_combo)
        self.form.addRow("Ethnicity", self.ethnicity_combo)
        self.form.addRow("Postcode", self.postcode_edit)
        if contact:
            self.form.addRow("Phone", self.phone_edit)
            self.form.addRow("Safe to call?", self.safe_to_call_combo)
        else:
            self.phone_edit.hide()
            self.safe_to_call_combo.hide()
        self.dob_edit.textChanged.connect(self._on_dob_edit_text_changed)
        self.add_alias_button.clicked.connect(self._on_add_alias_button_clicked)
        self._on_dob_edit_text_changed(self.dob_edit.text())

    def add_alias(self) -> AliasRow:
        row = AliasRow(self)
        row.remove_button.clicked.connect(lambda: self._remove_alias(row))
        self.alias_rows.append(row)
        self._alias_box.addWidget(row)
        self.add_alias_button.setEnabled(len(self.alias_rows) < MAX_ALIASES)
        row.family_edit.setFocus()
        return row

    def _remove_alias(self, row: AliasRow) -> None:
        if row in self.alias_rows:
            self.alias_rows.remove(row)
            row.hide()
            row.deleteLater()
        self.add_alias_button.setEnabled(True)

    def details(self) -> PersonDetails:
        born, precision = parse_dob(self.dob_edit.text(), self._today)
        safe = SAFE_TO_CALL_CHOICES[max(0, self.safe_to_call_combo.currentIndex())][1]
        family, given = self.family_name_edit.text().strip(), self.given_names_edit.text().strip()
        if not family:
            raise InvalidInputError("Enter the family name (write 'Not known' if it is not).")
        if not given:
            raise InvalidInputError("Enter the given names (write 'Not known' if they are not).")
        return PersonDetails(
            family_name=family,
            given_names=given,
            aliases=tuple(a for a in (row.alias() for row in self.alias_rows) if a is not None),
            date_of_birth=born,
            dob_precision=precision,
            gender=self.gender_combo.value(),
            ethnicity=self.ethnicity_combo.value(),
            postcode=self.postcode_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            safe_to_call=safe,
        )

    def focus_first(self) -> None:
        self.family_name_edit.setFocus()

    def _on_dob_edit_text_changed(self, text: str) -> None:
        self._show_age_note(None)
        try:
            born, precision = parse_dob(text, self._today)
        except InvalidInputError as error:
            self.dob_hint.setText(str(error))
            self.dob_hint.setStyleSheet(f"color: {style.ERROR_COLOUR};")
            return
        self._show_age_note(born if precision is DobPrecision.DAY else None)
        self.dob_hint.setStyleSheet(f"color: {style.MUTED_COLOUR};")
        if born is None:
            self.dob_hint.setText("Leave blank if not known. A year on its own is fine.")
        elif precision is DobPrecision.YEAR:
            self.dob_hint.setText(f"Year of birth only: {born.year}.")
        else:
            self.dob_hint.setText(f"Born {born.day} {born:%B %Y}.")

    def _on_add_alias_button_clicked(self) -> None:
        self.add_alias()

    def _show_age_note(self, born: date | None) -> None:
        """Say at once when the date of birth makes the victim younger than MARAC takes (a
        year on its own cannot tell)."""
        minimum = self._minimum_age
        age = None if born is None else age_on(born, self._today or date.today())
        if minimum is None or age is None or age >= minimum:
            self.age_note.setVisible(False)
            self.age_note.clear()
            return
        self.age_note.setText(under_age_text(age, minimum))
        self.age_note.setVisible(True)
