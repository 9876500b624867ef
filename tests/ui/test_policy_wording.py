"""The dialogs that mention an age, a window or a count say what the stored area policy says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from cases.cases_support import referred_case
from pytestqt.qtbot import QtBot

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.people import PersonDetails
from marac_desktop.risk import AreaPolicy
from marac_desktop.services import records, settings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.new_victim_dialog import NewVictimDialog
from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog
from marac_desktop.ui.cases.new_referral_dialog import NewReferralDialog
from marac_desktop.ui.cases.referral_dialog import ReferralDialog
from marac_desktop.ui.widgets.person_fields import PersonFields

TODAY = date(2026, 3, 6)


def _dialog(qtbot: QtBot, workspace: Workspace) -> NewVictimDialog:
    dialog = NewVictimDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _born(dialog: NewVictimDialog, day: date) -> bool:
    """Enter the date of birth; whether the dialog then warns about the minimum age."""
    dialog.person_fields.dob_edit.setText(f"{day:%d/%m/%Y}")
    return dialog.person_fields.age_note.isVisible()


@pytest.mark.parametrize("minimum", [16, 18])
def test_new_victim_dialog_uses_the_areas_minimum_age(
    qtbot: QtBot, admin_ws: Workspace, minimum: int
) -> None:
    settings.save_policy(admin_ws, AreaPolicy(minimum_victim_age=minimum))
    dialog = _dialog(qtbot, admin_ws)
    note = dialog.person_fields.age_note
    words = " ".join(label.text() for label in dialog.findChildren(type(note)))
    assert f"victims under {minimum} go to children's services" in words
    assert "under 16" not in words or minimum == 16
    just_old_enough = date(TODAY.year - minimum, TODAY.month, TODAY.day)
    one_day_short = date(TODAY.year - minimum, TODAY.month, TODAY.day + 1)
    assert not _born(dialog, just_old_enough)
    assert _born(dialog, one_day_short)
    assert f"Aged {minimum - 1} today, under the minimum age of {minimum}" in note.text()
    dialog.person_fields.dob_edit.clear()  # not known
    assert not note.isVisible()
    dialog.person_fields.dob_edit.setText(str(TODAY.year - minimum + 1))  # a year alone
    assert not note.isVisible()


def test_referral_tick_boxes_give_the_areas_figures(qtbot: QtBot, admin_ws: Workspace) -> None:
    policy = AreaPolicy(
        high_threshold=15, escalation_incidents=4, escalation_window_days=200, repeat_window_days=90
    )
    settings.save_policy(admin_ws, policy)
    earlier = TODAY - timedelta(days=200)
    case = referred_case(admin_ws, PersonDetails("Okafor", "Test"), referral_day=earlier)
    dialog = ReferralDialog(admin_ws, CaseId(case.id), today=TODAY)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    boxes = {
        c: f"{box.text()} {fields.why_labels[c].text()}" for c, box in fields.criteria_boxes.items()
    }
    assert list(boxes) == list(Criterion)
    assert "15 or more yes answers" in boxes[Criterion.VISIBLE_HIGH_RISK]
    assert "4 or more incidents within 200 days" in boxes[Criterion.POTENTIAL_ESCALATION]
    assert "within the 90-day repeat window" in boxes[Criterion.REPEAT]
    assert "12 months" not in " ".join(boxes.values())


def test_every_person_entry_uses_the_one_form_and_a_victims_warns_about_age(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    settings.save_policy(admin_ws, AreaPolicy(minimum_victim_age=18))
    case = referred_case(admin_ws, PersonDetails("Nowak", "Anna"))
    victim = NewVictimDialog(admin_ws, today=TODAY)
    referral = NewReferralDialog(admin_ws, today=TODAY)
    other = AddPersonDialog(admin_ws, case.id, today=TODAY)
    for dialog in (victim, referral, other):
        qtbot.addWidget(dialog)
        dialog.show()
        assert type(dialog.person_fields) is PersonFields
    seventeen = date(TODAY.year - 17, TODAY.month, TODAY.day)
    for dialog in (victim, referral, other):
        dialog.person_fields.dob_edit.setText(f"{seventeen:%d/%m/%Y}")
    assert victim.person_fields.age_note.isVisible()
    assert referral.person_fields.age_note.isVisible()
    assert not other.person_fields.age_note.isVisible()  # a perpetrator or a child


def test_a_new_victim_keeps_everything_the_form_holds(qtbot: QtBot, admin_ws: Workspace) -> None:
    dialog = _dialog(qtbot, admin_ws)
    fields = dialog.person_fields
    fields.family_name_edit.setText("Wiśniewska")
    fields.given_names_edit.setText("Zofia")
    fields.add_alias().family_edit.setText("Nowak")
    fields.dob_edit.setText("1988")
    fields.postcode_edit.setText("LS1 4AB")
    dialog.create_button.click()
    assert dialog.created_case is not None
    details = records.case_record(admin_ws, dialog.created_case.id).victim.details
    assert (details.family_name, details.postcode) == ("Wiśniewska", "LS1 4AB")
    assert [a.family_name for a in details.aliases] == ["Nowak"]
    assert details.date_of_birth == date(1988, 1, 1) and details.dob_precision.value == "year"
