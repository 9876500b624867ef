"""The last wizard page: professional judgement (it raises the level, never lowers it), outcome."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWidget

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AssessmentInput, ProfessionalJudgement, RiskLevel, RiskResult
from marac_desktop.risk.result_sentences import sentences_of

from marac_desktop.ui.assessment import look
from marac_desktop.ui.assessment.context_page import card
from marac_desktop.ui.assessment.question_widget import scaled_font, wrapped_label
from marac_desktop.ui.assessment.result_panel import referral_text
from marac_desktop.ui.assessment.section_page import ScrollingPage
from marac_desktop.ui.widgets.text import StatusLabel, heading_label

TITLE = "Judgement and outcome"
REASON_NEEDED = (
    "Write down the reason for raising the level on professional judgement, or untick the box."
)
JUDGEMENT_EXPLAINED = (
    "Your professional judgement can raise the level to high risk, for example when a red flag "
    "is present or when what the person tells you shows more danger than the score. It can only "
    "raise the level, never lower it: if the score gives high risk, the result stays high "
    "whatever is ticked here."
)


class JudgementPage(ScrollingPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.raise_box = QCheckBox("&Raise to high risk on professional judgement")
        self.raise_box.setFont(scaled_font(look.QUESTION_SCALE, QFont.Weight.DemiBold))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleDescription(
            "Why your professional judgement sets the risk level higher than the answers do"
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(110)
        self.reason_edit.setMaximumHeight(170)
        self.reason_edit.setPlaceholderText(
            "Why the danger is greater than the score shows (required when raised)"
        )
        self.reason_edit.setAccessibleName("Reason for professional judgement")
        reason_label = QLabel("Reason (&required when raised)")
        reason_label.setBuddy(self.reason_edit)
        self.reason_status = StatusLabel()
        self.body_layout.addWidget(
            card(
                heading_label("Professional judgement", 3),
                wrapped_label(JUDGEMENT_EXPLAINED),
                self.raise_box,
                reason_label,
                self.reason_edit,
                self.reason_status,
            )
        )
        self.actuarial_label = wrapped_label("", scaled_font(1.05, QFont.Weight.DemiBold))
        self.level_label = wrapped_label("", scaled_font(1.05, QFont.Weight.DemiBold))
        self.never_lower_label = wrapped_label("", muted=True)
        self.refer_label = wrapped_label("", scaled_font(1.05, QFont.Weight.Bold))
        self.outcome_label = wrapped_label("")
        self.body_layout.addWidget(
            card(
                heading_label("Outcome", 3),
                self.actuarial_label,
                self.level_label,
                self.never_lower_label,
                self.refer_label,
                self.outcome_label,
            )
        )
        self.body_layout.addStretch(1)
        self.raise_box.toggled.connect(self._on_raise_box_toggled)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)

    def judgement(self) -> ProfessionalJudgement | None:
        """The judgement to save; refuses a raised judgement without a reason."""
        reason = self.reason_edit.toPlainText().strip()
        raised = self.raise_box.isChecked()
        if raised and not reason:
            raise InvalidInputError(REASON_NEEDED)
        if not raised and not reason:
            return None
        return ProfessionalJudgement(raised, reason)

    def live_judgement(self) -> ProfessionalJudgement | None:
        """The judgement to score with while typing: not raised until it has a reason."""
        try:
            return self.judgement()
        except InvalidInputError:
            return None

    def load(self, data: AssessmentInput) -> None:
        judgement = data.professional_judgement
        for widget in (self.raise_box, self.reason_edit):
            widget.blockSignals(True)
        self.raise_box.setChecked(bool(judgement and judgement.raised))
        self.reason_edit.setPlainText(judgement.reason if judgement else "")
        for widget in (self.raise_box, self.reason_edit):
            widget.blockSignals(False)
        self._update_status()

    def set_read_only(self, read_only: bool) -> None:
        self.raise_box.setEnabled(not read_only)
        self.reason_edit.setReadOnly(read_only)

    def show_result(self, result: RiskResult) -> None:
        actuarial = look.LEVELS[result.actuarial_level].words.lower()
        level = look.LEVELS[result.level].words
        self.actuarial_label.setText(
            f"The score alone gives {actuarial}: {result.yes_count} of "
            f"{result.question_count} answered yes."
        )
        self.level_label.setText(f"The level is {level.lower()}.")
        if result.actuarial_level is RiskLevel.HIGH:
            never_lower = "The score already gives high risk; judgement cannot change it."
        elif result.level is RiskLevel.HIGH:
            never_lower = "Raised by professional judgement. Untick to go back to the score."
        else:
            never_lower = "Judgement can raise this to high risk; it can never lower a level."
        self.never_lower_label.setText(never_lower)
        self.refer_label.setText(referral_text(result))
        self.outcome_label.setText(sentences_of(result).outcome)

    def first_focus(self) -> None:
        self.raise_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_reason(self) -> None:
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_widget(self.reason_edit)

    def _update_status(self) -> None:
        if self.raise_box.isChecked() and not self.reason_edit.toPlainText().strip():
            self.reason_status.show_error(REASON_NEEDED + " Until then the level is not raised.")
        else:
            self.reason_status.clear_message()

    def _on_raise_box_toggled(self, _checked: bool) -> None:
        self._update_status()
        self.changed.emit()

    def _on_reason_edit_text_changed(self) -> None:
        self._update_status()
        self.changed.emit()
