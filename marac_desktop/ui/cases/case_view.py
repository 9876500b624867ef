"""One case: its people, incidents, referrals, assessments and flags, and one timeline of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import CaseFlag, CaseRecord, FlagStatus, PartyRole
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.flags import is_notice
from marac_desktop.services import assessments, records, sheet_import, vocabularies
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui.assessment.starting import ask_and_start, open_wizard
from marac_desktop.ui.assessment.wizard import AssessmentWizard
from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog
from marac_desktop.ui.cases.idva_dialog import IdvaDialog
from marac_desktop.ui.cases.incident_dialog import IncidentDialog
from marac_desktop.ui.cases.level_strip import LevelStrip
from marac_desktop.ui.cases.person_card import PersonCard
from marac_desktop.ui.cases.person_dialog import PersonDialog
from marac_desktop.ui.cases.referral_dialog import ReferralDialog
from marac_desktop.ui.cases.text_table_model import TextRow, TextTableModel
from marac_desktop.ui.cases.timeline import build_timeline
from marac_desktop.ui.cases.words import (
    INCIDENT_WORDS,
    REFERRAL_STATUS_WORDS,
    criteria_text,
    day_text,
    earlier_idvas_text,
    flag_status_text,
    flag_words,
    idva_text,
    level_words,
    review_text,
)
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import (
    StatusLabel,
    heading_label,
    muted_label,
    paragraph_label,
)

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

PEOPLE_MIN_WIDTH = 360
IDVA_RECORDED = "The IDVA has been recorded."
IDVA_STOPPED = "The date the IDVA stopped has been recorded."
TIMELINE_HEADERS = ("Date", "What", "Details")
INCIDENT_HEADERS = ("Date", "What happened", "Source agency", "Reported to police")
REFERRAL_HEADERS = ("Date", "Referring agency", "Criteria met", "Status", "Meeting")
ASSESSMENT_HEADERS = ("Date", "Level", "Yes answers", "Refer to MARAC", "Status", "Assessor")
FLAG_HEADERS = ("Raised on", "Flag", "Status", "Evidence", "Reviewed")
SHEET_HEADERS = ("Sheet row", "Referral date", "DASH score (as the sheet recorded it)", "Children")
NOTE_HEADERS = ("Column", "Note")
TAB_SHEET = 5
FLAG_EVIDENCE, FLAG_REVIEW = 3, 4
SECTIONS = (
    (PartyRole.VICTIM, "Victim"),
    (PartyRole.PERPETRATOR, "Perpetrators"),
    (PartyRole.CHILD, "Children and dependants"),
)


@dataclass(frozen=True, slots=True)
class CaseRead:
    """What the case view shows, read in one go (on any thread)."""

    record: CaseRecord
    levels: list[LevelPoint]
    imported: sheet_import.ImportedDetails


def read_case(workspace: Workspace, case_id: CaseId) -> CaseRead:
    """Raises UserFacingError if the case cannot be read."""
    return CaseRead(
        records.case_record(workspace, case_id),
        assessments.level_history(workspace, case_id),
        sheet_import.imported_details(workspace, case_id),
    )


def summary_text(record: CaseRecord, assessments: int) -> str:
    """3 people · 1 incident · ... · 1 open flag (· 2 notices): notices are counted apart."""
    waiting = [f for f in record.flags if f.status is FlagStatus.OPEN]
    notices = sum(is_notice(f.kind) for f in waiting)
    parts = [
        counted(len(record.parties), "person", "people"),
        counted(len(record.incidents), "incident"),
        counted(len(record.referrals), "referral"),
        counted(assessments, "assessment"),
        counted(len(waiting) - notices, "open flag"),
    ]
    if notices:
        parts.append(counted(notices, "notice"))
    elsewhere = sum(f.status is FlagStatus.OPEN for f in record.people_flags)
    if elsewhere:
        parts.append(f"{counted(elsewhere, 'open flag')} about its people from another case")
    return " · ".join(parts)


def flag_kind_text(flag: CaseFlag, record: CaseRecord) -> str:
    """Serial perpetrator; one raised on another case names the person it is about."""
    if flag.case_id == record.id or flag.person_id is None:
        return flag_words(flag.kind)
    names = {p.person.id: p.person.details.display_name for p in record.parties}
    return f"{flag_words(flag.kind)} (about {names.get(flag.person_id, 'a person')})"


def new_flags_text(count: int) -> str:
    """1 new flag raised for review. (2 new flags ...)"""
    return f"{counted(count, 'new flag')} raised for review."


def record_table(model: TextTableModel, name: str) -> QTableView:
    """``name``: what a screen reader calls it."""
    table = read_only_table(model=model, wrap=True)
    table.setAccessibleName(name)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


OWN_FILE_TIP = "What the cases you are the IDVA on hold on this person"


class CaseView(QWidget):
    """``load(case_id)`` shows a case; ``back_requested`` when the user wants the list."""

    back_requested = Signal()
    records_changed = Signal(int)
    perpetrator_requested = Signal(int)
    """A perpetrator's file asked for from their card (the person's id)."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._words = vocabularies.current(workspace)
        self._today = today
        self._register = workspace.can(Permission.VIEW_PERPETRATORS)
        self._own_register = workspace.can(Permission.VIEW_OWN_PERPETRATORS)
        self.record: CaseRecord | None = None
        self.levels: list[LevelPoint] = []
        self.person_cards: list[PersonCard] = []
        self.back_button = QPushButton("← All cases")
        self.heading = heading_label("Case")
        self.summary_label = muted_label()
        self.idva_label = paragraph_label()
        self.earlier_idvas_label = muted_label()
        self.earlier_idvas_label.setVisible(False)
        self.add_incident_button = QPushButton("Add incident…")
        self.add_referral_button = QPushButton("Add referral…")
        self.add_person_button = QPushButton("Add person…")
        self.idva_button = QPushButton("&IDVA…")
        self.idva_button.setToolTip(
            "Record a new IDVA supporting the victim, or that the IDVA has stopped"
        )
        self.assess_button = QPushButton("&Start assessment…")
        self.assess_button.setToolTip(
            "The risk checklist for this case, with what the case already holds filled in"
        )
        self.assess_button.setVisible(workspace.can(Permission.RECORD_ASSESSMENTS))
        self.wizard: AssessmentWizard | None = None
        self.status = StatusLabel()

        self.people_box = QVBoxLayout()
        self.people_box.setSpacing(8)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 8, 0)
        people_layout.addLayout(self.people_box)
        people_layout.addStretch(1)
        self.people_area = quiet_scroll(QScrollArea(), people)
        self.people_area.setMinimumWidth(PEOPLE_MIN_WIDTH)

        self.level_strip = LevelStrip()
        self.timeline_model = TextTableModel(TIMELINE_HEADERS, self)
        self.incident_model = TextTableModel(INCIDENT_HEADERS, self)
        self.referral_model = TextTableModel(REFERRAL_HEADERS, self)
        self.assessment_model = TextTableModel(ASSESSMENT_HEADERS, self)
        self.flag_model = TextTableModel(FLAG_HEADERS, self)
        self.timeline_table = record_table(self.timeline_model, "Timeline")
        self.incident_table = record_table(self.incident_model, "Incidents")
        self.referral_table = record_table(self.referral_model, "Referrals")
        self.assessment_table = record_table(self.assessment_model, "Assessments")
        self.flag_table = record_table(self.flag_model, "Flags")
        flag_header = self.flag_table.horizontalHeader()
        flag_header.setSectionResizeMode(FLAG_EVIDENCE, QHeaderView.ResizeMode.Stretch)
        flag_header.setSectionResizeMode(FLAG_REVIEW, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The case's records")
        self.tabs.addTab(self.timeline_table, "Timeline")
        self.tabs.addTab(self.incident_table, "Incidents")
        self.tabs.addTab(self.referral_table, "Referrals")
        self.tabs.addTab(self.assessment_table, "Assessments")
        self.tabs.addTab(self.flag_table, "Flags")
        self.sheet_model = TextTableModel(SHEET_HEADERS, self)
        self.note_model = TextTableModel(NOTE_HEADERS, self)
        self.note_table = record_table(self.note_model, "Notes")
        self.note_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sheet = QWidget()
        sheet_layout = QVBoxLayout(sheet)
        sheet_layout.setContentsMargins(0, 4, 0, 0)
        sheet_layout.addWidget(
            muted_label(
                "Brought in from the coordinator's tracking sheet. A DASH score here is the "
                "figure the sheet recorded, not a completed checklist."
            )
        )
        sheet_layout.addWidget(record_table(self.sheet_model, "From the tracking sheet"), 1)
        sheet_layout.addWidget(self.note_table, 2)
        self.tabs.addTab(sheet, "From the sheet")
        self.tabs.setTabVisible(TAB_SHEET, False)

        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(8, 0, 0, 0)
        history_layout.setSpacing(8)
        history_layout.addWidget(heading_label("Risk levels over time", 3))
        history_layout.addWidget(self.level_strip)
        history_layout.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.people_area)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([PEOPLE_MIN_WIDTH + 60, 3 * PEOPLE_MIN_WIDTH])
        self.splitter.setChildrenCollapsible(False)

        top = FlowLayout()
        top.addWidget(self.back_button)
        top.add_stretch()
        top.addWidget(self.add_incident_button)
        top.addWidget(self.add_referral_button)
        top.addWidget(self.add_person_button)
        top.addWidget(self.idva_button)
        top.addWidget(self.assess_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary_label)
        idva = QVBoxLayout()
        idva.setSpacing(2)
        idva.addWidget(self.idva_label)
        idva.addWidget(self.earlier_idvas_label)
        layout.addLayout(idva)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.add_incident_button.clicked.connect(self._on_add_incident_button_clicked)
        self.add_referral_button.clicked.connect(self._on_add_referral_button_clicked)
        self.add_person_button.clicked.connect(self._on_add_person_button_clicked)
        self.idva_button.clicked.connect(self._on_idva_button_clicked)
        self.assess_button.clicked.connect(self._on_assess_button_clicked)

    @property
    def case_id(self) -> CaseId | None:
        return self.record.id if self.record else None

    def load(self, case_id: CaseId) -> None:
        """Read and show the case here; raises UserFacingError if it cannot be read.

        Opening a case reads it on the reading thread instead (``read_case``, then ``show``)."""
        self.show_case(read_case(self._workspace, case_id))

    def show_case(self, read: CaseRead) -> None:
        self.status.clear_message()
        self.record, self.levels = read.record, read.levels
        self._fill()
        self._fill_imported(read.imported)

    def _fill_imported(self, imported: sheet_import.ImportedDetails) -> None:
        self.sheet_model.set_rows(
            [
                TextRow(
                    (
                        str(f.sheet_row),
                        day_text(f.referral_day),
                        "" if f.dash_score is None else f"{f.dash_score} (imported)",
                        "" if f.children_count is None else str(f.children_count),
                    ),
                    f,
                )
                for f in imported.facts
            ]
        )
        self.note_model.set_rows([TextRow((n.heading, n.body), n) for n in imported.notes])
        self.tabs.setTabVisible(TAB_SHEET, bool(imported.facts or imported.notes))

    def reload(self) -> None:
        if self.record is None:
            return
        try:
            self.load(self.record.id)
        except UserFacingError as error:
            self.status.show_error(str(error))

    def clear(self) -> None:
        """Forget the case shown (when going back to the list or locking)."""
        self.record, self.levels = None, []
        self._clear_people()
        for model in (
            self.timeline_model,
            self.incident_model,
            self.referral_model,
            self.assessment_model,
            self.flag_model,
            self.sheet_model,
            self.note_model,
        ):
            model.set_rows([])
        self.tabs.setTabVisible(TAB_SHEET, False)
        self.level_strip.set_points([])
        self.summary_label.clear()
        self.idva_label.clear()
        self.earlier_idvas_label.clear()
        self.earlier_idvas_label.setVisible(False)

    def _fill(self) -> None:
        record = self.record
        assert record is not None
        self.setWindowTitle(f"Case {record.reference}")
        self.heading.setText(f"Case {record.reference}")
        self.summary_label.setText(summary_text(record, len(self.levels)))
        self.idva_label.setText(idva_text(record.idva))
        earlier = earlier_idvas_text(record.idvas)
        self.earlier_idvas_label.setText(earlier)
        self.earlier_idvas_label.setVisible(bool(earlier))
        self._fill_people(record)
        self.level_strip.set_points(self.levels)
        self.timeline_model.set_rows(
            [
                TextRow((day_text(e.day), e.what, e.detail), e)
                for e in build_timeline(record, self.levels, self._words.agency)
            ]
        )
        self.incident_model.set_rows(
            [
                TextRow(
                    (
                        day_text(i.day),
                        INCIDENT_WORDS[i.kind],
                        self._words.agency.shown(i.source_agency, i.source_agency_detail),
                        "Yes" if i.reported_to_police else "No",
                    ),
                    i,
                )
                for i in sorted(record.incidents, key=lambda i: i.day)
            ]
        )
        self.referral_model.set_rows(
            [
                TextRow(
                    (
                        day_text(r.day),
                        self._words.agency.shown(r.referring_agency, r.referring_agency_detail),
                        criteria_text(r.criteria),
                        REFERRAL_STATUS_WORDS[r.status],
                        day_text(r.meeting_day, ""),
                    ),
                    r,
                )
                for r in sorted(record.referrals, key=lambda r: r.day)
            ]
        )
        self.assessment_model.set_rows(
            [
                TextRow(
                    (
                        day_text(p.assessment_date),
                        level_words(p.level),
                        str(p.yes_count),
                        "Yes" if p.refer_to_marac else "No",
                        p.status.value.capitalize(),
                        p.assessor,
                    ),
                    p,
                )
                for p in self.levels
            ]
        )
        self.flag_model.set_rows(
            [
                TextRow(
                    (
                        day_text(f.raised_on),
                        flag_kind_text(f, record),
                        flag_status_text(f),
                        f.evidence,
                        review_text(f),
                    ),
                    f,
                    f.evidence,
                )
                for f in sorted(record.flags + record.people_flags, key=lambda f: f.raised_on)
            ]
        )
        counts = (
            len(record.incidents),
            len(record.referrals),
            len(self.levels),
            len(record.flags) + len(record.people_flags),
        )
        for tab, (name, count) in enumerate(
            zip(("Incidents", "Referrals", "Assessments", "Flags"), counts, strict=True), start=1
        ):
            self.tabs.setTabText(tab, f"{name} ({count})")

    def _clear_people(self) -> None:
        while self.people_box.count():
            item = self.people_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.person_cards = []

    def _fill_people(self, record: CaseRecord) -> None:
        self._clear_people()
        own_file = not self._register and self._own_register and record.yours
        for role, title in SECTIONS:
            parties = [p for p in record.parties if p.role is role]
            if not parties and role is PartyRole.VICTIM:
                continue
            self.people_box.addWidget(heading_label(title, 3))
            if not parties:
                self.people_box.addWidget(muted_label("None recorded."))
            for party in parties:
                card = PersonCard(
                    party,
                    self._words,
                    record.flags + record.people_flags,
                    file_button=role is PartyRole.PERPETRATOR and (self._register or own_file),
                )
                if own_file:
                    card.file_button.setToolTip(OWN_FILE_TIP)
                card.details_requested.connect(self._on_person_card_details_requested)
                card.file_requested.connect(self.perpetrator_requested)
                self.people_box.addWidget(card)
                self.person_cards.append(card)

    def _after_change(self, new_flags: int, done: str) -> None:
        self.reload()
        if new_flags:
            done += f" {new_flags_text(new_flags)}"
        self.status.show_success(done)
        if self.record is not None:
            self.records_changed.emit(int(self.record.id))

    def _on_back_button_clicked(self) -> None:
        self.back_requested.emit()

    def _on_add_incident_button_clicked(self) -> None:
        if self.record is None:
            return
        dialog = IncidentDialog(self._workspace, self.record.id, self, self._today)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.new_flags, "The incident has been added.")

    def _on_add_referral_button_clicked(self) -> None:
        if self.record is None:
            return
        dialog = ReferralDialog(self._workspace, self.record.id, self, self._today)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.new_flags, "The referral has been added.")

    def _on_add_person_button_clicked(self) -> None:
        if self.record is None:
            return
        dialog = AddPersonDialog(self._workspace, self.record.id, self, self._today)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.new_flags, "The person has been added to the case.")

    def _on_idva_button_clicked(self) -> None:
        if self.record is None:
            return
        record = self.record
        dialog = IdvaDialog(
            self._workspace, record.id, record.idva, self, self._today, record.version
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(0, IDVA_STOPPED if dialog.stopping else IDVA_RECORDED)

    def start_assessment(self) -> AssessmentWizard | None:
        """Ask the date, start the checklist for this case and open it (as the Assessments
        page does); the case is read again when the checklist closes."""
        if self.record is None or not self._workspace.can(Permission.RECORD_ASSESSMENTS):
            return None
        started = ask_and_start(self._workspace, self.record.id, self, self._today)
        if started is None:
            return None
        self.reload()
        self.wizard = open_wizard(self._workspace, started, self)
        self.wizard.finished.connect(self._on_wizard_finished)
        return self.wizard

    def _on_assess_button_clicked(self) -> None:
        self.start_assessment()

    def _on_wizard_finished(self, _result: int) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.deleteLater()
        self.reload()
        if self.record is not None:
            self.records_changed.emit(int(self.record.id))

    def _on_person_card_details_requested(self, person_id: int) -> None:
        PersonDialog(self._workspace, PersonId(person_id), self).exec()
