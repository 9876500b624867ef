"""A person's details and the other records confirmed as the same person (links can be undone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.people import Person
from marac_desktop.errors import UserFacingError
from marac_desktop.services import people_matching, records, vocabularies
from marac_desktop.services.people_matching import PersonCandidate

from marac_desktop.ui.cases.candidates_panel import CandidatesPanel
from marac_desktop.ui.cases.link_records_dialog import LINK_EXPLANATION
from marac_desktop.ui.cases.people_search import search_people
from marac_desktop.ui.cases.person_card import safe_to_call_words
from marac_desktop.ui.cases.words import (
    aliases_text,
    capitalised,
    dob_text,
    person_summary,
    yes_no,
)
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.messages import confirm
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

NO_LINKS = "No other records are linked to this person."
NO_CANDIDATES = "No other records look like this person."
CANDIDATES_HEIGHT = 720


class PersonDialog(QDialog):
    """``load()`` reads the person; the window title never names them."""

    def __init__(
        self, workspace: Workspace, person_id: PersonId, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._person_id = person_id
        self.person: Person | None = None
        self.links: list[tuple[int, Person]] = []
        self.undo_buttons: list[QPushButton] = []
        self.setWindowTitle("Person")
        self.setMinimumWidth(680)
        self.name_label = heading_label("", 2)
        self.details_form = QFormLayout()
        self.details_form.setVerticalSpacing(4)
        self.links_box = QVBoxLayout()
        self.links_box.setSpacing(4)
        self.search_button = QPushButton("Look for other records of this person")
        self.candidates = CandidatesPanel(choose=False, link=True)
        self.candidates.setVisible(False)
        self.status = StatusLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = dialog_layout(self)
        layout.addWidget(self.name_label)
        layout.addLayout(self.details_form)
        layout.addWidget(heading_label("Linked records (the same person)", 3))
        layout.addWidget(muted_label(LINK_EXPLANATION))
        layout.addLayout(self.links_box)
        layout.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.candidates, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.search_button.clicked.connect(self._on_search_button_clicked)
        self.candidates.link_requested.connect(self._on_candidates_link_requested)
        self.load()
        fit_to_contents(self)

    def load(self) -> None:
        try:
            self.person = records.get_person(self._workspace, self._person_id)
            self.links = people_matching.linked_people(self._workspace, self._person_id)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        details = self.person.details
        words = vocabularies.current(self._workspace)
        self.name_label.setText(details.display_name)
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        rows = [
            ("Date of birth", dob_text(details)),
            ("Gender", words.gender.shown(details.gender, details.gender_detail)),
            ("Ethnicity", words.ethnicity.shown(details.ethnicity, details.ethnicity_detail)),
            ("Disability", yes_no(details.disability)),
            ("Language", capitalised(details.language, "Not recorded")),
            ("Interpreter needed", yes_no(details.interpreter_needed)),
            ("Address", details.address or "Not recorded"),
            ("Postcode", details.postcode or "Not recorded"),
            ("Phone", f"{details.phone or 'No number'} ({safe_to_call_words(details)[0]})"),
        ]
        if details.aliases:
            also = aliases_text(details)
            rows.insert(0, ("Also known as", also))
        for label, value in rows:
            self.details_form.addRow(muted_label(label), paragraph_label(value))
        self._show_links()

    def _show_links(self) -> None:
        while self.links_box.count():
            item = self.links_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.undo_buttons = []
        if not self.links:
            self.links_box.addWidget(muted_label(NO_LINKS))
            return
        for link_id, other in self.links:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            details = other.details
            line.addWidget(paragraph_label(person_summary(details)), 1)
            undo = QPushButton("Undo link")
            undo.clicked.connect(lambda _=False, link=link_id: self._undo(link))
            line.addWidget(undo)
            self.undo_buttons.append(undo)
            self.links_box.addWidget(row)

    def _undo(self, link_id: int) -> None:
        if not confirm(
            self, "Undo this link? The two records will be treated as different people."
        ):
            return
        try:
            people_matching.undo_link(self._workspace, link_id)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self.status.show_success("The link has been undone.")
        self.load()

    def _on_search_button_clicked(self) -> None:
        if self.person is None:
            return
        search_people(
            self, self.status, self._workspace, self.person.details, self._on_search_found
        )

    def _on_search_found(self, found: list[PersonCandidate]) -> None:
        linked = {other.id for _link, other in self.links} | {self._person_id}
        others = [c for c in found if c.person.id not in linked]
        self.candidates.set_candidates(others)
        self.candidates.setVisible(bool(others))
        if others:
            self.resize(self.width(), max(self.height(), CANDIDATES_HEIGHT))
        else:
            self.status.show_note(NO_CANDIDATES)
            fit_to_contents(self)

    def _on_candidates_link_requested(self, candidate: PersonCandidate) -> None:
        if not confirm(
            self,
            "Link this record with the other one as the same person? Nothing is merged, and "
            "you can undo the link here.",
        ):
            return
        try:
            people_matching.confirm_same_person(
                self._workspace, self._person_id, candidate.person.id
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self.status.show_success("The records are linked as the same person.")
        self.candidates.setVisible(False)
        self.load()
