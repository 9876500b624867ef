"""Render the case screens offscreen to PNG files, to look at (not a test; run it by hand).

    python tests/ui/cases/render_cases.py [FOLDER]     (default /tmp/marac-renders/cases)

Synthetic data only: demo cases, and one case whose people have names in Arabic and Chinese.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from marac_desktop.domain.criteria import ReferralCriteria

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SCRATCH = Path(tempfile.mkdtemp(prefix="marac-render-"))
os.environ.setdefault("MARAC_DESKTOP_DATA_DIR", str(_SCRATCH / "data"))
os.environ.setdefault("MARAC_DESKTOP_LOG_DIR", str(_SCRATCH / "logs"))
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from marac_desktop.domain.cases import CaseId, PersonId  # noqa: E402
from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.domain.people import Alias, DobPrecision, PersonDetails  # noqa: E402
from marac_desktop.domain.records import (  # noqa: E402
    IncidentKind,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.domain.users import Role  # noqa: E402
from marac_desktop.paths import resource_path  # noqa: E402
from marac_desktop.risk import Answer, AssessmentInput  # noqa: E402
from marac_desktop.services import access, assessments, demo, flags, records, users  # noqa: E402
from marac_desktop.services.workspace import Workspace  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts  # noqa: E402

DEFAULT_FOLDER = Path("/tmp/marac-renders/cases")
PASSWORD = "render preview passphrase"
RISK_FACTORS = [f"q{n}" for n in range(1, 25)]


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    background.runner().wait()  # what the page is reading, then its result
    QApplication.processEvents()
    for _ in range(4):
        QApplication.processEvents()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def _assess(workspace: Workspace, case_id: CaseId, day: date, yes: int, draft: bool) -> None:
    record = assessments.start(workspace, case_id, day)
    main = AssessmentInput(
        form_id=record.main.form_id,
        assessment_date=day,
        answers={q: Answer.YES if n < yes else Answer.NO for n, q in enumerate(RISK_FACTORS)},
        victim_age=record.main.victim_age,
    )
    if draft:
        assessments.save_draft(workspace, record.id, main, {})
    else:
        assessments.complete(workspace, record.id, main, {})


def _multilingual_case(workspace: Workspace, today: date) -> CaseId:
    victim = PersonDetails(
        family_name="حداد",
        given_names="أميرة",
        aliases=(Alias("Haddad", "Amira"),),
        date_of_birth=date(1990, 4, 12),
        gender="female",
        ethnicity="Arab",
        language="Arabic",
        interpreter_needed=True,
        postcode="LS8 4QT",
        phone="07700 900123",
        safe_to_call=False,
        contact_notes="Call only via the IDVA service; he checks her phone.",
    )
    case = records.open_case(workspace, victim)
    records.add_person_to_case(
        workspace,
        case.id,
        PersonDetails(
            "李",
            "伟",
            date_of_birth=date(1986, 1, 1),
            dob_precision=DobPrecision.YEAR,
            gender="male",
            ethnicity="Asian or Asian British: Chinese",
            postcode="LS6 2AB",
        ),
        PartyRole.PERPETRATOR,
        "ex-partner",
    )
    records.add_person_to_case(
        workspace,
        case.id,
        PersonDetails("Wójcik", "Zofia", date_of_birth=date(2016, 9, 3), gender="female"),
        PartyRole.CHILD,
        "daughter",
    )
    records.add_person_to_case(
        workspace,
        case.id,
        PersonDetails("حداد", "يوسف", date_of_birth=date(2019, 2, 20), gender="male"),
        PartyRole.CHILD,
        "son",
    )
    for days, kind, agency in (
        (400, IncidentKind.COERCIVE_CONTROL, "Primary care"),
        (330, IncidentKind.PHYSICAL_VIOLENCE, "Police"),
        (120, IncidentKind.STALKING_HARASSMENT, "Police"),
        (60, IncidentKind.THREATS, "Housing"),
        (20, IncidentKind.BREACH_OF_ORDER, "Police"),
    ):
        records.record_incident(
            workspace, case.id, today - timedelta(days=days), kind, agency, agency == "Police"
        )
    records.record_referral(
        workspace,
        case.id,
        today - timedelta(days=320),
        "Police",
        ReferralCriteria(visible_high_risk=True),
        ReferralStatus.HEARD,
        today - timedelta(days=306),
    )
    records.record_referral(
        workspace,
        case.id,
        today - timedelta(days=55),
        "IDVA service",
        ReferralCriteria(repeat=True, professional_judgement=True),
    )
    _assess(workspace, case.id, today - timedelta(days=325), 9, draft=False)
    _assess(workspace, case.id, today - timedelta(days=118), 12, draft=False)
    _assess(workspace, case.id, today - timedelta(days=50), 16, draft=False)
    _assess(workspace, case.id, today - timedelta(days=2), 5, draft=True)
    flags.refresh(workspace, case.id)
    return case.id


def main(folder: Path) -> None:
    application = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(application, QApplication)
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))

    from marac_desktop.ui.cases.cases_page import CasesPage
    from marac_desktop.ui.cases.new_referral_dialog import NewReferralDialog
    from marac_desktop.ui.flags.flags_page import FlagsPage
    from marac_desktop.ui.importing.csv_import_dialog import CsvImportDialog

    folder.mkdir(parents=True, exist_ok=True)
    database = _SCRATCH / "render.db"
    access.create_database(database, "admin", PASSWORD, "Alex Morgan", kdf=TEST_KDF)
    workspace = access.unlock(database, "admin", PASSWORD)
    today = date.today()
    demo.generate(workspace, 500, seed=3)
    special = _multilingual_case(workspace, today)

    page = CasesPage(workspace)
    page.resize(1180, 760)
    page.refresh()
    _save(page, folder, "01-cases-page")
    page.search_edit.setText("kha")
    page.model.set_search("kha")
    _save(page, folder, "02-cases-search")
    page.search_edit.clear()
    page.model.set_search("")

    page.open_case(special)
    page.resize(1280, 860)
    _save(page, folder, "03-case-view-timeline")
    page.case_view.tabs.setCurrentIndex(4)
    _save(page, folder, "04-case-view-flags")
    page.case_view.tabs.setCurrentIndex(3)
    _save(page, folder, "05-case-view-assessments")

    listed = records.case_page(workspace, "", 0, 600, "family_name")
    twice = next(
        a
        for a, b in zip(listed, listed[1:], strict=False)
        if (a.family_name, a.given_names) == (b.family_name, b.given_names)
    )
    for given, born in (("Fatima", date(1988, 3, 14)), ("Fatma", date(1988, 3, 14))):
        case = records.open_case(
            workspace, PersonDetails("Begum", given, date_of_birth=born, postcode="LS9 7QA")
        )
        records.record_referral(
            workspace,
            case.id,
            today - timedelta(days=400),
            "Police",
            ReferralCriteria(visible_high_risk=True),
        )
    _assess(workspace, case.id, today - timedelta(days=402), 15, draft=False)
    records.open_case(workspace, PersonDetails("Begum", "Fatima", date_of_birth=date(1988, 3, 4)))
    dialog = NewReferralDialog(workspace)
    dialog.person_fields.family_name_edit.setText("Begum")
    dialog.person_fields.given_names_edit.setText("Fatimah")
    dialog.person_fields.dob_edit.setText("14/03/1988")
    dialog.person_fields.add_alias()
    _save(dialog, folder, "06-new-referral-details")
    dialog.next_button.click()
    _save(dialog, folder, "07-new-referral-candidates")
    if dialog.check_step.panel.cards:
        dialog.check_step.panel.cards[0].choose_button.click()
    _save(dialog, folder, "08-new-referral-referral")
    dialog.reject()

    admin_flags = FlagsPage(workspace)
    admin_flags.refresh()
    admin_flags.resize(1180, 760)
    _save(admin_flags, folder, "09-flags-queue")
    admin_flags.set_kind_filter("Serial perpetrator")
    admin_flags.table.selectRow(0)
    _save(admin_flags, folder, "09a-flags-serial-perpetrator")
    admin_flags.set_kind_filter("12-month notices")
    admin_flags.set_status_filter("Any status")
    admin_flags.table.selectRow(0)
    _save(admin_flags, folder, "09d-flags-notices")
    admin_flags.set_kind_filter("Flags to review (all kinds)")
    admin_flags.set_status_filter("Waiting")
    from marac_desktop.ui.flags.review_dialog import ReviewDialog

    queued = admin_flags.model.row_at(0)
    review = ReviewDialog(workspace, queued.flag, queued.about, confirm=False)
    review.review_button.click()
    _save(review, folder, "09b-review-reason-required")
    review.reject()
    from marac_desktop.ui.cases.incident_dialog import IncidentDialog

    incident = IncidentDialog(workspace, special)
    incident.save_button.click()
    _save(incident, folder, "09c-incident-needs-agency")
    incident.reject()
    users.add_user(workspace, "idva.one", Role.IDVA, "willow kettle harbour phrase", "Robin")
    idva = access.unlock(database, "idva.one", "willow kettle harbour phrase")
    refused = FlagsPage(idva)
    refused.resize(900, 400)
    _save(refused, folder, "10-flags-not-allowed")

    csv_path = _SCRATCH / "marac-list.csv"
    csv_path.write_text(
        "Case no,Surname,Forename,DOB,Gender,Postcode,Referral date,Referring agency,"
        "High risk,Repeat\n"
        "A1,Nowak,Agnieszka,14/02/1988,F,LS9 8AA,03/03/2025,Police,Y,N\n"
        "A2,Begum,Rukhsana,1979-07-30,F,LS11 5QP,2025-04-11,IDVA service,Y,N\n"
        "A3,Okafor,Chiamaka,31/02/1990,F,LS7 3DD,12/05/2025,,N,N\n"
        "A4,王,秀英,02/11/1986,F,LS2 7HY,20/06/2025,Police,Y,Y\n",
        encoding="utf-8",
    )
    from marac_desktop.services import csv_import

    table = csv_import.read_csv(csv_path)
    csv_dialog = CsvImportDialog(workspace, csv_path, table)
    _save(csv_dialog, folder, "11-csv-mapping")
    csv_dialog.preview_button.click()
    _save(csv_dialog, folder, "12-csv-mapping-missing")
    mapping = csv_dialog.mapping()
    mapping["referral_date"] = table.headers.index("Referral date")
    csv_dialog.set_mapping(mapping)
    csv_dialog.preview_button.click()
    _save(csv_dialog, folder, "13-csv-preview-problems")

    from marac_desktop.services import people_matching

    from marac_desktop.ui.cases.person_dialog import PersonDialog
    from marac_desktop.ui.importing.bundle_files import BundleProblemsDialog

    people_matching.confirm_same_person(
        workspace,
        known_id(workspace, twice.id),
        known_id(workspace, listed[listed.index(twice) + 1].id),
    )
    person = PersonDialog(workspace, known_id(workspace, twice.id))
    person.search_button.click()
    _save(person, folder, "14-person-dialog")
    problems = BundleProblemsDialog(
        [
            "people[0].family_name: is required",
            "cases[0].victim: names a person (p9) that is not in the bundle",
            "referrals[0].date: is in the future",
            "referrals[0].criteria: tick at least one criterion",
        ]
    )
    _save(problems, folder, "15-bundle-problems")
    workspace.close()
    idva.close()


def known_id(workspace: Workspace, case_id: CaseId) -> PersonId:
    return records.case_record(workspace, case_id).victim.id


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
