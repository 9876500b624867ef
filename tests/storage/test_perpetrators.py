"""The perpetrator register, ranking, nominations, partners' referrals, interventions and
actions, on both engines: what a lead and a coordinator rely on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.domain.records import IdvaAllocation, IncidentKind, PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError, StaleEditError
from marac_desktop.risk import Answer
from marac_desktop.risk.answers import AnswerNote, AssessmentInput
from marac_desktop.services import (
    assessments,
    audit,
    flags,
    perpetrator_ranking,
    perpetrator_work,
    perpetrators,
    records,
)
from marac_desktop.services.perpetrator_ranking import RankFilter
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 6, 15)


def _case(ws: Workspace, victim: str, harmer: PersonDetails | PersonId) -> tuple[CaseId, PersonId]:
    case = records.open_case(ws, PersonDetails(victim, "Test"), today=TODAY)
    added = records.add_person_to_case(ws, case.id, harmer, PartyRole.PERPETRATOR, today=TODAY)
    return case.id, added.id


def _incidents(ws: Workspace, case_id: CaseId, *days_ago: int) -> None:
    for ago in days_ago:
        day = TODAY - timedelta(days=ago)
        records.record_incident(
            ws, case_id, day, IncidentKind.PHYSICAL_VIOLENCE, "Police", True, today=TODAY
        )


def _two_harmers(ws: Workspace) -> tuple[PersonId, PersonId, list[CaseId]]:
    """A serial perpetrator (two victims) and one with one victim, with the same incidents."""
    serial = PersonDetails("Vance", "Test", aliases=(Alias("Vantisky", "Test"),))
    first, serial_id = _case(ws, "Abbot", serial)
    second, _ = _case(ws, "Baxter", serial_id)
    single_case, single_id = _case(ws, "Carver", PersonDetails("Wilde", "Test"))
    _incidents(ws, first, 10, 40)
    _incidents(ws, second, 70)
    _incidents(ws, single_case, 10, 40, 70)
    return serial_id, single_id, [first, second, single_case]


def test_the_register_lists_every_perpetrator_with_cases_and_victims(admin: Workspace) -> None:
    serial, single, _ = _two_harmers(admin)
    assert perpetrators.count_register(admin) == 2
    lines = perpetrators.register_page(admin, 0, 10)
    assert [line.person_id for line in lines] == [single, serial]
    by_id = {line.person_id: line for line in lines}
    assert (by_id[serial].cases, by_id[serial].victims) == (2, 2)
    assert (by_id[single].cases, by_id[single].victims) == (1, 1)
    assert perpetrators.register_page(admin, 1, 10) == lines[1:]


@pytest.mark.parametrize("search", ["vance", "VANTISKY test"])
def test_the_register_is_searched_by_any_name_or_alias(admin: Workspace, search: str) -> None:
    serial, _, _ = _two_harmers(admin)
    assert [line.person_id for line in perpetrators.search_register(admin, search)] == [serial]
    assert perpetrators.search_register(admin, "Abbot") == []  # a victim is not listed


def test_a_file_gathers_cases_victims_incidents_and_answers(admin: Workspace) -> None:
    serial, _, (first, second, _) = _two_harmers(admin)
    found = perpetrators.perpetrator_file(admin, serial)
    assert [c.case_id for c in found.cases] == [first, second]
    assert [c.victim_name for c in found.cases] == ["Test Abbot", "Test Baxter"]
    assert found.victims == 2
    assert found.aliases == ("Test Vantisky",)
    assert [i.day for i in found.incidents] == sorted(i.day for i in found.incidents)
    assert len(found.incidents) == 3
    assert any(
        e.action == "view" and e.target_type == "perpetrator"
        for e in audit.recent_entries(admin, 3)
    )
    with pytest.raises(InvalidInputError, match="not recorded as a perpetrator"):
        perpetrators.perpetrator_file(admin, found.cases[0].victim_id)


def test_a_file_holds_the_answers_and_concerns_that_describe_them(admin: Workspace) -> None:
    serial, _, (first, _, _) = _two_harmers(admin)
    day = TODAY - timedelta(days=20)
    record = assessments.start(admin, first, day, today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)} | {"q15": Answer.YES, "q13": Answer.YES}
    main = AssessmentInput("dash", day, answers, concerns=frozenset({"honour_based_abuse"}))
    assessments.complete(admin, record.id, main, {}, today=TODAY)
    found = perpetrators.perpetrator_file(admin, serial)
    reference = found.cases[0].reference
    assert [(f.case_reference, f.assessment_date, f.question) for f in found.factors] == [
        (reference, day, "q13"),
        (reference, day, "q15"),
    ]
    assert all(f.text for f in found.factors)
    assert [(c.case_reference, c.label) for c in found.concerns] == [
        (reference, "so-called honour-based abuse or forced marriage")
    ]
    lines = [
        line.text for line in perpetrator_ranking.perpetrator_score(admin, serial, TODAY).lines
    ]
    assert "non-fatal strangulation reported" in lines
    assert "use of a weapon reported" in lines
    ranked = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY)
    assert "non-fatal strangulation reported" in [line.text for line in ranked.rows[0].lines]


def test_the_serial_perpetrator_ranks_above_one_with_the_same_incidents(admin: Workspace) -> None:
    serial, single, _ = _two_harmers(admin)
    ranking = perpetrator_ranking.ranked_list(admin, RankFilter(), today=TODAY)
    assert [r.person_id for r in ranking.rows] == [serial, single]
    top = ranking.rows[0]
    assert top.score == sum(line.points for line in top.lines)
    assert top.score > ranking.rows[1].score
    assert top.victims == 2 and ranking.rows[1].victims == 1
    assert (ranking.model_id, ranking.model_version) == (
        perpetrator_ranking.priority_model(admin).id,
        perpetrator_ranking.priority_model(admin).version,
    )
    assert ranking.ranked == 2 and ranking.last_kept is None
    assert all(r.moved is None for r in ranking.rows)
    serial_only = perpetrator_ranking.ranked_list(admin, RankFilter(serial_only=True), TODAY)
    assert [r.person_id for r in serial_only.rows] == [serial]


def test_filters_by_children_and_area(admin: Workspace) -> None:
    serial, single, (first, _, _) = _two_harmers(admin)
    records.add_person_to_case(admin, first, PersonDetails("Abbot", "Kid"), PartyRole.CHILD)
    with_children = perpetrator_ranking.ranked_list(admin, RankFilter(with_children=True), TODAY)
    assert [r.person_id for r in with_children.rows] == [serial]
    details = records.get_person(admin, single)
    records.update_person(admin, single, replace(details.details, postcode="LS6 2AB"), TODAY)
    in_area = perpetrator_ranking.ranked_list(admin, RankFilter(area="ls6"), TODAY)
    assert [r.person_id for r in in_area.rows] == [single]
    assert in_area.rows[0].place == 2  # filters do not renumber the places


def test_a_shorter_window_leaves_older_incidents_out(admin: Workspace) -> None:
    serial, single, _ = _two_harmers(admin)
    narrow = perpetrator_ranking.ranked_list(admin, RankFilter(window_days=30), TODAY)
    wide = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY)
    assert narrow.window_days == 30
    assert {r.person_id: r.score for r in narrow.rows}[single] < {
        r.person_id: r.score for r in wide.rows
    }[single]


def test_a_kept_ranking_shows_who_moved(admin: Workspace) -> None:
    serial, single, (_, _, single_case) = _two_harmers(admin)
    assert perpetrator_ranking.keep_ranking(admin, TODAY) == 2
    _incidents(admin, single_case, 1, 2, 3, 4, 5)
    later = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY)
    moved = {r.person_id: r.moved for r in later.rows}
    assert [r.person_id for r in later.rows] == [single, serial]
    assert moved == {single: 1, serial: -1}
    assert later.last_kept is not None


def test_a_partner_referral_is_ranked_with_the_rest(admin: Workspace) -> None:
    quiet_case, single = _case(admin, "Dalton", PersonDetails("Yates", "Test"))
    _incidents(admin, quiet_case, 150)
    before = perpetrator_ranking.perpetrator_score(admin, single, TODAY)
    perpetrator_work.record_partner_referral(
        admin, single, TODAY - timedelta(days=2), "Probation", "Released on licence", TODAY
    )
    after = perpetrator_ranking.perpetrator_score(admin, single, TODAY)
    assert after.score > before.score
    found = perpetrators.perpetrator_file(admin, single)
    assert [(r.agency, r.reason) for r in found.partner_referrals] == [
        ("probation", "Released on licence")
    ]


def test_a_nomination_keeps_the_score_and_model_of_the_day(admin: Workspace) -> None:
    serial, _, _ = _two_harmers(admin)
    scored = perpetrator_ranking.nominate(admin, serial, "Two victims this year", TODAY)
    found = perpetrators.perpetrator_file(admin, serial)
    (nomination,) = found.nominations
    assert nomination.score == scored.score
    assert nomination.model == f"{scored.model_id} v{scored.model_version}"
    assert nomination.reason == "Two victims this year"
    ranking = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY)
    assert [r.nominated for r in ranking.rows] == [True, False]
    with pytest.raises(InvalidInputError, match="Enter the reason"):
        perpetrator_ranking.nominate(admin, serial, "  ", TODAY)


def test_interventions_move_through_their_outcomes_without_losing_a_change(
    admin: Workspace,
) -> None:
    serial, _, _ = _two_harmers(admin)
    added = perpetrator_work.add_intervention(
        admin, serial, "DAPP", "Probation", TODAY - timedelta(days=20), today=TODAY
    )
    assert (added.kind, added.status) == ("perpetrator_programme", InterventionStatus.REFERRED)
    accepted = perpetrator_work.set_intervention_status(
        admin,
        added.id,
        InterventionStatus.ACCEPTED,
        TODAY - timedelta(days=5),
        "Place offered",
        version=added.version,
        today=TODAY,
    )
    assert accepted.status is InterventionStatus.ACCEPTED
    with pytest.raises(StaleEditError):
        perpetrator_work.set_intervention_status(
            admin,
            added.id,
            InterventionStatus.DECLINED,
            TODAY,
            "",
            version=added.version,
            today=TODAY,
        )
    with pytest.raises(InvalidInputError, match="before the referral"):
        perpetrator_work.set_intervention_status(
            admin,
            added.id,
            InterventionStatus.ENGAGED,
            TODAY - timedelta(days=30),
            "",
            today=TODAY,
        )
    with pytest.raises(InvalidInputError, match="Choose the programme"):
        perpetrator_work.add_intervention(admin, serial, "", "Police", TODAY, today=TODAY)
    (kept,) = perpetrators.perpetrator_file(admin, serial).interventions
    assert kept == accepted


def test_actions_on_a_perpetrator_are_tracked_and_overdue_shows(admin: Workspace) -> None:
    serial, _, _ = _two_harmers(admin)
    action = perpetrator_work.add_action(
        admin, serial, "Police", "Serve the notice", "PC Test", TODAY + timedelta(days=7), TODAY
    )
    assert not action.overdue(TODAY) and action.overdue(TODAY + timedelta(days=8))
    done = perpetrator_work.set_action_status(admin, action.id, ActionStatus.DONE, action.version)
    assert done.status is ActionStatus.DONE and not done.overdue(TODAY + timedelta(days=8))
    with pytest.raises(InvalidInputError, match="already has that status"):
        perpetrator_work.set_action_status(admin, action.id, ActionStatus.DONE)
    with pytest.raises(InvalidInputError, match="not in the agency list"):
        perpetrator_work.add_action(admin, serial, "A Neighbour", "x", "y", TODAY, TODAY)
    assert perpetrators.perpetrator_file(admin, serial).actions == (done,)


def test_changed_weights_need_a_new_version_and_are_used(admin: Workspace) -> None:
    serial, _, _ = _two_harmers(admin)
    model = perpetrator_ranking.priority_model(admin)
    heavier = replace(model, victims=replace(model.victims, more_than_one=40))
    with pytest.raises(InvalidInputError, match="version above"):
        perpetrator_ranking.save_priority_model(admin, heavier)
    saved = perpetrator_ranking.save_priority_model(
        admin, replace(heavier, version=model.version + 1)
    )
    assert perpetrator_ranking.priority_model(admin) == saved
    ranking = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY)
    assert ranking.model_version == model.version + 1
    assert perpetrator_ranking.perpetrator_score(admin, serial, TODAY).model_version == (
        model.version + 1
    )


def test_an_idva_may_not_open_the_register(admin: Workspace, sign_in: SignIn) -> None:
    serial, _, _ = _two_harmers(admin)
    idva = sign_in("ivy", add_user(admin, "ivy", Role.IDVA))
    with pytest.raises(PermissionDeniedError):
        perpetrators.perpetrator_file(idva, serial)
    lead = sign_in("sam", add_user(admin, "sam", Role.SAFEGUARDING_LEAD))
    assert perpetrators.perpetrator_file(lead, serial).victims == 2


def _own_case_of(admin: Workspace, case_id: CaseId, account: str) -> None:
    allocation = IdvaAllocation(account.title(), TODAY - timedelta(days=30), account=account)
    records.allocate_idva(admin, case_id, allocation, today=TODAY)


def _plant(admin: Workspace, case_id: CaseId, canary: str) -> None:
    """The case's other people and its checklist, each holding ``canary``."""
    records.add_person_to_case(
        admin, case_id, PersonDetails(f"{canary}child", "Test"), PartyRole.CHILD, today=TODAY
    )
    record = assessments.start(admin, case_id, TODAY - timedelta(days=5), today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)} | {"q15": Answer.YES}
    note = {"q15": AnswerNote(comment=f"{canary}note")}
    main = AssessmentInput("dash", TODAY - timedelta(days=5), answers, notes=note)
    assessments.complete(admin, record.id, main, {}, today=TODAY)


def test_an_idva_sees_a_perpetrator_only_through_their_own_cases(
    admin: Workspace, sign_in: SignIn
) -> None:
    serial, single, (first, second, _) = _two_harmers(admin)
    idva = sign_in("ivy", add_user(admin, "ivy", Role.IDVA))
    _own_case_of(admin, first, "ivy")
    _plant(admin, second, "Zqxcanary")
    flags.refresh(admin, second, today=TODAY)  # a serial-perpetrator flag, on the other case
    assert perpetrators.perpetrator_file(admin, serial).flags
    perpetrator_work.add_intervention(admin, serial, "MATAC", "Police", TODAY, today=TODAY)

    [line] = perpetrators.own_register(idva)
    assert (line.person_id, line.cases, line.victims) == (serial, 1, 1)
    assert [p.person_id for p in perpetrators.own_register(idva, "vantisky")] == [serial]
    assert perpetrators.own_register(idva, "wilde") == []  # on someone else's case only

    found = perpetrators.own_perpetrator_file(idva, serial)
    assert [c.case_id for c in found.cases] == [first]
    assert found.victims == 1
    assert len(found.incidents) == 2  # the third is on the other victim's case
    assert found.factors == () and found.concerns == ()  # the checklist was the other case's
    assert found.interventions == found.actions == found.partner_referrals == ()
    assert found.nominations == () and found.flags == ()
    other = records.case_record(admin, second)
    shown = repr(found)
    for leaked in ("Zqxcanary", other.reference, other.victim.details.family_name):
        assert leaked not in shown

    # The same sentence whether or not the person causes harm in anyone else's case.
    refusals = []
    for person in (single, found.cases[0].victim_id):
        with pytest.raises(PermissionDeniedError) as refused:
            perpetrators.own_perpetrator_file(idva, person)
        refusals.append(str(refused.value))
    assert refusals[0] == refusals[1] == perpetrators.NOT_IN_OWN_CASES
    denied = [e for e in audit.recent_entries(admin, 10) if e.outcome == "denied"]
    assert [(e.actor, e.target_type) for e in denied[:2]] == [("ivy", "perpetrator")] * 2
    with pytest.raises(PermissionDeniedError):
        perpetrators.perpetrator_file(idva, serial)  # and never the whole file


def test_an_idva_who_stops_supporting_the_victim_no_longer_sees_the_perpetrator(
    admin: Workspace, sign_in: SignIn
) -> None:
    serial, _, (first, _, _) = _two_harmers(admin)
    idva = sign_in("ivy", add_user(admin, "ivy", Role.IDVA))
    _own_case_of(admin, first, "ivy")
    assert records.case_record(idva, first).yours
    assert perpetrators.own_perpetrator_file(idva, serial).cases
    records.end_idva(admin, first, TODAY, today=TODAY)
    assert not records.case_record(idva, first).yours
    assert perpetrators.own_register(idva) == []
    with pytest.raises(PermissionDeniedError):
        perpetrators.own_perpetrator_file(idva, serial)


def test_a_marac_referral_of_their_case_counts_for_that_perpetrator_only(
    admin: Workspace,
) -> None:
    serial, _, _ = _two_harmers(admin)
    quiet_case, quiet = _case(admin, "Dalton", PersonDetails("Yates", "Test"))
    assert perpetrator_ranking.perpetrator_score(admin, quiet, TODAY).score == 0
    before = perpetrator_ranking.perpetrator_score(admin, serial, TODAY)
    records.record_referral(
        admin,
        quiet_case,
        TODAY - timedelta(days=3),
        "Police",
        ReferralCriteria(repeat=True),
        today=TODAY,
    )
    assert perpetrator_ranking.perpetrator_score(admin, quiet, TODAY).score > 0
    assert perpetrator_ranking.perpetrator_score(admin, serial, TODAY) == before


def test_recency_takes_the_last_referral_up_to_the_day_ranked(admin: Workspace) -> None:
    case_id, harmer = _case(admin, "Ellis", PersonDetails("Zane", "Test"))
    for ago in (30, 200, 5):
        records.record_referral(
            admin,
            case_id,
            TODAY - timedelta(days=ago),
            "Police",
            ReferralCriteria(repeat=True),
            today=TODAY,
        )
    lines = perpetrator_ranking.perpetrator_score(admin, harmer, TODAY).lines
    assert lines[0].text == "last referral 5 days ago"
    # Ranked as of a day before the latest referral, the one before it gives the recency.
    earlier = perpetrator_ranking.perpetrator_score(admin, harmer, TODAY - timedelta(days=10))
    assert earlier.lines[0].text == "last referral 20 days ago"
    ranked = perpetrator_ranking.ranked_list(admin, RankFilter(), TODAY - timedelta(days=10))
    assert ranked.rows[0].lines == earlier.lines
    long_before = TODAY - timedelta(days=100)
    oldest = perpetrator_ranking.perpetrator_score(admin, harmer, long_before).lines
    assert oldest[0].text == "last referral 100 days ago"
