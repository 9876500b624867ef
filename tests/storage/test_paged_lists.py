"""The paged lists (flag queue, action tracker, case list by last referral) give the same rows,
in the same order, as the whole lists, whatever the page size, filter, sort or direction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import text

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.records import FlagStatus
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, actions, demo, flags, records, vocabularies
from marac_desktop.services.actions import ActionFilter
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import migrate
from tests.benchmarks.action_data import seed_actions

TODAY = date(2026, 11, 20)
CASES = 120
T = TypeVar("T")


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Demo cases and flags, some flags reviewed, and actions (some done, some overdue)."""
    path = tmp_path_factory.mktemp("paged") / "paged.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    ws = access.unlock(path, "admin", "quiet lantern test phrase")
    demo.generate(ws, CASES, seed=7, today=TODAY)
    seed_actions(ws, every=2)
    for n, flag in enumerate(flags.queue(ws, kinds=[FlagKind.REPEAT])[:9]):
        flags.review(ws, flag.id, confirm=n % 2 == 0, reason=f"Reason {n}")
    notice = flags.queue(ws, kinds=[FlagKind.TWELVE_MONTH_NOTICE])[0]
    flags.acknowledge(ws, notice.id, "Read")
    yield ws
    ws.close()


def _all_pages(read: Callable[[int, int], Sequence[T]], size: int) -> list[T]:
    found: list[T] = []
    while page := read(len(found), size):
        assert len(page) <= size
        found.extend(page)
    return found


FLAG_FILTERS: list[tuple[bool, list[FlagKind] | None, FlagStatus | None]] = [
    (False, None, None),
    (True, None, None),
    (True, [FlagKind.REPEAT, FlagKind.ESCALATION, FlagKind.SERIAL_PERPETRATOR], None),
    (True, [k for k in FlagKind if not k.notice], FlagStatus.OPEN),
    (True, [FlagKind.REPEAT], FlagStatus.CONFIRMED),
    (True, None, FlagStatus.ACKNOWLEDGED),
    (True, [FlagKind.SERIAL_PERPETRATOR], None),
]


@pytest.mark.parametrize(("reviewed", "kinds", "status"), FLAG_FILTERS)
@pytest.mark.parametrize("size", [3, 50])
def test_the_queue_in_pages_is_the_whole_queue(
    listed: Workspace,
    reviewed: bool,
    kinds: list[FlagKind] | None,
    status: FlagStatus | None,
    size: int,
) -> None:
    whole = flags.queue(listed, reviewed, kinds=kinds, status=status)
    assert flags.count_queue(listed, reviewed, kinds=kinds, status=status) == len(whole)
    paged = _all_pages(
        lambda offset, limit: flags.queue_page(
            listed, offset, limit, reviewed, kinds=kinds, status=status
        ),
        size,
    )
    assert [row.flag for row in paged] == whole


def _about_key(row: flags.QueueRow) -> tuple[object, ...]:
    return (
        row.person_family_name is not None,  # NULLs (flags about a case) first, as SQL sorts
        row.person_family_name or "",
        row.person_given_names or "",
        row.flag.case_id or 0,
    )


FLAG_KEYS: dict[str, Callable[[flags.QueueRow], tuple[object, ...]]] = {
    "raised_on": lambda r: (r.flag.raised_on.toordinal(), -r.flag.id),
    "kind": lambda r: (r.flag.kind,),
    "about": _about_key,
    "status": lambda r: (r.flag.status.value,),
    "evidence": lambda r: (r.flag.evidence,),
    "reviewed": lambda r: (r.flag.reviewed_at is not None, r.flag.reviewed_at or 0),
}


@pytest.mark.parametrize("sort", flags.QUEUE_SORTS)
def test_each_sort_orders_the_whole_queue_and_reverses_exactly(
    listed: Workspace, sort: str
) -> None:
    whole = flags.queue(listed, True)
    up = _all_pages(
        lambda o, n: flags.queue_page(listed, o, n, True, sort=sort, descending=False), 11
    )
    down = _all_pages(
        lambda o, n: flags.queue_page(listed, o, n, True, sort=sort, descending=True), 11
    )
    assert sorted(r.flag.id for r in up) == sorted(f.id for f in whole)
    assert down == up[::-1]
    keys = [FLAG_KEYS[sort](r) for r in up]
    assert keys == sorted(keys)
    if sort != "raised_on":  # ties newest first, as the queue's usual order
        newest = {f.id: n for n, f in enumerate(whole)}
        for a, b in zip(up, up[1:], strict=False):
            if FLAG_KEYS[sort](a) == FLAG_KEYS[sort](b):
                assert newest[a.flag.id] < newest[b.flag.id]


def test_flags_about_cases_sort_in_the_order_of_their_references(listed: Workspace) -> None:
    rows = flags.queue_page(listed, 0, 10_000, True, sort="about", descending=False)
    references = [r.case_reference for r in rows if r.flag.person_id is None]
    assert references == sorted(references)  # type: ignore[type-var]


def test_queue_rows_carry_what_each_flag_is_about(listed: Workspace) -> None:
    rows = flags.queue_page(listed, 0, 1000, True)
    about_people = [r for r in rows if r.flag.person_id is not None]
    assert about_people, "the demo makes serial-perpetrator flags"
    for row in rows[:40] + about_people[:10]:
        if row.flag.case_id is not None:
            record = records.case_record(listed, row.flag.case_id)
            assert record is not None and row.case_reference == record.reference
        if row.flag.person_id is not None:
            person = records.get_person(listed, row.flag.person_id)
            assert (row.person_family_name, row.person_given_names) == (
                person.details.family_name,
                person.details.given_names,
            )


def test_an_unknown_sort_is_refused_in_a_sentence(listed: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="cannot be sorted"):
        flags.queue_page(listed, 0, 10, sort="id; DROP TABLE flags")
    with pytest.raises(InvalidInputError, match="cannot be sorted"):
        actions.action_page(listed, ActionFilter(today=TODAY), 0, 10, sort="evidence")


ACTION_FILTERS = [
    ActionFilter(today=TODAY),
    ActionFilter(today=TODAY, overdue_only=True),
    ActionFilter(today=TODAY, status=ActionStatus.DONE),
    ActionFilter(today=TODAY, agency="police"),
    ActionFilter(today=TODAY, due_before=TODAY - timedelta(days=20)),
    ActionFilter(today=TODAY, agency="Police", overdue_only=True),
]


@pytest.mark.parametrize("chosen", ACTION_FILTERS)
@pytest.mark.parametrize("size", [4, 50])
def test_the_tracker_in_pages_is_the_whole_tracker(
    listed: Workspace, chosen: ActionFilter, size: int
) -> None:
    whole = actions.list_actions(
        listed,
        chosen.agency,
        chosen.meeting_id,
        chosen.status,
        chosen.due_before,
        today=TODAY,
        overdue_only=chosen.overdue_only,
    )
    assert whole, "each filter keeps some actions"
    counted = actions.count_actions(listed, chosen)
    assert counted.actions == len(whole)
    assert counted.overdue == sum(t.overdue for t in whole)
    paged = _all_pages(lambda o, n: actions.action_page(listed, chosen, o, n), size)
    without_history = [
        (t.action.id, t.meeting_starts_at, t.reference, t.overdue, t.agency_label) for t in whole
    ]
    assert [
        (t.action.id, t.meeting_starts_at, t.reference, t.overdue, t.agency_label) for t in paged
    ] == without_history
    by_id = {t.action.id: t.action for t in whole}
    for item in paged:  # the same action, read without its history
        assert item.action == replace(by_id[item.action.id], history=())


@pytest.mark.parametrize("sort", actions.ACTION_SORTS)
def test_each_action_sort_orders_the_tracker_and_reverses_exactly(
    listed: Workspace, sort: str
) -> None:
    chosen = ActionFilter(today=TODAY)
    up = _all_pages(lambda o, n: actions.action_page(listed, chosen, o, n, sort), 13)
    down = _all_pages(lambda o, n: actions.action_page(listed, chosen, o, n, sort, True), 13)
    assert len(up) == actions.count_actions(listed, chosen).actions
    assert [t.action.id for t in down] == [t.action.id for t in up][::-1]
    words = vocabularies.current(listed).agency
    key: dict[str, Callable[[actions.TrackedAction], object]] = {
        "meeting": lambda t: t.meeting_starts_at,
        "case": lambda t: (t.action.meeting_id, int(t.reference.split("-")[1])),
        "agency": lambda t: words.label(t.action.agency).casefold(),
        "what": lambda t: t.action.what,
        "who": lambda t: t.action.who,
        "due": lambda t: (t.action.due, t.action.id),
        "status": lambda t: t.action.status.value,
    }
    keys = [key[sort](t) for t in up]
    assert keys == sorted(keys)  # type: ignore[type-var]


def _last_referral(ws: Workspace, case_id: int) -> date | None:
    record = records.case_record(ws, case_id)  # type: ignore[arg-type]
    assert record is not None
    return max((r.day for r in record.referrals), default=None)


@pytest.mark.parametrize("descending", [False, True])
def test_cases_by_last_referral_match_their_referrals(listed: Workspace, descending: bool) -> None:
    paged = _all_pages(
        lambda o, n: records.case_page(listed, "", o, n, "last_referral", descending), 17
    )
    assert len(paged) == CASES
    expected = sorted(
        ((_last_referral(listed, r.id), r.id) for r in paged),
        key=lambda pair: (pair[0] is not None, pair[0] or date.min, pair[1]),
        reverse=descending,
    )
    assert [(r.last_referral, r.id) for r in paged] == expected


def test_a_new_referral_moves_its_case_to_the_top(listed: Workspace) -> None:
    last = records.case_page(listed, "", CASES - 1, 1, "last_referral", descending=True)[0]
    assert last.last_referral is not None
    records.record_referral(
        listed, last.id, TODAY, "Police", ReferralCriteria(visible_high_risk=True), today=TODAY
    )
    top = records.case_page(listed, "", 0, 1, "last_referral", descending=True)[0]
    assert (top.id, top.last_referral) == (last.id, TODAY)
    assert _last_referral(listed, last.id) == TODAY


def test_migration_0009_downgrades_and_fills_last_referrals_again(admin: Workspace) -> None:
    demo.generate(admin, 30, seed=3, today=TODAY)
    before = records.case_page(admin, "", 0, 30, "last_referral", descending=True)
    with admin.database.engine.begin() as connection:
        command.downgrade(migrate._config(connection), "0008")
        columns = {c["name"] for c in sa.inspect(connection).get_columns("cases")}
        assert "last_referral" not in columns
        triggers = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'")
        ).scalars()
        assert set(triggers) == {"report_stale_cases_update", "report_stale_cases_delete"}
        connection.execute(text("UPDATE referrals SET day = '2020-01-01' WHERE case_id = 1"))
        command.upgrade(migrate._config(connection), "head")
    after = records.case_page(admin, "", 0, 30, "last_referral", descending=True)
    moved = next(r for r in after if r.id == 1)
    assert moved.last_referral == date(2020, 1, 1) == _last_referral(admin, 1)
    assert [r for r in after if r.id != 1] == [r for r in before if r.id != 1]
