"""A lead adds a known perpetrator to a case: the flag shows on the case at once, and the Flags
page opens the other victim's case from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from cases_support import click, referred_case, shown_case_view
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QDialog

from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.services import access, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog

TODAY = date.today()
MAREK = PersonDetails("Kowalski", "Marek", date_of_birth=date(1980, 6, 7))
LEAD = "sam.lead"
LEAD_PASSWORD = "copper meadow lantern"


@pytest.fixture
def lead_ws(made_db, admin_ws: Workspace) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    users.add_user(admin_ws, LEAD, Role.SAFEGUARDING_LEAD, LEAD_PASSWORD, "Sam Lead")
    workspace = access.unlock(made_db.path, LEAD, LEAD_PASSWORD)
    yield workspace
    workspace.close()


def _add_known_perpetrator(qtbot: QtBot, answer_modal: Callable, view, known_id: int) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddPersonDialog)
        qtbot.keyClicks(dialog.relation_edit, "ex-partner")
        qtbot.keyClicks(dialog.person_fields.family_name_edit, MAREK.family_name)
        qtbot.keyClicks(dialog.person_fields.given_names_edit, MAREK.given_names)
        qtbot.keyClicks(dialog.person_fields.dob_edit, "07/06/1980")
        click(qtbot, dialog.next_button)
        click(qtbot, dialog.check_step.panel.card_for(known_id).choose_button)

    answer_modal(fill)
    click(qtbot, view.add_person_button)


def test_a_serial_flag_shows_on_the_case_at_once(
    qtbot: QtBot, lead_ws: Workspace, answer_modal: Callable
) -> None:
    other = referred_case(lead_ws, PersonDetails("Nowak", "Anna"), TODAY - timedelta(days=200))
    known = records.add_person_to_case(lead_ws, other.id, MAREK, PartyRole.PERPETRATOR)
    case = referred_case(lead_ws, PersonDetails("Begum", "Fatima"), TODAY - timedelta(days=20))
    view = shown_case_view(qtbot, lead_ws)
    view.load(case.id)
    assert view.summary_label.text().endswith("0 open flags")

    _add_known_perpetrator(qtbot, answer_modal, view, int(known.id))

    assert "1 new flag raised for review" in view.status.text()
    assert view.summary_label.text().endswith("1 open flag")
    assert view.flag_model.rowCount() == 1
    assert view.tabs.tabText(4) == "Flags (1)"
    (card,) = [c for c in view.person_cards if c.party.person.id == known.id]
    assert [b.text() for b in card.flag_badges] == ["Serial perpetrator: waiting for review"]
