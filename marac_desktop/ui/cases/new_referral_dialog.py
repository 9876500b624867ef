"""A new MARAC referral: the victim, a check for earlier records of them, then the referral.

Nothing is saved until "Save referral". If the victim may already be on record the user says
whether they are one of the people found ("Yes, this person") or someone new; records are never
merged automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.errors import NewCandidateError, UserFacingError
from marac_desktop.risk.referral_grounds import CaseHistory
from marac_desktop.services import (
    flags,
    people_matching,
    records,
    referral_grounds,
    settings,
    vocabularies,
)
from marac_desktop.services.people_matching import CaseHistoryLine, PersonCandidate

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.duplicate_check_step import DuplicateCheckStep
from marac_desktop.ui.cases.link_records_dialog import LinkRecordsDialog
from marac_desktop.ui.cases.people_search import search_people
from marac_desktop.ui.cases.record_fields import ReferralFields
from marac_desktop.ui.cases.words import day_text, person_summary
from marac_desktop.ui.dialogs.frame import dialog_layout
from marac_desktop.ui.widgets.person_fields import PersonFields
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

STEP_DETAILS = 0
STEP_CANDIDATES = 1
STEP_REFERRAL = 2
LINKED_NOTE = "The two records are now linked. Undo this from the person's details if it was wrong."


@dataclass(frozen=True, slots=True)
class VictimChoice:
    """Who the referral is for: new details, or a person already on record."""

    details: PersonDetails
    existing: PersonCandidate | None = None


def victim_cases(candidate: PersonCandidate) -> list[CaseHistoryLine]:
    """The person's cases as the victim, latest referral first."""
    lines = [line for line in candidate.cases if line.role is PartyRole.VICTIM]
    return sorted(lines, key=lambda line: line.last_referral or date.min, reverse=True)


class NewReferralDialog(QDialog):
    """On success ``case_id`` is the case the referral was added to (new or existing)."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today
        self._choice: VictimChoice | None = None
        self._candidates: list[PersonCandidate] = []
        self._opened_case: CaseId | None = None
        self.case_id: CaseId | None = None
        self.new_flags = 0
        self.links_made = 0
        self.setWindowTitle("New referral")
        self.setMinimumSize(720, 600)

        self.stack = QStackedWidget()
        self._words = vocabularies.current(workspace)
        policy = settings.load_policy(workspace)
        self.person_fields = PersonFields(
            self._words, self, minimum_age=policy.minimum_victim_age, today=today
        )
        self.next_button = QPushButton("Next")
        self.stack.addWidget(self._details_step())
        self.check_step = DuplicateCheckStep(link=True)
        self.check_step.add_before_main_button(self.cancel_button())
        self.stack.addWidget(self.check_step)
        self.who_label = paragraph_label()
        self.where_group = QButtonGroup(self)
        self.where_box = QVBoxLayout()
        self.where_box.setContentsMargins(0, 0, 0, 0)
        self.where_box.setSpacing(4)
        self.where_buttons: list[QRadioButton] = []
        self.referral_fields = ReferralFields(policy, self._words.agency, self, today)
        self.save_button = QPushButton("Save referral")
        self.referral_back_button = QPushButton("Back")
        self.stack.addWidget(self._referral_step())

        self.status = StatusLabel()
        layout = dialog_layout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)

        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.check_step.candidate_chosen.connect(self._on_check_step_candidate_chosen)
        self.check_step.link_requested.connect(self._on_check_step_link_requested)
        self.check_step.someone_new_chosen.connect(self._on_check_step_someone_new_chosen)
        self.check_step.back_requested.connect(self._on_check_step_back_requested)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.referral_back_button.clicked.connect(self._on_referral_back_button_clicked)
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.next_button.setDefault(True)
        self.person_fields.focus_first()
        fit_to_contents(self)

    def _details_step(self) -> QWidget:
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("The victim", 2))
        layout.addWidget(
            paragraph_label(
                "Enter what you know. Before anything is saved, MARAC Desktop checks whether "
                "this person is already on record."
            )
        )
        layout.addWidget(self.person_fields)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button())
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        return step

    def _referral_step(self) -> QWidget:
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("The referral", 2))
        layout.addWidget(self.who_label)
        layout.addLayout(self.where_box)
        layout.addWidget(self.referral_fields)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.referral_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button())
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        return step

    @property
    def choice(self) -> VictimChoice | None:
        return self._choice

    def target_case(self) -> CaseId | None:
        """The existing case chosen for the referral, or None to open a new case."""
        for button in self.where_buttons:
            if button.isChecked():
                case_id = button.property("case_id")
                return CaseId(int(case_id)) if case_id else None
        return None

    def cancel_button(self) -> QPushButton:
        button = QPushButton("Cancel")
        button.clicked.connect(self.reject)
        return button

    @override
    def accept(self) -> None:
        if self.stack.currentIndex() == STEP_REFERRAL:
            self._on_save_button_clicked()

    def _on_stack_current_changed(self, step: int) -> None:
        """Enter goes on from the details and saves the referral (the candidates' step has a
        main button of its own)."""
        self.next_button.setDefault(step == STEP_DETAILS)
        self.save_button.setDefault(step == STEP_REFERRAL)

    # ----- step 1: the victim's details --------------------------------------------------

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
        self._candidates = list(found)
        if self._candidates:
            self._choice = VictimChoice(details)
            self.check_step.show_candidates(person_summary(details), self._candidates)
            self.stack.setCurrentIndex(STEP_CANDIDATES)
        else:
            self._go_to_referral(VictimChoice(details))

    # ----- step 2: is this one of these people? --------------------------------------------

    def _on_check_step_candidate_chosen(self, candidate: PersonCandidate) -> None:
        assert self._choice is not None
        self._go_to_referral(VictimChoice(self._choice.details, candidate))

    def _on_check_step_someone_new_chosen(self) -> None:
        assert self._choice is not None
        self._go_to_referral(VictimChoice(self._choice.details))

    def _on_check_step_back_requested(self) -> None:
        self.status.clear_message()
        self.stack.setCurrentIndex(STEP_DETAILS)

    def _on_check_step_link_requested(self, candidate: PersonCandidate) -> None:
        others = [c for c in self._candidates if c.person.id != candidate.person.id]
        dialog = LinkRecordsDialog(candidate, others, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        try:
            people_matching.confirm_same_person(self._workspace, candidate.person.id, dialog.chosen)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self.links_made += 1
        self.status.show_success(LINKED_NOTE)

    # ----- step 3: the referral -------------------------------------------------------------

    def _go_to_referral(self, choice: VictimChoice) -> None:
        self._choice = choice
        self.status.clear_message()
        for button in self.where_buttons:
            self.where_group.removeButton(button)
            button.hide()
            button.deleteLater()
        self.where_buttons = []
        self.stack.setCurrentIndex(STEP_REFERRAL)
        self.referral_fields.show_history(CaseHistory())  # a new case holds nothing yet
        name = choice.details.display_name
        if choice.existing is None:
            self.who_label.setText(f"A new case will be opened for {name}, a new person.")
            return
        person = choice.existing.person.details
        lines = victim_cases(choice.existing)
        if not lines:
            self.who_label.setText(
                f"A new case will be opened for {person.display_name}, who is already on record."
            )
            return
        self.who_label.setText(
            f"{person.display_name} is already the victim in a case. Where does this referral go?"
        )
        for line in lines:
            referral = day_text(line.last_referral, "no referral yet")
            self._add_where(f"Add it to case {line.reference} (last referral {referral})", line)
        self._add_where("Open a new case for them (for example, a different perpetrator)", None)
        self.where_buttons[0].setChecked(True)
        self._read_history()

    def _add_where(self, text: str, line: CaseHistoryLine | None) -> None:
        button = QRadioButton(text)
        button.setProperty("case_id", int(line.case_id) if line else 0)
        self.where_group.addButton(button)
        self.where_box.addWidget(button)
        self.where_buttons.append(button)
        button.toggled.connect(self._on_where_button_toggled)

    def _on_where_button_toggled(self, checked: bool) -> None:
        if checked:
            self._read_history()

    def _read_history(self) -> None:
        """The criteria worked out from the case the referral goes to (a new one holds
        nothing)."""
        case_id = self._opened_case or self.target_case()
        try:
            history = (
                CaseHistory()
                if case_id is None
                else referral_grounds.case_history(self._workspace, case_id)
            )
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self.referral_fields.show_history(history)

    def _on_referral_back_button_clicked(self) -> None:
        self.status.clear_message()
        self.stack.setCurrentIndex(STEP_CANDIDATES if self._candidates else STEP_DETAILS)

    def _on_save_button_clicked(self) -> None:
        choice = self._choice
        if choice is None:
            return
        try:
            day, agency, criteria, assessment_id = self.referral_fields.values()
            with busy_cursor():
                case_id = self._case_for(choice)
                records.record_referral(
                    self._workspace,
                    case_id,
                    day,
                    agency,
                    criteria,
                    today=self._today,
                    assessment_id=assessment_id,
                )
                self.new_flags = flags.refresh(self._workspace, case_id, self._today)
        except NewCandidateError as error:  # someone who may be them was saved meanwhile
            self._offer_again(choice.details, str(error))
            return
        except UserFacingError as error:
            self._read_history()  # the case may have changed meanwhile: show it as it is now
            self.status.show_error(str(error))
            return
        self.case_id = case_id
        super().accept()

    def _offer_again(self, details: PersonDetails, sentence: str) -> None:
        """Search again and show who may be this person now, with the sentence; the referral
        typed stays in its step."""

        def found(candidates: list[PersonCandidate]) -> None:
            self._found(details, candidates)
            self.status.show_error(sentence)

        search_people(self, self.status, self._workspace, details, found)

    def _case_for(self, choice: VictimChoice) -> CaseId:
        if self._opened_case is not None:  # a case opened by an attempt that then failed
            return self._opened_case
        existing = self.target_case()
        if existing is not None:
            return existing
        victim = choice.existing.person.id if choice.existing else choice.details
        shown = [c.person.id for c in self._candidates]
        record = records.open_case(self._workspace, victim, self._today, shown)
        self._opened_case = record.id
        self.referral_back_button.setEnabled(False)  # the case exists now; finish it
        return record.id
