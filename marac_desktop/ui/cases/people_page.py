"""The People page: find victims, perpetrators and children by their names, and open their cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSplitter, QWidget

from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.services import records
from marac_desktop.services.records import PersonListLine

from marac_desktop.ui.cases.text_table_model import ROW_ROLE, TextRow, TextTableModel
from marac_desktop.ui.cases.words import ROLE_WORDS, dob_cell
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "Everyone in a case: victims, perpetrators and children. Type any of a person's names, in "
    "any order, choose whose, and select a person to see their cases; open one with a "
    "double-click or Enter."
)
SEARCH_DELAY_MS = 300
PEOPLE_HEADERS = ("Family name", "Given names", "Date of birth", "In cases")
CASE_HEADERS = ("Case", "Part in the case")
WHO = (
    ("Everyone", tuple(PartyRole)),
    ("Victims", (PartyRole.VICTIM,)),
    ("Perpetrators", (PartyRole.PERPETRATOR,)),
    ("Children", (PartyRole.CHILD,)),
)


def _person_row(line: PersonListLine) -> TextRow:
    parts = sorted({ROLE_WORDS[role] for _, _, role in line.cases})
    return TextRow(
        (
            line.family_name,
            line.given_names,
            dob_cell(line.date_of_birth, line.dob_precision) if line.date_of_birth else "",
            f"{len(line.cases)} ({', '.join(parts).lower()})",
        ),
        line,
    )


class PeoplePage(Page):
    """``case_requested`` asks the window to open a case (wired to the Cases page)."""

    case_requested = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("People", INTRODUCTION, parent)
        self._workspace = workspace
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search people by name")
        self.search_edit.setPlaceholderText("Any of the person's names, in any order")
        self.search_edit.setClearButtonEnabled(True)
        self.who = QComboBox()
        self.who.setAccessibleName("Whose names to search")
        self.who.setAccessibleDescription("Search every person, or only people in one part")
        for label, _ in WHO:
            self.who.addItem(label)
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.who)
        self.page_layout.addLayout(row)
        self.count_label = muted_label("Type a name to search.")
        self.add_text(self.count_label)
        self.people = TextTableModel(PEOPLE_HEADERS, self)
        self.people_table = read_only_table(model=self.people)
        self.people_table.setAccessibleName("People found")
        self.cases = TextTableModel(CASE_HEADERS, self)
        self.cases_table = read_only_table(model=self.cases)
        self.cases_table.setAccessibleName("The person's cases")
        for table in (self.people_table, self.cases_table):
            table.horizontalHeader().setStretchLastSection(True)
        split = QSplitter()
        split.addWidget(self.people_table)
        split.addWidget(self.cases_table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.page_layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self.search_edit.textChanged.connect(self._timer.start)
        self.search_edit.returnPressed.connect(self.search)
        self.who.currentIndexChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.search)
        selection = self.people_table.selectionModel()
        selection.currentRowChanged.connect(self._on_people_current_row_changed)
        self.cases_table.activated.connect(self._on_cases_table_activated)

    def search(self) -> None:
        self._timer.stop()
        text = self.search_edit.text().strip()
        self.cases.set_rows([])
        if not text:
            self.people.set_rows([])
            self.count_label.setText("Type a name to search.")
            return
        roles = WHO[self.who.currentIndex()][1]
        try:
            found = records.find_people(self._workspace, text, roles)
        except UserFacingError as error:
            self.count_label.setText(str(error))
            return
        self.people.set_rows([_person_row(line) for line in found])
        more = (
            " (the first ones: type more to narrow it)"
            if len(found) >= records.PEOPLE_LIMIT
            else ""
        )
        self.count_label.setText(
            f"{counted(len(found), 'person', 'people')} found{more}."
            if found
            else "Nobody on record has those names."
        )
        if found:
            self.people_table.selectRow(0)

    def _on_people_current_row_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        line = current.data(ROW_ROLE) if current.isValid() else None
        if not isinstance(line, PersonListLine):
            self.cases.set_rows([])
            return
        self.cases.set_rows(
            [
                TextRow((reference, ROLE_WORDS[role]), case_id)
                for case_id, reference, role in line.cases
            ]
        )

    def _on_cases_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        case_id = index.data(ROW_ROLE)
        if isinstance(case_id, int):
            self.case_requested.emit(case_id)
