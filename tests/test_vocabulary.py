"""Every word of every keyword family is found, as its kind, in its sample phrase (patterns/vocabulary.toml)."""

from __future__ import annotations

import pytest

from patterns.vocabulary import V


def _cases():
    for family in V.families.values():
        for kind in family.kinds:
            for word, sample in kind.words.items():
                yield pytest.param(family.name, kind.kind, word, sample, id=f"{family.name}-{kind.kind}-{word}")
            for sample in kind.samples:
                yield pytest.param(family.name, kind.kind, None, sample, id=f"{family.name}-{kind.kind}-{sample}")


@pytest.mark.parametrize(("family", "kind", "word", "sample"), list(_cases()))
def test_sample_is_read_as_its_word(family, kind, word, sample):
    hit = V.families[family].match(sample)
    assert hit is not None, f"{family}: {sample!r} is not read at all"
    assert hit.kind == kind, f"{family}: {sample!r} is read as {hit.kind!r}, not {kind!r}"
    if word is not None:
        assert hit.word == word, f"{family}: {sample!r} is read as {hit.word!r}, not {word!r}"


def test_every_family_says_what_it_is_for():
    assert all(f.about for f in V.families.values())


def test_an_unknown_family_is_an_error():
    with pytest.raises(AttributeError, match="no keyword family"):
        V.no_such_family  # noqa: B018
