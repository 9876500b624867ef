"""Cases on the left; on the right the selected case's assessments over time and what to do next.

A change of circumstances means a new assessment: completed ones stay as they were, so the history
shows how the risk has moved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelection, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain import date_style
from marac_desktop.domain.assessments import AssessmentId, AssessmentStatus
from marac_desktop.domain.cases import CaseId, CaseSummary
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress
from marac_desktop.errors import UserFacingError
from marac_desktop.services import assessment_reports, assessments
from marac_desktop.services.assessments import LevelPoint

from marac_desktop.ui import background
from marac_desktop.ui.assessment.case_table_model import (
    COL_MINE,
    COL_VICTIM,
    SORT_ROLE,
    CaseTableModel,
)
from marac_desktop.ui.assessment.history_table_model import COL_ASSESSOR, HistoryTableModel
from marac_desktop.ui.assessment.level_chart import LevelChart
from marac_desktop.ui.assessment.new_victim_dialog import NewVictimDialog
from marac_desktop.ui.assessment.starting import ask_and_start, open_wizard
from marac_desktop.ui.assessment.wizard import AssessmentWizard
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.models.paged_table_model import fit_rows_to_pages
from marac_desktop.ui.models.table_selection import selected_row
from marac_desktop.ui.page_jobs import start_page_job
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.printing import print_pdf
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

TITLE = "Assessments"
INTRODUCTION = (
    "Each case keeps its risk checklists over time. When circumstances change (a new incident, "
    "leaving, a pregnancy) start a new assessment; completed ones are kept as they were."
)
PDF_NAME = "{reference} risk assessment {day}.pdf"
"""The case reference and the assessment date, never a name: the file name is seen in folders,
recent-file lists and email (docs/architecture.md, on what may appear where)."""
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")
PDF_FILTER = "PDF files (*.pdf)"
WRITE_FAILED = (
    "The summary could not be written there; choose another folder or free some disk space."
)
T = TypeVar("T")
SEARCHING = "Searching…"
NO_CASE = "Choose a case on the left, or add a new victim."
NO_ASSESSMENTS = "No assessments yet: start one with New assessment."
CASE_LIMIT = 300
"""At most this many cases are listed; the search box finds any other."""
SEARCH_DELAY_MS = 300
"""Typing waits this long for the next key before searching; Enter searches at once."""


DEFAULT_LIST = (
    "Your cases (those you are the IDVA on) come first, then the cases assessed or changed "
    "most recently; search to find any other."
)


def limit_note(search: str, limit: int = CASE_LIMIT) -> str:
    if search:
        return f"Showing the first {limit} matching cases; type more to narrow the search."
    return f"Showing {limit} of your and the most recent cases; search to find any other."


def summary_file_name(reference: str, assessed: date) -> str:
    """``C-000123 risk assessment 2026-12-01.pdf``; a reference is a code, and anything in it
    that a folder could take for a path is left out."""
    safe = _UNSAFE_IN_NAME.sub("-", reference).strip("-") or "case"
    return PDF_NAME.format(reference=safe, day=date_style.in_file(assessed))


def default_pdf_path(reference: str, assessed: date) -> Path:
    documents = Path.home() / "Documents"
    folder = documents if documents.is_dir() else Path.home()
    return folder / summary_file_name(reference, assessed)


def victim_details(case: CaseSummary) -> str:
    born = case.victim.date_of_birth
    return f"Born {day_text(born)}" if born else "Date of birth not known"


@dataclass(frozen=True, slots=True)
class _Found:
    search: str
    found: list[CaseSummary]
    cases: list[CaseSummary]
    levels: dict[CaseId, str]
    mine: frozenset[CaseId] = frozenset()

    @property
    def more(self) -> bool:
        return len(self.found) > CASE_LIMIT


def _read_cases(workspace: Workspace, search: str, pinned: CaseSummary | None) -> _Found:
    """The cases listed for ``search`` (the pinned case first when there is none), with their
    latest levels; safe on any thread."""
    listed = assessments.listed_cases(workspace, search, CASE_LIMIT + 1)
    found = listed.cases
    cases = found[:CASE_LIMIT]
    if not search and pinned is not None and all(c.id != pinned.id for c in cases):
        cases.insert(0, pinned)
    levels = assessments.latest_levels(workspace, [c.id for c in cases])
    return _Found(search, found, cases, levels, listed.mine)


class AssessmentsPage(Page):
    wizard_opened = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, INTRODUCTION, parent)
        self._workspace = workspace
        self._histories: dict[int, list[LevelPoint]] = {}
        self._pinned: CaseSummary | None = None
        self._open_after: tuple[int, int] | None = None
        """A case to list even when it is not among the recently assessed (a new victim)."""
        self.wizard: AssessmentWizard | None = None

        self.case_model = CaseTableModel(self)
        self.case_proxy = QSortFilterProxyModel(self)
        self.case_proxy.setSourceModel(self.case_model)
        self.case_proxy.setSortRole(SORT_ROLE)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Search cases by name or reference")
        self.filter_edit.setPlaceholderText("Find by reference, name or postcode")
        self.filter_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.list_note = muted_label(DEFAULT_LIST)
        self.limit_label = muted_label()
        self.limit_label.setVisible(False)
        self.case_table = self._table()
        self.case_table.setAccessibleName("Cases")
        self.case_table.setModel(self.case_proxy)
        self.case_table.setSortingEnabled(True)
        self.case_table.sortByColumn(COL_MINE, Qt.SortOrder.AscendingOrder)
        self.case_table.horizontalHeader().setSectionResizeMode(
            COL_VICTIM, QHeaderView.ResizeMode.Stretch
        )
        self.new_victim_button = QPushButton("New &victim…")
        self.new_victim_button.setEnabled(workspace.can(Permission.MANAGE_CASES))

        self.case_heading = heading_label(NO_CASE, 2)
        self.case_details = muted_label()
        self.chart = LevelChart()
        self.history_model = HistoryTableModel(self)
        self.history_table = self._table()
        self.history_table.setModel(self.history_model)
        self.history_table.horizontalHeader().setSectionResizeMode(
            COL_ASSESSOR, QHeaderView.ResizeMode.Stretch
        )
        self.empty_label = muted_label(NO_ASSESSMENTS)
        self.new_assessment_button = QPushButton("&New assessment…")
        self.open_button = QPushButton("&Resume draft")
        self.save_pdf_button = QPushButton("Save summary &PDF…")
        self.print_button = QPushButton("Prin&t…")
        self.status = StatusLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 12, 0)
        left_layout.setSpacing(10)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.list_note)
        left_layout.addWidget(self.case_table, 1)
        left_layout.addWidget(self.limit_label)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_victim_button)
        new_row.addStretch(1)
        left_layout.addLayout(new_row)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.setSpacing(10)
        right_layout.addWidget(self.case_heading)
        right_layout.addWidget(self.case_details)
        right_layout.addWidget(self.chart)
        right_layout.addWidget(self.history_table, 1)
        right_layout.addWidget(self.empty_label)
        right_layout.addStretch()  # the buttons at the foot, while no history table fills it
        buttons = FlowLayout(gap=8)
        for button in (
            self.new_assessment_button,
            self.open_button,
            self.save_pdf_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.status)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 780])  # room for the victim's name beside the IDVA column
        self.splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(300)
        right.setMinimumWidth(420)
        self.page_layout.addWidget(self.splitter, 1)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.case_table.selectionModel().selectionChanged.connect(
            self._on_case_table_selection_changed
        )
        self.history_table.selectionModel().selectionChanged.connect(
            self._on_history_table_selection_changed
        )
        self.history_table.activated.connect(self._on_history_table_activated)
        self.new_victim_button.clicked.connect(self._on_new_victim_button_clicked)
        self.new_assessment_button.clicked.connect(self._on_new_assessment_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.save_pdf_button.clicked.connect(self._on_save_pdf_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self._show_case(None)

    @staticmethod
    def _table() -> QTableView:
        table = read_only_table(wrap=False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        fit_rows_to_pages(table, 1)  # columns fitted to the rows on screen, not every row
        return table

    # ----- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again on the reading thread, keeping the selected case selected."""
        selected = self.selected_case()
        self._histories = {}
        if selected is not None:
            self._pinned = selected
        self._search()

    def refresh_and_select(self, case_id: int, assessment_id: int | None = None) -> None:
        """Read the list and the case's history again, then select the case (and assessment)."""
        self._histories = {}
        self._search((case_id, assessment_id))

    def _show_cases(self, found: _Found) -> None:
        self.case_model.set_cases(found.cases, found.levels, found.mine)
        self.list_note.setVisible(not found.search)
        self.limit_label.setText(limit_note(found.search, CASE_LIMIT))
        self.limit_label.setVisible(found.more)

    def _search(self, wanted: tuple[int, int | None] | None = None) -> None:
        """List the cases for the search box's text, with all their levels in one read, on the
        reading thread (a name search reads every case); then select ``wanted`` (a case and
        an assessment), or keep the selected case selected if it is still listed."""
        self._search_timer.stop()
        if wanted is None:
            selected, point = self.selected_case(), self.selected_point()
            if selected is not None:
                wanted = (selected.id, point.id if point else None)
        workspace, search, pinned = self._workspace, self.filter_edit.text().strip(), self._pinned

        def found(cases: _Found) -> None:
            self._show_cases(cases)
            if wanted is not None and self.case_model.row_of(wanted[0]) >= 0:
                self._select(*wanted)
            else:
                self._show_case(None)

        def failed(error: UserFacingError) -> None:
            self.limit_label.setVisible(False)
            show_user_error(self, error)

        self.limit_label.setText(SEARCHING)
        self.limit_label.setVisible(True)
        background.runner().load(
            (self, "search"),
            lambda _progress: _read_cases(workspace, search, pinned),
            found,
            failed=failed,
            owner=self,
        )

    def _clear_search(self) -> None:
        """Empty the search box without starting a search."""
        self._search_timer.stop()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)

    def history(self, case: CaseSummary) -> list[LevelPoint]:
        """The case's assessments, read once per refresh (each read is audited).

        Only the selected case's history is read; the list's levels come in one read.
        """
        if case.id not in self._histories:
            try:
                self._histories[case.id] = assessments.level_history(self._workspace, case.id)
            except UserFacingError:
                return []
        return self._histories[case.id]

    def selected_case(self) -> CaseSummary | None:
        return selected_row(self.case_table, self.case_proxy, self.case_model)

    def selected_point(self) -> LevelPoint | None:
        rows = self.history_table.selectionModel().selectedRows()
        return self.history_model.point_at(rows[0].row()) if rows else None

    def select_case(self, case_id: int, assessment_id: int | None = None) -> None:
        """Select a case, listing it (and emptying the search box) if it is not listed."""
        if self.case_model.row_of(case_id) >= 0:
            self._select(case_id, assessment_id)
            return
        try:
            case = assessments.get_case(self._workspace, CaseId(case_id))
        except UserFacingError:
            self._show_case(None)
            return
        self._pin(case, assessment_id)

    def open_assessment(self, case_id: int, assessment_id: int) -> None:
        """Select the case and open its assessment in the checklist, once the case is listed
        (it may have to be read first)."""
        self._open_after = (case_id, assessment_id)
        self.select_case(case_id, assessment_id)

    def _pin(self, case: CaseSummary, assessment_id: int | None = None) -> None:
        """List ``case`` even when it is neither the user's nor recent, and select it."""
        self._pinned = case
        self._clear_search()
        self._search((case.id, assessment_id))

    def _select(self, case_id: int, assessment_id: int | None = None) -> None:
        source_row = self.case_model.row_of(case_id)
        if source_row < 0:
            self._show_case(None)
            return
        index = self.case_proxy.mapFromSource(self.case_model.index(source_row, 0))
        self.case_table.selectRow(index.row())
        self._show_case(self.case_model.case_at(source_row), assessment_id)
        if self._open_after == (case_id, assessment_id):
            self._open_after = None
            self.open_selected()

    def _show_case(self, case: CaseSummary | None, assessment_id: int | None = None) -> None:
        points = self.history(case) if case else []
        self.case_heading.setText(
            f"{case.reference} · {case.victim.display_name}" if case else NO_CASE
        )
        self.case_details.setText(victim_details(case) if case else "")
        self.case_details.setVisible(case is not None)
        self.chart.set_points(points)
        self.chart.setVisible(case is not None)
        self.history_model.set_rows(points)
        self.history_table.setVisible(bool(points))
        self.empty_label.setVisible(case is not None and not points)
        if points:
            ids = [p.id for p in points]
            row = ids.index(AssessmentId(assessment_id)) if assessment_id in ids else len(ids) - 1
            self.history_table.selectRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        case = self.selected_case()
        point = self.selected_point()
        can_record = self._workspace.can(Permission.RECORD_ASSESSMENTS)
        self.new_assessment_button.setEnabled(case is not None and can_record)
        draft = point is not None and point.status is AssessmentStatus.DRAFT
        self.open_button.setText("&Resume draft" if draft or point is None else "&View")
        self.open_button.setEnabled(point is not None and (can_record or not draft))
        for button in (self.save_pdf_button, self.print_button):
            button.setEnabled(point is not None)

    # ----- actions --------------------------------------------------------------------------

    def add_victim(self) -> CaseSummary | None:
        dialog = NewVictimDialog(self._workspace, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created_case is None:
            return None
        case = dialog.created_case
        self._histories = {}
        self._pin(case)
        self.status.show_success(f"Case {case.reference} created.")
        return case

    def new_assessment(self) -> AssessmentWizard | None:
        case = self.selected_case()
        if case is None:
            return None
        record = ask_and_start(self._workspace, case.id, self)
        if record is None:
            return None
        self._pinned = case
        self.refresh_and_select(case.id, record.id)
        return self._open_wizard(record)

    def open_selected(self) -> AssessmentWizard | None:
        point = self.selected_point()
        if point is None:
            return None
        try:
            with busy_cursor():
                record = assessments.get(self._workspace, point.id)
        except UserFacingError as error:
            show_user_error(self, error)
            return None
        return self._open_wizard(record)

    def _open_wizard(self, record: assessments.AssessmentRecord) -> AssessmentWizard:
        wizard = open_wizard(self._workspace, record, self)
        wizard.finished.connect(self._on_wizard_finished)
        self.wizard = wizard
        self.wizard_opened.emit(wizard)
        return wizard

    def save_summary(self) -> Path | None:
        """Ask where, then write the summary on the background runner; the path chosen, or
        None (the status line says how it ended)."""
        point, case = self.selected_point(), self.selected_case()
        if point is None or case is None:
            return None
        suggested = default_pdf_path(case.reference, point.assessment_date)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save summary PDF", str(suggested), PDF_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        workspace, assessment_id = self._workspace, point.id

        def save(progress: Progress) -> None:
            try:
                assessment_reports.save_summary_pdf(workspace, assessment_id, path, progress)
            except OSError:
                raise UserFacingError(WRITE_FAILED) from None

        started = self._in_background(
            "Saving the summary",
            save,
            lambda _none: self.status.show_success(f"Summary saved to {path}."),
        )
        return path if started else None

    def print_summary(self) -> bool:
        """Make the summary on the background runner, then offer the print dialog; False if
        it could not start."""
        point = self.selected_point()
        if point is None:
            return False
        workspace, assessment_id = self._workspace, point.id

        def made(pdf: bytes) -> None:
            try:
                if print_pdf(self, pdf):
                    assessment_reports.record_print(workspace, assessment_id)
                    self.status.show_success("The summary was sent to the printer.")
            except UserFacingError as error:
                show_user_error(self, error)

        return self._in_background(
            "Making the summary",
            lambda progress: assessment_reports.summary_pdf_bytes(
                workspace, assessment_id, progress
            ),
            made,
        )

    def _in_background(
        self, title: str, work: Callable[[Progress], T], done: Callable[[T], None]
    ) -> bool:
        return start_page_job(self, self.status, title, work, done)

    # ----- slots ----------------------------------------------------------------------------

    def _on_filter_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_filter_edit_return_pressed(self) -> None:
        self._search()

    def _on_search_timer_timeout(self) -> None:
        self._search()

    def _on_case_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.status.clear_message()
        self._show_case(self.selected_case())

    def _on_history_table_selection_changed(
        self, _new: QItemSelection, _old: QItemSelection
    ) -> None:
        self._update_buttons()

    def _on_history_table_activated(self, _index: QModelIndex) -> None:
        if self.open_button.isEnabled():
            self.open_selected()

    def _on_new_victim_button_clicked(self) -> None:
        self.add_victim()

    def _on_new_assessment_button_clicked(self) -> None:
        self.new_assessment()

    def _on_open_button_clicked(self) -> None:
        self.open_selected()

    def _on_save_pdf_button_clicked(self) -> None:
        self.save_summary()

    def _on_print_button_clicked(self) -> None:
        self.print_summary()

    def _on_wizard_finished(self, _result: int) -> None:
        wizard = self.wizard
        self.wizard = None
        case = self.selected_case()
        if wizard is not None:
            record_id = int(wizard.record.id)
            wizard.deleteLater()
            if case is not None:
                self.refresh_and_select(case.id, record_id)
                return
        self.refresh()
