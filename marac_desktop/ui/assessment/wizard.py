"""The risk checklist, one page at a time, with the result worked out live beside it.

Pages: the context of the assessment, each section of the main form, the follow-on forms whose
triggers have fired (added and removed as answers change; their answers are kept meanwhile), and
professional judgement with the outcome. A completed assessment opens read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.errors import InvalidInputError, StaleEditError, UserFacingError
from marac_desktop.risk import AssessmentInput, RiskResult
from marac_desktop.services import assessments
from marac_desktop.services.assessments import AssessmentRecord

from marac_desktop.ui.assessment import look
from marac_desktop.ui.assessment.context_page import ContextPage
from marac_desktop.ui.assessment.judgement_page import JudgementPage
from marac_desktop.ui.assessment.question_widget import wrapped_label
from marac_desktop.ui.assessment.result_panel import ResultPanel
from marac_desktop.ui.assessment.section_page import ScrollingPage, SectionPage
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.messages import confirm, show_user_error
from marac_desktop.ui.widgets.text import StatusLabel, heading_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

WINDOW_TITLE = "Risk assessment"
STEP_LIST_WIDTH = 240
COMPLETE_QUESTION = (
    "Complete this assessment? It is saved as it stands and can no longer be changed; if "
    "circumstances change, start a new assessment."
)
CLOSE_QUESTION = "Close without saving? The changes since the last save will be lost."
FOLLOW_ON_MARK = "＋ "


def read_only_banner_text(record: AssessmentRecord) -> str:
    when = record.completed_at.astimezone() if record.completed_at else None
    day = day_text(when.date()) if when else "an earlier date"
    return f"Completed on {day} — read-only; start a new assessment if circumstances change."


class AssessmentWizard(QDialog):
    assessment_saved = Signal(int)
    assessment_completed = Signal(int)

    def __init__(
        self, workspace: Workspace, record: AssessmentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.record = record
        self.checklist = assessments.current_checklist(workspace)
        self.read_only = record.read_only
        self.risk_result: RiskResult = record.result
        self._dirty = False
        self._loading = True
        self.setWindowTitle(WINDOW_TITLE)
        self.setStyleSheet(look.STYLE_SHEET)
        self.resize(1320, 880)
        self.setMinimumSize(1000, 640)
        form, main = self.checklist.form, record.main

        self.context_page = ContextPage(form, self.checklist.policy, main.assessment_date)
        self.section_pages = [SectionPage(form, section) for section in form.sections]
        self.follow_on_pages: dict[str, list[SectionPage]] = {}
        self.judgement_page = JudgementPage()
        self.stack = QStackedWidget()
        for page in (self.context_page, *self.section_pages, self.judgement_page):
            self._adopt(page)
        self.panel = ResultPanel(self.checklist.model)
        self.step_list = QListWidget()
        self.step_list.setObjectName("stepList")
        self.step_list.setFixedWidth(STEP_LIST_WIDTH)
        self.step_list.setWordWrap(True)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setAccessibleName("Steps")
        self._steps: list[ScrollingPage] = []

        victim = record.case.victim
        self.case_label = heading_label(f"{record.case.reference} · {victim.display_name}", 2)
        self.details_label = wrapped_label("", muted=True)
        self.step_label = wrapped_label("")
        self.progress = QProgressBar()
        self.progress.setRange(0, len(form.risk_factor_ids()))
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setMinimumWidth(300)
        self.progress.setAccessibleName("Risk factors answered")
        self.progress_label = wrapped_label("")
        self.banner = QFrame()
        self.banner.setObjectName("readOnlyBanner")
        self.banner_label = wrapped_label("")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_layout.addWidget(self.banner_label)

        self.save_button = QPushButton("Save dra&ft")
        self.status = StatusLabel()
        self.close_button = QPushButton("C&lose")
        self.back_button = QPushButton("← &Back")
        self.next_button = QPushButton("Ne&xt →")
        self.complete_button = QPushButton("Co&mplete…")
        self._layout()

        self.context_page.load(main)
        for page in self.section_pages:
            page.load(main)
            self._show_previous(page)
        for form_id in record.follow_ons:
            if form_id in self.checklist.follow_ons:
                for page in self._follow_on(form_id):
                    page.load(record.follow_ons[form_id])
        self.judgement_page.load(main)
        self._apply_read_only()

        self.step_list.currentRowChanged.connect(self._on_step_list_current_row_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.complete_button.clicked.connect(self._on_complete_button_clicked)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.activated.connect(self._on_save_shortcut_activated)
        self._loading = False
        self._rescore()
        self.go_to_step(0)

    # ----- building -------------------------------------------------------------------------

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.setContentsMargins(24, 16, 24, 12)
        header.setSpacing(24)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.case_label)
        who.addWidget(self.details_label)
        header.addLayout(who, 1)
        where = QVBoxLayout()
        where.setSpacing(6)
        where.addWidget(self.step_label)
        where.addWidget(self.progress_label)
        where.addWidget(self.progress)
        header.addLayout(where)

        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(0)
        middle.addWidget(self.step_list)
        middle.addWidget(self.stack, 1)
        middle.addWidget(self.panel)

        footer = QHBoxLayout()
        footer.setContentsMargins(24, 12, 24, 14)
        footer.setSpacing(10)
        footer.addWidget(self.save_button)
        footer.addWidget(self.status)
        footer.addStretch(1)
        footer.addWidget(self.close_button)
        footer.addSpacing(16)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)
        footer.addSpacing(16)
        footer.addWidget(self.complete_button)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {look.BORDER};")
        bottom_rule = QFrame()
        bottom_rule.setFrameShape(QFrame.Shape.HLine)
        bottom_rule.setStyleSheet(f"color: {look.BORDER};")
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(24, 0, 24, 10)
        banner_row.addWidget(self.banner)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addLayout(header)
        root.addLayout(banner_row)
        root.addWidget(rule)
        root.addLayout(middle, 1)
        root.addWidget(bottom_rule)
        root.addLayout(footer)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.complete_button.setStyleSheet(
            f"QPushButton {{ background: {look.ACCENT}; color: white; padding: 5px 16px;"
            " border: 2px solid transparent; border-radius: 6px; font-weight: 600; }"
            f" QPushButton:focus {{ border-color: {look.TEXT}; }}"
            " QPushButton:disabled { background: #9fb3d1; }"
        )

    def _adopt(self, page: ScrollingPage) -> None:
        self.stack.addWidget(page)
        page.changed.connect(self._on_page_changed)
        if isinstance(page, SectionPage):
            page.past_end.connect(self._on_section_past_end)
        for button in page.findChildren(QPushButton):
            button.setAutoDefault(False)

    def _follow_on(self, form_id: str) -> list[SectionPage]:
        """The pages of a follow-on form, built the first time its trigger fires."""
        pages = self.follow_on_pages.get(form_id)
        if pages is None:
            form = self.checklist.follow_ons[form_id]
            pages = [
                SectionPage(form, section, introduce_form=number == 0)
                for number, section in enumerate(form.sections)
            ]
            for page in pages:
                self._adopt(page)
                page.set_read_only(self.read_only)
                self._show_previous(page)
            self.follow_on_pages[form_id] = pages
        return pages

    def _show_previous(self, page: SectionPage) -> None:
        previous = self.record.previous
        if previous is not None and page.form_id in previous.inputs:
            page.show_previous(day_text(previous.assessment_date), previous.inputs[page.form_id])

    # ----- reading the answers back -----------------------------------------------------------

    def main_input(self, live: bool = False) -> AssessmentInput:
        """The main form's answers; with ``live`` a judgement without a reason is left out."""
        judgement = (
            self.judgement_page.live_judgement() if live else self.judgement_page.judgement()
        )
        answers, notes, texts = {}, {}, {}
        for page in self.section_pages:
            answers.update(page.answers())
            notes.update(page.notes())
            texts.update(page.texts())
        return AssessmentInput(
            form_id=self.checklist.form.id,
            assessment_date=self.record.main.assessment_date,
            answers=answers,
            professional_judgement=judgement,
            victim_age=self.context_page.victim_age(),
            incident_dates=self.context_page.incident_dates(),
            last_marac_referral=self.context_page.last_referral(),
            concerns=self.context_page.concerns(),
            notes=notes,
            texts=texts,
        )

    def follow_on_inputs(self) -> dict[str, AssessmentInput]:
        """Answers of the follow-on forms that are open now (those no longer triggered are not
        saved)."""
        inputs: dict[str, AssessmentInput] = {}
        for form_id in self.open_follow_ons():
            answers, notes, texts = {}, {}, {}
            for page in self.follow_on_pages.get(form_id, []):
                answers.update(page.answers())
                notes.update(page.notes())
                texts.update(page.texts())
            inputs[form_id] = AssessmentInput(
                form_id=form_id,
                assessment_date=self.record.main.assessment_date,
                answers=answers,
                notes=notes,
                texts=texts,
            )
        return inputs

    def open_follow_ons(self) -> list[str]:
        ids = list(self.risk_result.follow_on)
        if self.read_only:
            ids += [form_id for form_id in self.record.follow_ons if form_id not in ids]
        return [form_id for form_id in ids if form_id in self.checklist.follow_ons]

    # ----- steps ----------------------------------------------------------------------------

    def steps(self) -> list[ScrollingPage]:
        return list(self._steps)

    def current_page(self) -> ScrollingPage:
        page = self.stack.currentWidget()
        assert isinstance(page, ScrollingPage)
        return page

    def current_step(self) -> int:
        return self._steps.index(self.current_page())

    def go_to_step(self, index: int, focus: bool = True) -> None:
        index = min(max(index, 0), len(self._steps) - 1)
        page = self._steps[index]
        self.stack.setCurrentWidget(page)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        self.step_label.setText(f"Step {index + 1} of {len(self._steps)}: {page.title}")
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self._steps) - 1)
        if focus:
            page.first_focus()

    def go_to_page(self, page: ScrollingPage) -> None:
        self.go_to_step(self._steps.index(page))

    def show_question(self, question_id: str) -> None:
        for page in self._steps:
            if isinstance(page, SectionPage) and page.question(question_id) is not None:
                self.go_to_page(page)
                page.focus_question(question_id)
                return

    def _wanted_steps(self) -> list[ScrollingPage]:
        follow_ons = [page for f in self.open_follow_ons() for page in self._follow_on(f)]
        return [self.context_page, *self.section_pages, *follow_ons, self.judgement_page]

    def _update_steps(self) -> None:
        wanted = self._wanted_steps()
        if wanted != self._steps:
            current = self.stack.currentWidget()
            self._steps = wanted
            self.step_list.blockSignals(True)
            self.step_list.clear()
            for _page in wanted:
                self.step_list.addItem(QListWidgetItem())
            self.step_list.blockSignals(False)
            if current in wanted:
                self.go_to_step(wanted.index(current), focus=False)
            elif self.step_list.count():
                self.go_to_step(min(self.step_list.currentRow(), len(wanted) - 1), focus=False)
        follow_on_pages = {id(p) for pages in self.follow_on_pages.values() for p in pages}
        for row, page in enumerate(self._steps):
            text = page.title
            if id(page) in follow_on_pages:
                text = FOLLOW_ON_MARK + text
            if isinstance(page, SectionPage) and page.risk_questions:
                text += f"\n{len(page.answers())} of {len(page.risk_questions)} answered"
            self.step_list.item(row).setText(text)

    # ----- scoring --------------------------------------------------------------------------

    def _rescore(self) -> None:
        if not self.read_only:
            self.risk_result = self.checklist.score(self.main_input(live=True))
        answered = sum(len(page.answers()) for page in self.section_pages)
        self.panel.show_result(self.risk_result, answered > 0 or self.read_only)
        self.judgement_page.show_result(self.risk_result)
        self.progress.setValue(answered)
        self.progress_label.setText(
            f"{answered} of {self.progress.maximum()} risk factors answered"
        )
        self._update_steps()

    def _apply_read_only(self) -> None:
        pages: list[ScrollingPage] = [self.context_page, *self.section_pages, self.judgement_page]
        pages += [page for group in self.follow_on_pages.values() for page in group]
        for page in pages:
            page.set_read_only(self.read_only)
        for button in (self.save_button, self.complete_button):
            button.setVisible(not self.read_only)
        self.banner.setVisible(self.read_only)
        if self.read_only:
            self.banner_label.setText(read_only_banner_text(self.record))
        self.panel.set_final(self.read_only)
        status = "Completed" if self.read_only else "Draft"
        self.details_label.setText(
            f"Assessment of {day_text(self.record.main.assessment_date)} · {status} · "
            f"assessor {self.record.assessor}"
        )

    # ----- saving ---------------------------------------------------------------------------

    def _inputs(self) -> tuple[AssessmentInput, Mapping[str, AssessmentInput]] | None:
        try:
            main = self.main_input()
        except InvalidInputError as error:
            show_user_error(self, error)
            self.go_to_page(self.judgement_page)
            self.judgement_page.focus_reason()
            return None
        return main, self.follow_on_inputs()

    def save_draft(self) -> bool:
        inputs = self._inputs()
        if inputs is None:
            return False
        try:
            with busy_cursor():
                record = assessments.save_draft(
                    self._workspace, self.record.id, *inputs, version=self.record.version
                )
        except UserFacingError as error:
            self._refused(error)
            return False
        self.record = record
        self._dirty = False
        self.status.show_success(f"Draft saved at {datetime.now():%H:%M}.")
        self.assessment_saved.emit(int(record.id))
        return True

    def complete(self) -> bool:
        inputs = self._inputs()
        if inputs is None:
            return False
        answers = inputs[0].answers
        unanswered = [q for q in self.checklist.form.risk_factor_ids() if q not in answers]
        if not unanswered and not confirm(self, COMPLETE_QUESTION):
            return False
        try:
            with busy_cursor():
                record = assessments.complete(
                    self._workspace, self.record.id, *inputs, version=self.record.version
                )
        except UserFacingError as error:
            self._refused(error)
            if unanswered:
                self.show_question(unanswered[0])
            return False
        self.record = record
        self.risk_result = record.result
        self.read_only = True
        self._dirty = False
        self._apply_read_only()
        self._rescore()
        self.status.show_success("The assessment is complete and saved.")
        self.assessment_completed.emit(int(record.id))
        return True

    def _refused(self, error: UserFacingError) -> None:
        """Say why; what was typed stays on screen. After someone else's newer save, saving
        again saves over theirs, as the sentence says."""
        if isinstance(error, StaleEditError):
            self.record = replace(self.record, version=error.current)
        show_user_error(self, error)

    def is_dirty(self) -> bool:
        return self._dirty

    def reject(self) -> None:
        if self._dirty and not self.read_only and not confirm(self, CLOSE_QUESTION):
            return
        super().reject()

    # ----- slots ----------------------------------------------------------------------------

    def _on_page_changed(self) -> None:
        if self._loading or self.read_only:
            return
        self._dirty = True
        self.status.clear_message()
        self._rescore()

    def _on_section_past_end(self, direction: int) -> None:
        """Up or Down past a section's end goes on to the neighbouring page's question."""
        index = self.current_step() + direction
        if not 0 <= index < len(self._steps):
            return
        self.go_to_step(index, focus=False)
        page = self._steps[index]
        if isinstance(page, SectionPage) and direction < 0:
            page.last_focus()
        else:
            page.first_focus()

    def _on_step_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._steps):
            self.go_to_step(row)

    def _on_back_button_clicked(self) -> None:
        self.go_to_step(self.current_step() - 1)

    def _on_next_button_clicked(self) -> None:
        self.go_to_step(self.current_step() + 1)

    def _on_save_button_clicked(self) -> None:
        self.save_draft()

    def _on_save_shortcut_activated(self) -> None:
        if not self.read_only:
            self.save_draft()

    def _on_complete_button_clicked(self) -> None:
        self.complete()

    def _on_close_button_clicked(self) -> None:
        self.reject()
