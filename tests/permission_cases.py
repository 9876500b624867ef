"""What the every-role permission tests share: the service functions found by introspection,
who may call each, one of everything to act on, and minimal valid arguments for each call
(used on the encrypted file, tests/storage/test_permission_table.py, and on a partnership
server, tests/server/test_permission_table_server.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

import marac_desktop.services as services_package
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.date_style import DateStyle
from marac_desktop.domain.meetings import ActionStatus, Attendance, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission
from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.domain.records import (
    IdvaAllocation,
    IncidentKind,
    PartyRole,
)
from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.domain.users import Role
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.risk import Answer, AreaPolicy
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.risk.flags import FlagKind
from marac_desktop.risk.performance import ReportSettings
from marac_desktop.risk.priority_model import PriorityModel, default_priority_model
from marac_desktop.services import (
    actions,
    assessments,
    flags,
    meeting_list,
    meeting_mode,
    meetings,
    people_matching,
    perpetrator_work,
    records,
    research_returns,
    users,
)
from marac_desktop.services.actions import ActionFilter
from marac_desktop.services.csv_import import CsvTable
from marac_desktop.services.meeting_settings import MeetingSettings
from marac_desktop.services.performance import ReportFormat
from marac_desktop.services.perpetrator_ranking import RankFilter
from marac_desktop.services.sheet_mapping import SheetMapping, suggest_mapping
from marac_desktop.services.sheet_reader import Sheet, SheetRow
from marac_desktop.services.workspace import Anyone, Rule, Workspace
from marac_desktop.storage import bulk
from marac_desktop.storage.bulk import NewFlag

TODAY = date.today()
MEETING_AT = datetime.combine(TODAY + timedelta(days=10), datetime.min.time()).replace(hour=10)
PASSWORD = "quiet lantern test phrase"
NEW_PASSWORD = "amber harbour long phrase"
SESSIONS: dict[str, Role | None] = {
    "ivy": Role.IDVA,
    "cora": Role.COORDINATOR,
    "sam": Role.SAFEGUARDING_LEAD,
    "admin": Role.ADMIN,
    "recovery": None,
}


def _service_functions() -> dict[str, Callable[..., Any]]:
    """Every public function defined in marac_desktop.services.* that takes a Workspace."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"{services_package.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            hints = typing.get_type_hints(function)
            hints.pop("return", None)
            if Workspace in hints.values():
                found[f"{module.__name__}.{name}"] = function
    return found


FUNCTIONS = _service_functions()


def allowed(rule: Rule, role: Role | None) -> bool:
    if rule is Anyone.SESSION:
        return True
    if role is None:
        return rule is Permission.MANAGE_USERS
    return rule is Anyone.ACCOUNT or rule in ROLE_PERMISSIONS[role]


def populate(ws: Workspace) -> dict[str, Any]:
    """One of everything the service functions act on; returns their ids."""
    for name, role in SESSIONS.items():
        if role is not None and role is not Role.ADMIN:
            users.add_user(ws, name, role, PASSWORD)
    users.add_user(ws, "ursula", Role.IDVA, PASSWORD)
    criteria = ReferralCriteria(visible_high_risk=True)
    cases = []
    for family in ("Hughes", "Iqbal", "Jensen"):
        case = records.open_case(ws, PersonDetails(family, "Test"), today=TODAY)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
        cases.append(case)
    first, second, third = cases
    perpetrator = records.add_person_to_case(
        ws, first.id, PersonDetails("Kowalski", "Test"), PartyRole.PERPETRATOR, today=TODAY
    )
    records.add_person_to_case(ws, second.id, perpetrator.id, PartyRole.PERPETRATOR)
    for case in cases:
        flags.refresh(ws, case.id, today=TODAY)
    records.allocate_idva(ws, first.id, IdvaAllocation("Rowan Test", TODAY), today=TODAY)
    # The IDVA's own case: the perpetrator's file as far as it goes holds this case only.
    records.allocate_idva(ws, second.id, IdvaAllocation("Ivy", TODAY, account="ivy"), today=TODAY)
    link = people_matching.confirm_same_person(ws, first.victim.id, third.victim.id)
    meeting = meetings.create_meeting(ws, MEETING_AT, "Hall", False, "Chair", "Leeds", TODAY)
    later = MEETING_AT + timedelta(days=28)
    unbuilt = meetings.create_meeting(ws, later, "Hall", False, "Chair", "Leeds", TODAY)
    listed = meeting_list.build_list(ws, meeting.id, today=TODAY)
    research_returns.set_research_agencies(ws, meeting.id, first.id, ["Police"])
    meeting_mode.mark_heard(ws, meeting.id, first.id, minutes_used=5, now=MEETING_AT)
    action = actions.add_action(
        ws, meeting.id, first.id, "Police", "Visit", "PC Test", MEETING_AT.date()
    )
    assessment = assessments.start(ws, first.id, TODAY, today=TODAY)
    intervention = perpetrator_work.add_intervention(
        ws, perpetrator.id, "MATAC", "Police", TODAY, today=TODAY
    )
    perpetrator_action = perpetrator_work.add_action(
        ws, perpetrator.id, "Police", "Disrupt", "PC Test", TODAY, today=TODAY
    )
    queued = flags.queue(ws)
    assert queued, "the template needs a flag to review"
    with ws.transaction() as session:
        notice = NewFlag(
            "notice/test", FlagKind.TWELVE_MONTH_NOTICE.value, first.id, None, TODAY, "Due"
        )
        bulk.insert_flags(session, [notice])
        notice_id = session.scalar(text("SELECT id FROM flags WHERE key = 'notice/test'"))
    ids = {
        "case": first.id,
        "unheard_case": second.id,
        "listed": [row.case_id for row in listed.rows],
        "victim": first.victim.id,
        "other_victim": second.victim.id,
        "link": link,
        "meeting": meeting.id,
        "unbuilt_meeting": unbuilt.id,
        "action": action.id,
        "assessment": assessment.id,
        "flag": queued[0].id,
        "notice": notice_id,
        "perpetrator": perpetrator.id,
        "intervention": intervention.id,
        "perpetrator_action": perpetrator_action.id,
    }
    return ids


# ----- minimal valid arguments, by parameter name and type ----------------------------------


def _answers() -> AssessmentInput:
    return AssessmentInput("dash", TODAY, {f"q{n}": Answer.NO for n in range(1, 25)})


def _bundle() -> dict[str, Any]:
    return {
        "format": "marac-bundle",
        "version": 1,
        "people": [{"id": "p1", "family_name": "Lindqvist", "given_names": "Test"}],
        "cases": [{"id": "c1", "victim": "p1"}],
    }


def _changed_model() -> PriorityModel:
    model = default_priority_model()
    more = replace(model.victims, more_than_one=model.victims.more_than_one + 5)
    return replace(model, version=model.version + 1, victims=more)


def _return_file(folder: Path, meeting_id: int) -> Path:
    path = folder / "returns.csv"
    path.write_text(f"Meeting ref,Agency,Known\nM{meeting_id}-01,Police,N\n", encoding="utf-8")
    return path


_SHEET = Sheet(
    "tracking.csv",
    "UTF-8",
    "",
    (),
    1,
    ("Victim name", "Referral date", "Referring agency", "Repeat"),
    (SheetRow(2, ("Test Petrov", TODAY.strftime("%d/%m/%Y"), "Police", "Y")),),
    0,
)


def arguments(
    name: str, function: Callable[..., Any], ids: dict[str, Any], tmp: Path
) -> dict[str, Any]:
    """Keyword arguments for every parameter without a default (and a few with one)."""
    by_name: dict[str, Any] = {
        "case_id": ids["case"],
        "case_ids": ids["listed"],
        "meeting_id": ids["meeting"],
        "action_id": ids["action"],
        "assessment_id": ids["assessment"],
        "flag_id": ids["flag"],
        "person_id": ids["victim"],
        "a": ids["victim"],
        "b": ids["other_victim"],
        "link_id": ids["link"],
        "agency": "Police",
        "agencies": ["Police"],
        "allocation": IdvaAllocation("Sam Test", TODAY),
        "area": "Leeds",
        "chair": "Chair",
        "venue": "Hall",
        "online": False,
        "starts_at": MEETING_AT + timedelta(days=56),
        "assessment_date": TODAY,
        "attendance": [Attendance("Police", "PC Test", present=True)],
        "backup": tmp / "copy.maracbak",
        "cases": 1,
        "seed": 1,
        "confirm": True,
        "reason": "Checked with the referrer",
        "criteria": ReferralCriteria(repeat=True),
        "current": PASSWORD,
        "new_password": NEW_PASSWORD,
        "password": NEW_PASSWORD,
        "date_of_birth": date(1990, 1, 1),
        "day": TODAY,
        "ended_on": TODAY,
        "due": MEETING_AT.date() + timedelta(days=7),
        "destination": tmp / "out.pdf",
        "details": PersonDetails("Hughes", "Test"),
        "family_name": "Moreau",
        "given_names": "Test",
        "fmt": ReportFormat.CSV,
        "path": tmp / "out.csv",
        "follow_ons": {},
        "main": _answers(),
        "kind": next(iter(IncidentKind)),
        "limit": 10,
        "offset": 0,
        "search": "",
        "minutes": 10,
        "period_from": TODAY.replace(day=1) - timedelta(days=90),
        "period_to": TODAY,
        "person": PersonDetails("Novak", "Test"),
        "victim": PersonDetails("Olsen", "Test"),
        "policy": AreaPolicy(),
        "reported_to_police": True,
        "risks": "Risks noted",
        "summary": "Discussed",
        "source_agency": "Police",
        "referring_agency": "Police",
        "status": ActionStatus.DONE,
        "what": "Visit",
        "who": "PC Test",
        "table": CsvTable(
            ("Surname", "First name", "Referral date", "Agency", "Repeat"),
            (("Petrov", "Test", TODAY.isoformat(), "Police", "Y"),),
        ),
        "mapping": {
            "victim_family_name": 0,
            "victim_given_names": 1,
            "referral_date": 2,
            "referring_agency": 3,
            "repeat": 4,
        },
        "document": _bundle(),
        "today": TODAY,
        "now": MEETING_AT,
        "code": "fire_service",
        "label": "Fire and rescue",
    }
    by_type: dict[Any, Any] = {
        ActionFilter: ActionFilter(today=TODAY),
        MeetingSettings: MeetingSettings(agencies=("police",)),
        ReportSettings: ReportSettings(),
        Role: Role.IDVA,
        PartyRole: PartyRole.CHILD,
        Sheet: _SHEET,
        SheetMapping: suggest_mapping(_SHEET),
        DateOrder: DateOrder.MONTH_FIRST,
        DateStyle: DateStyle.DAY_MONTH_NAME,
        ResearchReturn: ResearchReturn("Police", ResearchStatus.RETURNED_NOTHING, TODAY),
        RankFilter: RankFilter(top=5),
        InterventionStatus: InterventionStatus.ACCEPTED,
        PriorityModel: _changed_model(),
    }
    special: dict[tuple[str, str], Any] = {
        ("users.add_user", "username"): "newbie",
        ("users.change_own_password", "new"): NEW_PASSWORD,
        ("users.rename_user", "display_name"): "Ursula Renamed",
        ("users.change_role", "role"): Role.COORDINATOR,
        ("meeting_documents.record_print", "document"): "agenda",
        ("bundle.write_bundle", "destination"): tmp / "out.json",
        ("meeting_mode.mark_heard", "case_id"): ids["unheard_case"],
        ("meeting_list.remove_case", "case_id"): ids["unheard_case"],
        ("meeting_list.remove_case", "reason"): RemovalReason.IN_ERROR,
        ("meeting_list.build_list", "meeting_id"): ids["unbuilt_meeting"],
        ("meeting_list.add_case", "meeting_id"): ids["unbuilt_meeting"],
        ("meetings.cancel_meeting", "meeting_id"): ids["unbuilt_meeting"],
        ("records.case_with_reference", "reference"): "C-000001",
        ("records.allocate_idva", "case_id"): ids["unheard_case"],
        ("records.add_person_to_case", "person"): PersonDetails("Novak", "Test"),
        ("meetings.close_meeting", "today"): MEETING_AT.date(),
        ("flags.acknowledge", "flag_id"): ids["notice"],
        ("vocabularies.add_term", "vocabulary"): VocabularyId.AGENCY,
        ("research_returns.import_returns", "path"): _return_file(tmp, ids["meeting"]),
        ("research_returns.save_case_research", "answers"): [
            ResearchReturn("Police", ResearchStatus.RETURNED_INFORMATION, TODAY, "Known")
        ],
        ("actions.edit_action", "what"): "Visit twice",
        ("actions.edit_action", "due"): MEETING_AT.date() + timedelta(days=14),
        ("perpetrator_work.add_intervention", "kind"): "Perpetrator programme",
        ("perpetrator_profile.save_profile", "path"): tmp / "profile.pdf",
        ("perpetrator_work.add_intervention", "referred_on"): TODAY,
        ("perpetrator_work.set_intervention_status", "intervention_id"): ids["intervention"],
        ("perpetrator_work.set_intervention_status", "on"): TODAY,
        ("perpetrator_work.set_intervention_status", "notes"): "Started",
        ("perpetrator_work.set_action_status", "action_id"): ids["perpetrator_action"],
    }
    short = name.removeprefix(f"{services_package.__name__}.")
    if short.startswith(
        ("perpetrator_work.", "perpetrator_ranking.", "perpetrators.", "perpetrator_profile.")
    ):
        by_name["person_id"] = ids["perpetrator"]
    hints = typing.get_type_hints(function)
    chosen: dict[str, Any] = {}
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        key = (short, parameter.name)
        if key in special:
            chosen[parameter.name] = special[key]
        elif parameter.name in ("username",):
            chosen[parameter.name] = "ursula"
        elif hints.get(parameter.name) in by_type:
            chosen[parameter.name] = by_type[hints[parameter.name]]
        elif parameter.name in by_name and (
            parameter.default is inspect.Parameter.empty or parameter.name in ("today", "now")
        ):
            chosen[parameter.name] = by_name[parameter.name]
        elif parameter.default is inspect.Parameter.empty:
            raise AssertionError(f"no test value for {short}({parameter.name}); add one here")
    if short == "meeting_documents.research_document":
        chosen["settings"] = MeetingSettings()
    return chosen


# Allowed, but refused afterwards for a reason that is not the role, on this database.
REFUSED_FOR_ANOTHER_REASON = {
    "demo.generate": "demonstration data",  # the template holds cases demo did not make
}
