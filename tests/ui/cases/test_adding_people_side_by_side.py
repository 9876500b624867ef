"""The same new victim entered at two desks at once: the second save offers the first desk's
person in one sentence instead of making a second record, and the referral typed stays."""

from __future__ import annotations

from cases_support import click
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtWidgets import QDialog

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog
from marac_desktop.ui.cases.new_referral_dialog import (
    STEP_CANDIDATES,
    STEP_REFERRAL,
    NewReferralDialog,
)

OFFERED = "Robin Idva saved a person who may be this one at "
OFFERED_END = (
    "; nothing you typed is lost — look at them below, then choose them or say again that "
    "this is someone new."
)


def _referral(qtbot: QtBot, workspace: Workspace) -> NewReferralDialog:
    dialog = NewReferralDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.person_fields.family_name_edit.setText("Testvictim")
    dialog.person_fields.given_names_edit.setText("Ada")
    dialog.person_fields.dob_edit.setText("02/04/1990")
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == STEP_REFERRAL  # nobody on record yet
    qtbot.keyClicks(dialog.referral_fields.agency_combo, "Housing")
    dialog.referral_fields.criteria_boxes["professional_judgement"].setChecked(True)
    return dialog


def _victims(workspace: Workspace) -> int:
    return len(records.find_people(workspace, "Testvictim Ada", (PartyRole.VICTIM,)))


def test_the_second_new_referral_offers_the_person_the_first_saved(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    mine, theirs = _referral(qtbot, admin_ws), _referral(qtbot, idva_ws)
    click(qtbot, theirs.save_button)
    assert theirs.result() == QDialog.DialogCode.Accepted

    click(qtbot, mine.save_button)
    assert mine.isVisible() and mine.stack.currentIndex() == STEP_CANDIDATES
    assert mine.status.text().startswith(OFFERED) and mine.status.text().endswith(OFFERED_END)
    [card] = mine.check_step.panel.cards
    assert card.candidate.person.id == records.case_record(idva_ws, theirs.case_id).victim.id
    assert _victims(admin_ws) == 1
    assert mine.referral_fields.agency_combo.currentText() == "Housing"  # the referral stays

    click(qtbot, card.choose_button)  # it is the same person: the referral joins their case
    assert mine.stack.currentIndex() == STEP_REFERRAL
    click(qtbot, mine.save_button)
    assert mine.result() == QDialog.DialogCode.Accepted and mine.case_id == theirs.case_id
    assert _victims(admin_ws) == 1
    assert len(records.case_record(admin_ws, mine.case_id).referrals) == 2


def test_adding_a_person_to_a_case_offers_one_saved_meanwhile(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace
) -> None:
    case = records.open_case(admin_ws, PersonDetails("Testvictim", "Bea"))
    dialog = AddPersonDialog(admin_ws, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.person_fields.family_name_edit.setText("Testperp")
    dialog.person_fields.given_names_edit.setText("Carl")
    records.add_person_to_case(  # the other desk, a moment before this one's search ends
        idva_ws, case.id, PersonDetails("Testperp", "Carl"), PartyRole.PERPETRATOR, shown=()
    )
    # This desk's search reported nobody just before that save, so it adds the person at once.
    dialog._found(records.validate_person(dialog.person_fields.details()), [])
    wait_for_jobs()  # the search made again
    assert dialog.isVisible() and dialog.stack.currentIndex() == 1
    assert [c.candidate.person.details.given_names for c in dialog.check_step.panel.cards] == [
        "Carl"
    ]
    assert dialog.status.text().startswith(OFFERED)
    assert len(records.case_record(admin_ws, case.id).people(PartyRole.PERPETRATOR)) == 1
