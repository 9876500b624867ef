"""The vocabulary files load, and typed words resolve to codes as a coordinator would expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from marac_desktop import paths
from marac_desktop.domain.vocabulary import OTHER, Coded, VocabularyId
from marac_desktop.errors import ModelDefinitionError
from marac_desktop.risk.vocabularies import TRAITS, load_vocabularies, read_vocabulary, resolve

WORDS = load_vocabularies(paths.vocabularies_dir())


def test_every_vocabulary_has_other_and_the_traits_the_rules_read() -> None:
    for vocabulary in WORDS:
        assert OTHER in vocabulary
        for term in vocabulary:
            assert term.traits <= set(TRAITS[vocabulary.id])
    assert [t.code for t in WORDS.agency][:2] == ["police", "idva"]  # as the return counts them
    assert WORDS.agency.codes_with("police") == {"police"}
    assert {"white_british", "white_irish", "white_other"}.isdisjoint(
        WORDS.ethnicity.codes_with("minoritised")
    )
    assert {"white_gypsy_traveller", "white_roma", "asian_pakistani"} <= WORDS.ethnicity.codes_with(
        "minoritised"
    )
    assert len([t for t in WORDS.ethnicity if t.code not in ("not_stated", "not_known")]) == 19


@pytest.mark.parametrize(
    ("vocabulary", "typed", "coded"),
    [
        (VocabularyId.AGENCY, "  POLICE  service ", Coded("police")),
        (VocabularyId.AGENCY, "Children's Social Care", Coded("childrens_social_care")),
        (
            VocabularyId.AGENCY,
            "MARAC transfer from Leeds",
            Coded("marac_transfer", "MARAC transfer from Leeds"),
        ),
        (VocabularyId.AGENCY, "Jo Bloggs 07700 900123", Coded(OTHER, "Jo Bloggs 07700 900123")),
        (VocabularyId.ETHNICITY, "white  british", Coded("white_british")),
        (VocabularyId.GENDER, "F", Coded("female")),
        (VocabularyId.SEXUALITY, "prefer not to say", Coded("prefer_not_to_say")),
        (VocabularyId.RELATIONSHIP, "Ex-Husband", Coded("ex_partner")),
        (VocabularyId.GENDER, "", Coded("")),
    ],
)
def test_typed_words_resolve_to_their_code(
    vocabulary: VocabularyId, typed: str, coded: Coded
) -> None:
    assert resolve(WORDS.get(vocabulary), typed) == coded


def test_labels_never_show_an_unknown_code() -> None:
    assert WORDS.agency.label("zq-not-a-code") == WORDS.agency.label(OTHER)
    assert WORDS.agency.label("") == "Not recorded"
    assert WORDS.agency.shown(OTHER, "Fire service") == "Fire service"


def test_a_broken_file_is_named_with_its_fault(tmp_path: Path) -> None:
    bad = tmp_path / "gender.toml"
    bad.write_text(
        'id = "gender"\nversion = 1\ntitle = "G"\n'
        '[[terms]]\ncode = "female"\nlabel = "Female"\n'
        '[[terms]]\ncode = "woman"\nlabel = "female"\n'
        '[[terms]]\ncode = "other"\nlabel = "Other"\n',
        encoding="utf-8",
    )
    with pytest.raises(ModelDefinitionError, match="already a spelling of 'female'"):
        read_vocabulary(bad)
    bad.write_text('id = "gender"\nversion = 1\ntitle = "G"\n[[terms]]\ncode = "f"\nlabel = "F"\n')
    with pytest.raises(ModelDefinitionError, match="code 'other'"):
        read_vocabulary(bad)
