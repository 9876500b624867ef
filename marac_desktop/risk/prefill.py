"""What a new assessment starts with from its case, so nothing the case holds is asked twice:
the incidents of the year up to the assessment date, the last referral heard at a MARAC, and the
children (a concern ticked and a free-text question filled, as the form file marks them with
``from_case``). Everything filled in stays editable on the checklist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from marac_desktop.domain.records import CaseRecord, PartyRole, ReferralStatus
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.risk.forms import FormDefinition, FromCase

INCIDENT_DAYS = 365
"""Incidents this many days before the assessment date, or fewer, are filled in (the
checklist asks for the incidents of the last year)."""


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the case holds that the checklist would otherwise ask."""

    incident_dates: tuple[date, ...] = ()
    last_marac_referral: date | None = None
    """The latest referral heard at a meeting: a referral not heard yet is the one this
    assessment goes with, not an earlier one."""
    children: tuple[str, ...] = ()
    """One line per child recorded on the case: the name, and the age when it is known."""

    def filled(self, fact: FromCase) -> str:
        """The text a ``from_case`` question starts with."""
        if fact is FromCase.CHILDREN:
            return "\n".join(self.children)
        raise AssertionError(fact)

    def holds(self, fact: FromCase) -> bool:
        if fact is FromCase.CHILDREN:
            return bool(self.children)
        raise AssertionError(fact)


def _age(born: date | None, on: date) -> str:
    if born is None or born > on:
        return "age not recorded"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return f"aged {years}"


def case_facts(record: CaseRecord, assessment_date: date) -> CaseFacts:
    earliest = assessment_date - timedelta(days=INCIDENT_DAYS)
    incidents = sorted({i.day for i in record.incidents if earliest <= i.day <= assessment_date})
    heard = [
        r.day
        for r in record.referrals
        if r.status is ReferralStatus.HEARD and r.day <= assessment_date
    ]
    children = tuple(
        f"{child.details.display_name} ({_age(child.details.date_of_birth, assessment_date)})"
        for child in record.people(PartyRole.CHILD)
    )
    return CaseFacts(tuple(incidents), max(heard, default=None), children)


def prefilled(
    main: AssessmentInput,
    form: FormDefinition,
    follow_ons: Mapping[str, FormDefinition],
    facts: CaseFacts,
) -> tuple[AssessmentInput, dict[str, AssessmentInput]]:
    """``main`` with the case's facts filled in, and the follow-on forms they fill in (a form
    opened by a concern ticked here)."""
    concerns = {c.id for c in form.concerns if c.from_case is not None and facts.holds(c.from_case)}
    filled_main = replace(
        main,
        incident_dates=facts.incident_dates,
        last_marac_referral=facts.last_marac_referral,
        concerns=frozenset(main.concerns | concerns),
        texts={**_texts(form, facts), **main.texts},
    )
    opened = {t.form for t in form.triggers if t.concern in concerns}
    filled_follow_ons = {
        form_id: AssessmentInput(
            form_id=form_id,
            assessment_date=main.assessment_date,
            answers={},
            texts=texts,
        )
        for form_id in sorted(opened)
        if form_id in follow_ons and (texts := _texts(follow_ons[form_id], facts))
    }
    return filled_main, filled_follow_ons


def _texts(form: FormDefinition, facts: CaseFacts) -> dict[str, str]:
    return {
        q.id: text
        for q in form.questions()
        if q.from_case is not None and (text := facts.filled(q.from_case))
    }
