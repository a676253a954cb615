"""The status parser's lemmatizer with its answers remembered: same lemmas, worked out once per distinct token.

spaCy's rule lemmatizer looks at each token in Python (its POS, its morphology for the base-form test, then the
suffix rules and exception tables), ~7 % of a never-seen catalog's apply. What it returns depends only on the
token's text, coarse POS and morphology (rule mode) or on its text alone (lookup mode), so `CachedLemmatizer` asks
the model's own lemmatizer once per distinct (text, POS, morphology) and sets the remembered lemma on every later
token with the same three. Like spaCy's, it leaves a lemma another component already set unless the lemmatizer
overwrites. Any other mode keeps spaCy's lemmatizer. `tests/index/test_fast_rules.py` compares every token's lemma
both ways.
"""
from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language

NAME = "lemmatizer"
FACTORY = "newsexplorer_cached_lemmatizer"
MODES = ("rule", "lookup")  # a lemma that is a function of (text, POS, morphology)


class CachedLemmatizer:
    CACHE_MAX = 200_000  # distinct (text, POS, morphology) remembered

    def __init__(self, inner):
        self.inner = inner
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc):
        inner = self.inner
        if not len(doc):
            return doc
        if not inner._validated:
            inner(doc[0:1].as_doc())  # spaCy validates its tables on first use (and raises if they are missing)
        cache, strings, overwrite = self.cache, doc.vocab.strings, inner.overwrite
        if len(cache) > self.CACHE_MAX:
            cache.clear()
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            token = doc[i]
            if found is None:
                found = cache[key] = strings.add(inner.lemmatize(token)[0])
            token.lemma = found
        return doc


@Language.factory(FACTORY)
def _make(nlp, name):
    """Built right after the lemmatizer it stands for (see `replace_lemmatizer`)."""
    return CachedLemmatizer(nlp.get_pipe(NAME))


def replace_lemmatizer(nlp) -> bool:
    """Swap the pipeline's lemmatizer for a CachedLemmatizer around it; False (nothing changed) when there is none
    or its mode's lemma could depend on more than the token's text, POS and morphology."""
    if NAME not in nlp.pipe_names or getattr(nlp.get_pipe(NAME), "mode", None) not in MODES:
        return False
    nlp.add_pipe(FACTORY, name="cached_lemmatizer", after=NAME)
    nlp.remove_pipe(NAME)
    nlp.rename_pipe("cached_lemmatizer", NAME)
    return True
