"""The safeguarding lead, by keyboard: from a serial-perpetrator flag to every case of the
person causing harm, each opened with Enter."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, flags, records, users
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.cases_page import CasesPage
from marac_desktop.ui.flags.flags_page import FlagsPage
from marac_desktop.ui.main_window import MainWindow

TODAY = date.today()
LEAD, PASSWORD = "sam.lead", "lantern harbour quiet 77"


def _serial(admin: Workspace) -> list[str]:
    """Three victims of one perpetrator, flagged; their case references."""
    cases = []
    harm = None
    for family in ("Testone", "Testtwo", "Testthree"):
        case = records.open_case(admin, PersonDetails(family, "Ada"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(admin, case.id, TODAY, "Police", criteria, today=TODAY)
        if harm is None:
            harm = records.add_person_to_case(
                admin, case.id, PersonDetails("Testharm", "Ben"), PartyRole.PERPETRATOR
            )
        else:
            records.add_person_to_case(admin, case.id, harm.id, PartyRole.PERPETRATOR)
        cases.append(case)
    for case in cases:
        flags.refresh(admin, case.id, today=TODAY)
    return [case.reference for case in cases]


def test_the_lead_opens_each_case_of_a_serial_perpetrator(
    qtbot: QtBot,
    made_db,
    admin_ws: Workspace,  # type: ignore[no-untyped-def]
) -> None:
    references = _serial(admin_ws)
    users.add_user(admin_ws, LEAD, Role.SAFEGUARDING_LEAD, PASSWORD, "Sam Lead")
    lead = access.unlock(made_db.path, LEAD, PASSWORD)
    try:
        window = MainWindow(lead)
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("Flags")
        assert isinstance(page, FlagsPage)
        wait_for_jobs()
        assert page.model.rowCount() == 1
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Space)  # the first flag, the only one waiting
        wait_for_jobs()
        selected = page.selected()
        assert selected is not None and selected.flag.kind == FlagKind.SERIAL_PERPETRATOR
        listed = [page.cases_list.item(n).text().split(" · ")[0] for n in range(3)]
        assert sorted(listed) == sorted(references)
        cases_page = window.pages["Cases"]
        assert isinstance(cases_page, CasesPage)
        seen = []
        for row in range(page.cases_list.count()):
            window.show_page("Flags")
            page.cases_list.setFocus()
            page.cases_list.setCurrentRow(row)
            qtbot.keyClick(page.cases_list, Qt.Key.Key_Return)
            wait_for_jobs()
            QApplication.processEvents()
            assert window.current_page() is cases_page
            seen.append(cases_page.case_view.heading.text().removeprefix("Case "))
        assert sorted(seen) == sorted(references)
    finally:
        lead.close()
