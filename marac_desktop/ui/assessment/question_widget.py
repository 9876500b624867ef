"""One question of a form: a risk factor answered yes / no / don't know / not asked, or free text.

Keyboard: Tab reaches each question's answer row; on it Y, N, D, A (or 1 to 4) choose an answer,
Left and Right change it, Up and Down move to the previous or next question. In a free-text
answer Up on its first line and Down on its last move on too.

A reassessment shows beside each question what was answered last time.
"""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.risk import Answer, AnswerNote, Question

from marac_desktop.ui import style
from marac_desktop.ui.assessment import look

ANSWER_ORDER = (Answer.YES, Answer.NO, Answer.DONT_KNOW, Answer.NOT_ASKED)
ANSWER_TEXTS = {
    Answer.YES: "&Yes",
    Answer.NO: "&No",
    Answer.DONT_KNOW: "&Don't know",
    Answer.NOT_ASKED: "Not &asked",
}
CHECK_MARK = "✓ "
OPTION_COLUMNS = 2
NOT_RECORDED = "Nothing recorded"
OWN_WORDS_HINT = "Their words, as they said them"
SOURCE_HINT = "For example: police record, a family member"
ANSWER_KEYS = {
    Qt.Key.Key_Y: Answer.YES,
    Qt.Key.Key_1: Answer.YES,
    Qt.Key.Key_N: Answer.NO,
    Qt.Key.Key_2: Answer.NO,
    Qt.Key.Key_D: Answer.DONT_KNOW,
    Qt.Key.Key_3: Answer.DONT_KNOW,
    Qt.Key.Key_A: Answer.NOT_ASKED,
    Qt.Key.Key_4: Answer.NOT_ASKED,
}
KEY_HINT = "Keys: Y yes · N no · D don't know · A not asked · ↑ ↓ move between questions"


def scaled_font(scale: float, weight: QFont.Weight | None = None) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(style.base_point_size() * scale)
    font.setWeight(weight if weight is not None else QFont.Weight.Normal)
    return font


def wrapped_label(text: str, font: QFont | None = None, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if font is not None:
        label.setFont(font)
    if muted:
        label.setStyleSheet(f"color: {style.MUTED_COLOUR};")
    return label


def question_tag(question: Question) -> str:
    return question.id.upper()


PREVIOUS_TEXT_LENGTH = 160
"""How much of an earlier free-text answer is shown beside the question."""


def previous_text(day: str, answer: str) -> str:
    """``Last time (1 Mar 2026): Yes``; a long earlier answer is cut short."""
    shown = " ".join(answer.split())
    if len(shown) > PREVIOUS_TEXT_LENGTH:
        shown = shown[: PREVIOUS_TEXT_LENGTH - 1].rstrip() + "…"
    return f"Last time ({day}): {shown}"


def previous_label() -> QLabel:
    label = wrapped_label("", muted=True)
    label.setObjectName("previousAnswer")
    label.setVisible(False)
    return label


class AnswerButtons(QWidget):
    """Four checkable buttons in an exclusive group; the row itself takes keyboard focus."""

    answer_changed = Signal()
    navigation_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerRow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Answer")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[Answer, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        for number, answer in enumerate(ANSWER_ORDER):
            button = QPushButton(ANSWER_TEXTS[answer])
            button.setObjectName("answerButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.setFocusProxy(self)
            button.setAccessibleName(ANSWER_TEXTS[answer].replace("&", ""))
            self.group.addButton(button, number)
            self.buttons[answer] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self.group.idClicked.connect(self._on_group_id_clicked)

    def answer(self) -> Answer | None:
        checked = self.group.checkedId()
        return ANSWER_ORDER[checked] if checked >= 0 else None

    def set_answer(self, answer: Answer | None) -> None:
        """Show a stored answer without announcing a change."""
        if answer is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
            return
        self.buttons[answer].setChecked(True)

    def choose(self, answer: Answer) -> None:
        """Choose as the person would, by clicking."""
        button = self.buttons[answer]
        if button.isEnabled() and not button.isChecked():
            button.click()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain == Qt.KeyboardModifier.NoModifier and key in ANSWER_KEYS:
            self.choose(ANSWER_KEYS[key])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.navigation_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _step(self, direction: int) -> None:
        current = self.group.checkedId()
        if current < 0:
            target = 0 if direction > 0 else len(ANSWER_ORDER) - 1
        else:
            target = min(max(current + direction, 0), len(ANSWER_ORDER) - 1)
        self.choose(ANSWER_ORDER[target])

    def _on_group_id_toggled(self, number: int, checked: bool) -> None:
        button = self.group.button(number)
        text = ANSWER_TEXTS[ANSWER_ORDER[number]]
        button.setText(CHECK_MARK + text if checked else text)

    def _on_group_id_clicked(self, _number: int) -> None:
        self.answer_changed.emit()


class RiskQuestionWidget(QFrame):
    """A scored question with its answer, sub-options, a comment and the information's source."""

    changed = Signal()
    navigation_requested = Signal(int)

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName("questionCard")
        tag = wrapped_label(question_tag(question), scaled_font(0.85, QFont.Weight.DemiBold), True)
        self.text_label = wrapped_label(
            question.text, scaled_font(look.QUESTION_SCALE, QFont.Weight.DemiBold)
        )
        self.help_label = wrapped_label(question.help, scaled_font(look.HELP_SCALE), muted=True)
        self.answers = AnswerButtons()
        self.answers.setAccessibleDescription(question.text)
        self.option_boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)
        layout.addWidget(tag)
        layout.addWidget(self.text_label)
        layout.addWidget(self.help_label)
        self.previous_label = previous_label()
        layout.addWidget(self.previous_label)
        layout.addSpacing(4)
        layout.addWidget(self.answers)
        if question.options:
            layout.addWidget(wrapped_label("Tick all that apply:", muted=True))
            options = QGridLayout()
            options.setHorizontalSpacing(24)
            options.setVerticalSpacing(6)
            for number, option in enumerate(question.options):
                box = QCheckBox(option.label)
                box.toggled.connect(self._on_option_toggled)
                self.option_boxes[option.id] = box
                options.addWidget(box, number // OPTION_COLUMNS, number % OPTION_COLUMNS)
            options.setColumnStretch(OPTION_COLUMNS, 1)
            layout.addLayout(options)
        self.comment_edit = QLineEdit()
        self._comment_hint = OWN_WORDS_HINT if question.own_words else "Optional"
        self.comment_edit.setPlaceholderText(self._comment_hint)
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText(SOURCE_HINT)
        fields = QFormLayout()
        fields.setContentsMargins(0, 6, 0, 0)
        fields.setHorizontalSpacing(12)
        fields.setVerticalSpacing(8)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.addRow("In their own words" if question.own_words else "Comment", self.comment_edit)
        fields.addRow("Source, if not the victim", self.source_edit)
        layout.addLayout(fields)
        self.answers.answer_changed.connect(self._on_answers_answer_changed)
        self.answers.navigation_requested.connect(self._on_answers_navigation_requested)
        self.comment_edit.textEdited.connect(self._on_field_text_edited)
        self.source_edit.textEdited.connect(self._on_field_text_edited)

    def answer(self) -> Answer | None:
        return self.answers.answer()

    def note(self) -> AnswerNote:
        options = tuple(option for option, box in self.option_boxes.items() if box.isChecked())
        return AnswerNote(self.comment_edit.text(), self.source_edit.text(), options)

    def load(self, answer: Answer | None, note: AnswerNote | None) -> None:
        self.answers.set_answer(answer)
        note = note or AnswerNote()
        self.comment_edit.setText(note.comment)
        self.source_edit.setText(note.source)
        for option, box in self.option_boxes.items():
            box.blockSignals(True)
            box.setChecked(option in note.options)
            box.blockSignals(False)

    def show_previous(self, day: str, answer: Answer | None, note: AnswerNote | None) -> None:
        """What this question was answered on ``day`` (nothing shown if it had no answer)."""
        if answer is None:
            self.previous_label.setVisible(False)
            return
        words = ANSWER_TEXTS[answer].replace("&", "")
        if note is not None and note.options:
            labels = {o.id: o.label for o in self.question.options}
            words += " (" + ", ".join(labels.get(o, o) for o in note.options) + ")"
        if note is not None and note.comment:
            words += f" — {note.comment}"
        self.previous_label.setText(previous_text(day, words))
        self.previous_label.setVisible(True)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.answers.buttons.values():
            button.setEnabled(not read_only)
        for box in self.option_boxes.values():
            box.setEnabled(not read_only)
        self.comment_edit.setReadOnly(read_only)
        self.source_edit.setReadOnly(read_only)
        self.comment_edit.setPlaceholderText(NOT_RECORDED if read_only else self._comment_hint)
        self.source_edit.setPlaceholderText(NOT_RECORDED if read_only else SOURCE_HINT)

    def focus_answers(self) -> None:
        self.answers.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_answers_answer_changed(self) -> None:
        self.changed.emit()

    def _on_answers_navigation_requested(self, direction: int) -> None:
        self.navigation_requested.emit(direction)

    def _on_option_toggled(self, _checked: bool) -> None:
        self.changed.emit()

    def _on_field_text_edited(self, _text: str) -> None:
        self.changed.emit()


class TextQuestionWidget(QFrame):
    """A free-text question, often answered in the person's own words; never scored."""

    changed = Signal()
    navigation_requested = Signal(int)

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName("questionCard")
        self.text_label = wrapped_label(
            question.text, scaled_font(look.QUESTION_SCALE, QFont.Weight.DemiBold)
        )
        self.help_label = wrapped_label(question.help, scaled_font(look.HELP_SCALE), muted=True)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleDescription("Your answer, in the victim's words where you can")
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.edit.setAccessibleName(question.text)
        self.edit.installEventFilter(self)
        self.previous_label = previous_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)
        layout.addWidget(self.text_label)
        layout.addWidget(self.help_label)
        layout.addWidget(self.previous_label)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up on the first line and Down on the last leave the answer for the next question."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            keys = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
            direction = keys.get(Qt.Key(event.key()))
            if direction is not None and plain == Qt.KeyboardModifier.NoModifier:
                cursor = QTextCursor(self.edit.textCursor())
                step = (
                    QTextCursor.MoveOperation.Up
                    if direction < 0
                    else QTextCursor.MoveOperation.Down
                )
                if not cursor.movePosition(step):
                    self.navigation_requested.emit(direction)
                    return True
        return super().eventFilter(watched, event)

    def show_previous(self, day: str, text: str) -> None:
        self.previous_label.setText(previous_text(day, text) if text.strip() else "")
        self.previous_label.setVisible(bool(text.strip()))

    def text(self) -> str:
        return self.edit.toPlainText()

    def load(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def _on_edit_text_changed(self) -> None:
        self.changed.emit()
