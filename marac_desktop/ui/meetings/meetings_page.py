"""The Meetings page: arrange meetings, build and order each list, attendance and documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingId, MeetingStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.words import counted
from marac_desktop.errors import StaleEditError, UserFacingError
from marac_desktop.services import (
    agenda_view,
    meeting_documents,
    meeting_list,
    meeting_minutes,
    meetings,
    research_returns,
    vocabularies,
)
from marac_desktop.services.agenda_view import MeetingView
from marac_desktop.services.meeting_list import WaitingElsewhere
from marac_desktop.services.research_returns import ImportedReturns

from marac_desktop.ui import background, style
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.meetings.add_case_dialog import AddCaseDialog
from marac_desktop.ui.meetings.agenda_model import (
    COL_CASE,
    COL_HEARD,
    COL_REASON,
    COL_REFERENCE,
    COL_SECTION,
    COL_SLOT,
    COL_VICTIM,
    AgendaListModel,
)
from marac_desktop.ui.meetings.attendance_panel import AttendancePanel
from marac_desktop.ui.meetings.meeting_mode import MeetingModeDialog
from marac_desktop.ui.meetings.meeting_table_model import (
    COL_WHEN,
    MeetingRow,
    MeetingTableModel,
)
from marac_desktop.ui.meetings.new_meeting_dialog import NewMeetingDialog
from marac_desktop.ui.meetings.remove_case_dialog import RemoveCaseDialog
from marac_desktop.ui.meetings.research_dialog import ResearchDialog
from marac_desktop.ui.meetings.restricted_document_dialog import (
    PRINT,
    MinutesDialog,
    ResearchListDialog,
    RestrictedDocumentDialog,
)
from marac_desktop.ui.meetings.words import (
    CANCELLED,
    CLOSED,
    EDITED,
    NOT_ALLOWED,
    STATUS_WORDS,
    cancel_question,
    close_question,
    meeting_title,
    research_summary,
    waiting_text,
)
from marac_desktop.ui.messages import confirm, show_user_error
from marac_desktop.ui.models.paged_table_model import fit_rows_to_pages
from marac_desktop.ui.models.table_selection import select_row_where, selected_row
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.printing import print_pdf
from marac_desktop.ui.widgets.flow_layout import FlowLayout
from marac_desktop.ui.widgets.refusal import refusal_note, show_refusal
from marac_desktop.ui.widgets.tables import RowsTable, read_only_table
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.workspace import Workspace

T = TypeVar("T")

INTRODUCTION = (
    "Arrange each MARAC meeting, build its list from the referrals received by the cut-off, "
    "put it in order, and send the anonymised agenda and each agency's research list."
)
AGENDA_FILE_NAME = "marac-agenda.pdf"
RESEARCH_FILE_NAME = "marac-research-list.pdf"
MINUTES_FILE_NAME = "marac-minutes.pdf"
PDF_FILTER = "PDF document (*.pdf);;All files (*)"
ATTENDANCE_TAB = 1
PROPOSING = "Proposing the list…"
READING = "Reading the meetings…"
PROPOSAL_STOPPED = "Stopped; the list is as it was."
TAKING_OFF = "Taking the case off the list"
REORDERING = "Saving the list's new order"
READING_LIST = "Reading the list"
IMPORTING_RETURNS = "Importing the research returns"
RETURN_FILE_FILTER = "Return files (*.csv *.xlsx);;All files (*)"
WRITE_FAILED = "The file could not be written there; choose another folder or free some space."


def pdf_path(chosen: str) -> Path:
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def end_text(view: MeetingView) -> str:
    count = len(view.rows)
    if view.meeting.status is MeetingStatus.CANCELLED:
        return "The meeting was cancelled; its cases can be proposed for another meeting."
    if not count:
        return "No cases on the list yet. Propose the list to fill it from the referrals."
    heard = sum(r.heard for r in view.rows)
    text = (
        f"{counted(count, 'case')}, {view.meeting.slot_minutes} minutes each: the meeting ends "
        f"about {view.ends_at:%H:%M}."
    )
    if heard:
        text += f" {heard} heard so far."
    return text


@dataclass(frozen=True, slots=True)
class RestrictedDocument:
    """A restricted document the page saves or prints: ``what`` names it in sentences."""

    what: str
    """As the save dialog's title ends: "the minutes"."""
    file_name: str
    make: Callable[[], bytes]
    save: Callable[[Path, str | None], object]
    record_print: Callable[[], None]


class MeetingsPage(Page):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: date | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        """``today`` (default: the day ``now`` gives) and ``now`` for tests."""
        super().__init__("Meetings", parent=parent)
        self._workspace = workspace
        self._today = today
        self._now = now
        self.allowed = workspace.can(Permission.MANAGE_MEETINGS)
        self.view: MeetingView | None = None
        self._order_to_save: list[CaseId] | None = None
        """The newest order the person gave the list, while an earlier one is being saved."""
        self._saving_order = False
        self.model = MeetingTableModel(self)
        self.meeting_table = QTableView()
        self.meeting_table.setAccessibleName("Meetings")
        self.agenda_model = AgendaListModel(self)
        self.agenda_table = RowsTable(rows=4)
        self.agenda_table.setAccessibleName("The meeting's list")
        self.count_label = muted_label()
        self.new_button = QPushButton("New meeting…")
        self.meeting_heading = heading_label("", 2)
        self.meeting_details = muted_label()
        self.propose_button = QPushButton("Propose list")
        self.add_case_button = QPushButton("Add case…")
        self.add_case_button.setToolTip("Put a case on this list by hand, with the reason")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.remove_button = QPushButton("Remove case…")
        self.returns_button = QPushButton("Research returns…")
        self.returns_button.setToolTip(
            "Which agencies research the selected case, and what each sent back"
        )
        self.import_returns_button = QPushButton("Import returns…")
        self.import_returns_button.setToolTip(
            "An agency's return file (CSV or .xlsx): meeting ref, agency, known (Y or N), and "
            "optionally summary, risks, contact and returned on"
        )
        self.research_label = paragraph_label()
        self.end_label = paragraph_label()
        self.attendance = AttendancePanel(workspace)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The meeting")
        self.mode_button = QPushButton("Meeting mode…")
        self.close_meeting_button = QPushButton("Close meeting…")
        self.edit_button = QPushButton("Edit meeting…")
        self.cancel_button = QPushButton("Cancel meeting…")
        self.close_note = refusal_note()
        self.close_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.agenda_button = QPushButton("Agenda (anonymised)…")
        self.print_agenda_button = QPushButton("Print agenda…")
        self.research_button = QPushButton("Research list…")
        self.minutes_button = QPushButton("Minutes…")
        self.status = StatusLabel()
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.add_text(paragraph_label(INTRODUCTION))
        self._build()

    # ----- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        table = self.meeting_table
        read_only_table(table, self.model, sort_by=(COL_WHEN, Qt.SortOrder.DescendingOrder))
        table.setMinimumHeight(style.ems(6))  # the heading and three meetings
        table.setMaximumHeight(style.ems(11.5))
        fit_rows_to_pages(table, 1)  # a year of meetings costs what the five shown cost
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        agenda = self.agenda_table
        read_only_table(agenda, self.agenda_model, wrap=False)
        fit_rows_to_pages(agenda, 1)  # a long reason is cut; its tooltip shows it whole
        agenda.setDragEnabled(True)
        agenda.setAcceptDrops(True)
        agenda.setDropIndicatorShown(True)
        agenda.setDragDropOverwriteMode(False)
        agenda.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        agenda.setDefaultDropAction(Qt.DropAction.MoveAction)
        agenda.setToolTip("Drag a case to put it elsewhere on the list, or use Move up/down.")
        header = agenda.horizontalHeader()
        for column in (COL_SLOT, COL_REFERENCE, COL_CASE, COL_VICTIM, COL_SECTION, COL_HEARD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)

        list_buttons = FlowLayout()
        list_buttons.addWidget(self.propose_button)
        list_buttons.addWidget(self.add_case_button)
        list_buttons.add_stretch()
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addWidget(self.returns_button)
        list_buttons.addWidget(self.import_returns_button)
        list_tab = QWidget()
        list_layout = QVBoxLayout(list_tab)
        list_layout.setContentsMargins(0, 8, 0, 0)
        list_layout.addWidget(
            muted_label("Drag a case, or select it and use Move up or Move down, to reorder.")
        )
        list_layout.addWidget(self.agenda_table, 1)
        list_layout.addWidget(self.end_label)
        list_layout.addWidget(self.research_label)
        list_layout.addLayout(list_buttons)
        self.tabs.addTab(list_tab, "List")
        self.tabs.addTab(self.attendance, "Attendance")

        documents = FlowLayout()
        documents.addWidget(self.mode_button)
        documents.addWidget(self.edit_button)
        documents.addWidget(self.cancel_button)
        documents.addWidget(self.close_meeting_button)
        documents.add_stretch()
        documents.addWidget(self.agenda_button)
        documents.addWidget(self.print_agenda_button)
        documents.addWidget(self.research_button)
        documents.addWidget(self.minutes_button)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.setSpacing(6)
        detail_layout.addWidget(self.meeting_heading)
        detail_layout.addWidget(self.meeting_details)
        detail_layout.addWidget(self.tabs, 1)
        detail_layout.addWidget(self.status)
        detail_layout.addLayout(documents)
        detail_layout.addWidget(self.close_note)
        self.detail = detail

        self.page_layout.addLayout(top)
        self.page_layout.addWidget(self.meeting_table)
        self.page_layout.addWidget(detail, 1)

        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.meeting_table.selectionModel().selectionChanged.connect(
            self._on_meeting_table_selection_changed
        )
        self.agenda_table.selectionModel().selectionChanged.connect(
            self._on_agenda_table_selection_changed
        )
        self.agenda_model.order_changed.connect(self._on_agenda_model_order_changed)
        self.propose_button.clicked.connect(self._on_propose_button_clicked)
        self.add_case_button.clicked.connect(self._on_add_case_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.returns_button.clicked.connect(self._on_returns_button_clicked)
        self.import_returns_button.clicked.connect(self._on_import_returns_button_clicked)
        self.mode_button.clicked.connect(self._on_mode_button_clicked)
        self.close_meeting_button.clicked.connect(self._on_close_meeting_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.agenda_button.clicked.connect(self._on_agenda_button_clicked)
        self.print_agenda_button.clicked.connect(self._on_print_agenda_button_clicked)
        self.research_button.clicked.connect(self._on_research_button_clicked)
        self.minutes_button.clicked.connect(self._on_minutes_button_clicked)

    # ----- loading ------------------------------------------------------------------------

    def refresh(self, select: MeetingId | None = None, success: str = "") -> None:
        """Read the meetings on the reading thread, then select ``select`` (default: the one
        selected now, else the newest) and read its list the same way; ``success`` is said
        once it is selected (a change of meeting clears what was said before)."""
        if not self.allowed:
            return
        chosen = select if select is not None else self.selected_meeting_id()
        workspace = self._workspace

        def read(_progress: Progress) -> list[MeetingRow]:
            found = meetings.list_meetings(workspace)
            counts = meetings.case_counts(workspace)
            return [MeetingRow(m, counts.get(m.id, 0)) for m in found]

        def failed(error: UserFacingError) -> None:
            self.status.show_error(str(error))
            self._show_meetings([], None)

        if not self.model.rowCount():
            self.count_label.setText(READING)
        background.runner().load(
            (self, "meetings"),
            read,
            lambda rows: self._show_meetings(rows, chosen, success),
            failed=failed,
            owner=self,
        )

    def _show_meetings(
        self, rows: list[MeetingRow], chosen: MeetingId | None, success: str = ""
    ) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(
            f"{counted(len(rows), 'meeting')}."
            if rows
            else "No meetings yet. Start with a new meeting."
        )
        if not (chosen is not None and self.select_meeting(chosen)) and rows:
            self.meeting_table.selectRow(0)
        if self.selected_meeting_id() is None:  # else selecting it has loaded it already
            self._load_selected()
        if success:
            self.status.show_success(success)

    def selected_meeting_id(self) -> MeetingId | None:
        row = selected_row(self.meeting_table, None, self.model) if self.allowed else None
        return row.meeting.id if row else None

    def select_meeting(self, meeting_id: int) -> bool:
        return select_row_where(
            self.meeting_table, None, self.model, lambda row: row.meeting.id == meeting_id
        )

    def _load_selected(self) -> None:
        """Read the selected meeting's list on the reading thread, keeping what is shown until
        it is in (a newer selection replaces the read)."""
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            background.runner().stop_load((self, "view"))
            self._show_loaded(None)
            return
        workspace = self._workspace

        def failed(error: UserFacingError) -> None:
            self.status.show_error(str(error))
            self._show_loaded(None)

        background.runner().load(
            (self, "view"),
            lambda _progress: agenda_view.meeting_view(workspace, meeting_id),
            self._show_loaded,
            failed=failed,
            owner=self,
        )

    def _show_loaded(self, view: MeetingView | None) -> None:
        self._show_view(view)
        self.attendance.load(view.meeting.id if view else None, view.attendance if view else ())

    def _show_view(self, view: MeetingView | None, select_case: CaseId | None = None) -> None:
        self.view = view
        self.agenda_model.notes = view.notes if view else {}
        self.agenda_model.who = view.who if view else {}
        self.agenda_model.research = (
            {case.case_id: case for case in view.research.cases} if view else {}
        )
        self.agenda_model.set_rows(view.rows if view else ())
        self.detail.setEnabled(view is not None)
        if view is None:
            self.meeting_heading.setText("No meeting selected")
            self.meeting_details.setText("")
            self.end_label.setText("")
            self.research_label.setText("")
        else:
            meeting = view.meeting
            self.meeting_heading.setText(meeting_title(meeting))
            self.meeting_details.setText(
                f"Chair: {meeting.chair} · Area: {meeting.area} · List closes "
                f"{day_text(meeting.cutoff)} · {STATUS_WORDS[meeting.status]}"
            )
            self.end_label.setText(end_text(view))
            self.research_label.setText(research_summary(view.research, self._day()))
            overdue = view.research.overdue(self._day()) > 0
            self.research_label.setStyleSheet(f"color: {style.ERROR_COLOUR};" if overdue else "")
        if select_case is not None:
            self._select_case(select_case)
        self._update_buttons()

    def _select_case(self, case_id: CaseId) -> None:
        for row in range(self.agenda_model.rowCount()):
            if self.agenda_model.row_at(row).case_id == case_id:
                self.agenda_table.selectRow(row)

    def selected_agenda_row(self) -> int | None:
        rows = self.agenda_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        row = self.selected_agenda_row()
        count = self.agenda_model.rowCount()
        heard = self.view is not None and any(r.heard for r in self.view.rows)
        planned = self.view is not None and self.view.meeting.status is MeetingStatus.PLANNED
        cancelled = self.view is not None and self.view.meeting.status is MeetingStatus.CANCELLED
        self.propose_button.setEnabled(self.view is not None and not heard and not cancelled)
        self.edit_button.setEnabled(planned)
        self.add_case_button.setEnabled(planned)
        self.cancel_button.setEnabled(planned and not heard)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < count - 1)
        self.remove_button.setEnabled(row is not None and not self.agenda_model.row_at(row).heard)
        self.returns_button.setEnabled(row is not None and not cancelled)
        self.import_returns_button.setEnabled(count > 0 and not cancelled)
        for button in (
            self.mode_button,
            self.agenda_button,
            self.print_agenda_button,
            self.research_button,
        ):
            button.setEnabled(count > 0)
        self.minutes_button.setEnabled(count > 0 and not cancelled)
        refusal = self.view.meeting.close_refusal(self._day()) if self.view else None
        show_refusal(self.close_meeting_button, self.close_note, refusal)
        self.close_meeting_button.setEnabled(self.view is not None and refusal is None)

    def _day(self) -> date:
        return self._today or self._now().date()

    # ----- the list -------------------------------------------------------------------------

    def propose(self) -> bool:
        if self.view is None:
            return False
        if self.view.rows and not confirm(
            self,
            "Propose the list again? The cases on it now, and the order you gave them, are "
            "replaced by the list the rules propose.",
        ):
            return False
        workspace, meeting_id, today = self._workspace, self.view.meeting.id, self._today

        def proposed(done: tuple[MeetingView, list[WaitingElsewhere]]) -> None:
            view, waiting = done
            self._show_view(view)
            self._update_count(view)
            self.status.show_success(
                f"{counted(len(view.rows), 'case')} proposed for the list." + waiting_text(waiting)
            )

        def stopped() -> None:
            self.status.show_note(PROPOSAL_STOPPED)

        started = background.runner().start(
            "Proposing the list",
            lambda progress: (
                meeting_list.build_list(workspace, meeting_id, today, progress),
                meeting_list.waiting_elsewhere(workspace, meeting_id),
            ),
            proposed,
            failed=lambda error: show_user_error(self, error),
            stopped=stopped,
            owner=self,
        )
        if started:
            self.status.show_note(PROPOSING)
        else:
            self.status.show_error(background.runner().refusal())
        return started

    def add_case(self) -> bool:
        """Put a case the coordinator chooses on the list, then show it there, selected."""
        if self.view is None:
            return False
        listed = frozenset(row.case_id for row in self.view.rows)
        dialog = AddCaseDialog(self._workspace, self.view.meeting.id, listed, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.added is None:
            return False
        added = dialog.added
        workspace, meeting_id = self._workspace, self.view.meeting.id

        def done(view: MeetingView) -> None:
            self._show_view(view, added.case_id)
            self._update_count(view)
            self.status.show_success(f"Added to the list as {added.reference}.")

        self._in_background(
            READING_LIST, lambda _progress: agenda_view.meeting_view(workspace, meeting_id), done
        )
        return True

    def move_selected(self, step: int) -> bool:
        row = self.selected_agenda_row()
        if row is None:
            return False
        destination = row + step if step < 0 else row + step + 1
        return self.agenda_model.move_rows_to([row], destination)

    def remove_selected(self) -> bool:
        row = self.selected_agenda_row()
        if row is None or self.view is None:
            return False
        entry = self.agenda_model.row_at(row)
        dialog = RemoveCaseDialog(entry.reference, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        workspace, meeting_id, reason = self._workspace, self.view.meeting.id, dialog.reason()

        def work(progress: Progress) -> MeetingView:
            progress.stopping_disabled(TAKING_OFF)  # one short transaction, then the list
            meeting_list.remove_case(workspace, meeting_id, entry.case_id, reason)
            return agenda_view.meeting_view(workspace, meeting_id)

        def done(view: MeetingView) -> None:
            self._show_view(view)
            self._update_count(view)
            self.status.show_success(f"{entry.reference} was taken off the list.")

        return self._in_background(TAKING_OFF, work, done)

    def research_returns(self) -> bool:
        """The selected case's research: the agencies asked and what each sent back."""
        row = self.selected_agenda_row()
        if row is None or self.view is None:
            return False
        view, case_id = self.view, self.agenda_model.row_at(row).case_id
        research = next(c for c in view.research.cases if c.case_id == case_id)
        notes = view.notes.get(case_id)
        try:
            agencies = list(vocabularies.current(self._workspace).agency.terms)
        except UserFacingError as error:
            show_user_error(self, error)
            return False
        dialog = ResearchDialog(
            self._workspace,
            view.meeting.id,
            research,
            agencies,
            notes.version if notes else None,
            self,
            self._day(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.status.show_success(f"Research saved for {research.meeting_reference}.")
        self._reload(case_id)
        return True

    def import_returns(self) -> bool:
        """Bring in an agency's return file for the shown meeting, all or nothing."""
        if self.view is None:
            return False
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import research returns", "", RETURN_FILE_FILTER
        )
        if not chosen:
            return False
        workspace, meeting_id, today = self._workspace, self.view.meeting.id, self._day()
        selected = self.selected_agenda_row()
        keep = self.agenda_model.row_at(selected).case_id if selected is not None else None

        def work(_progress: Progress) -> tuple[MeetingView, ImportedReturns]:
            imported = research_returns.import_returns(workspace, meeting_id, Path(chosen), today)
            return agenda_view.meeting_view(workspace, meeting_id), imported

        def done(result: tuple[MeetingView, ImportedReturns]) -> None:
            view, imported = result
            self._show_view(view, keep)
            self.status.show_success(
                f"{counted(imported.returns, 'return')} imported for "
                f"{counted(imported.cases, 'case')}."
            )

        return self._in_background(IMPORTING_RETURNS, work, done)

    def _reload(self, select_case: CaseId) -> None:
        """Read the shown meeting again, keeping ``select_case`` selected."""
        if self.view is None:
            return
        workspace, meeting_id = self._workspace, self.view.meeting.id
        self._in_background(
            READING_LIST,
            lambda _progress: agenda_view.meeting_view(workspace, meeting_id),
            lambda view: self._show_view(view, select_case),
        )

    def edit_meeting(self) -> bool:
        if self.view is None:
            return False
        meeting = self.view.meeting
        try:
            dialog = NewMeetingDialog(self._workspace, self, self._today, editing=meeting)
        except UserFacingError as error:
            show_user_error(self, error)
            return False
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.meeting is None:
            self.refresh(select=meeting.id)  # a refusal over another desk's change: read theirs
            return False
        self.refresh(select=meeting.id)
        self.status.show_success(EDITED.format(cutoff=day_text(dialog.meeting.cutoff)))
        return True

    def cancel_meeting(self) -> bool:
        if self.view is None or not confirm(self, cancel_question(len(self.view.rows))):
            return False
        meeting = self.view.meeting
        try:
            meetings.cancel_meeting(self._workspace, meeting.id, meeting.version)
        except UserFacingError as error:
            show_user_error(self, error)
            self.refresh(select=meeting.id)
            return False
        self.refresh(select=meeting.id)
        self.status.show_success(CANCELLED)
        return True

    def _update_count(self, view: MeetingView) -> None:
        rows = [
            MeetingRow(r.meeting, len(view.rows)) if r.meeting.id == view.meeting.id else r
            for r in (self.model.row_at(n) for n in range(self.model.rowCount()))
        ]
        selected = view.meeting.id
        self.meeting_table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.select_meeting(selected)
        self.meeting_table.selectionModel().blockSignals(False)

    # ----- documents ------------------------------------------------------------------------

    def save_agenda(self) -> Path | None:
        if self.view is None:
            return None
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the anonymised agenda", str(Path.home() / AGENDA_FILE_NAME), PDF_FILTER
        )
        if not chosen:
            return None
        path = pdf_path(chosen)
        meeting_id, workspace = self.view.meeting.id, self._workspace
        if not self._write(
            lambda: meeting_documents.save_agenda(workspace, meeting_id, path),
            f"Agenda saved to {path}.",
        ):
            return None
        return path

    def print_agenda(self) -> bool:
        """Make the agenda in the background, then print it; False if that could not start."""
        if self.view is None:
            return False
        meeting_id, workspace = self.view.meeting.id, self._workspace

        def record() -> None:
            meeting_documents.record_print(workspace, "agenda", str(meeting_id))

        return self._print(
            lambda: meeting_documents.agenda_bytes(workspace, meeting_id),
            record,
            "The agenda was sent to the printer.",
        )

    def _print(self, make: Callable[[], bytes], record: Callable[[], None], success: str) -> bool:
        def made(pdf: bytes) -> None:
            try:
                if not print_pdf(self, pdf):
                    return
                record()
            except UserFacingError as error:
                show_user_error(self, error)
                return
            self.status.show_success(success)

        return self._in_background("Making the document", lambda _progress: make(), made)

    def _in_background(
        self,
        title: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        failed: Callable[[UserFacingError], None] | None = None,
    ) -> bool:
        def shown(error: UserFacingError) -> None:
            show_user_error(self, error)

        started = background.runner().start(title, work, done, failed=failed or shown, owner=self)
        if not started:
            self.status.show_error(background.runner().refusal())
        return started

    def research_list(self) -> bool:
        """Ask for the agency (and a password), then save or print its research list."""
        if self.view is None:
            return False
        meeting_id, workspace = self.view.meeting.id, self._workspace
        try:
            agencies = meeting_documents.research_agencies(workspace, meeting_id)
        except UserFacingError as error:
            show_user_error(self, error)
            return False
        dialog = ResearchListDialog(agencies, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        agency = dialog.agency
        return self._save_or_print(
            dialog,
            RestrictedDocument(
                f"the research list for {agency}",
                RESEARCH_FILE_NAME,
                lambda: meeting_documents.research_list_bytes(workspace, meeting_id, agency),
                lambda path, password: meeting_documents.save_research_list(
                    workspace, meeting_id, agency, path, password
                ),
                lambda: meeting_documents.record_print(
                    workspace, "research_list", str(meeting_id), f"research list for {agency}"
                ),
            ),
        )

    def minutes(self) -> bool:
        """Ask for a password, then save or print the meeting's minutes."""
        if self.view is None:
            return False
        meeting_id, workspace = self.view.meeting.id, self._workspace
        dialog = MinutesDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self._save_or_print(
            dialog,
            RestrictedDocument(
                "the minutes",
                MINUTES_FILE_NAME,
                lambda: meeting_minutes.minutes_bytes(workspace, meeting_id),
                lambda path, password: meeting_minutes.save_minutes(
                    workspace, meeting_id, path, password
                ),
                lambda: meeting_documents.record_print(workspace, "minutes", str(meeting_id)),
            ),
        )

    def _save_or_print(
        self, dialog: RestrictedDocumentDialog, document: RestrictedDocument
    ) -> bool:
        """Carry out what ``dialog`` chose for ``document``, in the background."""
        named = document.what.removeprefix("the ")
        named = named[0].upper() + named[1:]
        if dialog.choice == PRINT:
            return self._print(
                document.make, document.record_print, f"{named} sent to the printer."
            )
        chosen, _filter = QFileDialog.getSaveFileName(
            self, f"Save {document.what}", str(Path.home() / document.file_name), PDF_FILTER
        )
        if not chosen:
            return False
        path, password = pdf_path(chosen), dialog.password
        note = " It is encrypted; give the password separately." if password else ""
        return self._write(lambda: document.save(path, password), f"{named} saved to {path}.{note}")

    def _write(self, write: Callable[[], object], success: str) -> bool:
        """Write a document in the background; ``success`` is shown once it is written."""

        def work(_progress: Progress) -> None:
            try:
                write()
            except OSError:
                raise UserFacingError(WRITE_FAILED) from None

        return self._in_background(
            "Saving the document", work, lambda _none: self.status.show_success(success)
        )

    def close_meeting(self) -> bool:
        """Ask, then mark the selected meeting held."""
        if self.view is None:
            return False
        unheard = sum(not r.heard for r in self.view.rows)
        if not confirm(self, close_question(unheard)):
            return False
        meeting = self.view.meeting
        entries = {case_id: notes.version for case_id, notes in self.view.notes.items()}
        try:
            meetings.close_meeting(
                self._workspace, meeting.id, self._day(), meeting.version, entries
            )
        except UserFacingError as error:
            show_user_error(self, error)
            if isinstance(error, StaleEditError):  # shown as it is now, to be closed again
                self.refresh()
            return False
        self.refresh()
        self.status.show_success(CLOSED)
        return True

    def open_meeting_mode(self) -> MeetingModeDialog | None:
        if self.view is None:
            return None
        try:
            dialog = MeetingModeDialog(
                self._workspace, self.view.meeting.id, self, now=self._now, view=self.view
            )
        except UserFacingError as error:
            show_user_error(self, error)
            return None
        dialog.exec()
        if dialog.changed:
            self.refresh()
        return dialog

    # ----- slots --------------------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        try:
            dialog = NewMeetingDialog(self._workspace, self, self._today)
        except UserFacingError as error:
            show_user_error(self, error)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.meeting is None:
            return
        self.refresh(
            select=dialog.meeting.id,
            success=f"Meeting arranged. Its list closes on {day_text(dialog.meeting.cutoff)}.",
        )

    def _on_meeting_table_selection_changed(
        self, _new: QItemSelection, _old: QItemSelection
    ) -> None:
        if self.view is None or self.view.meeting.id != self.selected_meeting_id():
            self.status.clear_message()  # kept when a reload selects the same meeting again
        self._load_selected()

    def _on_agenda_table_selection_changed(
        self, _new: QItemSelection, _old: QItemSelection
    ) -> None:
        self._update_buttons()

    def _on_agenda_model_order_changed(self, case_ids: list[CaseId]) -> None:
        if self.view is None:
            return
        self._order_to_save = case_ids
        moved = self.agenda_model.last_moved
        if moved:
            self._select_case(moved[0])  # at once: the next Move down moves it again
        if not self._saving_order:
            self._save_order(self.view)

    def _save_order(self, shown: MeetingView) -> None:
        """Save the newest order off the window's thread; moves made meanwhile are saved next,
        all at once."""
        case_ids, self._order_to_save = self._order_to_save or [], None
        moved = self.agenda_model.last_moved
        workspace, meeting_id, today = self._workspace, shown.meeting.id, self._today

        def work(progress: Progress) -> MeetingView:
            progress.stopping_disabled(REORDERING)  # one short transaction, then the list
            return meeting_list.reorder(workspace, meeting_id, case_ids, today)

        def done(view: MeetingView) -> None:
            self._saving_order = False
            if self._order_to_save is not None:
                self._save_order(view)  # moved again meanwhile: the list already shows it
                return
            self._show_view(view, moved[0] if moved else None)
            self.status.show_success(
                f"List reordered: the meeting ends about {view.ends_at:%H:%M}."
            )

        def failed(error: UserFacingError) -> None:
            self._saving_order, self._order_to_save = False, None
            show_user_error(self, error)
            self._load_selected()

        self._saving_order = self._in_background(REORDERING, work, done, failed)
        if not self._saving_order:  # another job runs: the list goes back to its saved order
            self._order_to_save = None
            self._show_view(shown)

    def _on_propose_button_clicked(self) -> None:
        self.propose()

    def _on_add_case_button_clicked(self) -> None:
        self.add_case()

    def _on_up_button_clicked(self) -> None:
        self.move_selected(-1)
        self.agenda_table.setFocus()

    def _on_down_button_clicked(self) -> None:
        self.move_selected(1)
        self.agenda_table.setFocus()

    def _on_remove_button_clicked(self) -> None:
        self.remove_selected()

    def _on_returns_button_clicked(self) -> None:
        self.research_returns()

    def _on_import_returns_button_clicked(self) -> None:
        self.import_returns()

    def _on_mode_button_clicked(self) -> None:
        self.open_meeting_mode()

    def _on_close_meeting_button_clicked(self) -> None:
        self.close_meeting()

    def _on_edit_button_clicked(self) -> None:
        self.edit_meeting()

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_meeting()

    def _on_agenda_button_clicked(self) -> None:
        self.save_agenda()

    def _on_print_agenda_button_clicked(self) -> None:
        self.print_agenda()

    def _on_research_button_clicked(self) -> None:
        self.research_list()

    def _on_minutes_button_clicked(self) -> None:
        self.minutes()
