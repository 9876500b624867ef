"""One perpetrator's file: who they are, their cases and victims, incidents, what the checklist
says of them, flags, the priority score explained, and what the partnership does about them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from typing_extensions import override

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.perpetrators import (
    Intervention,
    PerpetratorAction,
    PerpetratorCase,
    PerpetratorFile,
)
from marac_desktop.domain.progress import Progress
from marac_desktop.domain.records import FlagStatus
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.perpetrator_priority import PriorityScore
from marac_desktop.services import (
    perpetrator_profile,
    perpetrator_ranking,
    perpetrators,
    vocabularies,
)

from marac_desktop.ui import background
from marac_desktop.ui.cases.case_view import record_table
from marac_desktop.ui.cases.person_card import FLAG_COLOURS, badge
from marac_desktop.ui.cases.text_table_model import ROW_ROLE, TextTableModel
from marac_desktop.ui.cases.words import FLAG_STATUS_WORDS, dob_text, flag_words
from marac_desktop.ui.meetings.meetings_page import PDF_FILTER, WRITE_FAILED, pdf_path
from marac_desktop.ui.meetings.restricted_document_dialog import PRINT, ProfileDialog
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.models.row_table_model import RowTableModel
from marac_desktop.ui.perpetrators import file_tables
from marac_desktop.ui.perpetrators.action_dialog import PerpetratorActionDialog
from marac_desktop.ui.perpetrators.action_status_dialog import PerpetratorActionStatusDialog
from marac_desktop.ui.perpetrators.file_tables import PerpetratorActionModel
from marac_desktop.ui.perpetrators.intervention_dialog import InterventionDialog
from marac_desktop.ui.perpetrators.intervention_status_dialog import InterventionStatusDialog
from marac_desktop.ui.perpetrators.nominate_dialog import NominateDialog
from marac_desktop.ui.perpetrators.partner_referral_dialog import PartnerReferralDialog
from marac_desktop.ui.perpetrators.words import intervention_text, score_lines_text
from marac_desktop.ui.printing import print_pdf
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

T = TypeVar("T")

TAB_CASES, TAB_INCIDENTS, TAB_FACTORS, TAB_REFERRALS = 0, 1, 2, 3
TAB_INTERVENTIONS, TAB_ACTIONS, TAB_NOMINATIONS = 4, 5, 6
TAB_NAMES = (
    "Cases",
    "Incidents",
    "Checklist",
    "Partner referrals",
    "Interventions",
    "Actions",
    "Nominations",
)
OWN_TABS = (TAB_CASES, TAB_INCIDENTS, TAB_FACTORS)
"""The tabs an IDVA sees: what their own cases hold."""
OWN_ONLY = (
    "Only what the cases you are the IDVA on hold on this person. Their other cases, the "
    "priority score and what partners do about them are for coordinators and safeguarding "
    "leads."
)
PROFILE_FILE_NAME = "perpetrator-profile.pdf"
PROFILE_PRINTED = "The profile was sent to the printer."
TABS_MIN_HEIGHT = 200
SUMMARY_MIN_HEIGHT = 150
NOMINATED = "The nomination has been recorded, with today's score."
REFERRAL_RECORDED = "The partner's referral has been recorded; it counts in the ranking."
INTERVENTION_ADDED = "The intervention has been added."
INTERVENTION_CHANGED = "The intervention's status has been saved."
ACTION_ADDED = "The action has been added."
ACTION_CHANGED = "The action's status has been saved."


@dataclass(frozen=True, slots=True)
class FileRead:
    """What the file shows, read in one go (on any thread)."""

    file: PerpetratorFile
    score: PriorityScore | None
    """None for an IDVA: the score counts cases that are not theirs."""


def read_file(workspace: Workspace, person_id: PersonId, today: date | None = None) -> FileRead:
    """The whole file, or for an IDVA what their own cases hold; raises UserFacingError if
    the file cannot be read."""
    if not workspace.can(Permission.VIEW_PERPETRATORS):
        return FileRead(perpetrators.own_perpetrator_file(workspace, person_id), None)
    return FileRead(
        perpetrators.perpetrator_file(workspace, person_id),
        perpetrator_ranking.perpetrator_score(workspace, person_id, today),
    )


def file_name(found: PerpetratorFile) -> str:
    return PersonDetails(found.family_name, found.given_names).display_name


def facts_text(found: PerpetratorFile, today: date | None = None) -> str:
    """Born 3 Feb 1980 (age 46) · also known as TESTER, Al · 2 cases · 2 victims"""
    details = PersonDetails(found.family_name, found.given_names, date_of_birth=found.date_of_birth)
    parts = [
        f"Born {dob_text(details, today)}" if found.date_of_birth else "Date of birth not known"
    ]
    if found.aliases:
        parts.append(f"also known as {'; '.join(found.aliases)}")
    parts.append(counted(len(found.cases), "case"))
    parts.append(counted(found.victims, "victim"))
    return " · ".join(parts)


def score_heading(score: PriorityScore) -> str:
    return f"Priority score today: {score.score}"


def _table(model: TextTableModel | RowTableModel[PerpetratorAction], name: str) -> QTableView:
    table = record_table(model, name)  # type: ignore[arg-type]
    table.setTabKeyNavigation(False)
    return table


class PerpetratorFileView(QWidget):
    """``open(person_id)`` reads a file on the reading thread and shows it; ``back_requested``
    when the user wants the lists, ``case_requested`` to open one of the cases."""

    back_requested = Signal()
    case_requested = Signal(int)
    changed = Signal()
    """Something was recorded about the perpetrator (the ranking may read differently now)."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today
        self._words = vocabularies.current(workspace)
        self.read: FileRead | None = None
        manage = workspace.can(Permission.MANAGE_PERPETRATORS)
        self.everything = workspace.can(Permission.VIEW_PERPETRATORS)
        """False for an IDVA, who sees what their own cases hold and nothing more."""
        self.back_button = QPushButton(
            "← All perpetrators" if self.everything else "← Perpetrators in your cases"
        )
        self.nominate_button = QPushButton("&Nominate for tasking…")
        self.nominate_button.setVisible(manage)
        self.profile_button = QPushButton("&Print profile…")
        self.profile_button.setToolTip("Save or print the restricted subject profile (PDF)")
        self.profile_button.setVisible(self.everything)
        self.heading = heading_label("Perpetrator")
        self.facts_label = paragraph_label()
        self.flags_box = QVBoxLayout()
        self.flags_box.setSpacing(4)
        self.score_heading = heading_label("", 3)
        self.score_model_label = muted_label()
        self.score_lines_label = paragraph_label()
        self.status = StatusLabel()

        self.case_model = TextTableModel(file_tables.CASE_HEADERS, self)
        self.incident_model = TextTableModel(file_tables.INCIDENT_HEADERS, self)
        self.factor_model = TextTableModel(file_tables.FACTOR_HEADERS, self)
        self.referral_model = TextTableModel(file_tables.REFERRAL_HEADERS, self)
        self.intervention_model = TextTableModel(file_tables.INTERVENTION_HEADERS, self)
        self.action_model = PerpetratorActionModel(self)
        self.nomination_model = TextTableModel(file_tables.NOMINATION_HEADERS, self)
        self.case_table = _table(self.case_model, "Cases")
        self.incident_table = _table(self.incident_model, "Incidents")
        self.factor_table = _table(self.factor_model, "The checklist's answers about them")
        self.referral_table = _table(self.referral_model, "Partner referrals")
        self.intervention_table = _table(self.intervention_model, "Interventions")
        self.action_table = _table(self.action_model, "Actions")
        self.nomination_table = _table(self.nomination_model, "Nominations")
        for table, column in (
            (self.factor_table, 2),
            (self.referral_table, 2),
            (self.intervention_table, 4),
            (self.action_table, file_tables.COL_WHAT),
            (self.nomination_table, 1),
        ):
            table.horizontalHeader().setStretchLastSection(False)
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        self.open_case_button = QPushButton("Open case")
        self.open_case_button.setVisible(workspace.can(Permission.MANAGE_CASES))
        self.referral_button = QPushButton("Record partner referral…")
        self.add_intervention_button = QPushButton("Add intervention…")
        self.intervention_status_button = QPushButton("Change status…")
        self.add_action_button = QPushButton("Add action…")
        self.action_status_button = QPushButton("Change action status…")
        for button in (
            self.referral_button,
            self.add_intervention_button,
            self.intervention_status_button,
            self.add_action_button,
            self.action_status_button,
        ):
            button.setVisible(manage)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What the register holds on the perpetrator")
        for name, table, buttons in (
            (TAB_NAMES[TAB_CASES], self.case_table, (self.open_case_button,)),
            (TAB_NAMES[TAB_INCIDENTS], self.incident_table, ()),
            (TAB_NAMES[TAB_FACTORS], self.factor_table, ()),
            (TAB_NAMES[TAB_REFERRALS], self.referral_table, (self.referral_button,)),
            (
                TAB_NAMES[TAB_INTERVENTIONS],
                self.intervention_table,
                (self.add_intervention_button, self.intervention_status_button),
            ),
            (
                TAB_NAMES[TAB_ACTIONS],
                self.action_table,
                (self.add_action_button, self.action_status_button),
            ),
            (TAB_NAMES[TAB_NOMINATIONS], self.nomination_table, ()),
        ):
            self.tabs.addTab(self._tab(table, buttons), name)
        for tab in range(self.tabs.count()):
            self.tabs.setTabVisible(tab, self.everything or tab in OWN_TABS)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.profile_button)
        top.addWidget(self.nominate_button)
        about = QVBoxLayout()
        about.setSpacing(6)
        about.addWidget(self.facts_label)
        about.addLayout(self.flags_box)
        if not self.everything:
            about.addWidget(muted_label(OWN_ONLY))
        about.addStretch(1)
        summary_widget = QWidget()
        summary = QHBoxLayout(summary_widget)
        summary.setContentsMargins(0, 0, 0, 0)
        summary.setSpacing(16)
        summary.addLayout(about, 1)
        if self.everything:
            summary.addWidget(self._score_box(), 1)
        # In a low window the summary scrolls and the tables keep their room.
        self.summary_area = quiet_scroll(QScrollArea(), summary_widget)
        self._summary = summary_widget
        if self.everything:  # room for the score's explanation
            self.summary_area.setMinimumHeight(SUMMARY_MIN_HEIGHT)
        self.tabs.setMinimumHeight(TABS_MIN_HEIGHT)
        # The tables take what the summary leaves, whatever their own size hint.
        self.tabs.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary_area, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.nominate_button.clicked.connect(self._on_nominate_button_clicked)
        self.profile_button.clicked.connect(self._on_profile_button_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_button_clicked)
        self.case_table.activated.connect(self._on_case_table_activated)
        self.referral_button.clicked.connect(self._on_referral_button_clicked)
        self.add_intervention_button.clicked.connect(self._on_add_intervention_button_clicked)
        self.intervention_status_button.clicked.connect(self._on_intervention_status_button_clicked)
        self.intervention_table.activated.connect(self._on_intervention_table_activated)
        self.add_action_button.clicked.connect(self._on_add_action_button_clicked)
        self.action_status_button.clicked.connect(self._on_action_status_button_clicked)
        self.action_table.activated.connect(self._on_action_table_activated)
        for table in (self.case_table, self.intervention_table, self.action_table):
            table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    @staticmethod
    def _tab(table: QTableView, buttons: tuple[QPushButton, ...]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(table, 1)
        if buttons:
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        return page

    def _score_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("scoreBox")
        box.setStyleSheet("#scoreBox { border: 1px solid palette(mid); border-radius: 6px; }")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.score_heading)
        layout.addWidget(self.score_model_label)
        layout.addWidget(self.score_lines_label)
        return box

    # ----- reading --------------------------------------------------------------------------

    @property
    def person_id(self) -> PersonId | None:
        return self.read.file.person_id if self.read else None

    def open(
        self, person_id: PersonId, shown: Callable[[], None] | None = None, note: str = ""
    ) -> None:
        """Read the file on the reading thread, then show it (``shown`` after), with ``note``."""
        workspace, today = self._workspace, self._today

        def done(read: FileRead) -> None:
            self.show_file(read)
            if note:
                self.status.show_success(note)
            if shown is not None:
                shown()

        background.runner().load(
            (self, "file"),
            lambda _progress: read_file(workspace, person_id, today),
            done,
            failed=lambda error: show_user_error(self, error),
            owner=self,
        )

    def reload(self, note: str = "") -> None:
        if self.read is not None:
            self.open(self.read.file.person_id, note=note)

    def clear(self) -> None:
        background.runner().stop_load((self, "file"))
        self.read = None
        for model in (
            self.case_model,
            self.incident_model,
            self.factor_model,
            self.referral_model,
            self.intervention_model,
            self.nomination_model,
        ):
            model.set_rows([])
        self.action_model.set_rows([])
        self._show_flags(())
        self.heading.setText("Perpetrator")
        for label in (self.facts_label, self.score_heading, self.score_model_label):
            label.clear()
        self.score_lines_label.clear()
        self.status.clear_message()
        self._update_buttons()

    def show_file(self, read: FileRead) -> None:
        self.status.clear_message()
        self.read = read
        found, score = read.file, read.score
        self.heading.setText(file_name(found))
        self.facts_label.setText(facts_text(found, self._today))
        self._show_flags(found.flags)
        if score is not None:
            self.score_heading.setText(score_heading(score))
            self.score_model_label.setText(
                f"Priority model {score.model_id} v{score.model_version}"
            )
            self.score_lines_label.setText(score_lines_text(score.lines))
        words = self._words
        self.case_model.set_rows(file_tables.case_rows(found, words))
        self.incident_model.set_rows(file_tables.incident_rows(found))
        factor_rows = file_tables.factor_rows(found)
        self.factor_model.set_rows(factor_rows)
        self.referral_model.set_rows(file_tables.referral_rows(found, words))
        self.intervention_model.set_rows(file_tables.intervention_rows(found, words))
        self.action_model.show(found.actions, words, self._today or date.today())
        self.nomination_model.set_rows(file_tables.nomination_rows(found))
        self._fit_summary()
        counts = (
            len(found.cases),
            len(found.incidents),
            len(factor_rows),
            len(found.partner_referrals),
            len(found.interventions),
            len(found.actions),
            len(found.nominations),
        )
        for tab, (name, count) in enumerate(zip(TAB_NAMES, counts, strict=True)):
            self.tabs.setTabText(tab, f"{name} ({count})")
        overdue = self.action_model.overdue
        if overdue:
            self.tabs.setTabText(TAB_ACTIONS, f"Actions ({counts[TAB_ACTIONS]}, {overdue} overdue)")
        if found.cases and not self.case_table.selectionModel().hasSelection():
            self.case_table.selectRow(0)
        self._update_buttons()

    def _fit_summary(self) -> None:
        """The summary as tall as its text at the width it has, and no taller: what the window
        has left goes to the tables (and the summary scrolls when that is too little)."""
        width = self.summary_area.viewport().width()
        wanted = self._summary.heightForWidth(width) if width > 0 else -1
        if wanted <= 0:
            wanted = self._summary.sizeHint().height()
        self.summary_area.setMaximumHeight(wanted)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_summary()

    def _show_flags(self, shown: tuple[tuple[str, str], ...]) -> None:
        while self.flags_box.count():
            item = self.flags_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for (kind, status), many in Counter(shown).items():
            flag_status = FlagStatus(status)
            what = flag_words(kind) + (f" ({many} flags)" if many > 1 else "")
            label = badge(
                f"{what}: {FLAG_STATUS_WORDS[flag_status].lower()}", FLAG_COLOURS[flag_status]
            )
            self.flags_box.addWidget(label, 0, Qt.AlignmentFlag.AlignLeft)

    # ----- choosing -------------------------------------------------------------------------

    def chosen_case(self) -> PerpetratorCase | None:
        return self._chosen(self.case_table, PerpetratorCase)

    def chosen_intervention(self) -> Intervention | None:
        return self._chosen(self.intervention_table, Intervention)

    def chosen_action(self) -> PerpetratorAction | None:
        rows = self.action_table.selectionModel().selectedRows()
        return self.action_model.row_at(rows[0].row()) if rows else None

    @staticmethod
    def _chosen(table: QTableView, kind: type[T]) -> T | None:
        rows = table.selectionModel().selectedRows()
        found = rows[0].data(ROW_ROLE) if rows else None
        return found if isinstance(found, kind) else None

    def _update_buttons(self, *_args: object) -> None:
        loaded = self.read is not None
        self.nominate_button.setEnabled(loaded)
        self.profile_button.setEnabled(loaded)
        self.referral_button.setEnabled(loaded)
        self.add_intervention_button.setEnabled(loaded)
        self.add_action_button.setEnabled(loaded)
        self.open_case_button.setEnabled(self.chosen_case() is not None)
        self.intervention_status_button.setEnabled(self.chosen_intervention() is not None)
        self.action_status_button.setEnabled(self.chosen_action() is not None)

    # ----- doing ----------------------------------------------------------------------------

    def _after(self, dialog: QDialog, note: str) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(note)
            self.changed.emit()

    def _name(self) -> str:
        return file_name(self.read.file) if self.read else ""

    def profile(self) -> bool:
        """Ask for a password, then save or print the subject profile in the background."""
        person_id, workspace, today = self.person_id, self._workspace, self._today
        if person_id is None:
            return False
        dialog = ProfileDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if dialog.choice == PRINT:

            def printed(pdf: bytes) -> None:
                if print_pdf(self, pdf):
                    perpetrator_profile.record_print(workspace, person_id)
                    self.status.show_success(PROFILE_PRINTED)

            return self._in_background(
                "Making the profile",
                lambda _p: perpetrator_profile.profile_bytes(workspace, person_id, today=today),
                printed,
            )
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the profile", str(Path.home() / PROFILE_FILE_NAME), PDF_FILTER
        )
        if not chosen:
            return False
        path, password = pdf_path(chosen), dialog.password

        def write(_progress: Progress) -> Path:
            try:
                return perpetrator_profile.save_profile(workspace, person_id, path, password, today)
            except OSError:
                raise UserFacingError(WRITE_FAILED) from None

        note = " It is encrypted; give the password separately." if password else ""
        return self._in_background(
            "Saving the profile",
            write,
            lambda saved: self.status.show_success(f"The profile was saved to {saved}.{note}"),
        )

    def _in_background(
        self, title: str, work: Callable[[Progress], T], done: Callable[[T], None]
    ) -> bool:
        started = background.runner().start(
            title, work, done, failed=lambda error: show_user_error(self, error), owner=self
        )
        if not started:
            self.status.show_error(background.runner().refusal())
        return started

    def _on_profile_button_clicked(self) -> None:
        self.profile()

    def _on_nominate_button_clicked(self) -> None:
        if self.person_id is not None:
            dialog = NominateDialog(
                self._workspace, self.person_id, self._name(), self, self._today
            )
            self._after(dialog, NOMINATED)

    def _on_referral_button_clicked(self) -> None:
        if self.person_id is not None:
            dialog = PartnerReferralDialog(
                self._workspace, self.person_id, self._name(), self, self._today
            )
            self._after(dialog, REFERRAL_RECORDED)

    def _on_add_intervention_button_clicked(self) -> None:
        if self.person_id is not None:
            dialog = InterventionDialog(
                self._workspace, self.person_id, self._name(), self, self._today
            )
            self._after(dialog, INTERVENTION_ADDED)

    def _on_intervention_status_button_clicked(self) -> None:
        chosen = self.chosen_intervention()
        if chosen is not None and self.intervention_status_button.isVisible():
            what = intervention_text(self._words, chosen)
            dialog = InterventionStatusDialog(self._workspace, chosen, what, self, self._today)
            self._after(dialog, INTERVENTION_CHANGED)

    def _on_intervention_table_activated(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        self._on_intervention_status_button_clicked()

    def _on_add_action_button_clicked(self) -> None:
        if self.person_id is not None:
            dialog = PerpetratorActionDialog(
                self._workspace, self.person_id, self._name(), self, self._today
            )
            self._after(dialog, ACTION_ADDED)

    def _on_action_status_button_clicked(self) -> None:
        chosen = self.chosen_action()
        if chosen is not None and self.action_status_button.isVisible():
            agency = self.action_model.agency_text(chosen)
            dialog = PerpetratorActionStatusDialog(self._workspace, chosen, agency, self)
            self._after(dialog, ACTION_CHANGED)

    def _on_action_table_activated(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        self._on_action_status_button_clicked()

    def _on_open_case_button_clicked(self) -> None:
        chosen = self.chosen_case()
        if chosen is not None and self.open_case_button.isVisible():
            self.case_requested.emit(int(chosen.case_id))

    def _on_case_table_activated(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        self._on_open_case_button_clicked()
