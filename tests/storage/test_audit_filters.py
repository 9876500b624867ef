"""The audit log page's reads: filtered by account, action, record type and days in the
database, a page at a time, with cases named by their references; the log itself unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from marac_desktop.domain.audit import AuditAction, AuditEntry, AuditFilter
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import audit, backups, meeting_list, meetings, records
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, records_repo
from tests.conftest import ADMIN, SignIn, add_user

TODAY = date(2026, 3, 2)


def _everything(workspace: Workspace) -> list[AuditEntry]:
    return audit.recent_entries(workspace, 100_000)


def _shown(workspace: Workspace, shown: AuditFilter, limit: int = 200) -> list[AuditEntry]:
    return [line.entry for line in audit.entries(workspace, shown, limit=limit).lines]


@pytest.fixture
def seeded(admin: Workspace, sign_in: SignIn) -> tuple[Workspace, list[int]]:
    """Three cases opened by two accounts, two of them added to a meeting's list."""
    cora = sign_in("cora", add_user(admin, "cora", Role.COORDINATOR))
    cases = [
        records.open_case(admin, PersonDetails("Testvictim", "Ada"), today=TODAY).id,
        records.open_case(cora, PersonDetails("Testvictim", "Bea"), today=TODAY).id,
        records.open_case(cora, PersonDetails("Testvictim", "Cai"), today=TODAY).id,
    ]
    when = datetime(2026, 3, 20, 10, 0)
    meeting = meetings.create_meeting(cora, when, "Hall", False, "Chair", "Leeds", TODAY)
    for case_id in cases[1:]:
        meeting_list.add_case(cora, meeting.id, case_id)
    records.case_record(admin, cases[0])  # a view of the first case
    return admin, cases


@pytest.mark.both_engines
@pytest.mark.parametrize(
    "shown",
    [
        AuditFilter(actor="cora"),
        AuditFilter(action=AuditAction.CREATE.value),
        AuditFilter(target_type="case"),
        AuditFilter(actor="cora", target_type="meeting", action=AuditAction.CHANGE.value),
        AuditFilter(actor="nobody"),
    ],
)
def test_a_filter_returns_exactly_the_matching_entries(
    seeded: tuple[Workspace, list[int]], shown: AuditFilter
) -> None:
    admin, _cases = seeded
    expected = [
        e.id
        for e in _everything(admin)
        if (not shown.actor or e.actor == shown.actor)
        and (not shown.action or e.action == shown.action)
        and (not shown.target_type or e.target_type == shown.target_type)
    ]
    assert [e.id for e in _shown(admin, shown)] == expected
    if shown.actor == "cora" and not shown.action:
        assert len(expected) > 5


@pytest.mark.both_engines
def test_cases_are_shown_by_reference_and_the_log_keeps_its_ids(
    seeded: tuple[Workspace, list[int]],
) -> None:
    admin, cases = seeded
    with admin.transaction() as session:
        references = records_repo.case_references(session, cases)
    lines = audit.entries(admin).lines
    opened = [ln.target for ln in lines if ln.entry.target_type == "case"]
    assert f"case {references[cases[0]]}" in opened
    assert all(f"case {c}" not in opened for c in cases)
    added = [ln.detail for ln in lines if ln.entry.detail.startswith("added case")]
    assert added == [f"added case {references[c]}" for c in reversed(cases[1:])]
    recorded = [e.detail for e in _everything(admin) if e.detail.startswith("added case")]
    assert recorded == [f"added case {c}" for c in reversed(cases[1:])]  # as written
    assert backups.verify(admin).ok


@pytest.mark.both_engines
def test_a_page_of_references_is_read_in_one_query(
    seeded: tuple[Workspace, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, cases = seeded
    calls: list[set[int]] = []
    looked_up = records_repo.case_references

    def counted(session: object, ids: set[int]) -> dict[int, str]:
        calls.append(set(ids))
        return looked_up(session, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(records_repo, "case_references", counted)
    audit.entries(admin)
    assert calls == [set(cases)]


@pytest.mark.both_engines
def test_pages_follow_on_without_a_gap_or_an_overlap(
    seeded: tuple[Workspace, list[int]],
) -> None:
    admin, _cases = seeded
    expected = [e.id for e in _everything(admin) if e.actor == "cora"]
    shown = AuditFilter(actor="cora")
    read: list[int] = []
    before: int | None = None
    while True:
        page = audit.entries(admin, shown, before=before, limit=3)
        read.extend(line.entry.id for line in page.lines)
        if not page.more:
            break
        before = page.oldest
    assert read == expected


@pytest.mark.both_engines
def test_the_choices_are_what_the_log_holds(seeded: tuple[Workspace, list[int]]) -> None:
    admin, _cases = seeded
    everything = _everything(admin)
    choices = audit.filter_choices(admin)
    assert choices.actors == tuple(sorted({e.actor for e in everything}))
    assert {ADMIN, "cora"} <= set(choices.actors)
    assert choices.actions == tuple(sorted({e.action for e in everything}))
    assert choices.target_types == tuple(sorted({e.target_type for e in everything}))


def _append_at(workspace: Workspace, when: datetime, detail: str) -> None:
    with workspace.transaction() as session:
        audit_log.append(
            session, workspace.actor, "view", "case_list", detail=detail, at=when,
            signer=workspace.signer,
        )  # fmt: skip


def test_a_day_range_takes_whole_local_days(admin: Workspace) -> None:
    """(On the file, where a row's time is the desktop's; a server writes its own.)"""
    local = datetime(2026, 2, 10).astimezone().tzinfo
    for day, hour, tag in ((9, 23, "before"), (10, 0, "first"), (11, 23, "last"), (12, 0, "after")):
        _append_at(admin, datetime(2026, 2, day, hour, 30, tzinfo=local).astimezone(UTC), tag)
    shown = AuditFilter(first_day=date(2026, 2, 10), last_day=date(2026, 2, 11))
    assert [e.detail for e in _shown(admin, shown)] == ["last", "first"]
    since = AuditFilter(first_day=date(2026, 2, 12))
    assert "after" in [e.detail for e in _shown(admin, since)]
    assert "last" not in [e.detail for e in _shown(admin, since)]
    until = AuditFilter(last_day=date(2026, 2, 9))
    assert [e.detail for e in _shown(admin, until)] == ["before"]
    backwards = AuditFilter(first_day=date(2026, 2, 12), last_day=date(2026, 2, 10))
    with pytest.raises(InvalidInputError, match="after the 'to' day"):
        audit.entries(admin, backwards)


@pytest.mark.parametrize(
    ("shown", "index"),
    [
        (AuditFilter(actor="cora"), "ix_audit_log_actor"),
        (AuditFilter(target_type="case"), "ix_audit_log_target_type"),
        (AuditFilter(action="create"), "ix_audit_log_action"),
    ],
)
def test_a_filter_reads_along_an_index(admin: Workspace, shown: AuditFilter, index: str) -> None:
    """On the file (SQLite); the planner on a server has its statistics to choose with."""
    query = audit._query(shown)
    with admin.transaction() as session:
        statement = audit_log.newest_statement(query, None, 200)
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " ".join(
            str(row[-1]) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        )
    assert f"USING INDEX {index}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives the order


def test_a_date_range_alone_reads_along_the_time_index(admin: Workspace) -> None:
    query = audit._query(AuditFilter(first_day=date(2026, 2, 10), last_day=date(2026, 2, 11)))
    with admin.transaction() as session:
        statement = audit_log.newest_statement(query, None, 200)
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " ".join(
            str(row[-1]) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        )
    assert "ix_audit_log_at" in plan, plan
