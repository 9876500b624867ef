"""Add a perpetrator or a child to a case, checking first whether they are already on record."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.people import Person, PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.errors import NewCandidateError, UserFacingError
from marac_desktop.services import flags, records, vocabularies
from marac_desktop.services.people_matching import PersonCandidate

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.duplicate_check_step import DuplicateCheckStep
from marac_desktop.ui.cases.people_search import search_people
from marac_desktop.ui.cases.words import ROLE_WORDS, person_summary
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.widgets.person_fields import PersonFields
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label
from marac_desktop.ui.widgets.vocabulary_combo import VocabularyCombo

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

ROLES = (PartyRole.PERPETRATOR, PartyRole.CHILD)
RELATION_HINTS = {
    PartyRole.PERPETRATOR: "Choose, or describe: partner, former partner, son ...",
    PartyRole.CHILD: "Choose, or describe: son, daughter, stepchild ...",
}


class AddPersonDialog(QDialog):
    """On success ``person`` is the person added (new, or already on record)."""

    def __init__(
        self,
        workspace: Workspace,
        case_id: CaseId,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._case_id = case_id
        self._today = today
        self._details: PersonDetails | None = None
        self._shown: list[PersonId] = []
        self.person: Person | None = None
        self.new_flags = 0
        self.setWindowTitle("Add person")
        self.setMinimumSize(680, 560)

        self.role_combo = QComboBox()
        self.role_combo.setAccessibleDescription("The part this person plays in the case")
        for role in ROLES:
            self.role_combo.addItem(ROLE_WORDS[role], role.value)
        self._words = vocabularies.current(workspace)
        self.relation_edit = VocabularyCombo(self._words.relationship, blank=None, typed=True)
        self.relation_edit.setAccessibleDescription(
            "How this person is related to the victim, in a few words"
        )
        self.person_fields = PersonFields(self._words, self)
        self.next_button = QPushButton("Next")
        self.check_step = DuplicateCheckStep(link=False)
        self.check_step.add_before_main_button(self.cancel_button())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._details_step())
        self.stack.addWidget(self.check_step)
        self.status = StatusLabel()
        layout = dialog_layout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_current_index_changed)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.check_step.candidate_chosen.connect(self._on_check_step_candidate_chosen)
        self.check_step.someone_new_chosen.connect(self._on_check_step_someone_new_chosen)
        self.check_step.back_requested.connect(self._on_check_step_back_requested)
        self.next_button.setDefault(True)
        self._on_role_combo_current_index_changed(0)
        fit_to_contents(self)

    def _details_step(self) -> QWidget:
        step = QWidget()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(8)
        form.addRow("Role in the case", self.role_combo)
        form.addRow("Relationship to the victim", self.relation_edit)
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Add a person to the case", 2))
        layout.addLayout(form)
        layout.addWidget(self.person_fields)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button())
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        return step

    @property
    def role(self) -> PartyRole:
        return PartyRole(self.role_combo.currentData())

    def cancel_button(self) -> QPushButton:
        button = QPushButton("Cancel")
        button.clicked.connect(self.reject)
        return button

    @override
    def accept(self) -> None:
        """Enter on the first step means Next; the dialog closes only once someone is added."""
        if self.stack.currentIndex() == 0:
            self._on_next_button_clicked()

    def _on_role_combo_current_index_changed(self, _index: int) -> None:
        line = self.relation_edit.lineEdit()
        if line is not None:
            line.setPlaceholderText(RELATION_HINTS[self.role])

    def _on_next_button_clicked(self) -> None:
        self.status.clear_message()
        try:
            details = records.validate_person(self.person_fields.details(), self._today)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        search_people(
            self, self.status, self._workspace, details, lambda found: self._found(details, found)
        )

    def _found(self, details: PersonDetails, found: list[PersonCandidate]) -> None:
        self._details = details
        self._shown = [c.person.id for c in found]
        if not found:
            self._add(details)
            return
        self.check_step.show_candidates(person_summary(details), found)
        self.stack.setCurrentIndex(1)

    def _offer_again(self, details: PersonDetails, sentence: str) -> None:
        """Search again and show who may be this person now, with the sentence."""

        def found(candidates: list[PersonCandidate]) -> None:
            self._found(details, candidates)
            self.status.show_error(sentence)

        search_people(self, self.status, self._workspace, details, found)

    def _on_check_step_candidate_chosen(self, candidate: PersonCandidate) -> None:
        self._add(candidate.person.id)

    def _on_check_step_someone_new_chosen(self) -> None:
        if self._details is not None:
            self._add(self._details)

    def _on_check_step_back_requested(self) -> None:
        self.status.clear_message()
        self.stack.setCurrentIndex(0)

    def _add(self, person: PersonDetails | PersonId) -> None:
        try:
            with busy_cursor():
                self.person = records.add_person_to_case(
                    self._workspace,
                    self._case_id,
                    person,
                    self.role,
                    self.relation_edit.value(),
                    today=self._today,
                    shown=self._shown,
                )
                self.new_flags = flags.refresh(self._workspace, self._case_id, self._today)
        except NewCandidateError as error:  # someone who may be them was saved meanwhile
            if isinstance(person, PersonDetails):
                self._offer_again(person, str(error))
            return
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        super().accept()
