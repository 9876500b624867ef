"""The blocking keys in person_match_keys follow every change to a person, in its transaction."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, text

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.progress import Progress, Step
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import bundle, demo, people_matching, records
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import match_keys_repo, records_repo
from marac_desktop.storage.orm import PersonMatchKeyRow

TODAY = date(2026, 11, 20)
fill_migration = importlib.import_module(
    "marac_desktop.storage.migrations.versions.0011_match_keys"
)


def _stored(ws: Workspace) -> set[tuple[str, int]]:
    with ws.transaction() as session:
        rows = session.execute(select(PersonMatchKeyRow.key, PersonMatchKeyRow.person_id))
        return {(key, person_id) for key, person_id in rows}


def _expected(ws: Workspace) -> set[tuple[str, int]]:
    """The keys of everyone on record as they are now, worked out afresh."""
    with ws.transaction() as session:
        people = session.execute(text("SELECT id FROM people")).scalars().all()
        found = set()
        for person_id in people:
            person = records_repo.get_person(session, person_id)
            assert person is not None
            found |= {(k, person_id) for k in match_keys_repo.keys_of(person_id, person.details)}
        return found


def _names(found: list[people_matching.PersonCandidate]) -> list[str]:
    return [c.person.details.given_names for c in found]


@pytest.mark.both_engines
def test_a_new_person_is_found_at_once_and_a_change_moves_their_keys(admin: Workspace) -> None:
    born = date(1984, 6, 2)
    case = records.open_case(admin, PersonDetails("Farah", "Amina", date_of_birth=born), TODAY)
    records.add_person_to_case(
        admin, case.id, PersonDetails("Osman", "Abdi"), PartyRole.PERPETRATOR, today=TODAY
    )
    assert _stored(admin) == _expected(admin)
    query = PersonDetails("Farah", "Amina", date_of_birth=born)
    assert _names(people_matching.find_candidates(admin, query)) == ["Amina"]

    changed = replace(
        case.victim.details,
        family_name="Warsame",
        aliases=(Alias("Jama", "Ami"),),
        date_of_birth=date(1985, 7, 3),
    )
    records.update_person(admin, case.victim.id, changed, TODAY)
    assert _stored(admin) == _expected(admin)
    assert not people_matching.find_candidates(admin, query)  # the old name and date are gone
    by_alias = PersonDetails("Jama", "Ami", date_of_birth=date(1985, 7, 3))
    assert _names(people_matching.find_candidates(admin, by_alias)) == ["Amina"]


@pytest.mark.both_engines
def test_bulk_demo_data_and_a_bundle_import_file_their_people(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=3, today=TODAY)
    document = bundle.export_bundle(admin)
    assert _stored(admin) == _expected(admin)
    before = len(_stored(admin))
    bundle.import_bundle(admin, document, today=TODAY)
    assert _stored(admin) == _expected(admin)
    assert len(_stored(admin)) > before


@pytest.mark.both_engines
def test_the_migration_files_everyone_as_the_repository_does(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=4, today=TODAY)
    victim = records.case_record(admin, CaseId(1)).victim
    aliased = replace(victim.details, aliases=(Alias("Other", "Name"),), other_dobs=(TODAY,))
    records.update_person(admin, victim.id, aliased, TODAY)
    kept = _stored(admin)
    with admin.database.engine.begin() as connection:
        connection.execute(text("DELETE FROM person_match_keys"))
        written = fill_migration.fill(connection)
    assert written == len(kept)
    assert _stored(admin) == kept


@pytest.mark.both_engines
def test_a_rolled_back_change_leaves_the_keys_as_they_were(admin: Workspace) -> None:
    case = records.open_case(admin, PersonDetails("Nowak", "Ewa"), TODAY)
    kept = _stored(admin)
    try:
        with admin.transaction() as session:
            records_repo.update_person(session, case.victim.id, PersonDetails("Kim", "Ji"))
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert _stored(admin) == kept


@pytest.mark.both_engines
def test_the_migration_reports_its_progress(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=6, today=TODAY)
    steps: list[Step] = []
    with admin.database.engine.begin() as connection:
        connection.execute(text("DELETE FROM person_match_keys"))
        fill_migration.fill(connection, Progress(steps.append))
    assert steps[0].done == 0 and steps[-1].done == steps[-1].total > 0
    assert {step.text for step in steps} >= {"Preparing the people search"}
