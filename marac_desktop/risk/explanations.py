"""The plain sentences that explain a risk result, each with its figures."""

from __future__ import annotations

from collections.abc import Sequence

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.risk.codes import AgeRoute, Answer, RiskLevel
from marac_desktop.risk.forms import FormDefinition, Trigger

CONSIDER_JUDGEMENT = (
    "A red flag is present although the score is below high risk: consider whether your "
    "professional judgement should raise the level to high."
)
CHILDRENS_SERVICES = (
    "Make a referral to children's services; MARAC does not take victims of this age."
)
FGM_DUTY = (
    "The victim is under 18: regulated health and social care professionals and teachers must "
    "report known female genital mutilation (FGM) to the police."
)
YOUNG_PERSON_CHECKLIST = (
    "The victim is aged 13 to 17: consider the young people's checklist and its safeguarding "
    "guidance."
)
_ANSWER_WORDS = {
    Answer.YES: "yes",
    Answer.NO: "no",
    Answer.DONT_KNOW: "don't know",
    Answer.NOT_ASKED: "not asked",
}


def score(yes_count: int, total: int, high: int, medium: int) -> str:
    counted = f"{yes_count} of {total} risk factors {_was(yes_count)} answered yes"
    medium_band = str(medium) if medium == high - 1 else f"{medium} to {high - 1}"
    if yes_count >= high:
        return f"{counted}; {high} or more is visible high risk."
    if yes_count >= medium:
        return f"{counted}; {medium_band} is medium risk and {high} or more is visible high risk."
    return f"{counted}; below {medium} is standard risk and {high} or more is visible high risk."


def gaps(dont_know_count: int, unanswered: Sequence[str]) -> list[str]:
    sentences = []
    if dont_know_count:
        sentences.append(
            f"{_plural(dont_know_count, 'risk factor')} {_was(dont_know_count)} answered "
            "don't know and not counted; find out more if it is safe to."
        )
    if unanswered:
        sentences.append(
            f"{_plural(len(unanswered), 'risk factor')} {_was(len(unanswered))} not asked or "
            f"not answered ({_listing(unanswered)}) and not counted."
        )
    return sentences


def judgement(raised: bool, actuarial: RiskLevel) -> str:
    if raised and actuarial is RiskLevel.HIGH:
        return "Professional judgement was also raised, with a written reason."
    if raised:
        return (
            "Professional judgement was raised with a written reason, so the level is high "
            f"although the score alone gives {actuarial}."
        )
    return "Professional judgement was not raised; it can raise the level but never lower it."


def escalation(
    incidents: int, window_days: int, needed: int, until: str = "the assessment date"
) -> str:
    counted = (
        f"{_plural(incidents, 'incident')} {_was(incidents)} recorded in the "
        f"{window_days} days up to {until}"
    )
    if incidents >= needed:
        return f"{counted}; {needed} or more is potential escalation."
    return f"{counted}; potential escalation needs {needed} or more."


def repeat(days_since_referral: int | None, window_days: int) -> str:
    if days_since_referral is None:
        return "No earlier MARAC referral is recorded, so this is not a repeat."
    if days_since_referral < 0:
        return "The last MARAC referral is dated after this assessment, so it is not a repeat."
    since = (
        f"The last MARAC referral was {_plural(days_since_referral, 'day')} before this assessment"
    )
    if days_since_referral <= window_days:
        return (
            f"{since}, within the {window_days}-day repeat window, so this is a repeat and goes "
            "back to MARAC whatever the score."
        )
    return f"{since}, after the {window_days}-day repeat window, so this is not a repeat."


def repeat_of_referral(days_since_previous: int, window_days: int) -> str:
    """A referral that is itself within the repeat window of the case's previous one."""
    return (
        f"The case's previous MARAC referral was {_plural(days_since_previous, 'day')} before "
        f"this one, within the {window_days}-day repeat window, so this is a repeat and goes "
        "back to MARAC whatever the score."
    )


def repeat_of_incident(days_after_previous: int, window_days: int) -> str:
    """An incident within the repeat window of the case's previous referral."""
    return (
        f"An incident came {_plural(days_after_previous, 'day')} after the case's previous "
        f"MARAC referral, within the {window_days}-day repeat window, so this is a repeat and "
        "goes back to MARAC whatever the score."
    )


def not_repeat(days_since_previous: int | None, window_days: int) -> str:
    """Neither the referral nor an incident is within the window of the previous referral."""
    if days_since_previous is None:
        return "No earlier MARAC referral is recorded for this case, so this is not a repeat."
    return (
        f"The case's previous MARAC referral was {_plural(days_since_previous, 'day')} before "
        f"this one and no incident came within the {window_days}-day repeat window after it, "
        "so this is not a repeat."
    )


def red_flag(explanation: str, yes_questions: Sequence[str]) -> str:
    return f"{explanation.rstrip('.')} (yes to {_listing(yes_questions)})."


def outcome(
    criteria: ReferralCriteria, age_route: AgeRoute | None, age: int | None, minimum: int
) -> str:
    if age_route is AgeRoute.CHILDRENS_SERVICES:
        return (
            f"The victim is {age}, under the MARAC minimum age of {minimum}: refer to children's "
            "services instead of MARAC."
        )
    met = [criterion.label for criterion in criteria.met()]
    if met:
        return f"Refer to MARAC: {_listing(met)} {'is' if len(met) == 1 else 'are'} met."
    return (
        "No MARAC referral criterion is met; consider a domestic abuse referral outside MARAC "
        "and assess again if anything changes."
    )


def follow_on(target: str, triggers: Sequence[Trigger], form: FormDefinition) -> str:
    reasons = []
    for trigger in triggers:
        if trigger.when is not None:
            answer = _ANSWER_WORDS[trigger.when.answer]
            reasons.append(f"question {trigger.when.question} was answered {answer}")
        elif trigger.concern is not None:
            concern = form.concern(trigger.concern)
            label = trigger.concern if concern is None else concern.label
            reasons.append(f"a concern was flagged ({label})")
    topic = target.replace("-", " ").replace("dependants", "and dependants")
    return f"Ask the follow-on questions on {topic}: {_listing(reasons)}."


def age_not_recorded(minimum: int) -> str:
    return f"Record the victim's age: MARAC takes victims aged {minimum} or over."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _listing(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
