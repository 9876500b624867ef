"""Finding people already on record, through the service and the command line."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from marac_desktop import cli
from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import audit, people_matching, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD

TODAY = date(2026, 11, 20)


@pytest.fixture
def register(admin: Workspace) -> Workspace:
    case = records.open_case(
        admin,
        PersonDetails(
            "Chowdhury",
            "Elizabeth",
            date_of_birth=date(1988, 3, 12),
            aliases=(Alias("Begum", "Liz"),),
        ),
        today=TODAY,
    )
    records.add_person_to_case(
        admin, case.id, PersonDetails("Chowdhury", "Rafiq"), PartyRole.PERPETRATOR, today=TODAY
    )
    records.open_case(
        admin, PersonDetails("Smith", "Sarah", date_of_birth=date(1990, 1, 1)), today=TODAY
    )
    records.open_case(
        admin, PersonDetails("Smith", "Sarah", date_of_birth=date(1975, 7, 9)), today=TODAY
    )
    return admin


def test_variant_spelling_and_swapped_dob_are_found_with_reasons(register: Workspace) -> None:
    query = PersonDetails("Choudhury", "Liz", date_of_birth=date(1988, 12, 3))
    (best, *_) = people_matching.find_candidates(register, query)
    assert best.person.details.given_names == "Elizabeth"
    assert best.score >= 50
    reasons = "; ".join(best.reasons)
    assert "Choudhury" in reasons or "surname" in reasons
    assert "swapped" in reasons
    assert [(h.reference, h.role) for h in best.cases] == [("C-000001", PartyRole.VICTIM)]
    assert any(e.target_type == "person_search" for e in audit.recent_entries(register))


def test_a_common_name_with_another_dob_is_not_proposed(register: Workspace) -> None:
    found = people_matching.find_candidates(
        register, PersonDetails("Smith", "Sarah", date_of_birth=date(1982, 4, 20))
    )
    assert all(c.score < 50 for c in found)


def test_new_people_are_seen_and_links_are_undoable(register: Workspace) -> None:
    assert not people_matching.find_candidates(register, PersonDetails("Okonkwo", "Adaeze"))
    case = records.open_case(register, PersonDetails("Okonkwo", "Adaeze"), today=TODAY)
    other = records.open_case(register, PersonDetails("Okonkwo", "Ada"), today=TODAY)
    found = people_matching.find_candidates(register, PersonDetails("Okonkwo", "Adaeze"))
    assert {c.person.id for c in found} >= {case.victim.id}
    link = people_matching.confirm_same_person(register, case.victim.id, other.victim.id)
    assert [p.id for _, p in people_matching.linked_people(register, case.victim.id)] == [
        other.victim.id
    ]
    with pytest.raises(InvalidInputError, match="already linked"):
        people_matching.confirm_same_person(register, other.victim.id, case.victim.id)
    people_matching.undo_link(register, link)
    assert people_matching.linked_people(register, case.victim.id) == []
    with pytest.raises(InvalidInputError):
        people_matching.undo_link(register, link)


def test_match_command(
    register: Workspace,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    code = cli.main(
        [
            "match",
            "--db",
            str(db_path),
            "--user",
            ADMIN,
            "--password-stdin",
            "--name",
            "Liz Choudhury",
            "--dob",
            "1988-03-12",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out[0]["names"]["given_names"] == "Elizabeth"
    assert out[0]["date_of_birth"] == "1988-03-12"
    assert out[0]["reasons"][0] == "same date of birth"
    assert set(out[0]) == {"id", "names", "date_of_birth", "score", "reasons", "cases"}


def _match(db_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    return cli.main(["match", "--db", str(db_path), "--user", ADMIN, "--password-stdin", *extra])


def test_match_takes_names_as_typed(
    admin: Workspace,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    born = "1979-04-05"
    for family, given in (("Mc Donald", "Deborah"), ("王", "小明"), ("Oyelaran", "Titi")):
        details = PersonDetails(family, given, date_of_birth=date.fromisoformat(born))
        records.open_case(admin, details, today=TODAY)
    admin.close()
    for typed, given in (
        (["--name", "Deborah Mc Donald"], "Deborah"),
        (["--name", "MC DONALD, Deborah"], "Deborah"),
        (["--family", "McDonald", "--given", "Debbie"], "Deborah"),
        (["--name", "王小明"], "小明"),
        (["--name", "Oyelaran"], "Titi"),  # one name, no space
    ):
        assert _match(db_path, monkeypatch, *typed, "--dob", born) == 0
        out = json.loads(capsys.readouterr().out)
        assert out[0]["names"]["given_names"] == given, typed
        assert out[0]["score"] >= 50, typed
    assert _match(db_path, monkeypatch, "--name", "Ewa Nowak", "--family", "Nowak") != 0
    assert "either --name" in capsys.readouterr().err
