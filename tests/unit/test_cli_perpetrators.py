"""The perpetrator commands: the ranked list as JSON and the restricted profile PDF."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_cli import run

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.services import access, perpetrator_ranking, records, users
from marac_desktop.services.perpetrator_ranking import RankFilter

PASSWORD = "quiet lantern test phrase"
IDVA_PASSWORD = "river song long phrase"
PDF_PASSWORD = "profile words 9876"


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, int, int, int]:
    """A serial perpetrator (two victims), one of one victim, and the first victim's id."""
    path = tmp_path / "m.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, "admin", PASSWORD)
    users.add_user(ws, "ivy", Role.IDVA, IDVA_PASSWORD)
    today = date.today()
    harmers: list[int] = []
    for victim, harmer in (("Abbot", "Vance"), ("Baxter", None), ("Carver", "Wilde")):
        case = records.open_case(ws, PersonDetails(victim, "Test"))
        who = PersonDetails(harmer, "Test") if harmer else PersonId(harmers[0])
        added = records.add_person_to_case(ws, case.id, who, PartyRole.PERPETRATOR)
        harmers.append(added.id)
        records.record_incident(
            ws, case.id, today - timedelta(days=9), IncidentKind.THREATS, "Police", True
        )
    victim = records.case_record(ws, case.id).victim.id
    ws.close()
    return path, harmers[0], harmers[2], victim


def test_perpetrators_are_listed_highest_first_with_every_point(
    db: tuple[Path, int, int, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, serial, single, _ = db
    args = ["perpetrators", "--db", str(path), "--user", "admin", "--password-stdin"]
    code, out, _ = run(monkeypatch, capsys, args, [PASSWORD])
    assert code == 0 and isinstance(out, dict)
    listed = out["perpetrators"]
    assert [p["person_id"] for p in listed] == [serial, single]
    assert [p["place"] for p in listed] == [1, 2]
    ws = access.unlock(path, "admin", PASSWORD)
    expected = perpetrator_ranking.ranked_list(ws, RankFilter()).rows
    ws.close()
    assert [p["score"] for p in listed] == [row.score for row in expected]
    assert listed[0]["explanation"] == [line.shown() for line in expected[0].lines]
    assert "2 victims in 12 months: 10" in listed[0]["explanation"]
    assert {(p["model"], p["model_version"]) for p in listed} == {("matac-priority", 1)}
    assert "Vance" not in str(out)  # ids only on standard output

    code, out, _ = run(monkeypatch, capsys, [*args, "--serial", "--top", "5"], [PASSWORD])
    assert code == 0 and [p["person_id"] for p in out["perpetrators"]] == [serial]  # type: ignore[index]
    code, out, _ = run(monkeypatch, capsys, [*args, "--window-days", "5"], [PASSWORD])
    assert code == 0 and out["perpetrators"] == []  # type: ignore[index]
    code, out, err = run(monkeypatch, capsys, [*args, "--top", "0"], [PASSWORD])
    assert code == 2 and out is None and err.count("\n") == 1


def test_a_profile_is_written_encrypted_and_refused_for_a_victim_or_an_idva(
    db: tuple[Path, int, int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, serial, _, victim = db
    out_file = tmp_path / "profile.pdf"
    base = ["perpetrator-profile", "--db", str(path), "--password-stdin", "--out", str(out_file)]
    args = [*base, "--user", "admin", "--person", str(serial), "--encrypt"]
    code, out, _ = run(monkeypatch, capsys, args, [PASSWORD, PDF_PASSWORD])
    assert code == 0
    assert out == {"perpetrator_profile": str(out_file), "person": serial, "encrypted": True}
    reader = PdfReader(io.BytesIO(out_file.read_bytes()))
    assert reader.is_encrypted
    reader.decrypt(PDF_PASSWORD)
    shown = "".join(page.extract_text() for page in reader.pages)
    assert "VANCE" in shown and "Abbot" not in shown and "Baxter" not in shown
    out_file.unlink()

    code, out, err = run(
        monkeypatch, capsys, [*base, "--user", "admin", "--person", str(victim)], [PASSWORD]
    )
    assert code == 2 and out is None and "not recorded as a perpetrator" in err
    code, _, err = run(
        monkeypatch, capsys, [*base, "--user", "ivy", "--person", str(serial)], [IDVA_PASSWORD]
    )
    assert code == 1 and err.count("\n") == 1 and "may not" in err
    assert not out_file.exists()
