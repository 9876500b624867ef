"""Load the controlled vocabularies (``resources/vocabularies/*.toml``) and an area's additions.

Each file holds one vocabulary: ``id``, ``version``, ``title`` and ``[[terms]]`` with ``code``,
``label``, optional ``aliases`` and yes/no traits. Every vocabulary must have the code ``other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from marac_desktop.domain.vocabulary import (
    OTHER,
    Coded,
    Term,
    Vocabularies,
    Vocabulary,
    VocabularyId,
    fold,
)
from marac_desktop.errors import ModelDefinitionError
from marac_desktop.risk.definition_reader import (
    Where,
    check_file_name,
    check_keys,
    check_unique,
    get_bool,
    get_id,
    get_int,
    get_str,
    get_str_list,
    get_tables,
    read_toml,
)

TRAITS: Mapping[VocabularyId, tuple[str, ...]] = {
    VocabularyId.AGENCY: ("police", "research", "children_only"),
    VocabularyId.ETHNICITY: ("minoritised",),
    VocabularyId.GENDER: ("male",),
    VocabularyId.SEXUALITY: ("lgbt",),
    VocabularyId.RELATIONSHIP: (),
    VocabularyId.INTERVENTION: (),
}
"""The traits each vocabulary's terms may carry, read by the counting and agenda rules."""

MAX_LABEL = 80
TRANSFER = "marac_transfer"
"""The agency code of a case transferred in from another MARAC."""
_TRANSFER_WORDS = "marac transfer"


def resolve(vocabulary: Vocabulary, text: str) -> Coded:
    """``vocabulary.resolve``, and an agency typed as "MARAC transfer from <area>" is a
    transfer in, with the words kept as its detail."""
    coded = vocabulary.resolve(text)
    if (
        vocabulary.id is VocabularyId.AGENCY
        and coded.code == OTHER
        and fold(text).startswith(_TRANSFER_WORDS)
    ):
        return Coded(TRANSFER, coded.detail)
    return coded


def _term(table: Mapping[str, object], where: Where, traits: tuple[str, ...]) -> Term:
    check_keys(table, where, ("code", "label"), ("aliases", *traits))
    code = get_id(table, "code", where)
    label = get_str(table, "label", where)
    kept = frozenset(t for t in traits if get_bool(table, t, where.at(code), default=False))
    return Term(code, label, kept, get_str_list(table, "aliases", where.at(code)))


def _checked(vocabulary: Vocabulary, where: Where) -> Vocabulary:
    if OTHER not in vocabulary:
        raise where.error(f"there must be a term with code '{OTHER}'")
    seen: dict[str, str] = {}
    for term in vocabulary:
        for text in (term.code, term.label, *term.aliases):
            owner = seen.setdefault(fold(text), term.code)
            if owner != term.code:
                raise where.at(f"term {term.code}").error(
                    f"'{text}' is already a spelling of '{owner}'"
                )
    return vocabulary


def read_vocabulary(path: Path) -> Vocabulary:
    where = Where.of(path)
    data = read_toml(path)
    check_keys(data, where, ("id", "version", "title", "terms"))
    vocabulary_id = get_id(data, "id", where)
    check_file_name(path, vocabulary_id)
    try:
        known = VocabularyId(vocabulary_id)
    except ValueError:
        raise where.error(f"'{vocabulary_id}' is not a vocabulary the application uses") from None
    tables = get_tables(data, "terms", where, required=True)
    terms = tuple(_term(t, where.at(f"term {n + 1}"), TRAITS[known]) for n, t in enumerate(tables))
    check_unique([t.code for t in terms], where, "term")
    vocabulary = Vocabulary(
        known, get_int(data, "version", where), get_str(data, "title", where), terms
    )
    return _checked(vocabulary, where)


def with_additions(vocabulary: Vocabulary, additions: Iterable[Term]) -> Vocabulary:
    """The vocabulary with an area's own terms after the shipped ones (shipped codes win)."""
    extra = tuple(t for t in additions if t.code not in vocabulary)
    if not extra:
        return vocabulary
    return Vocabulary(vocabulary.id, vocabulary.version, vocabulary.title, vocabulary.terms + extra)


def load_vocabularies(
    folder: Path, additions: Mapping[VocabularyId, Iterable[Term]] | None = None
) -> Vocabularies:
    loaded = {}
    for vocabulary_id in VocabularyId:
        path = folder / f"{vocabulary_id.value}.toml"
        if not path.is_file():
            raise ModelDefinitionError(f"vocabularies/{path.name}: the file is missing")
        shipped = read_vocabulary(path)
        loaded[vocabulary_id.value] = with_additions(
            shipped, (additions or {}).get(vocabulary_id, ())
        )
    return Vocabularies(**loaded)
