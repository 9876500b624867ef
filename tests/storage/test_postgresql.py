"""The migrations and the report counts on PostgreSQL, for partnerships sharing one database
(on the test suite's own throwaway cluster, ``tests/pg_cluster.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.storage import migrate, records_repo, reports_repo
from marac_desktop.storage.orm import (
    CasePartyRow,
    CaseRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)
from tests.pg_cluster import EmptyDatabase

NOW = datetime(2026, 1, 1, tzinfo=UTC)
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def engine(pg_empty: EmptyDatabase) -> Iterator[sa.Engine]:
    made = sa.create_engine(pg_empty.url(password=pg_empty.owner_password))
    migrate.upgrade(made)
    yield made
    made.dispose()


def _one_case(session: Session) -> None:
    session.add_all(
        [
            PersonRow(
                id=1,
                family_name="Testfamily",
                given_names="Testgiven",
                date_of_birth=date(2009, 3, 1),
                ethnicity="Pakistani",
                gender="female",
                created_at=NOW,
            ),
            PersonRow(id=2, family_name="Testperp", given_names="Testgiven", created_at=NOW),
        ]
    )
    session.flush()
    session.add(CaseRow(id=1, reference="C-000001", victim_id=1, created_at=NOW))
    session.flush()
    session.add_all(
        [
            CasePartyRow(case_id=1, person_id=1, role="victim"),
            CasePartyRow(case_id=1, person_id=2, role="perpetrator"),
            ReferralRow(
                id=1,
                case_id=1,
                day=date(2026, 1, 2),
                referring_agency="Housing",
                visible_high_risk=True,
                professional_judgement=False,
                potential_escalation=False,
                repeat=False,
                status="heard",
                meeting_day=date(2026, 1, 20),
                created_at=NOW,
            ),
            MeetingRow(
                id=1,
                starts_at=datetime(2026, 2, 12, 10, tzinfo=UTC),
                venue="Hall",
                online=False,
                chair="Chair",
                area="Area",
                cutoff=date(2026, 2, 5),
                slot_minutes=10,
                status="held",
                created_at=NOW,
            ),
        ]
    )
    session.flush()
    session.add(
        MeetingCaseRow(
            meeting_id=1,
            case_id=1,
            number=1,
            position=1,
            section="children",
            reason="Test",
            research_agencies="[]",
            heard=True,
            agency_summary="",
            risks="",
        )
    )


def test_triggers_keep_the_counts_up_to_date(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        _one_case(session)
    with Session(engine) as session, session.begin():
        assert reports_repo.refresh(session) == 1
        days = reports_repo.day_counts(session, *Q1)
        # Heard at the meeting on 12/02, and on 20/01 (a day with no meeting recorded).
        assert [
            (d.day, d.meeting_id, d.values["ethnicity"], d.values["age_band"]) for d in days
        ] == [
            (date(2026, 1, 20), None, {"Pakistani": 1}, {"16-17": 1}),
            (date(2026, 2, 12), 1, {"Pakistani": 1}, {"16-17": 1}),
        ]
    with Session(engine) as session, session.begin():
        records_repo.add_idva(session, 1, IdvaAllocation("Testadviser", date(2026, 1, 10)))
        session.get_one(PersonRow, 1).ethnicity = "White British"
        session.get_one(MeetingRow, 1).starts_at = datetime(2026, 1, 20, 10, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        assert reports_repo.refresh(session) == 1
        (day,) = reports_repo.day_counts(session, *Q1)
        assert (day.day, day.meeting_id, day.values["ethnicity"], day.sums["with_idva"]) == (
            date(2026, 1, 20),
            1,
            {"White British": 1},
            1,
        )
        assert day.values["wait"] == {"18": 1}


def test_only_held_meetings_count_and_a_status_change_recounts(engine: sa.Engine) -> None:
    """Migration 0007: the meetings trigger fires on the status too."""
    with Session(engine) as session, session.begin():
        _one_case(session)
        session.get_one(MeetingRow, 1).status = "planned"
    for status, meetings_counted in (("planned", []), ("held", [1]), ("planned", [])):
        with Session(engine) as session, session.begin():
            session.get_one(MeetingRow, 1).status = status
        with Session(engine) as session, session.begin():
            assert reports_repo.refresh(session) == 1
            days = reports_repo.day_counts(session, *Q1)
            assert [d.meeting_id for d in days if d.meeting_id] == meetings_counted
            assert [d.day for d in days if d.meeting_id is None] == [date(2026, 1, 20)]


def test_migration_0005_downgrades_and_upgrades(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(migrate._config(connection), "0004")
    assert migrate.current_revision(engine) == "0004"
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_people_are_filed_and_found_by_key(engine: sa.Engine) -> None:
    """The same plain SQL as on SQLite: keys written with the person, searched by key."""
    from marac_desktop.domain.people import PersonDetails
    from marac_desktop.matching import PersonQuery
    from marac_desktop.matching.ranking import profile_of
    from marac_desktop.storage import match_keys_repo

    born = date(1984, 6, 2)
    with Session(engine) as session, session.begin():
        person = records_repo.add_person(
            session, PersonDetails("Farah", "Amina", date_of_birth=born, postcode="LS6 2AB")
        )
        records_repo.new_case(session, person.id)
    with Session(engine) as session:
        wanted = profile_of(PersonQuery("Farah", "Aminah", born))
        assert match_keys_repo.candidate_ids(session, wanted) == [person.id]
        assert records_repo.count_cases(session, "amina far") == 1
        assert records_repo.case_page(session, "ls6", 0, 5)[0].found_by == "postcode"
        assert [p.person_id for p in records_repo.find_people(session, "farah", (), 5)] == []


@pytest.mark.parametrize(
    ("sort", "descending"),
    [
        ("family_name", False),
        ("given_names", True),
        ("date_of_birth", False),
        ("date_of_birth", True),
        ("last_referral", False),
        ("last_referral", True),
    ],
)
def test_the_case_list_reads_a_page_along_an_index(
    engine: sa.Engine, sort: str, descending: bool
) -> None:
    """Each order of the case list is an index's order (0014), so the first page reads 50
    entries of it instead of sorting every case. The tables are tiny here, so the planner is
    told to avoid sorting and scanning whole tables: it still sorts when no index has the order."""
    with Session(engine) as session:
        page = records_repo.sorted_cases(session, "", sort, descending).limit(50)
        text = str(page.compile(engine, compile_kwargs={"literal_binds": True}))
        for setting in ("seqscan", "sort", "incremental_sort"):
            session.execute(sa.text(f"SET enable_{setting} = off"))
        plan = "\n".join(session.scalars(sa.text(f"EXPLAIN {text}")))
    assert "Sort" not in plan, plan


def test_a_search_by_name_reads_its_cases_from_indexes_alone(engine: sa.Engine) -> None:
    """From the people found to their cases and references without reading a table row (0015);
    table scans are off, as the tables are tiny here."""
    with Session(engine) as session:
        page = records_repo.sorted_cases(session, "kowal", "reference").limit(50)
        text = str(page.compile(engine, compile_kwargs={"literal_binds": True}))
        for setting in ("seqscan", "bitmapscan"):
            session.execute(sa.text(f"SET enable_{setting} = off"))
        plan = "\n".join(session.scalars(sa.text(f"EXPLAIN {text}")))
    scans = [line.split(" on ")[-1].split()[0] for line in plan.splitlines() if " on " in line]
    assert "Index Scan" not in plan.replace("Index Only Scan", ""), plan
    assert {"case_people", "cases", "person_match_keys"} <= set(scans), plan
