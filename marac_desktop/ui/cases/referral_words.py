"""How the referral forms word each criterion: taken from an assessment, worked out from the
case's record, or what the referring agency's form says (``risk/referral_grounds.py``)."""

from __future__ import annotations

from marac_desktop.domain.criteria import Criterion
from marac_desktop.risk import AreaPolicy
from marac_desktop.risk.referral_grounds import Ground, ReferralGrounds, Source

from marac_desktop.ui.cases.words import criterion_choice, day_text, level_words

NO_ASSESSMENT = (
    "No completed risk assessment is on record for this case, so tick what the referring "
    "agency's form says; what the case's record shows is worked out for you."
)
FORM_SAYS = "The referring agency's form says: "


def basis_text(grounds: ReferralGrounds) -> str:
    """The one sentence above the criteria: where they come from."""
    assessed = grounds.assessment
    if assessed is None:
        return NO_ASSESSMENT
    result = assessed.result
    return (
        f"The criteria come from the completed assessment of {day_text(assessed.day)} "
        f"({result.yes_count} of {result.question_count} yes, "
        f"{level_words(result.level.value).lower()}), which this referral is linked to; "
        "what it met stays ticked, since a judgement never lowers a risk."
    )


def choice_text(ground: Ground, assessed: bool, policy: AreaPolicy) -> str:
    """A criterion's tick box: its name when the assessment or the record decides it, or the
    question put to the person when they may tick it."""
    criterion = ground.criterion
    if ground.met_by is Source.ASSESSMENT:
        return f"{criterion.heading}: met by the assessment"
    if ground.met_by is Source.RECORD:
        return f"{criterion.heading}: met by the case's record"
    if not ground.askable:
        return f"{criterion.heading}: not met"
    if assessed and criterion is Criterion.PROFESSIONAL_JUDGEMENT:
        return "Professional judgement: the referrer judges the risk high all the same"
    choice = criterion_choice(criterion, policy)
    return FORM_SAYS + choice[:1].lower() + choice[1:]
