"""The referral forms take the criteria from what the case holds, and ask only the rest.

Driven with the keyboard: Tab to a tick box, Space to tick it, Enter to save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from cases_support import click, referred_case, shown_case_view
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.risk import Answer, ProfessionalJudgement
from marac_desktop.services import assessments, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.new_referral_dialog import STEP_REFERRAL, NewReferralDialog
from marac_desktop.ui.cases.record_fields import ReferralFields
from marac_desktop.ui.cases.referral_dialog import ReferralDialog
from marac_desktop.ui.cases.referral_words import FORM_SAYS, NO_ASSESSMENT

TODAY = date.today()
VICTIM = PersonDetails("Mensah", "Abena", date_of_birth=date(1991, 6, 2))
REASON = "Threatened to kill her with a knife and knows the new address"


def _assess(ws: Workspace, case_id: CaseId, yes: int, reason: str = "") -> AssessmentId:
    day = TODAY - timedelta(days=2)
    started = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.YES if n <= yes else Answer.NO for n in range(1, 25)}
    judgement = ProfessionalJudgement(True, reason) if reason else None
    main = replace(started.main, answers=answers, professional_judgement=judgement)
    return assessments.complete(ws, started.id, main, {}, today=TODAY).id


def _tab_to(qtbot: QtBot, start: QWidget, wanted: QWidget) -> None:
    """Tab from ``start`` until ``wanted`` has the focus, as a person would."""
    window = start.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    start.setFocus()
    for _ in range(12):
        if QApplication.focusWidget() is wanted:
            return
        qtbot.keyClick(QApplication.focusWidget() or start, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the box")


def _boxes(fields: ReferralFields) -> dict[Criterion, tuple[bool, bool]]:
    """Each criterion's box: (ticked, can be changed)."""
    return {c: (b.isChecked(), b.isEnabled()) for c, b in fields.criteria_boxes.items()}


def test_a_referral_takes_the_assessments_criteria_and_links_it(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM, referral_day=TODAY - timedelta(days=500))
    assessed = _assess(admin_ws, case.id, yes=15, reason=REASON)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ReferralDialog)
        fields = dialog.fields
        seen["basis"] = fields.basis_label.text()
        seen["boxes"] = _boxes(fields)
        seen["why"] = {c: label.text() for c, label in fields.why_labels.items()}
        qtbot.keyClicks(fields.agency_combo, "IDVA service")
        qtbot.keyClick(fields.agency_combo, Qt.Key.Key_Return)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.status.text()

    answer_modal(fill)
    click(qtbot, view.add_referral_button)
    assert "completed assessment of" in str(seen["basis"]) and "15 of 24 yes" in str(seen["basis"])
    assert seen["boxes"] == {
        Criterion.VISIBLE_HIGH_RISK: (True, False),
        Criterion.PROFESSIONAL_JUDGEMENT: (True, False),
        Criterion.POTENTIAL_ESCALATION: (False, False),
        Criterion.REPEAT: (False, False),
    }
    why = seen["why"]
    assert isinstance(why, dict)
    assert "14 or more is visible high risk" in why[Criterion.VISIBLE_HIGH_RISK]
    assert REASON in why[Criterion.PROFESSIONAL_JUDGEMENT]
    assert "500 days before this one" in why[Criterion.REPEAT]
    assert seen["open"] is False, seen["error"]
    saved = records.case_record(admin_ws, case.id).referrals[-1]
    assert saved.criteria == ReferralCriteria(visible_high_risk=True, professional_judgement=True)
    assert saved.assessment_id == assessed


def test_below_the_threshold_only_the_referrers_judgement_can_be_added(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    case = records.open_case(admin_ws, VICTIM, today=TODAY)
    assessed = _assess(admin_ws, case.id, yes=6)
    dialog = ReferralDialog(admin_ws, case.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.fields
    assert [c for c, (_t, enabled) in _boxes(fields).items() if enabled] == [
        Criterion.PROFESSIONAL_JUDGEMENT
    ]
    assert "not met" in fields.criteria_boxes[Criterion.VISIBLE_HIGH_RISK].text()
    qtbot.keyClicks(fields.agency_combo, "Police")
    qtbot.keyClick(fields.agency_combo, Qt.Key.Key_Return)
    assert "meets no MARAC referral criterion" in dialog.status.text()
    assert records.case_record(admin_ws, case.id).referrals == ()

    judgement = fields.criteria_boxes[Criterion.PROFESSIONAL_JUDGEMENT]
    _tab_to(qtbot, fields.agency_combo, judgement)
    qtbot.keyClick(judgement, Qt.Key.Key_Space)
    qtbot.keyClick(judgement, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = records.case_record(admin_ws, case.id).referrals[-1]
    assert saved.criteria == ReferralCriteria(professional_judgement=True)
    assert saved.assessment_id == assessed


def test_with_no_assessment_the_form_asks_what_the_referrers_form_says(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog = NewReferralDialog(admin_ws, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.person_fields
    qtbot.keyClicks(fields.family_name_edit, "Mensah")
    qtbot.keyClicks(fields.given_names_edit, "Abena")
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == STEP_REFERRAL
    referral = dialog.referral_fields
    assert referral.basis_label.text() == NO_ASSESSMENT
    high = referral.criteria_boxes[Criterion.VISIBLE_HIGH_RISK]
    assert high.text().startswith(FORM_SAYS) and high.isEnabled()
    assert referral.criteria_boxes[Criterion.POTENTIAL_ESCALATION].isEnabled()  # none recorded
    repeat = referral.criteria_boxes[Criterion.REPEAT]
    assert not repeat.isEnabled() and not repeat.isChecked()
    assert "No earlier MARAC referral" in referral.why_labels[Criterion.REPEAT].text()

    qtbot.keyClicks(referral.agency_combo, "Housing")
    _tab_to(qtbot, referral.agency_combo, high)
    qtbot.keyClick(high, Qt.Key.Key_Space)
    qtbot.keyClick(high, Qt.Key.Key_Return)
    assert dialog.case_id is not None
    saved = records.case_record(admin_ws, dialog.case_id).referrals[-1]
    assert saved.criteria == ReferralCriteria(visible_high_risk=True)
    assert saved.assessment_id is None


def test_a_referral_to_their_case_works_out_the_repeat(qtbot: QtBot, admin_ws: Workspace) -> None:
    existing = referred_case(admin_ws, VICTIM, referral_day=TODAY - timedelta(days=90))
    dialog = NewReferralDialog(admin_ws, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.person_fields
    qtbot.keyClicks(fields.family_name_edit, "Mensah")
    qtbot.keyClicks(fields.given_names_edit, "Abena")
    qtbot.keyClicks(fields.dob_edit, "02/06/1991")
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.check_step.panel.card_for(existing.victim.id).choose_button)
    referral = dialog.referral_fields
    assert dialog.target_case() == existing.id
    assert _boxes(referral)[Criterion.REPEAT] == (True, False)
    assert "90 days before this one" in referral.why_labels[Criterion.REPEAT].text()
    dialog.where_buttons[-1].setChecked(True)  # a new case for them: nothing to repeat
    assert _boxes(referral)[Criterion.REPEAT] == (False, False)
    dialog.where_buttons[0].setChecked(True)
    qtbot.keyClicks(referral.agency_combo, "Police")
    qtbot.keyClick(referral.agency_combo, Qt.Key.Key_Return)
    assert dialog.case_id == existing.id
    saved = records.case_record(admin_ws, existing.id).referrals[-1]
    assert saved.criteria == ReferralCriteria(repeat=True)
