from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cases_support import click, referred_case, victim_id
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes

from PySide6.QtWidgets import QDialog

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import people_matching, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.cases.link_records_dialog import LinkRecordsDialog
from marac_desktop.ui.cases.new_referral_dialog import (
    STEP_CANDIDATES,
    STEP_DETAILS,
    STEP_REFERRAL,
    NewReferralDialog,
)
from marac_desktop.ui.cases.person_dialog import PersonDialog

BEGUM = PersonDetails("Begum", "Fatima", date_of_birth=date(1988, 3, 14), postcode="LS8 1AA")


def _enter_victim(
    qtbot: QtBot, dialog: NewReferralDialog, family: str, given: str, dob: str
) -> None:
    fields = dialog.person_fields
    for edit, text in (
        (fields.family_name_edit, family),
        (fields.given_names_edit, given),
        (fields.dob_edit, dob),
    ):
        if text.isascii() and text:
            qtbot.keyClicks(edit, text)
        else:  # QTest types Latin-1 only, and aborts on an empty string
            edit.setText(text)
    click(qtbot, dialog.next_button)


def _enter_referral(qtbot: QtBot, dialog: NewReferralDialog, agency: str = "Housing") -> None:
    qtbot.keyClicks(dialog.referral_fields.agency_combo, agency)
    dialog.referral_fields.criteria_boxes["professional_judgement"].setChecked(True)
    click(qtbot, dialog.save_button)


def _dialog(qtbot: QtBot, workspace: Workspace) -> NewReferralDialog:
    dialog = NewReferralDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _page(qtbot: QtBot, workspace: Workspace) -> CasesPage:
    page = CasesPage(workspace)
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_variant_spelling_finds_the_person_and_a_new_case_opens_for_them(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    existing = referred_case(admin_ws, BEGUM)
    page = _page(qtbot, admin_ws)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NewReferralDialog)
        assert "Begum" not in dialog.windowTitle()
        _enter_victim(qtbot, dialog, "Begum", "Fatma", "14/03/1988")
        assert dialog.stack.currentIndex() == STEP_CANDIDATES
        cards = dialog.check_step.panel.cards
        card = dialog.check_step.panel.card_for(existing.victim.id)
        seen["cards"] = len(cards)
        seen["reasons"] = card.reasons_label.text()
        seen["candidate_reasons"] = card.candidate.reasons
        seen["history"] = card.history_label.text()
        click(qtbot, card.choose_button)
        assert dialog.stack.currentIndex() == STEP_REFERRAL
        seen["where"] = [b.text() for b in dialog.where_buttons]
        dialog.where_buttons[-1].setChecked(True)  # a new case (a different perpetrator)
        _enter_referral(qtbot, dialog)

    answer_modal(fill)
    click(qtbot, page.new_referral_button)
    assert seen["cards"] >= 1
    assert seen["candidate_reasons"]
    for reason in seen["candidate_reasons"]:  # type: ignore[attr-defined]
        assert reason in seen["reasons"]
    assert existing.reference in str(seen["history"]) and "victim" in str(seen["history"])
    assert f"Add it to case {existing.reference}" in seen["where"][0]  # type: ignore[index]
    assert records.count_cases(admin_ws) == 2
    opened = page.case_view.record
    assert page.stack.currentWidget() is page.case_view and opened is not None
    assert opened.id != existing.id
    assert opened.victim.id == existing.victim.id  # the same person, not a second record
    assert opened.victim.details.given_names == "Fatima"
    assert [r.referring_agency for r in opened.referrals] == ["housing"]


def test_the_referral_can_go_to_the_case_they_already_have(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    existing = referred_case(admin_ws, BEGUM)
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Begum", "Fatima", "1988")
    click(qtbot, dialog.check_step.panel.card_for(existing.victim.id).choose_button)
    assert dialog.where_buttons[0].isChecked()
    assert dialog.target_case() == existing.id
    _enter_referral(qtbot, dialog, "Police")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.case_id == existing.id
    assert records.count_cases(admin_ws) == 1
    assert len(records.case_record(admin_ws, existing.id).referrals) == 2


def test_someone_new_gets_their_own_record(qtbot: QtBot, admin_ws: Workspace) -> None:
    existing = referred_case(admin_ws, BEGUM)
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Begum", "Fatma", "14/03/1988")
    assert dialog.stack.currentIndex() == STEP_CANDIDATES
    click(qtbot, dialog.check_step.someone_new_button)
    assert dialog.stack.currentIndex() == STEP_REFERRAL
    assert "a new person" in dialog.who_label.text() and not dialog.where_buttons
    _enter_referral(qtbot, dialog)
    assert dialog.case_id is not None and dialog.case_id != existing.id
    assert victim_id(admin_ws, dialog.case_id) != existing.victim.id
    assert records.case_record(admin_ws, dialog.case_id).victim.details.given_names == "Fatma"


def test_back_from_the_candidates_keeps_what_was_typed(qtbot: QtBot, admin_ws: Workspace) -> None:
    referred_case(admin_ws, BEGUM)
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Begum", "Fatima", "14/03/1988")
    click(qtbot, dialog.check_step.back_button)
    assert dialog.stack.currentIndex() == STEP_DETAILS
    assert dialog.person_fields.given_names_edit.text() == "Fatima"
    dialog.reject()
    assert records.count_cases(admin_ws) == 1


def test_no_one_similar_goes_straight_to_the_referral(qtbot: QtBot, admin_ws: Workspace) -> None:
    referred_case(admin_ws, BEGUM)
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Wiśniewska", "Zofia", "")
    assert dialog.stack.currentIndex() == STEP_REFERRAL
    entered = PersonDetails("Wiśniewska", "Zofia").display_name
    assert f"{entered}, a new person" in dialog.who_label.text()
    _enter_referral(qtbot, dialog)
    assert dialog.case_id is not None
    details = records.case_record(admin_ws, dialog.case_id).victim.details
    assert details.family_name == "Wiśniewska" and details.date_of_birth is None


def test_the_victim_details_are_checked_before_anything_else(
    qtbot: QtBot, admin_ws: Workspace
) -> None:
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Nowak", "", "")
    assert dialog.stack.currentIndex() == STEP_DETAILS
    assert "given names" in dialog.status.text()
    qtbot.keyClicks(dialog.person_fields.given_names_edit, "Anna")
    qtbot.keyClicks(dialog.person_fields.dob_edit, "31/02/1990")
    assert "DD/MM/YYYY" in dialog.person_fields.dob_hint.text()
    click(qtbot, dialog.next_button)
    assert dialog.stack.currentIndex() == STEP_DETAILS
    assert "DD/MM/YYYY" in dialog.status.text()
    dialog.person_fields.dob_edit.setText(f"01/01/{date.today().year + 1}")
    click(qtbot, dialog.next_button)
    assert "future" in dialog.status.text()
    assert records.count_cases(admin_ws) == 0


def test_a_referral_needs_an_agency_and_a_criterion(qtbot: QtBot, admin_ws: Workspace) -> None:
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Nowak", "Anna", "02/05/1990")
    assert dialog.stack.currentIndex() == STEP_REFERRAL
    click(qtbot, dialog.save_button)
    assert dialog.status.text() == "Enter the referring agency."
    qtbot.keyClicks(dialog.referral_fields.agency_combo, "Police")
    click(qtbot, dialog.save_button)
    assert dialog.status.text() == "Tick at least one MARAC referral criterion."
    assert dialog.isVisible() and records.count_cases(admin_ws) == 0
    click(qtbot, dialog.referral_fields.criteria_boxes["visible_high_risk"])
    click(qtbot, dialog.save_button)
    assert dialog.case_id is not None and records.count_cases(admin_ws) == 1


def test_two_records_confirmed_as_the_same_person_can_be_unlinked(
    qtbot: QtBot,
    admin_ws: Workspace,
    answer_modal: Callable,
    message_boxes: MessageBoxes,
) -> None:
    first = referred_case(admin_ws, BEGUM)
    second = referred_case(
        admin_ws,
        PersonDetails("Begum", "Fatima", date_of_birth=date(1988, 3, 4)),  # a typing slip?
        agency="Housing",
    )
    a, b = first.victim.id, second.victim.id
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Begum", "Fatima", "14/03/1988")
    card = dialog.check_step.panel.card_for(a)
    assert card.link_button.isVisible()  # more than one candidate: they may be one person

    def link(linker: QDialog) -> None:
        assert isinstance(linker, LinkRecordsDialog)
        assert linker.other_combo.count() == len(dialog.check_step.panel.cards) - 1
        linker.other_combo.setCurrentIndex(linker.other_combo.findData(int(b)))
        click(qtbot, linker.link_button)

    answer_modal(link)
    click(qtbot, card.link_button)
    assert dialog.links_made == 1 and "linked" in dialog.status.text()
    assert [p.id for _link, p in people_matching.linked_people(admin_ws, a)] == [b]
    assert records.count_cases(admin_ws) == 2  # linking merges and saves nothing else
    dialog.reject()

    person = PersonDialog(admin_ws, a)
    qtbot.addWidget(person)
    assert person.windowTitle() == "Person"
    assert len(person.undo_buttons) == 1
    message_boxes.answers.append(True)
    click(qtbot, person.undo_buttons[0])
    assert people_matching.linked_people(admin_ws, a) == []
    assert person.undo_buttons == [] and "undone" in person.status.text()


def test_the_person_view_links_another_record(
    qtbot: QtBot, admin_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    first = referred_case(admin_ws, BEGUM)
    second = referred_case(
        admin_ws, PersonDetails("Begum", "Fatma", date_of_birth=date(1988, 3, 14))
    )
    person = PersonDialog(admin_ws, first.victim.id)
    qtbot.addWidget(person)
    person.show()
    click(qtbot, person.search_button)
    assert [c.candidate.person.id for c in person.candidates.cards] == [second.victim.id]
    card = person.candidates.cards[0]
    assert not card.choose_button.isVisible() and card.link_button.isVisible()
    message_boxes.answers.append(True)
    click(qtbot, card.link_button)
    linked = people_matching.linked_people(admin_ws, first.victim.id)
    assert [p.id for _link, p in linked] == [second.victim.id]
    assert len(person.undo_buttons) == 1


def test_referral_dialog_opens_on_the_new_case(qtbot: QtBot, admin_ws: Workspace) -> None:
    dialog = _dialog(qtbot, admin_ws)
    _enter_victim(qtbot, dialog, "Chen", "Mei", "1979")
    _enter_referral(qtbot, dialog)
    assert dialog.case_id == CaseId(1)
    details = records.case_record(admin_ws, CaseId(1)).victim.details
    assert details.date_of_birth == date(1979, 1, 1) and details.dob_precision.value == "year"
