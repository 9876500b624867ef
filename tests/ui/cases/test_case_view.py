from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from cases_support import HIGH_RISK, click, referred_case, shown_case_view
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtWidgets import QDialog

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseRecord, IncidentKind, PartyRole, ReferralStatus
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import assessments, flags, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases import cases_page as cases_page_module
from marac_desktop.ui.cases.add_person_dialog import AddPersonDialog
from marac_desktop.ui.cases.cases_page import LIST, CasesPage
from marac_desktop.ui.cases.incident_dialog import IncidentDialog
from marac_desktop.ui.cases.person_card import NOT_SAFE_TO_CALL
from marac_desktop.ui.cases.person_dialog import PersonDialog
from marac_desktop.ui.cases.referral_dialog import ReferralDialog
from marac_desktop.ui.cases.timeline import ASSESSMENT, FLAG, INCIDENT, MEETING, REFERRAL

TODAY = date.today()
VICTIM = PersonDetails(
    "حداد",
    "أميرة",
    date_of_birth=date(1990, 4, 12),
    phone="07700 900123",
    safe_to_call=False,
)


def _complete_assessment(workspace: Workspace, case_id: int, day: date, yes: int) -> None:
    record = assessments.start(workspace, case_id, day)  # type: ignore[arg-type]
    factors = [f"q{n}" for n in range(1, 25)]
    main = AssessmentInput(
        form_id=record.main.form_id,
        assessment_date=day,
        answers={q: Answer.YES if n < yes else Answer.NO for n, q in enumerate(factors)},
        victim_age=record.main.victim_age,
    )
    assessments.complete(workspace, record.id, main, {})


def test_shows_people_and_one_timeline_in_date_order(qtbot: QtBot, admin_ws: Workspace) -> None:
    case = records.open_case(admin_ws, VICTIM)
    perpetrator = PersonDetails("李", "伟", gender="male")
    records.add_person_to_case(admin_ws, case.id, perpetrator, PartyRole.PERPETRATOR, "ex-partner")
    records.add_person_to_case(
        admin_ws, case.id, PersonDetails("Wójcik", "Zofia"), PartyRole.CHILD, "daughter"
    )
    # recorded out of order, on purpose
    records.record_incident(
        admin_ws, case.id, TODAY - timedelta(days=20), IncidentKind.THREATS, "Police", True
    )
    records.record_referral(
        admin_ws,
        case.id,
        TODAY - timedelta(days=200),
        "Police",
        HIGH_RISK,
        ReferralStatus.HEARD,
        TODAY - timedelta(days=190),
    )
    records.record_incident(
        admin_ws,
        case.id,
        TODAY - timedelta(days=210),
        IncidentKind.COERCIVE_CONTROL,
        "Primary care",
        False,
    )
    _complete_assessment(admin_ws, case.id, TODAY - timedelta(days=205), 15)
    flags.refresh(admin_ws, case.id)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)

    assert view.windowTitle() == f"Case {case.reference}"
    assert "أميرة" not in view.windowTitle()
    assert view.heading.text() == f"Case {case.reference}"
    names = [c.name_label.text() for c in view.person_cards]
    assert names == [
        VICTIM.display_name,
        perpetrator.display_name,
        PersonDetails("Wójcik", "Zofia").display_name,
    ]
    victim_card = view.person_cards[0]
    assert victim_card.safe_badge is not None
    assert victim_card.safe_badge.text() == NOT_SAFE_TO_CALL[0]
    assert view.person_cards[1].role_label.text() == "Perpetrator (Former partner)"
    assert view.person_cards[2].safe_badge is None

    entries = [view.timeline_model.row_at(r).record for r in range(view.timeline_model.rowCount())]
    days = [e.day for e in entries]  # type: ignore[attr-defined]
    assert days == sorted(days)
    whats = [e.what for e in entries]  # type: ignore[attr-defined]
    assert whats == [INCIDENT, ASSESSMENT, REFERRAL, MEETING, INCIDENT, FLAG]
    assert view.timeline_model.index(0, 0).data() == f"{days[0].day} {days[0]:%b %Y}"
    assert "Coercive control" in view.timeline_model.index(0, 2).data()
    assert "High risk" in view.timeline_model.index(1, 2).data()
    assert "Repeat incident" in view.timeline_model.index(5, 2).data()
    assert view.incident_model.rowCount() == 2 and view.referral_model.rowCount() == 1
    assert view.assessment_model.index(0, 1).data() == "High risk"
    assert [b.text() for b in view.level_strip.badges] == ["High risk"]
    assert view.flag_model.index(0, 2).data() == "Waiting for review"
    assert view.tabs.tabText(1) == "Incidents (2)"


def test_adding_an_incident_raises_a_repeat_flag(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM, referral_day=TODAY - timedelta(days=100))
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, IncidentDialog)
        edit = dialog.date_edit
        edit.set_value(TODAY + timedelta(days=1))
        click(qtbot, dialog.save_button)
        seen["future"] = dialog.status.text()
        edit.set_value(TODAY)
        click(qtbot, dialog.save_button)
        seen["no agency"] = dialog.status.text()
        edit.set_value(TODAY - timedelta(days=3))
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("breach_of_order"))
        qtbot.keyClicks(dialog.agency_combo, "Police")
        dialog.police_checkbox.setChecked(True)
        click(qtbot, dialog.save_button)

    answer_modal(fill)
    click(qtbot, view.add_incident_button)
    assert seen["future"] == "The incident date is in the future; check it."
    assert seen["no agency"] == "Enter the source agency."
    record = records.case_record(admin_ws, case.id)
    assert [(i.kind, i.reported_to_police) for i in record.incidents] == [
        (IncidentKind.BREACH_OF_ORDER, True)
    ]
    assert [f.kind for f in record.flags] == ["repeat"]
    assert "1 new flag raised for review" in view.status.text()
    assert view.incident_model.rowCount() == 1 and view.flag_model.rowCount() == 1


def test_adding_a_referral_needs_a_criterion(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, str] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ReferralDialog)
        qtbot.keyClicks(dialog.fields.agency_combo, "Housing")
        click(qtbot, dialog.save_button)
        seen["error"] = dialog.status.text()
        click(qtbot, dialog.fields.criteria_boxes[Criterion.POTENTIAL_ESCALATION])
        click(qtbot, dialog.save_button)

    answer_modal(fill)
    click(qtbot, view.add_referral_button)
    assert seen["error"] == "Tick at least one MARAC referral criterion."
    referrals = records.case_record(admin_ws, case.id).referrals
    assert [(r.referring_agency, r.criteria.potential_escalation) for r in referrals][-1] == (
        "housing",
        True,
    )
    assert view.referral_model.rowCount() == 2


def test_adding_a_perpetrator_already_on_record_reuses_them(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    other = referred_case(admin_ws, PersonDetails("Nowak", "Anna", date_of_birth=date(1985, 1, 2)))
    known = records.add_person_to_case(
        admin_ws,
        other.id,
        PersonDetails("Kowalski", "Marek", date_of_birth=date(1980, 6, 7)),
        PartyRole.PERPETRATOR,
    )
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddPersonDialog)
        assert dialog.windowTitle() == "Add person"
        qtbot.keyClicks(dialog.relation_edit, "partner")
        qtbot.keyClicks(dialog.person_fields.family_name_edit, "Kowalsky")
        qtbot.keyClicks(dialog.person_fields.given_names_edit, "Marek")
        qtbot.keyClicks(dialog.person_fields.dob_edit, "07/06/1980")
        click(qtbot, dialog.next_button)
        card = dialog.check_step.panel.card_for(known.id)
        seen["history"] = card.history_label.text()
        click(qtbot, card.choose_button)

    answer_modal(fill)
    click(qtbot, view.add_person_button)
    assert other.reference in str(seen["history"])
    record = records.case_record(admin_ws, case.id)
    assert [p.id for p in record.people(PartyRole.PERPETRATOR)] == [known.id]
    assert view.person_cards[-1].name_label.text() == known.details.display_name
    assert "added to the case" in view.status.text()


def test_adding_a_child_who_is_new(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddPersonDialog)
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("child"))
        qtbot.keyClicks(dialog.relation_edit, "son")
        dialog.person_fields.family_name_edit.setText("حداد")
        dialog.person_fields.given_names_edit.setText("يوسف")
        qtbot.keyClicks(dialog.person_fields.dob_edit, "20/02/2019")
        click(qtbot, dialog.next_button)
        if dialog.isVisible():  # the victim shares the family name: not the same person
            click(qtbot, dialog.check_step.someone_new_button)

    answer_modal(fill)
    click(qtbot, view.add_person_button)
    children = records.case_record(admin_ws, case.id).people(PartyRole.CHILD)
    assert [c.details.given_names for c in children] == ["يوسف"]
    assert view.person_cards[-1].role_label.text() == "Child or dependant (Son or daughter)"


def test_details_opens_the_person_view(
    qtbot: QtBot, admin_ws: Workspace, answer_modal: Callable
) -> None:
    case = referred_case(admin_ws, VICTIM)
    view = shown_case_view(qtbot, admin_ws)
    view.load(case.id)
    seen: dict[str, str] = {}

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, PersonDialog)
        seen["title"] = dialog.windowTitle()
        seen["name"] = dialog.name_label.text()
        dialog.reject()

    answer_modal(read)
    click(qtbot, view.person_cards[0].details_button)
    assert seen == {"title": "Person", "name": VICTIM.display_name}


def test_opening_a_case_reads_it_off_the_window_thread_and_keeps_the_note(
    qtbot: QtBot, admin_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = referred_case(admin_ws, PersonDetails("Testvictim", "Ada"), TODAY)
    threads: list[str] = []
    read = records.case_record

    def noted(workspace: Workspace, case_id: CaseId) -> CaseRecord:
        threads.append(threading.current_thread().name)
        return read(workspace, case_id)

    monkeypatch.setattr(records, "case_record", noted)
    page = CasesPage(admin_ws)
    qtbot.addWidget(page)
    page.show()
    assert page.open_case(case.id, "The referral has been saved.")
    wait_for_jobs()
    assert page.stack.currentWidget() is page.case_view and page.case_view.case_id == case.id
    assert page.case_view.status.text() == "The referral has been saved."
    assert threads and threading.main_thread().name not in threads

    page.show_list()
    assert page.open_case(CaseId(case.id + 1000))  # no such case: one sentence, list kept
    with pytest.MonkeyPatch.context() as shown:
        sentences: list[str] = []
        shown.setattr(cases_page_module, "show_user_error", lambda _w, e: sentences.append(str(e)))
        wait_for_jobs()
    assert sentences == ["That case no longer exists."]
    assert page.stack.currentIndex() == LIST
