"""The synthetic data generator: same seed, same data; realistic proportions; flags raised."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import access, bundle, demo, flags, records, vocabularies
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)


def _fresh(tmp_path: Path, name: str) -> Workspace:
    path = tmp_path / name / "m.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    return access.unlock(path, "admin", "quiet lantern test phrase")


def test_same_seed_same_data(tmp_path: Path) -> None:
    exports = []
    for name in ("a", "b"):
        ws = _fresh(tmp_path, name)
        demo.generate(ws, 40, seed=11, today=TODAY)
        exported = bundle.export_bundle(ws)
        exports.append({k: v for k, v in exported.items() if k != "exported_at"})
        ws.close()
    assert exports[0] == exports[1]
    other = _fresh(tmp_path, "c")
    demo.generate(other, 40, seed=12, today=TODAY)
    assert bundle.export_bundle(other)["people"] != exports[0]["people"]
    other.close()


@pytest.mark.both_engines
def test_proportions_and_flags(admin: Workspace) -> None:
    summary = demo.generate(admin, 2000, seed=1, today=TODAY)
    assert records.count_cases(admin) == 2000
    assert 0.25 <= summary.repeat_cases / summary.cases <= 0.35
    assert summary.serial_perpetrators > 0
    kinds = Counter(f.kind for f in flags.queue(admin))
    assert kinds["repeat"] == summary.repeat_cases
    assert kinds["serial_perpetrator"] > 0 and kinds["potential_escalation"] > 0
    communities = {
        records.case_record(admin, row.id).victim.details.ethnicity
        for row in records.case_page(admin, "", 0, 120)
    }
    assert len(communities) >= 10
    some = records.case_page(admin, "", 0, 20)
    assert sum(flags.refresh(admin, row.id, today=TODAY) for row in some) == 0


def test_referrals_are_heard_on_the_areas_meeting_days(tmp_path: Path) -> None:
    """A MARAC meets on set days, every other Tuesday here, at least a week after a referral."""
    ws = _fresh(tmp_path, "m")
    demo.generate(ws, 300, seed=5, today=TODAY)
    heard = [r for r in bundle.export_bundle(ws)["referrals"] if r["status"] == "heard"]
    ws.close()
    days = {date.fromisoformat(r["meeting_date"]) for r in heard}
    assert len(heard) > 250 and all(day.weekday() == 1 for day in days)
    assert {(day - min(days)).days % 14 for day in days} == {0}
    waits = [
        (date.fromisoformat(r["meeting_date"]) - date.fromisoformat(r["date"])).days for r in heard
    ]
    assert min(waits) >= 7 and max(waits) < 21 + 14


def test_every_perpetrator_and_child_is_related_to_the_victim_by_a_code(tmp_path: Path) -> None:
    ws = _fresh(tmp_path, "r")
    demo.generate(ws, 60, seed=3, today=TODAY)
    relationship = vocabularies.current(ws).relationship
    parties = [
        party
        for case_id in range(1, 61)
        for party in records.case_record(ws, CaseId(case_id)).parties
        if party.role is not PartyRole.VICTIM
    ]
    assert parties and all(party.relationship in relationship for party in parties)
    assert {"partner", "ex_partner", "spouse", "child"} <= {p.relationship for p in parties}
    ws.close()
