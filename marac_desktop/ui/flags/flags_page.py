"""The Flags page: safeguarding leads confirm or dismiss each flag with a reason, acknowledge
12-month notices, and open the cases behind a flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import FlagStatus
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.flags import FlagKind, is_notice
from marac_desktop.services import flags
from marac_desktop.services.flags import FlagCases

from marac_desktop.ui import background, style
from marac_desktop.ui.cases.words import (
    FLAG_STATUS_WORDS,
    day_text,
    flag_status_text,
    flag_words,
    review_text,
)
from marac_desktop.ui.flags.flag_table_model import (
    COL_ABOUT,
    COL_EVIDENCE,
    COL_KIND,
    COL_RAISED,
    COL_REVIEW,
    COL_STATUS,
    FlagRow,
    FlagTableModel,
    QueueFilter,
)
from marac_desktop.ui.flags.review_dialog import ReviewDialog
from marac_desktop.ui.models.paged_table_model import fit_rows_to_pages
from marac_desktop.ui.models.table_selection import select_row_where, selected_row
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.flow_layout import FlowLayout, kept_together
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import (
    StatusLabel,
    heading_label,
    muted_label,
    paragraph_label,
)

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "Repeat, escalation and serial-perpetrator flags raised from the records: confirm or dismiss "
    "each one with a reason, kept with the flag. 12-month notices only tell you a case's last "
    "MARAC was a year ago: acknowledge them, with a note if you wish."
)
NOT_ALLOWED = (
    "Only safeguarding leads and administrators review flags. Flags on a case are shown on "
    "the case itself."
)
REFERENCES_ONLY = "Your role may see these case references but not open the cases."
NO_CASES = "No case is recorded for this flag."
CASES_HEADING = "Cases, with their latest incident or referral"
TO_REVIEW = tuple(kind for kind in FlagKind if not kind.notice)
KIND_CHOICES: tuple[tuple[str, tuple[FlagKind, ...] | None], ...] = (
    ("Flags to review (all kinds)", TO_REVIEW),
    *((flag_words(kind), (kind,)) for kind in TO_REVIEW),
    ("12-month notices", tuple(kind for kind in FlagKind if kind.notice)),
    ("Everything", None),
)
STATUS_CHOICES: tuple[tuple[str, FlagStatus | None], ...] = (
    ("Waiting", FlagStatus.OPEN),
    *((FLAG_STATUS_WORDS[s], s) for s in FlagStatus if s is not FlagStatus.OPEN),
    ("Any status", None),
)


LOADING = "Loading flags…"


def waiting_text(waiting: flags.Waiting) -> str:
    """3 flags waiting for review · 2 notices to acknowledge."""
    parts = [
        f"{counted(waiting.flags, 'flag')} waiting for review"
        if waiting.flags
        else "No flags are waiting for review"
    ]
    if waiting.notices:
        parts.append(f"{counted(waiting.notices, 'notice')} to acknowledge")
    return " · ".join(parts) + "."


class FlagsPage(Page):
    """``case_requested`` asks the window to open a case (wire it to the Cases page);
    ``perpetrator_requested`` a perpetrator's file, from a serial-perpetrator flag."""

    case_requested = Signal(int)
    perpetrator_requested = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Flags", parent=parent)
        self._workspace = workspace
        self.allowed = workspace.can(Permission.REVIEW_FLAGS)
        self.model = FlagTableModel(workspace, self)
        self.table = QTableView()
        self.table.setAccessibleName("Flags")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleDescription("Show only flags of this kind")
        self.kind_combo.addItems([text for text, _kinds in KIND_CHOICES])
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleDescription(
            "Show flags waiting for review, or those already reviewed"
        )
        self.status_combo.addItems([text for text, _status in STATUS_CHOICES])
        self.count_label = muted_label()
        self.shown_label = muted_label()
        self.confirm_button = QPushButton("Confirm…")
        self.dismiss_button = QPushButton("Dismiss…")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Note (optional)")
        self.note_edit.setMinimumWidth(style.field_min_width())
        self.acknowledge_button = QPushButton("Acknowledge")
        self.open_case_button = QPushButton("Open case")
        self.perpetrator_button = QPushButton("Perpetrator file…")
        self.perpetrator_button.setToolTip(
            "Everything the register holds on the person this flag is about"
        )
        self.perpetrator_button.setVisible(workspace.can(Permission.VIEW_PERPETRATORS))
        self.detail_heading = heading_label("", 3)
        self.evidence_label = paragraph_label()
        self.review_label = muted_label()
        self.cases_list = QListWidget()
        self.cases_list.setAccessibleName("The cases this flag is about")
        self.cases_note = muted_label()
        self.status = StatusLabel()
        self.case_links: FlagCases | None = None
        self._reselect: int | None = None
        self._review_hidden = True
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.add_text(paragraph_label(INTRODUCTION))
        self._build_table()
        self.page_layout.addWidget(self.count_label)
        self.page_layout.addLayout(self._filters())
        self.page_layout.addWidget(self.table, 1)
        self.page_layout.addWidget(self._detail())
        self.page_layout.addWidget(self.status)
        buttons = FlowLayout()
        buttons.addWidget(kept_together(self.confirm_button, self.dismiss_button))
        buttons.addWidget(kept_together(self.note_edit, self.acknowledge_button))
        buttons.add_stretch()
        buttons.addWidget(self.open_case_button)
        self.page_layout.addLayout(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)
        self.acknowledge_button.clicked.connect(self._on_acknowledge_button_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_button_clicked)
        self.perpetrator_button.clicked.connect(self._on_perpetrator_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.cases_list.currentRowChanged.connect(self._on_cases_list_current_row_changed)
        self.cases_list.itemActivated.connect(self._on_cases_list_item_activated)
        self.model.load_failed.connect(self.status.show_error)
        self.model.reloaded.connect(self._on_model_reloaded)
        self._show_detail()

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Kind", self.kind_combo)
        status = QFormLayout()
        status.setContentsMargins(0, 0, 0, 0)
        status.addRow("Status", self.status_combo)
        row.addLayout(form)
        row.addSpacing(16)
        row.addLayout(status)
        row.addStretch(1)
        row.addWidget(self.shown_label)
        return row

    def _detail(self) -> QFrame:
        box = QFrame()
        box.setObjectName("flagDetail")
        box.setStyleSheet("#flagDetail { border: 1px solid palette(mid); border-radius: 6px; }")
        self.cases_list.setMaximumHeight(96)
        cases = QVBoxLayout()
        cases.setSpacing(4)
        cases.addWidget(muted_label(CASES_HEADING))
        cases.addWidget(self.cases_list)
        cases.addWidget(self.cases_note)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.detail_heading)
        text.addWidget(self.evidence_label)
        text.addWidget(self.review_label)
        text.addStretch(1)
        text.addWidget(self.perpetrator_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(16)
        layout.addLayout(text, 3)
        layout.addLayout(cases, 2)
        return box

    def _build_table(self) -> None:
        sort = (COL_RAISED, Qt.SortOrder.DescendingOrder)
        # the model sorts in the database, and loads nothing until refresh() chooses the filter
        read_only_table(self.table, self.model, wrap=True, sort_by=sort)
        fit_rows_to_pages(self.table, 2)
        header = self.table.horizontalHeader()
        for column in (COL_KIND, COL_ABOUT, COL_RAISED, COL_STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EVIDENCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REVIEW, QHeaderView.ResizeMode.Stretch)

    def refresh(self) -> None:
        """Count what waits and read the queue's first page on the reading thread; the list
        shown stays until the new one is in."""
        if not self.allowed:
            return
        selected = self.selected()
        if selected is not None:
            self._reselect = selected.flag.id
        chosen = QueueFilter(
            KIND_CHOICES[self.kind_combo.currentIndex()][1],
            STATUS_CHOICES[self.status_combo.currentIndex()][1],
        )
        self._review_hidden = chosen.status is FlagStatus.OPEN  # nobody has reviewed those yet
        self.shown_label.setText(LOADING)
        self.model.set_filter(chosen)  # the first page only; the rest as the list scrolls
        workspace = self._workspace
        background.runner().load(
            (self, "waiting"),
            lambda _progress: flags.waiting(workspace),
            lambda waiting: self.count_label.setText(waiting_text(waiting)),
            failed=lambda error: self.status.show_error(str(error)),
            owner=self,
        )

    def _on_model_reloaded(self) -> None:
        self.table.setColumnHidden(COL_REVIEW, self._review_hidden)
        self.shown_label.setText(f"Showing {counted(self.model.total, 'flag')}")
        if self._reselect is not None:
            self.select_flag(self._reselect)
            self._reselect = None
        self._show_detail()

    def selected(self) -> FlagRow | None:
        return selected_row(self.table, None, self.model) if self.allowed else None

    def select_flag(self, flag_id: int) -> bool:
        return select_row_where(self.table, None, self.model, lambda row: row.flag.id == flag_id)

    def set_kind_filter(self, text: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findText(text))

    def set_status_filter(self, text: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findText(text))

    def show_waiting(self, kind_choice: str) -> None:
        """What waits of the kinds ``kind_choice`` (a Kind choice's text) names, read once."""
        for combo, text in (
            (self.status_combo, STATUS_CHOICES[0][0]),
            (self.kind_combo, kind_choice),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findText(text), 0))
            combo.blockSignals(False)
        self.refresh()

    def _show_detail(self) -> None:
        row = self.selected()
        self.cases_list.clear()
        self.case_links = None
        self.cases_note.clear()
        if row is None:
            self.detail_heading.setText("No flag chosen")
            self.evidence_label.setText("Choose a flag in the list to see its evidence and cases.")
            self.review_label.clear()
        else:
            flag = row.flag
            self.detail_heading.setText(f"{flag_words(flag.kind)} · {row.about}")
            self.evidence_label.setText(flag.evidence)
            waiting = flag_status_text(flag).lower()
            self.review_label.setText(
                review_text(flag) or f"Raised on {day_text(flag.raised_on)}; {waiting}."
            )
            self._show_cases(flag.id)
        self._update_buttons()

    def _show_cases(self, flag_id: int) -> None:
        try:
            links = flags.flag_cases(self._workspace, flag_id)  # type: ignore[arg-type]
        except UserFacingError as error:
            self.cases_note.setText(str(error))
            return
        self.case_links = links
        for case in links.cases:
            item = QListWidgetItem(f"{case.reference} · {day_text(case.day)}")
            item.setData(Qt.ItemDataRole.UserRole, int(case.case_id))
            self.cases_list.addItem(item)
        if not links.cases:
            self.cases_note.setText(NO_CASES)
        elif not links.can_open:
            self.cases_note.setText(REFERENCES_ONLY)
        else:
            raised_on = self.selected()
            wanted = raised_on.flag.case_id if raised_on else None
            first = next(
                (i for i, c in enumerate(links.cases) if c.case_id == wanted), len(links.cases) - 1
            )
            self.cases_list.setCurrentRow(first)

    def chosen_case(self) -> int | None:
        """The case "Open case" opens: the one chosen in the list of the flag's cases."""
        if self.case_links is None or not self.case_links.can_open:
            return None
        item = self.cases_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def chosen_perpetrator(self) -> int | None:
        """The person a serial-perpetrator flag is about, for a role that sees the register."""
        row = self.selected()
        if row is None or not self._workspace.can(Permission.VIEW_PERPETRATORS):
            return None
        if row.flag.kind != FlagKind.SERIAL_PERPETRATOR:
            return None
        return row.flag.person_id

    def _update_buttons(self) -> None:
        row = self.selected()
        waiting = row is not None and row.flag.status is FlagStatus.OPEN
        notice = row is not None and is_notice(row.flag.kind)
        self.confirm_button.setEnabled(waiting and not notice)
        self.dismiss_button.setEnabled(waiting and not notice)
        self.acknowledge_button.setEnabled(waiting and notice)
        self.note_edit.setEnabled(waiting and notice)
        self.open_case_button.setEnabled(self.chosen_case() is not None)
        self.perpetrator_button.setEnabled(self.chosen_perpetrator() is not None)

    def _review(self, confirm: bool) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ReviewDialog(self._workspace, row.flag, row.about, confirm, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        verb = "confirmed" if confirm else "dismissed"
        self.refresh()
        self.status.show_success(f"The {flag_words(row.flag.kind).lower()} flag was {verb}.")

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_detail()

    def _on_cases_list_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    def _on_cases_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_open_case_button_clicked()

    def _on_filter_changed(self, _index: int) -> None:
        self.refresh()

    def _on_confirm_button_clicked(self) -> None:
        self._review(confirm=True)

    def _on_dismiss_button_clicked(self) -> None:
        self._review(confirm=False)

    def _on_acknowledge_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            flags.acknowledge(self._workspace, row.flag.id, self.note_edit.text())
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self.note_edit.clear()
        self.refresh()
        self.status.show_success("The 12-month notice was acknowledged.")

    def _on_open_case_button_clicked(self) -> None:
        case_id = self.chosen_case()
        if case_id is not None:
            self.case_requested.emit(case_id)

    def _on_perpetrator_button_clicked(self) -> None:
        person_id = self.chosen_perpetrator()
        if person_id is not None:
            self.perpetrator_requested.emit(int(person_id))
