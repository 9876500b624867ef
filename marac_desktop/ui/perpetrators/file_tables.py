"""The tables of a perpetrator's file: each part of what the register holds as rows of words,
and the actions with the overdue ones marked as the Actions page marks them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from typing_extensions import override

from PySide6.QtGui import QColor

from marac_desktop.domain.perpetrators import (
    NOT_HEARD,
    DescribedFactor,
    PerpetratorAction,
    PerpetratorFile,
)
from marac_desktop.domain.records import incident_words
from marac_desktop.domain.vocabulary import Vocabularies

from marac_desktop.ui import style
from marac_desktop.ui.actions.action_table_model import OVERDUE_BACKGROUND
from marac_desktop.ui.cases.text_table_model import TextRow
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.models.row_table_model import RowTableModel
from marac_desktop.ui.perpetrators.words import intervention_status_text, intervention_text

CASE_HEADERS = ("Case", "Victim", "Relationship", "Last referral", "Heard at MARAC")
INCIDENT_HEADERS = ("Date", "What happened", "Case")
FACTOR_HEADERS = ("Assessment", "Case", "Question answered yes, or concern flagged")
REFERRAL_HEADERS = ("Date", "Referring agency", "Reason", "Recorded by")
INTERVENTION_HEADERS = ("Referred on", "Programme or process", "Agency", "Status", "Notes")
NOMINATION_HEADERS = ("Date", "Reason", "By", "Score", "Model")


def victim_text(name: str, reference: str) -> str:
    """The victim's name where the file gives it; otherwise the case they are known by."""
    return name or f"The victim in {reference}"


def case_rows(found: PerpetratorFile, words: Vocabularies) -> list[TextRow]:
    return [
        TextRow(
            (
                c.reference,
                victim_text(c.victim_name, c.reference),
                words.relationship.label(c.relationship),
                day_text(c.last_referral, "None"),
                ", ".join(day_text(d) for d in c.heard_at) or NOT_HEARD,
            ),
            c,
        )
        for c in found.cases
    ]


def incident_rows(found: PerpetratorFile) -> list[TextRow]:
    return [
        TextRow((day_text(i.day), incident_words(i.kind), i.case_reference), i)
        for i in found.incidents
    ]


def factor_rows(found: PerpetratorFile) -> list[TextRow]:
    """The answers that describe them and the concerns flagged, by assessment date."""
    return [
        TextRow(
            (day_text(d.assessment_date), d.case_reference, d.text),
            d,
            d.text if isinstance(d, DescribedFactor) else "",
        )
        for d in found.described
    ]


def referral_rows(found: PerpetratorFile, words: Vocabularies) -> list[TextRow]:
    return [
        TextRow(
            (day_text(r.day), words.agency.shown(r.agency, r.agency_detail), r.reason, r.by),
            r,
            r.reason,
        )
        for r in found.partner_referrals
    ]


def intervention_rows(found: PerpetratorFile, words: Vocabularies) -> list[TextRow]:
    return [
        TextRow(
            (
                day_text(i.referred_on),
                intervention_text(words, i),
                words.agency.label(i.agency),
                intervention_status_text(i),
                i.notes,
            ),
            i,
            i.notes,
        )
        for i in found.interventions
    ]


def nomination_rows(found: PerpetratorFile) -> list[TextRow]:
    return [
        TextRow((day_text(n.day), n.reason, n.by, str(n.score), n.model), n, n.reason)
        for n in found.nominations
    ]


COL_AGENCY = 0
COL_WHAT = 1
COL_WHO = 2
COL_DUE = 3
COL_STATUS = 4
ACTION_HEADERS = ("Agency", "What", "Who", "Due", "Status")


class PerpetratorActionModel(RowTableModel[PerpetratorAction]):
    """The actions about one perpetrator; an overdue one says "Overdue" and is coloured."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ACTION_HEADERS, parent)
        self._words: Vocabularies | None = None
        self._today = date.today()

    def show(self, rows: Sequence[PerpetratorAction], words: Vocabularies, today: date) -> None:
        self._words, self._today = words, today
        self.set_rows(rows)

    def agency_text(self, action: PerpetratorAction) -> str:
        return self._words.agency.label(action.agency) if self._words else action.agency

    def status_text(self, action: PerpetratorAction) -> str:
        label = action.status.label
        return f"Overdue ({label.lower()})" if action.overdue(self._today) else label

    @property
    def overdue(self) -> int:
        return sum(a.overdue(self._today) for a in self._rows)

    @override
    def display(self, row: PerpetratorAction, column: int) -> str:
        if column == COL_AGENCY:
            return self.agency_text(row)
        if column == COL_WHAT:
            return row.what
        if column == COL_WHO:
            return row.who
        if column == COL_DUE:
            return day_text(row.due)
        if column == COL_STATUS:
            return self.status_text(row)
        return ""

    @override
    def background(self, row: PerpetratorAction, column: int) -> QColor | None:
        return QColor(OVERDUE_BACKGROUND) if row.overdue(self._today) else None

    @override
    def foreground(self, row: PerpetratorAction, column: int) -> QColor | None:
        if not row.overdue(self._today):
            return None
        return QColor(style.ERROR_COLOUR if column in (COL_DUE, COL_STATUS) else "#000000")

    @override
    def tooltip(self, row: PerpetratorAction, column: int) -> str | None:
        return row.what if column == COL_WHAT else None
