"""The Reports page: the quarterly MARAC data return, trends and equality breakdowns.

Counts only: nothing on this page or in its files names or identifies anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import UserFacingError
from marac_desktop.services import performance
from marac_desktop.services.performance import ReportFormat

from marac_desktop.ui import background, style
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.models.row_table_model import SORT_ROLE
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.printing import print_pdf
from marac_desktop.ui.reports.bar_chart import BarChart
from marac_desktop.ui.reports.figure_table_model import FigureTableModel
from marac_desktop.ui.reports.period_picker import PeriodPicker
from marac_desktop.ui.reports.report_view import Headline, ReportView, Table
from marac_desktop.ui.reports.service_view import report_view
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.performance import PerformanceReport
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "The quarterly MARAC data return and more: how many cases, repeats and partner-agency "
    "referrals, who is and is not being reached, how agencies complete their actions, and "
    "the perpetrators in the cases discussed. "
    "Counts only; nothing here identifies anyone."
)
NOT_ALLOWED = (
    "Only MARAC coordinators, safeguarding leads and administrators see the performance "
    "reports. Ask your coordinator for the figures you need."
)
BAD_PERIOD = "The period ends before it starts; choose a later end date."
COUNT_WITH_PROGRESS_FROM = 5_000
"""Changed cases above which the counts are brought up to date in steps, with a progress bar."""
LOADING = "Loading the report…"
WORKING_OUT = "Working out the report figures"
COUNTING = (
    "Bringing the report figures up to date: {:,} cases have changed since they were counted."
)
NOT_COUNTED = (
    "The report figures are not up to date yet; nothing is lost, and they carry on from where "
    "they stopped when you show the report again."
)
WRITE_FAILED = "The file could not be written there; choose another folder or free some space."
CSV_FILTER = "CSV file (*.csv);;All files (*)"
XLSX_FILTER = "Excel workbook (*.xlsx);;All files (*)"
PDF_FILTER = "PDF document (*.pdf);;All files (*)"
HEADLINE_COLUMNS = 3
TABLE_ROWS_SHOWN = 12
NARROW_COLUMNS = 4
NARROW_MIN_WIDTH = 320
BREAKDOWN_COLUMNS = 2
T = TypeVar("T")


def count_changed_cases(workspace: Workspace, progress: Progress) -> None:
    """Bring the counts up to date in committed batches, stopping between them if asked."""
    changed = performance.changed_cases(workspace)
    if changed < COUNT_WITH_PROGRESS_FROM:
        return
    # Ten steps: each batch also rewrites the counts of every meeting it touches.
    batch = max(COUNT_WITH_PROGRESS_FROM, changed // 10)
    progress.step(0, changed, COUNTING.format(changed))
    for done in performance.count_changed_cases(workspace, batch):
        progress.step(min(done, changed), changed, COUNTING.format(changed))


def file_name(period_name: str, suffix: str) -> str:
    """The suggested file name: the period only, never anything about a person."""
    return f"marac-return-{period_name}.{suffix}"


def with_suffix(chosen: str, suffix: str) -> Path:
    path = Path(chosen)
    wanted = f".{suffix}"
    return path if path.suffix.lower() == wanted else path.with_name(path.name + wanted)


class HeadlineCard(QFrame):
    """One headline figure: its name, the figure in large type and a short note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_label = muted_label()
        self.value_label = QLabel()
        self.value_label.setFont(style.heading_font(1))
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label = muted_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.name_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.note_label)

    def show_headline(self, headline: Headline) -> None:
        self.name_label.setText(headline.name)
        self.value_label.setText(headline.value)
        self.note_label.setText(headline.note)
        self.note_label.setVisible(bool(headline.note))
        self.setAccessibleName(f"{headline.name}: {headline.value}. {headline.note}".strip())


class FigureTable(QWidget):
    """A titled, sortable table of counts with an optional note under it."""

    def __init__(self, fill: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fill = fill
        self.title_label = heading_label("", 3)
        self.note_label = muted_label()
        self.model = FigureTableModel((), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.view, 1 if fill else 0)
        layout.addWidget(self.note_label)

    def show_table(self, table: Table) -> None:
        self.title_label.setText(table.title)
        self.note_label.setText(table.note)
        self.note_label.setVisible(bool(table.note))
        self.model = FigureTableModel(table.headers, self)
        self.model.set_figures(table.rows, table.totals)
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(table.title)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        narrow = len(table.headers) < NARROW_COLUMNS
        header.setStretchLastSection(narrow)
        if self.fill:
            return
        rows = self.model.rowCount()
        line = self.view.verticalHeader().defaultSectionSize()
        shown = min(max(rows, 1), TABLE_ROWS_SHOWN)
        frame = self.view.frameWidth() * 2
        scroll = 0 if narrow else self.view.horizontalScrollBar().sizeHint().height()
        self.view.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if narrow
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.view.setFixedHeight(header.sizeHint().height() + line * shown + frame + scroll)
        if narrow:
            self.view.resizeColumnsToContents()
            columns = sum(header.sectionSize(n) for n in range(header.count()))
            bar = self.view.verticalScrollBar().sizeHint().width()
            self.view.setFixedWidth(max(columns + frame + bar, NARROW_MIN_WIDTH))
            self.title_label.setMaximumWidth(self.view.width())


class ReportsPage(Page):
    printed = Signal(bool)
    """After a print: whether the report went to the printer."""

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__("Reports", parent=parent)
        self._workspace = workspace
        self._today = today or date.today()
        self.allowed = workspace.can(Permission.VIEW_REPORTS)
        self.view: ReportView | None = None
        self.period = PeriodPicker(self._today)
        self.period_label = paragraph_label()
        self.status = StatusLabel()
        self.cards = [HeadlineCard() for _ in range(6)]
        self.month_chart = BarChart("Cases discussed by month", "Cases")
        self.repeat_chart = BarChart("Repeat rate by month", "Repeat %")
        self.agency_chart = BarChart("Referrals by referring agency", "Cases", across=True)
        self.return_table = FigureTable(fill=True)
        self.breakdown_tables: list[FigureTable] = []
        self.actions_table = FigureTable()
        self.perpetrator_tables = [FigureTable(), FigureTable()]
        """The period's perpetrators, each counted once, and interventions by outcome."""
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Report views")
        self.csv_button = QPushButton("Export CSV…")
        self.xlsx_button = QPushButton("Export XLSX…")
        self.pdf_button = QPushButton("Save PDF…")
        self.print_button = QPushButton("Print…")
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.add_text(paragraph_label(INTRODUCTION))
        self._build()

    # ----- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.period_label, 1)
        for button in (self.csv_button, self.xlsx_button, self.pdf_button, self.print_button):
            buttons.addWidget(button)

        headlines = QGridLayout()
        headlines.setSpacing(10)
        for number, card in enumerate(self.cards):
            headlines.addWidget(card, number // HEADLINE_COLUMNS, number % HEADLINE_COLUMNS)

        summary = self._tab_content()
        summary.addLayout(headlines)
        charts = QHBoxLayout()
        charts.setSpacing(24)
        charts.addWidget(self.month_chart, 1)
        charts.addWidget(self.repeat_chart, 1)
        summary.addLayout(charts)
        summary.addWidget(self.agency_chart)
        summary.addStretch(1)

        return_tab = self._tab_content()
        return_tab.addWidget(self.return_table, 1)

        breakdowns_tab = self._tab_content()
        self.breakdowns_grid = QGridLayout()
        self.breakdowns_grid.setHorizontalSpacing(32)
        self.breakdowns_grid.setVerticalSpacing(style.SECTION_SPACING)
        self.breakdowns_grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        breakdowns_tab.addLayout(self.breakdowns_grid)
        breakdowns_tab.addStretch(1)
        actions_tab = self._tab_content()
        actions_tab.addWidget(self.actions_table)
        actions_tab.addStretch(1)
        perpetrators_tab = self._tab_content()
        side_by_side = QHBoxLayout()
        side_by_side.setSpacing(32)
        for table in self.perpetrator_tables:
            side_by_side.addWidget(table, 0, Qt.AlignmentFlag.AlignTop)
        side_by_side.addStretch(1)
        perpetrators_tab.addLayout(side_by_side)
        perpetrators_tab.addStretch(1)

        for layout, name in (
            (summary, "Summary"),
            (return_tab, "Data return"),
            (breakdowns_tab, "Who is reached"),
            (actions_tab, "Actions"),
            (perpetrators_tab, "Perpetrators"),
        ):
            self.tabs.addTab(self._scrolling(layout), name)

        self.page_layout.addWidget(self.period)
        self.page_layout.addLayout(buttons)
        self.page_layout.addWidget(self.status)
        self.page_layout.addWidget(self.tabs, 1)

        self.period.changed.connect(self._on_period_changed)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)

    @staticmethod
    def _tab_content() -> QVBoxLayout:
        layout = QVBoxLayout()
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(style.SECTION_SPACING)
        return layout

    @staticmethod
    def _scrolling(layout: QVBoxLayout) -> QScrollArea:
        inner = QWidget()
        inner.setLayout(layout)
        scroll = quiet_scroll(QScrollArea(), inner)
        return scroll

    # ----- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.allowed:
            return
        first, last = self.period.period()
        if last < first:
            self.status.show_error(BAD_PERIOD)
            self._enable(False)
            return
        workspace, today = self._workspace, self._today

        def load(progress: Progress) -> PerformanceReport:
            count_changed_cases(workspace, progress)
            progress.step(0, 0, WORKING_OUT)
            return performance.performance_report(workspace, first, last, today=today)

        def loaded(report: PerformanceReport) -> None:
            self.status.clear_message()
            self.show_view(report_view(report, first, last))

        self._start("Loading the report", load, loaded, LOADING, stopped=self._on_load_stopped)

    def _start(
        self,
        title: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        note: str,
        stopped: Callable[[], None] | None = None,
    ) -> bool:
        started = background.runner().start(
            title,
            work,
            done,
            failed=self._on_job_failed,
            stopped=stopped or self._on_job_stopped,
            owner=self,
        )
        if started:
            self.status.show_note(note)
        else:
            self.status.show_error(background.runner().refusal())
        return started

    def _on_load_stopped(self) -> None:
        self.status.show_error(NOT_COUNTED)
        self._enable(False)

    def _on_job_stopped(self) -> None:
        self.status.show_note(background.STOPPED)

    def _on_job_failed(self, error: UserFacingError) -> None:
        self.status.show_error(str(error))

    def show_view(self, view: ReportView) -> None:
        self.view = view
        self._enable(True)
        self.period_label.setText(view.period_text)
        for card, headline in zip(self.cards, view.headlines, strict=False):
            card.show_headline(headline)
        for number, card in enumerate(self.cards):
            card.setVisible(number < len(view.headlines))
        self.month_chart.set_title(view.month_title)
        self.repeat_chart.set_title(view.repeat_title)
        self.month_chart.set_bars(view.month_bars)
        self.repeat_chart.set_bars(view.repeat_bars, scale_max=100.0)
        self.agency_chart.set_bars(view.agency_bars)
        if view.return_table is not None:
            self.return_table.show_table(view.return_table)
        if view.actions_table is not None:
            self.actions_table.show_table(view.actions_table)
        self._show_breakdowns(view.breakdowns)
        for widget, table in zip(self.perpetrator_tables, view.perpetrator_tables, strict=True):
            widget.show_table(table)

    def _show_breakdowns(self, tables: list[Table]) -> None:
        while len(self.breakdown_tables) < len(tables):
            number = len(self.breakdown_tables)
            widget = FigureTable()
            self.breakdown_tables.append(widget)
            self.breakdowns_grid.addWidget(
                widget,
                number // BREAKDOWN_COLUMNS,
                number % BREAKDOWN_COLUMNS,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            )
        for widget, table in zip(self.breakdown_tables, tables, strict=False):
            widget.show_table(table)
        for number, widget in enumerate(self.breakdown_tables):
            widget.setVisible(number < len(tables))

    def _enable(self, enabled: bool) -> None:
        for button in (self.csv_button, self.xlsx_button, self.pdf_button, self.print_button):
            button.setEnabled(enabled)

    # ----- exports ------------------------------------------------------------------------

    def export_csv(self) -> Path | None:
        return self._save(ReportFormat.CSV, "Export the data return as CSV", CSV_FILTER)

    def export_xlsx(self) -> Path | None:
        return self._save(ReportFormat.XLSX, "Export the data return as a workbook", XLSX_FILTER)

    def save_pdf(self) -> Path | None:
        return self._save(ReportFormat.PDF, "Save the performance report", PDF_FILTER)

    def _save(self, fmt: ReportFormat, caption: str, filters: str) -> Path | None:
        """Ask where, then write the file in the background; the path if the writing started."""
        first, last = self.period.period()
        suffix = fmt.value
        suggested = Path.home() / file_name(self.period.period_name(), suffix)
        chosen, _filter = QFileDialog.getSaveFileName(self, caption, str(suggested), filters)
        if not chosen:
            return None
        path = with_suffix(chosen, suffix)
        workspace, today = self._workspace, self._today

        def save(_progress: Progress) -> Path:
            try:
                return performance.save_report(workspace, first, last, path, fmt, today=today)
            except OSError:
                raise UserFacingError(WRITE_FAILED) from None

        def saved(written: Path) -> None:
            self.status.show_success(f"Saved to {written}.")

        started = self._start("Saving the report", save, saved, f"Saving {path.name}…")
        return path if started else None

    def print_report(self) -> bool:
        """Make the PDF in the background, then print it; False if that could not start."""
        first, last = self.period.period()
        workspace, today = self._workspace, self._today

        def make(_progress: Progress) -> bytes:
            return performance.report_pdf_bytes(workspace, first, last, today=today)

        def made(pdf: bytes) -> None:
            try:
                printed = print_pdf(self, pdf)
                if printed:
                    performance.record_print(workspace, first, last)
            except UserFacingError as error:
                show_user_error(self, error)
                return
            if printed:
                self.status.show_success("The report was sent to the printer.")
            else:
                self.status.clear_message()
            self.printed.emit(printed)

        return self._start("Making the report for printing", make, made, "Making the PDF…")

    # ----- signals ------------------------------------------------------------------------

    def _on_period_changed(self) -> None:
        self.refresh()

    def _on_csv_button_clicked(self) -> None:
        self.export_csv()

    def _on_xlsx_button_clicked(self) -> None:
        self.export_xlsx()

    def _on_pdf_button_clicked(self) -> None:
        self.save_pdf()

    def _on_print_button_clicked(self) -> None:
        self.print_report()
