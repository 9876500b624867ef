"""What kind of value every column holds, and the one way anonymised outputs read the database.

Every column of the schema has a kind here; a column without one fails the tests until someone
decides. ``anonymised_select`` builds a query from columns of the kinds an anonymised output
may read (codes, numbers, dates, yes/no, internal keys) and refuses any other, so the agenda,
meeting mode's facts and the performance counts cannot reach a column a person typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Select, Table, select
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnClause


class Kind(StrEnum):
    KEY = "key"
    """An internal id: never shown, used to join."""
    CODE = "code"
    """One of a closed set written by the application or a vocabulary (coded on every write)."""
    NUMBER = "number"
    DATE = "date"
    FLAG = "flag"
    IDENTIFIER = "identifier"
    """Made by the application but points at one person or case (case reference, user name)."""
    FREE_TEXT = "free_text"
    """Typed by a person: names, addresses, notes, descriptions, own words."""
    MEETING_DETAIL = "meeting_detail"
    """Typed about a meeting, not about a case (venue, chair, area): printed on its papers."""
    POLICY = "policy"
    """The area policy as numbers (thresholds, windows, ages), kept as JSON."""
    MACHINE = "machine"
    """Machine-written text (hashes, JSON of results, counts, settings) read only by code."""


ANONYMISED_KINDS = frozenset({Kind.KEY, Kind.CODE, Kind.NUMBER, Kind.DATE, Kind.FLAG, Kind.POLICY})

_K, _C, _N, _D, _F = Kind.KEY, Kind.CODE, Kind.NUMBER, Kind.DATE, Kind.FLAG
_I, _T, _M, _MD = Kind.IDENTIFIER, Kind.FREE_TEXT, Kind.MACHINE, Kind.MEETING_DETAIL

COLUMN_KINDS: Mapping[str, Mapping[str, Kind]] = {
    "users": {
        "id": _K, "username": _I, "display_name": _T, "role": _C, "active": _F,
        "created_at": _D, "revoked_at": _D,
    },
    "audit_log": {
        "id": _K, "at": _M, "actor": _I, "action": _C, "target_type": _C, "target_id": _M,
        "outcome": _C, "detail": _T, "prev_hash": _M, "row_hash": _M, "signer_key": _M,
        "signature": _M,
    },
    "settings": {"key": _C, "value": _M},
    "people": {
        "id": _K, "family_name": _T, "given_names": _T, "date_of_birth": _D, "created_at": _D,
        "dob_precision": _C, "gender": _C, "gender_detail": _T, "ethnicity": _C,
        "ethnicity_detail": _T, "sexuality": _C, "sexuality_detail": _T, "disability": _F,
        "language": _T, "interpreter_needed": _F, "address": _T, "postcode": _T, "phone": _T,
        "safe_to_call": _F, "contact_notes": _T,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "person_aliases": {"id": _K, "person_id": _K, "family_name": _T, "given_names": _T},
    "person_other_dobs": {"id": _K, "person_id": _K, "date_of_birth": _D},
    "person_match_keys": {"key": _M, "person_id": _K},
    "person_links": {
        "id": _K, "person_a": _K, "person_b": _K, "confirmed_by": _I, "confirmed_at": _D,
        "undone_by": _I, "undone_at": _D,
    },
    "cases": {
        "id": _K, "reference": _I, "victim_id": _K, "created_at": _D, "last_referral": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "case_people": {
        "case_id": _K, "person_id": _K, "role": _C, "relationship": _C,
        "relationship_detail": _T,
    },
    "case_idvas": {
        "id": _K, "case_id": _K, "name": _T, "allocated_on": _D, "ended_on": _D, "account": _I,
    },
    "incidents": {
        "id": _K, "case_id": _K, "day": _D, "kind": _C, "source_agency": _C,
        "source_agency_detail": _T, "reported_to_police": _F, "criminal": _F, "created_at": _D,
    },
    "referrals": {
        "id": _K, "case_id": _K, "day": _D, "referring_agency": _C,
        "referring_agency_detail": _T, "visible_high_risk": _F, "professional_judgement": _F,
        "potential_escalation": _F, "repeat": _F, "status": _C, "meeting_day": _D,
        "assessment_id": _K, "created_at": _D,
    },
    "assessments": {
        "id": _K, "case_id": _K, "status": _C, "form_id": _C, "form_version": _N,
        "model_id": _C, "model_version": _N, "assessment_date": _D, "assessor": _I,
        "victim_age": _N, "incident_dates": _M, "last_marac_referral": _D, "concerns": _M,
        "judgement_raised": _F, "judgement_reason": _T, "level": _C, "actuarial_level": _C,
        "yes_count": _N, "refer_to_marac": _F, "result_json": _M, "policy_json": Kind.POLICY,
        "created_at": _D, "updated_at": _D, "completed_at": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "assessment_answers": {
        "assessment_id": _K, "form_id": _C, "question_id": _C, "form_version": _N,
        "answer": _C, "text": _T, "comment": _T, "source": _T, "options": _M,
    },
    "flags": {
        "id": _K, "key": _M, "kind": _C, "case_id": _K, "person_id": _K, "raised_on": _D,
        "evidence": _I, "status": _C, "reviewed_by": _I, "review_reason": _T,
        "reviewed_at": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "meetings": {
        "id": _K, "starts_at": _D, "venue": _MD, "online": _F, "chair": _MD, "area": _MD,
        "cutoff": _D, "slot_minutes": _N, "status": _C, "last_number": _N, "created_at": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "meeting_cases": {
        "meeting_id": _K, "case_id": _K, "number": _N, "position": _N, "section": _C,
        "reason": _T, "research_agencies": _C, "heard": _F, "minutes_used": _N,
        "agency_summary": _T, "risks": _T,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "research_returns": {
        "id": _K, "meeting_id": _K, "case_id": _K, "agency": _C, "status": _C,
        "returned_on": _D, "summary": _T, "risks": _T, "contact": _T,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "meeting_attendance": {
        "id": _K, "meeting_id": _K, "agency": _T, "attendee": _T, "present": _F,
        "apologies": _F, "information_sent": _F, "signed_confidentiality": _F,
    },
    "actions": {
        "id": _K, "meeting_id": _K, "case_id": _K, "agency": _C, "agency_detail": _T,
        "what": _T, "who": _T, "due": _D, "status": _C, "created_at": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "action_changes": {
        "id": _K, "action_id": _K, "at": _D, "by": _I, "status": _C, "note": _T,
    },
    "action_edits": {
        "id": _K, "action_id": _K, "at": _D, "by": _I, "field": _C, "old": _T, "new": _T,
    },
    "report_stale": {"case_id": _K},
    "report_discussions": {
        "id": _K, "case_id": _K, "day": _D, "meeting_id": _K, "agency": _C, "repeat": _F,
        "wait": _N, "victim_age": _N, "children": _N, "young_perpetrators": _N,
        "high_risk": _F, "with_idva": _F, "ethnicity": _C, "gender": _C, "sexuality": _C,
        "disability": _F,
    },
    "report_perpetrators": {
        "id": _K, "case_id": _K, "day": _D, "person_id": _K, "high_risk": _F, "repeat": _F,
        "under_18": _F,
    },
    "report_days": {"id": _K, "day": _D, "meeting_id": _K, "counts": _M},
    "case_imports": {
        "id": _K, "case_id": _K, "sheet_row": _N, "referral_day": _D, "dash_score": _N,
        "children_count": _N, "created_at": _D,
    },
    "case_notes": {"id": _K, "case_id": _K, "heading": _T, "body": _T, "created_at": _D},
    "perpetrator_referrals": {
        "id": _K, "person_id": _K, "day": _D, "agency": _C, "agency_detail": _T, "reason": _T,
        "by": _I, "created_at": _D,
    },
    "perpetrator_interventions": {
        "id": _K, "person_id": _K, "kind": _C, "kind_detail": _T, "agency": _C,
        "referred_on": _D, "status": _C, "status_on": _D, "notes": _T, "created_at": _D,
        "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "perpetrator_actions": {
        "id": _K, "person_id": _K, "agency": _C, "what": _T, "who": _T, "due": _D,
        "status": _C, "created_at": _D, "version": _N, "changed_by": _I, "changed_at": _D,
    },
    "perpetrator_nominations": {
        "id": _K, "person_id": _K, "day": _D, "reason": _T, "by": _I, "score": _N,
        "model_id": _C, "model_version": _N, "created_at": _D,
    },
    "perpetrator_rankings": {
        "id": _K, "produced_at": _D, "by": _I, "model_id": _C, "model_version": _N,
        "ranked": _N,
    },
    "perpetrator_ranking_places": {"ranking_id": _K, "person_id": _K, "place": _N, "score": _N},
}  # fmt: skip


class NotAnonymisedError(TypeError):
    """An anonymised query named a column that is not a code, number, date or key."""


def kind_of(column: Column[Any]) -> Kind:
    return COLUMN_KINDS[column.table.name][column.name]


def _columns(element: Any) -> list[Column[Any]]:
    """The table columns ``element`` reads, through aliases and subqueries too."""
    expression = element.__clause_element__() if hasattr(element, "__clause_element__") else element
    found: list[Column[Any]] = []
    for c in visitors.iterate(expression):
        if not isinstance(c, ColumnClause) or c.table is None:
            continue
        if isinstance(c.table, Table):
            if isinstance(c, Column):
                found.append(c)
            continue
        for base in c.base_columns:  # a column of an alias or a subquery: what it is made of
            if base is not c:
                found.extend(_columns(base))
    return found


def anonymised_select(*elements: Any) -> Select[Any]:
    """``select(*elements)`` for an anonymised output: refused when any column it returns (or
    that an expression it returns reads) is one a person typed or that names someone."""
    for element in elements:
        for column in _columns(element):
            if kind_of(column) not in ANONYMISED_KINDS:
                raise NotAnonymisedError(
                    f"{column.table.name}.{column.name} may not be read for an anonymised output"
                )
    return select(*elements)
