"""A lead adds a known perpetrator to a case: the flag shows on the case at once, and the Flags
page, filtered by kind, opens the other victim's case from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from cases_support import click, referred_case
from pytestqt.qtbot import QtBot
from ui_support import MadeDatabase, wait_for_jobs

from PySide6.QtWidgets import QDialog

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.services import access, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog
from marac_desktop.ui.cases.case_view import CaseView
from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.flags.flag_table_model import COL_KIND, COL_STATUS
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.main_window import MainWindow

TODAY = date.today()
MAREK = PersonDetails("Kowalski", "Marek", date_of_birth=date(1980, 6, 7))
LEAD = "sam.lead"
LEAD_PASSWORD = "copper meadow lantern"


@pytest.fixture
def lead_ws(made_db: MadeDatabase, admin_ws: Workspace) -> Iterator[Workspace]:
    users.add_user(admin_ws, LEAD, Role.SAFEGUARDING_LEAD, LEAD_PASSWORD, "Sam Lead")
    workspace = access.unlock(made_db.path, LEAD, LEAD_PASSWORD)
    yield workspace
    workspace.close()


def _add_known_perpetrator(
    qtbot: QtBot, answer_modal: Callable, view: CaseView, known_id: int
) -> None:
    """Through the Add person dialog: type the name, then choose the person already on record."""

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


def test_a_serial_flag_shows_on_the_case_and_opens_the_other_case(
    qtbot: QtBot, lead_ws: Workspace, answer_modal: Callable
) -> None:
    other = referred_case(lead_ws, PersonDetails("Nowak", "Anna"), TODAY - timedelta(days=200))
    known = records.add_person_to_case(lead_ws, other.id, MAREK, PartyRole.PERPETRATOR)
    case = referred_case(lead_ws, PersonDetails("Begum", "Fatima"), TODAY - timedelta(days=20))
    window = MainWindow(lead_ws)
    qtbot.addWidget(window)
    window.resize(1300, 900)
    window.show()
    cases_page = window.show_page("Cases")
    assert isinstance(cases_page, CasesPage)
    assert cases_page.open_case(case.id)
    wait_for_jobs()
    view = cases_page.case_view
    assert view.summary_label.text().endswith("0 open flags")

    _add_known_perpetrator(qtbot, answer_modal, view, int(known.id))

    # the case header, its Flags tab and the person's card, all at once
    assert "1 new flag raised for review" in view.status.text()
    assert view.summary_label.text().endswith("· 1 open flag")
    assert view.tabs.tabText(4) == "Flags (1)"
    assert view.flag_model.rowCount() == 1
    shown = view.flag_model.index(0, 1).data(), view.flag_model.index(0, 3).data()
    assert shown[0] == "Serial perpetrator"
    assert other.reference in shown[1] and case.reference in shown[1]
    (card,) = [c for c in view.person_cards if c.party.person.id == known.id]
    assert [b.text() for b in card.flag_badges] == ["Serial perpetrator: waiting for review"]
    victim_card = view.person_cards[0]
    assert victim_card.flag_badges == []  # the flag is about the perpetrator, not the victim

    # the other victim's case shows it on the same person, and lists it as raised elsewhere
    assert cases_page.open_case(other.id)
    wait_for_jobs()
    (card,) = [c for c in view.person_cards if c.party.person.id == known.id]
    assert [b.text() for b in card.flag_badges] == ["Serial perpetrator: waiting for review"]
    assert view.summary_label.text().endswith(
        "· 0 open flags · 1 open flag about its people from another case"
    )
    assert view.tabs.tabText(4) == "Flags (1)"
    assert view.flag_model.index(0, 1).data() == (
        f"Serial perpetrator (about {known.details.display_name})"
    )

    flags_page = window.show_page("Flags")
    wait_for_jobs()
    assert isinstance(flags_page, FlagsPage)
    flags_page.set_kind_filter("Repeat incident")
    wait_for_jobs()
    assert flags_page.model.rowCount() == 0
    flags_page.set_kind_filter("Serial perpetrator")
    wait_for_jobs()
    assert flags_page.model.rowCount() == 1
    assert flags_page.model.index(0, COL_KIND).data() == "Serial perpetrator"
    assert flags_page.model.index(0, COL_STATUS).data() == "Waiting for review"
    flags_page.table.selectRow(0)
    listed = [flags_page.cases_list.item(i).text() for i in range(flags_page.cases_list.count())]
    assert [text.split(" · ")[0] for text in listed] == [other.reference, case.reference]
    assert other.reference in flags_page.evidence_label.text()
    assert flags_page.chosen_case() == case.id  # the case that raised it, to begin with
    flags_page.cases_list.setCurrentRow(0)
    assert flags_page.open_case_button.isEnabled()
    click(qtbot, flags_page.open_case_button)

    assert window.current_page() is cases_page
    assert view.case_id == CaseId(other.id)
    assert view.heading.text() == f"Case {other.reference}"
