"""Pure risk layer: load forms and risk models (data), parse answers, score with explanations.

No Qt, SQLAlchemy or ReportLab here; the only I/O is reading data and input files.
"""

from __future__ import annotations

from marac_desktop.risk.answers import (
    AnswerNote,
    AssessmentInput,
    ProfessionalJudgement,
    parse_answers_json,
)
from marac_desktop.risk.codes import AgeRoute, Answer, QuestionKind, RiskLevel
from marac_desktop.risk.engine import level_for, score
from marac_desktop.risk.forms import (
    AnswerCondition,
    Concern,
    FormDefinition,
    Option,
    Question,
    Section,
    Trigger,
    load_form,
    load_forms,
)
from marac_desktop.risk.models import Bands, RedFlag, RiskModel, load_model, load_models
from marac_desktop.risk.policy import AreaPolicy, load_policy
from marac_desktop.risk.result import Prompt, RiskResult

__all__ = [
    "AgeRoute",
    "Answer",
    "AnswerCondition",
    "AnswerNote",
    "AreaPolicy",
    "AssessmentInput",
    "Bands",
    "Concern",
    "FormDefinition",
    "Option",
    "ProfessionalJudgement",
    "Prompt",
    "Question",
    "QuestionKind",
    "RedFlag",
    "RiskLevel",
    "RiskModel",
    "RiskResult",
    "Section",
    "Trigger",
    "level_for",
    "load_form",
    "load_forms",
    "load_model",
    "load_models",
    "load_policy",
    "parse_answers_json",
    "score",
]
