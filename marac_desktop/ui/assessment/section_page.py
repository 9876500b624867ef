"""One wizard page: a section of a form, its questions one under another, scrolling as needed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from marac_desktop.risk import Answer, AnswerNote, AssessmentInput, FormDefinition, QuestionKind
from marac_desktop.risk.forms import Section

from marac_desktop.ui import style
from marac_desktop.ui.assessment.question_widget import (
    KEY_HINT,
    RiskQuestionWidget,
    TextQuestionWidget,
    wrapped_label,
)
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.text import heading_label

PAGE_SPACING = 16
VISIBLE_MARGIN = 60


class ScrollingPage(QScrollArea):
    """A wizard page whose body scrolls; subclasses fill ``body_layout``."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quiet_scroll(self)
        self.title = title
        self.setObjectName("stepScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("stepBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(style.PAGE_MARGIN, 20, style.PAGE_MARGIN, 28)
        self.body_layout.setSpacing(PAGE_SPACING)
        self.heading = heading_label(title)
        self.body_layout.addWidget(self.heading)
        self.setWidget(body)

    def first_focus(self) -> None:
        """Put the keyboard focus where the person starts on this page."""
        self.focusNextPrevChild(True)

    def set_read_only(self, read_only: bool) -> None:
        """Show the page without letting anything change; each page says what that means."""

    def show_widget(self, widget: QWidget) -> None:
        self.ensureWidgetVisible(widget, VISIBLE_MARGIN, VISIBLE_MARGIN)


class SectionPage(ScrollingPage):
    """``past_end`` (-1 or 1) when Up on the first question or Down on the last asks for the
    previous or the next page."""

    past_end = Signal(int)

    def __init__(
        self,
        form: FormDefinition,
        section: Section,
        introduce_form: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(section.title, parent)
        self.form_id = form.id
        self.section = section
        self.risk_questions: list[RiskQuestionWidget] = []
        self.text_questions: list[TextQuestionWidget] = []
        self._order: list[RiskQuestionWidget | TextQuestionWidget] = []
        if introduce_form:
            self.body_layout.addWidget(heading_label(form.title, 3))
            self.body_layout.addWidget(wrapped_label(" ".join(form.description.split())))
        if section.intro:
            self.body_layout.addWidget(wrapped_label(" ".join(section.intro.split())))
        for question in section.questions:
            widget: RiskQuestionWidget | TextQuestionWidget
            if question.kind is QuestionKind.RISK_FACTOR:
                widget = RiskQuestionWidget(question)
                self.risk_questions.append(widget)
            else:
                widget = TextQuestionWidget(question)
                self.text_questions.append(widget)
            widget.navigation_requested.connect(self._on_question_navigation_requested)
            widget.changed.connect(self._on_question_changed)
            self._order.append(widget)
            self.body_layout.addWidget(widget)
        if self.risk_questions:
            self.key_hint: QLabel | None = wrapped_label(KEY_HINT, muted=True)
            self.body_layout.insertWidget(1, self.key_hint)
        else:
            self.key_hint = None
        self.body_layout.addStretch(1)

    def answers(self) -> dict[str, Answer]:
        return {q.question.id: a for q in self.risk_questions if (a := q.answer()) is not None}

    def notes(self) -> dict[str, AnswerNote]:
        return {
            q.question.id: note for q in self.risk_questions if (note := q.note()) != AnswerNote()
        }

    def texts(self) -> dict[str, str]:
        return {q.question.id: text for q in self.text_questions if (text := q.text()).strip()}

    def load(self, data: AssessmentInput) -> None:
        for risk in self.risk_questions:
            qid = risk.question.id
            risk.load(data.answers.get(qid), data.notes.get(qid))
        for text in self.text_questions:
            text.load(data.texts.get(text.question.id, ""))

    def show_previous(self, day: str, data: AssessmentInput) -> None:
        """The answers of an earlier assessment (of ``day``) beside the questions."""
        for risk in self.risk_questions:
            qid = risk.question.id
            risk.show_previous(day, data.answers.get(qid), data.notes.get(qid))
        for text in self.text_questions:
            text.show_previous(day, data.texts.get(text.question.id, ""))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self._order:
            widget.set_read_only(read_only)
        if self.key_hint is not None:
            self.key_hint.setVisible(not read_only)

    def question(self, question_id: str) -> RiskQuestionWidget | TextQuestionWidget | None:
        return next((w for w in self._order if w.question.id == question_id), None)

    def focus_question(self, question_id: str) -> None:
        widget = self.question(question_id)
        if widget is not None:
            self._focus(widget)

    def first_focus(self) -> None:
        if self._order:
            self._focus(self._order[0])
            self.verticalScrollBar().setValue(0)

    def last_focus(self) -> None:
        if self._order:
            self._focus(self._order[-1])

    def _focus(self, widget: RiskQuestionWidget | TextQuestionWidget) -> None:
        if isinstance(widget, RiskQuestionWidget):
            widget.focus_answers()
        else:
            widget.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_widget(widget)

    def _on_question_navigation_requested(self, direction: int) -> None:
        sender = self.sender()
        if not isinstance(sender, RiskQuestionWidget | TextQuestionWidget):
            return
        target = self._order.index(sender) + direction
        if 0 <= target < len(self._order):
            self._focus(self._order[target])
        else:
            self.past_end.emit(direction)

    def _on_question_changed(self) -> None:
        self.changed.emit()
