"""Helpers shared by the case-screen tests (a module name no other test folder uses)."""

from __future__ import annotations

from datetime import date

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseRecord, ReferralCriteriaMet
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

HIGH_RISK = ReferralCriteriaMet(visible_high_risk=True)


def referred_case(
    workspace: Workspace,
    details: PersonDetails,
    referral_day: date = date(2025, 3, 1),
    agency: str = "Police",
) -> CaseRecord:
    """A case for a new victim with one referral."""
    record = records.open_case(workspace, details)
    records.record_referral(workspace, record.id, referral_day, agency, HIGH_RISK)
    return records.case_record(workspace, record.id)


def victim_id(workspace: Workspace, case_id: CaseId) -> int:
    return int(records.case_record(workspace, case_id).victim.id)
