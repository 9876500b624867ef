"""Professional judgement raises the level, never lowers it; under-16s go to children's services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assessment_support import (
    ASSESSED,
    answer_by_clicking,
    click,
    make_case,
    start,
    yes_to,
)
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes

from marac_desktop.risk import RiskLevel
from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.judgement_page import REASON_NEEDED
from marac_desktop.ui.assessment.result_panel import RAISED_BY_JUDGEMENT
from marac_desktop.ui.assessment.wizard import AssessmentWizard

NINE = [f"q{n}" for n in (1, 2, 3, 5, 10, 11, 12, 20, 21)]
FOURTEEN = [f"q{n}" for n in range(1, 15)]


def _judgement_ready(qtbot: QtBot, admin: Workspace, open_wizard: Callable, yes: list[str]):
    wizard: AssessmentWizard = open_wizard(start(admin, make_case(admin)))
    answer_by_clicking(qtbot, wizard, yes_to(yes))
    wizard.go_to_page(wizard.judgement_page)
    return wizard


def test_judgement_needs_a_reason_and_raises_only(
    qtbot: QtBot, admin: Workspace, open_wizard: Callable, message_boxes: MessageBoxes
) -> None:
    wizard = _judgement_ready(qtbot, admin, open_wizard, NINE)
    panel, judgement = wizard.panel, wizard.judgement_page
    assert panel.level_label.text() == "STANDARD RISK"
    assert not panel.judgement_label.isVisible()

    click(qtbot, judgement.raise_box)
    assert judgement.reason_status.isVisible()
    assert panel.level_label.text() == "STANDARD RISK"  # not raised until there is a reason
    click(qtbot, wizard.save_button)
    assert message_boxes.texts("warning") == [REASON_NEEDED]
    assert wizard.focusWidget() is judgement.reason_edit
    message_boxes.answers.append(True)
    click(qtbot, wizard.complete_button)
    assert message_boxes.texts("warning") == [REASON_NEEDED, REASON_NEEDED]
    assert message_boxes.texts("question") == []

    qtbot.keyClicks(judgement.reason_edit, "Threats with a knife she has not reported.")
    assert not judgement.reason_status.isVisible()
    assert wizard.risk_result.level is RiskLevel.HIGH
    assert wizard.risk_result.actuarial_level is RiskLevel.STANDARD
    assert panel.level_label.text() == "HIGH RISK"
    assert panel.judgement_label.isVisible()
    assert panel.judgement_label.text().startswith(RAISED_BY_JUDGEMENT)
    assert panel.criteria_titles["professional_judgement"].text().endswith("✓ met")
    assert panel.refer_label.text() == "Refer to MARAC: Yes"
    with qtbot.waitSignal(wizard.assessment_saved):
        click(qtbot, wizard.save_button)
    stored = assessments.get(admin, wizard.record.id)
    assert stored.result.level is RiskLevel.HIGH
    assert stored.main.professional_judgement is not None

    click(qtbot, judgement.raise_box)  # untick: back to the score, never below it
    assert wizard.risk_result.level is RiskLevel.STANDARD
    assert panel.level_label.text() == "STANDARD RISK"
    assert not panel.judgement_label.isVisible()
    assert panel.refer_label.text() == "Refer to MARAC: No"


def test_judgement_never_lowers_a_high_score(
    qtbot: QtBot, admin: Workspace, open_wizard: Callable
) -> None:
    wizard = _judgement_ready(qtbot, admin, open_wizard, FOURTEEN)
    judgement = wizard.judgement_page
    assert wizard.panel.level_label.text() == "HIGH RISK"
    assert "already gives high risk" in judgement.never_lower_label.text()
    click(qtbot, judgement.raise_box)
    qtbot.keyClicks(judgement.reason_edit, "Also my own view.")
    click(qtbot, judgement.raise_box)
    assert wizard.risk_result.level is RiskLevel.HIGH
    assert wizard.panel.level_label.text() == "HIGH RISK"
    assert not wizard.panel.judgement_label.isVisible()


def test_under_16_goes_to_childrens_services(
    qtbot: QtBot, admin: Workspace, open_wizard: Callable
) -> None:
    case = make_case(admin, born=date(ASSESSED.year - 15, ASSESSED.month, ASSESSED.day))
    wizard: AssessmentWizard = open_wizard(start(admin, case))
    assert wizard.context_page.victim_age() == 15
    answer_by_clicking(qtbot, wizard, yes_to(FOURTEEN))
    panel = wizard.panel
    assert panel.level_label.text() == "HIGH RISK"
    assert wizard.risk_result.refer_to_marac is False
    assert panel.refer_label.text() == "Refer to MARAC: No — refer to children's services"
    prompts = " ".join(panel.prompt_texts())
    assert "referral to children's services" in prompts
    assert "female genital mutilation" in prompts
    assert panel.prompt_box.isVisible()

    wizard.go_to_page(wizard.context_page)
    wizard.context_page.age_spin.setValue(17)
    assert wizard.risk_result.refer_to_marac is True
    prompts = " ".join(panel.prompt_texts())
    assert "referral to children's services" not in prompts
    assert "female genital mutilation" in prompts  # still under 18
    click(qtbot, wizard.context_page.age_unknown_box)
    assert wizard.context_page.victim_age() is None
    assert not wizard.context_page.age_spin.isEnabled()
    assert any("Record the victim's age" in text for text in panel.prompt_texts())
