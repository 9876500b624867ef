"""Coded fields hold codes: every write is coded, and migration 0006 codes what was typed before."""

from __future__ import annotations

import json
from datetime import date

import pytest
from alembic import command
from sqlalchemy import text

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, PartyRole
from marac_desktop.domain.vocabulary import Term, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import meeting_settings, records, vocabularies
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import migrate

TODAY = date(2026, 6, 1)
TYPED = "Jo Bloggs 07700 900123"


def _case(ws: Workspace) -> int:
    record = records.open_case(ws, PersonDetails("Quinn", "Ada", gender="Woman"), today=TODAY)
    records.add_person_to_case(
        ws, record.id, PersonDetails("Quinn", "Bo"), PartyRole.PERPETRATOR, "Ex-partner"
    )
    records.record_incident(
        ws, record.id, date(2026, 5, 1), IncidentKind.THREATS, "police service", True, TODAY
    )
    records.record_referral(
        ws, record.id, date(2026, 5, 2), TYPED, ReferralCriteria(repeat=True), today=TODAY
    )
    return record.id


def _raw(ws: Workspace, query: str) -> list[tuple[object, ...]]:
    with ws.transaction() as session:
        return [tuple(row) for row in session.execute(text(query))]


@pytest.mark.both_engines
def test_every_write_stores_a_code_and_keeps_typed_words_apart(admin: Workspace) -> None:
    _case(admin)
    assert _raw(admin, "SELECT gender, gender_detail FROM people ORDER BY id") == [
        ("female", ""),
        ("", ""),
    ]
    assert _raw(admin, "SELECT referring_agency, referring_agency_detail FROM referrals") == [
        ("other", TYPED)
    ]
    assert _raw(admin, "SELECT source_agency FROM incidents") == [("police",)]
    assert ("ex_partner", "") in _raw(
        admin, "SELECT relationship, relationship_detail FROM case_people"
    )


@pytest.mark.both_engines
def test_an_area_adds_its_own_term_and_it_is_coded_from_then_on(admin: Workspace) -> None:
    term = vocabularies.add_term(
        admin, VocabularyId.AGENCY, "fire_service", "Fire and rescue", frozenset({"research"})
    )
    assert term == Term("fire_service", "Fire and rescue", frozenset({"research"}), local=True)
    case_id = _case(admin)
    records.record_referral(
        admin, case_id, date(2026, 5, 3), "fire and  rescue", ReferralCriteria(repeat=True),
        today=TODAY,
    )  # fmt: skip
    assert ("fire_service",) in _raw(admin, "SELECT referring_agency FROM referrals")
    assert vocabularies.current(admin).agency.label("fire_service") == "Fire and rescue"
    with pytest.raises(InvalidInputError, match="already"):
        vocabularies.add_term(admin, VocabularyId.AGENCY, "police2", "POLICE")
    with pytest.raises(InvalidInputError, match="code"):
        vocabularies.add_term(admin, VocabularyId.AGENCY, "Bad Code!", "Somewhere")
    with pytest.raises(InvalidInputError, match="marked"):
        vocabularies.add_term(admin, VocabularyId.GENDER, "agender", "Agender", frozenset({"lgbt"}))


def test_migration_0006_codes_values_typed_before_it(admin: Workspace) -> None:
    case_id = _case(admin)
    engine = admin.database.engine
    with engine.begin() as connection:
        command.downgrade(migrate._config(connection), "0005")
        connection.execute(
            text(
                "UPDATE people SET ethnicity = 'white  BRITISH', gender = 'F', "
                "sexuality = 'Lesbian' WHERE id = 1"
            )
        )
        connection.execute(
            text("UPDATE people SET ethnicity = 'Martian', gender = 'x' WHERE id = 2")
        )
        connection.execute(
            text("UPDATE referrals SET referring_agency = 'MARAC transfer from Leeds'")
        )
        connection.execute(text("UPDATE incidents SET source_agency = :t"), {"t": TYPED})
        connection.execute(
            text("UPDATE case_people SET relationship = 'Husband' WHERE role = 'perpetrator'")
        )
        settings = {"agencies": ["Police", "Fire service", "Education"]}
        connection.execute(
            text("INSERT INTO settings (key, value) VALUES ('meeting_settings', :v)"),
            {"v": json.dumps(settings)},
        )
        command.upgrade(migrate._config(connection), "head")
    rows = _raw(
        admin,
        "SELECT ethnicity, ethnicity_detail, gender, gender_detail, sexuality "
        "FROM people ORDER BY id",
    )
    assert rows == [
        ("white_british", "", "female", "", "gay_lesbian"),
        ("other", "Martian", "other", "x", ""),
    ]
    assert _raw(admin, "SELECT referring_agency, referring_agency_detail FROM referrals") == [
        ("marac_transfer", "MARAC transfer from Leeds")
    ]
    assert _raw(admin, "SELECT source_agency, source_agency_detail FROM incidents") == [
        ("other", TYPED)
    ]
    assert ("spouse",) in _raw(admin, "SELECT relationship FROM case_people")
    loaded = meeting_settings.load_meeting_settings(admin)
    assert loaded.agencies == ("police", "local_fire_service", "education")
    assert vocabularies.current(admin).agency.label("local_fire_service") == "Fire service"
    record = records.case_record(admin, case_id)
    assert record.referrals[0].referring_agency_detail == "MARAC transfer from Leeds"

    with engine.begin() as connection:  # and back: the words are given back to the old columns
        command.downgrade(migrate._config(connection), "0005")
        back = connection.execute(text("SELECT ethnicity, gender FROM people ORDER BY id")).all()
        agency = connection.execute(text("SELECT source_agency FROM incidents")).scalar()
        command.upgrade(migrate._config(connection), "head")
    assert [tuple(r) for r in back] == [
        ("White: English, Welsh, Scottish, Northern Irish or British", "Female"),
        ("Martian", "x"),
    ]
    assert agency == TYPED


@pytest.mark.both_engines
def test_words_typed_for_a_coded_field_have_a_limit(admin: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="ethnicity is longer than 200"):
        records.open_case(admin, PersonDetails("Quinn", "Ada", ethnicity="e" * 201), today=TODAY)
