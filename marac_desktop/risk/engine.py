"""score(): count the answers, apply bands, judgement and referral criteria, and explain it all.

Rules (where they sit in the whole: docs/architecture.md, "A referral's path", step 1):
- the score is the number of risk factors answered yes; don't know and not asked never count;
- the actuarial level comes from the bands (the area policy's thresholds when a policy is given,
  otherwise the model's own bands); professional judgement raises it to high, never lowers it;
- potential escalation: at least ``escalation_incidents`` incident dates in the
  ``escalation_window_days`` days up to and including the assessment date (an incident exactly
  that many days before still counts);
- repeat: the last MARAC referral was at most ``repeat_window_days`` days before the assessment;
- any criterion is enough to refer, but victims under ``minimum_victim_age`` go to children's
  services instead.
"""

from __future__ import annotations

from datetime import date

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.errors import InvalidInputError, ModelDefinitionError
from marac_desktop.risk import explanations as explain
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.risk.codes import AgeRoute, Answer, RiskLevel
from marac_desktop.risk.criteria import incidents_in_window
from marac_desktop.risk.forms import FormDefinition, Trigger
from marac_desktop.risk.models import RiskModel
from marac_desktop.risk.policy import AreaPolicy
from marac_desktop.risk.result import Prompt, RiskResult

ADULT_AGE = 18
"""Under this age the FGM mandatory-reporting duty applies."""
YOUNG_PERSON_MIN_AGE = 13
"""From this age to 17 the young people's checklist and guidance may fit better."""


def score(
    model: RiskModel,
    form: FormDefinition,
    policy: AreaPolicy | None,
    assessment: AssessmentInput,
) -> RiskResult:
    if model.form != form.id:
        raise ModelDefinitionError(
            f"Risk model {model.id} scores form {model.form}, not {form.id}."
        )
    if assessment.form_id != form.id:
        raise InvalidInputError(
            f"Field 'form': these answers are for form {assessment.form_id}, not {form.id}."
        )
    rules = policy if policy is not None else AreaPolicy()
    high, medium = (
        (model.bands.high, model.bands.medium)
        if policy is None
        else (policy.high_threshold, policy.medium_threshold)
    )
    answers = assessment.answers
    scored = form.risk_factor_ids()
    yes_count = sum(1 for q in scored if answers.get(q) is Answer.YES)
    dont_know_count = sum(1 for q in scored if answers.get(q) is Answer.DONT_KNOW)
    unanswered = tuple(q for q in scored if answers.get(q) in (None, Answer.NOT_ASKED))
    actuarial = level_for(yes_count, high, medium)
    judgement = assessment.professional_judgement
    judged_high = judgement is not None and judgement.raised
    level = RiskLevel.HIGH if judged_high else actuarial
    flags = [flag for flag in model.red_flags if flag.raised(answers)]
    incidents = incidents_in_window(
        assessment.incident_dates, assessment.assessment_date, rules.escalation_window_days
    )
    referral = assessment.last_marac_referral
    criteria = ReferralCriteria(
        visible_high_risk=yes_count >= high,
        professional_judgement=judged_high,
        potential_escalation=incidents >= rules.escalation_incidents,
        repeat=referral is not None
        and _within(referral, assessment.assessment_date, rules.repeat_window_days),
    )
    age = assessment.victim_age
    age_route = (
        AgeRoute.CHILDRENS_SERVICES if age is not None and age < rules.minimum_victim_age else None
    )
    fired = [t for t in form.triggers if t.fires(answers, assessment.concerns)]
    follow_on = tuple(dict.fromkeys(t.form for t in fired))
    refer = criteria.any() and age_route is None

    sentences = [
        explain.score(yes_count, len(scored), high, medium),
        *explain.gaps(dont_know_count, unanswered),
        explain.judgement(judged_high, actuarial),
        explain.escalation(incidents, rules.escalation_window_days, rules.escalation_incidents),
        explain.repeat(
            None if referral is None else (assessment.assessment_date - referral).days,
            rules.repeat_window_days,
        ),
        *(explain.red_flag(flag.explanation, flag.yes_questions(answers)) for flag in flags),
        explain.outcome(criteria, age_route, age, rules.minimum_victim_age),
    ]
    prompts = _prompts(level, bool(flags), age, rules, fired, form, assessment.concerns)
    return RiskResult(
        form_id=form.id,
        form_version=form.version,
        model_id=model.id,
        model_version=model.version,
        yes_count=yes_count,
        dont_know_count=dont_know_count,
        question_count=len(scored),
        unanswered=unanswered,
        high_threshold=high,
        medium_threshold=medium,
        actuarial_level=actuarial,
        level=level,
        red_flags=tuple(flag.id for flag in flags),
        criteria=criteria,
        refer_to_marac=refer,
        age_route=age_route,
        follow_on=follow_on,
        prompts=prompts,
        explanations=tuple(sentences),
    )


def level_for(yes_count: int, high: int, medium: int) -> RiskLevel:
    if yes_count >= high:
        return RiskLevel.HIGH
    if yes_count >= medium:
        return RiskLevel.MEDIUM
    return RiskLevel.STANDARD


def _within(day: date, assessment_date: date, window_days: int) -> bool:
    return 0 <= (assessment_date - day).days <= window_days


def _prompts(
    level: RiskLevel,
    any_red_flag: bool,
    age: int | None,
    rules: AreaPolicy,
    fired: list[Trigger],
    form: FormDefinition,
    concerns: frozenset[str],
) -> tuple[Prompt, ...]:
    prompts: list[Prompt] = []
    if any_red_flag and level is not RiskLevel.HIGH:
        prompts.append(Prompt("consider_professional_judgement", explain.CONSIDER_JUDGEMENT))
    for concern in form.concerns:
        if concern.prompt and concern.id in concerns:
            prompts.append(Prompt(f"concern:{concern.id}", concern.prompt))
    for target in dict.fromkeys(t.form for t in fired):
        reasons = [t for t in fired if t.form == target]
        prompts.append(Prompt(f"follow_on:{target}", explain.follow_on(target, reasons, form)))
    if age is None:
        prompts.append(
            Prompt("age_not_recorded", explain.age_not_recorded(rules.minimum_victim_age))
        )
        return tuple(prompts)
    if age < rules.minimum_victim_age:
        prompts.append(Prompt("childrens_services", explain.CHILDRENS_SERVICES))
    if age < ADULT_AGE:
        prompts.append(Prompt("fgm_duty", explain.FGM_DUTY))
        if age >= YOUNG_PERSON_MIN_AGE:
            prompts.append(Prompt("young_person_checklist", explain.YOUNG_PERSON_CHECKLIST))
    return tuple(prompts)
