"""The ranked list as a table: place, name, score, victims, movement and nomination."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from marac_desktop.domain.people import PersonDetails
from marac_desktop.services.perpetrator_ranking import RankedPerpetrator, Ranking

from marac_desktop.ui import style
from marac_desktop.ui.models.row_table_model import RowTableModel
from marac_desktop.ui.perpetrators.words import movement_text, movement_words

COL_PLACE = 0
COL_NAME = 1
COL_SCORE = 2
COL_VICTIMS = 3
COL_MOVED = 4
COL_NOMINATED = 5
_HEADERS = ("Place", "Name", "Score", "Victims", "Moved", "Nominated")
_NUMBERS = (COL_PLACE, COL_SCORE, COL_VICTIMS)


def ranked_name(row: RankedPerpetrator) -> str:
    return PersonDetails(row.family_name, row.given_names).display_name


class RankingTableModel(RowTableModel[RankedPerpetrator]):
    """``show`` puts a ranking in; movement reads against the ranking it was measured from."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(_HEADERS, parent)
        self.ranking: Ranking | None = None
        self._kept: datetime | None = None

    def show(self, ranking: Ranking) -> None:
        self.ranking = ranking
        self._kept = ranking.last_kept
        self.set_rows(list(ranking.rows))

    @override
    def display(self, row: RankedPerpetrator, column: int) -> str:
        if column == COL_PLACE:
            return f"{row.place:,}"
        if column == COL_NAME:
            return ranked_name(row)
        if column == COL_SCORE:
            return str(row.score)
        if column == COL_VICTIMS:
            return str(row.victims)
        if column == COL_MOVED:
            return movement_text(row.moved, self._kept)
        if column == COL_NOMINATED:
            return "Yes" if row.nominated else ""
        return ""

    @override
    def alignment(self, row: RankedPerpetrator, column: int) -> Qt.AlignmentFlag | None:
        if column in _NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    @override
    def foreground(self, row: RankedPerpetrator, column: int) -> QColor | None:
        """Up in the error colour (more harm now), down in the success colour."""
        if column != COL_MOVED or not row.moved or self._kept is None:
            return None
        return QColor(style.ERROR_COLOUR if row.moved > 0 else style.SUCCESS_COLOUR)

    @override
    def tooltip(self, row: RankedPerpetrator, column: int) -> str | None:
        return movement_words(row.moved, self._kept) if column == COL_MOVED else None
