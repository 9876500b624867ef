"""The side panel: the result as it stands, with its reasons, updated on every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStyle, QVBoxLayout, QWidget

from marac_desktop.domain.criteria import Criterion
from marac_desktop.risk import AgeRoute, RiskLevel, RiskModel, RiskResult
from marac_desktop.risk.result_sentences import (
    sentences_of,
)

from marac_desktop.ui import style
from marac_desktop.ui.assessment import look
from marac_desktop.ui.assessment.question_widget import scaled_font, wrapped_label
from marac_desktop.ui.widgets.text import heading_label

PANEL_WIDTH = 370
RAISED_BY_JUDGEMENT = "Raised by professional judgement"
NO_LEVEL_YET = "No level yet"
NO_ANSWERS_YET = "The level shows once a risk factor is answered."
BULLET = "•  "


def referral_text(result: RiskResult) -> str:
    if result.age_route is AgeRoute.CHILDRENS_SERVICES:
        return "Refer to MARAC: No — refer to children's services"
    return f"Refer to MARAC: {'Yes' if result.refer_to_marac else 'No'}"


class ResultPanel(QScrollArea):
    def __init__(self, model: RiskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flag_labels = {flag.id: flag.label for flag in model.red_flags}
        self._shown_prompts: tuple[str, ...] | None = None
        self._shown_flags: tuple[tuple[str, str], ...] | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("The result so far")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedWidth(PANEL_WIDTH)
        body = QFrame()
        body.setObjectName("resultPanel")
        # A fixed width, so the text keeps its wrapping when the scroll bar comes and goes.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        body.setFixedWidth(PANEL_WIDTH - scroll_bar - 2)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 20, 20, 24)
        layout.setSpacing(12)
        self.heading = heading_label("Result so far", 2)
        self.level_label = QLabel()
        self.level_label.setFont(scaled_font(1.45, QFont.Weight.Bold))
        self.level_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level_label.setAccessibleName("Risk level")
        self.yes_label = wrapped_label("", scaled_font(1.15, QFont.Weight.DemiBold))
        self.yes_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.judgement_label = wrapped_label("", scaled_font(1.0, QFont.Weight.DemiBold))
        self.judgement_label.setStyleSheet(f"color: {look.LEVELS[RiskLevel.HIGH].strong};")
        self.refer_label = wrapped_label("", scaled_font(1.1, QFont.Weight.Bold))
        self.outcome_label = wrapped_label("", muted=True)

        self.prompt_box = QFrame()
        self.prompt_box.setObjectName("promptBox")
        prompt_layout = QVBoxLayout(self.prompt_box)
        prompt_layout.setContentsMargins(14, 12, 14, 12)
        prompt_layout.setSpacing(8)
        prompt_layout.addWidget(heading_label("Act on this", 3))
        prompts = QWidget()
        self.prompt_list = QVBoxLayout(prompts)
        self.prompt_list.setContentsMargins(0, 0, 0, 0)
        self.prompt_list.setSpacing(8)
        prompt_layout.addWidget(prompts)
        self.prompt_labels: list[QLabel] = []

        self.red_flags_heading = heading_label("Red flags", 3)
        # Lists live in their own widgets: a nested layout kept a stale height for wrapped text.
        self.red_flag_box = QWidget()
        self.red_flag_list = QVBoxLayout(self.red_flag_box)
        self.red_flag_list.setContentsMargins(0, 0, 0, 0)
        self.red_flag_list.setSpacing(6)
        self.red_flag_labels: list[QLabel] = []
        self.no_red_flags_label = wrapped_label("None raised.", muted=True)
        self.criteria_titles: dict[Criterion, QLabel] = {}
        self.criteria_reasons: dict[Criterion, QLabel] = {}
        self.gaps_label = wrapped_label("", muted=True)

        layout.addWidget(self.heading)
        layout.addWidget(self.level_label)
        layout.addWidget(self.yes_label)
        layout.addWidget(self.judgement_label)
        layout.addWidget(self.refer_label)
        layout.addWidget(self.outcome_label)
        layout.addWidget(self.prompt_box)
        layout.addWidget(self.red_flags_heading)
        layout.addWidget(self.red_flag_box)
        layout.addWidget(self.no_red_flags_label)
        layout.addWidget(heading_label("MARAC referral criteria", 3))
        layout.addWidget(wrapped_label("Any one criterion is enough to refer.", muted=True))
        for name in Criterion:
            title = wrapped_label("", scaled_font(1.0, QFont.Weight.DemiBold))
            reason = wrapped_label("", muted=True)
            self.criteria_titles[name] = title
            self.criteria_reasons[name] = reason
            criterion = QWidget()
            criterion_layout = QVBoxLayout(criterion)
            criterion_layout.setContentsMargins(0, 0, 0, 0)
            criterion_layout.setSpacing(2)
            criterion_layout.addWidget(title)
            criterion_layout.addWidget(reason)
            layout.addWidget(criterion)
        layout.addWidget(self.gaps_label)
        layout.addStretch(1)
        self.setWidget(body)

    def set_final(self, final: bool) -> None:
        self.heading.setText("Result" if final else "Result so far")

    def show_result(self, result: RiskResult, answered: bool = True) -> None:
        """``answered``: whether any risk factor has an answer; until one has, no level is
        shown (no answers would read as standard risk), only the criteria the context meets."""
        sentences = sentences_of(result)
        if answered:
            level = look.LEVELS[result.level]
            self.level_label.setText(level.words.upper())
            self.level_label.setStyleSheet(look.badge_style(result.level))
            self.yes_label.setText(f"{result.yes_count} of {result.question_count} answered yes")
        else:
            self.level_label.setText(NO_LEVEL_YET)
            self.level_label.setStyleSheet(look.no_badge_style())
            self.yes_label.setText(NO_ANSWERS_YET)
        raised = answered and result.level is not result.actuarial_level
        self.judgement_label.setVisible(raised)
        if raised:
            actuarial = look.LEVELS[result.actuarial_level].words.lower()
            self.judgement_label.setText(
                f"{RAISED_BY_JUDGEMENT}. The score alone gives {actuarial}."
            )
        self.refer_label.setText(referral_text(result))
        self.outcome_label.setText(sentences.outcome)
        self._show_prompts(tuple(prompt.text for prompt in result.prompts))
        self.red_flags_heading.setText(f"Red flags ({len(result.red_flags)})")
        flags = tuple(
            (self._flag_labels.get(flag, flag), sentence)
            for flag, sentence in zip(result.red_flags, sentences.red_flags, strict=True)
        )
        self._show_red_flags(flags)
        for name in Criterion:
            met = result.criteria.has(name)
            title = self.criteria_titles[name]
            title.setText(f"{name.heading}: {'✓ met' if met else '✗ not met'}")
            colour = style.SUCCESS_COLOUR if met else look.TEXT
            title.setStyleSheet(f"color: {colour};")
            self.criteria_reasons[name].setText(sentences.criterion(name))
        self.gaps_label.setText("\n".join(sentences.gaps))
        self.gaps_label.setVisible(bool(sentences.gaps))

    def prompt_texts(self) -> list[str]:
        return [
            label.text().removeprefix(BULLET)
            for label in self.prompt_labels
            if label.isVisibleTo(self)
        ]

    def red_flag_texts(self) -> list[str]:
        return [label.text() for label in self.red_flag_labels if label.isVisibleTo(self)]

    def _show_prompts(self, prompts: tuple[str, ...]) -> None:
        if prompts == self._shown_prompts:
            return
        self._shown_prompts = prompts
        while len(self.prompt_labels) < len(prompts):
            label = wrapped_label("")
            self.prompt_labels.append(label)
            self.prompt_list.addWidget(label)
        for number, label in enumerate(self.prompt_labels):
            shown = number < len(prompts)
            label.setText(BULLET + prompts[number] if shown else "")
            label.setVisible(shown)
        self.prompt_box.setVisible(bool(prompts))

    def _show_red_flags(self, flags: tuple[tuple[str, str], ...]) -> None:
        if flags == self._shown_flags:
            return
        self._shown_flags = flags
        colour = look.LEVELS[RiskLevel.HIGH].strong
        while len(self.red_flag_labels) < 2 * len(flags):
            title = wrapped_label("", scaled_font(1.0, QFont.Weight.Bold))
            title.setStyleSheet(f"color: {colour};")
            explanation = wrapped_label("")
            for label in (title, explanation):
                self.red_flag_labels.append(label)
                self.red_flag_list.addWidget(label)
        texts = [
            text
            for label_text, sentence in flags
            for text in ("⚑ " + label_text[:1].upper() + label_text[1:], sentence)
        ]
        for number, label in enumerate(self.red_flag_labels):
            shown = number < len(texts)
            label.setText(texts[number] if shown else "")
            label.setVisible(shown)
        self.no_red_flags_label.setVisible(not flags)
        self.red_flag_box.setVisible(bool(flags))
