"""The status parser's attribute_ruler replaced by table lookups (fast_rules.py) and its lemmatizer by one that
remembers its answers (fast_lemmas.py): every token gets the same tag, POS, morphology, lemma and dependency as with
spaCy's own components, so no status or detection can change; and `status._tokens_in` (token_spans.py, by
bisection) finds the same tokens as a walk over the parse."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newsexplorer.index.enrich import fast_lemmas, fast_rules, status
from newsexplorer.index.enrich.issues import split_sentences

REPO = Path(__file__).resolve().parents[2]
# sentences that reach the ruler's rarer rules: two-token patterns ("ai n't", "gon na"), dependency-dependent POS
# ("but" as an adverb, "that" as a pronoun, auxiliaries, "there is"), pronoun case by dependency
RARE = [
    "It ain't over yet, and they're gonna sign it, but the deal isn't done.",
    "There is a deal, there are no talks, and that is what they wanted.",
    "I told you it would happen, and you said it wouldn't, but it did.",
    "We gotta get it done; she gets the offer and he got the bid, which they had rejected.",
    "All but one of the ministers have agreed, and that is all.",
    "  Talks\tresumed on Monday .",
]


def signature(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def sample_sentences(corpora_dir: Path | None) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds" / "articles").iterdir())]
    bbc = corpora_dir / "bbc" if corpora_dir else None
    if bbc is not None and bbc.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(bbc.rglob("*.txt"))[:60]]
    return RARE + [s.text for text in texts for s in split_sentences(text)]


def test_the_table_ruler_gives_every_token_what_spacys_ruler_gives():
    from tests.conftest import CORPORA

    sentences = sample_sentences(CORPORA if CORPORA.is_dir() else None)
    plain = spacy.load(status.MODEL_NAME, exclude=["ner", "senter"])
    fast = spacy.load(status.MODEL_NAME, exclude=["ner", "senter"])
    assert fast_rules.replace_ruler(fast)  # the shipped model's ruler is one this module implements
    assert fast.pipe_names == plain.pipe_names
    assert len(sentences) > 300
    for text, a, b in zip(sentences, plain.pipe(sentences, batch_size=64), fast.pipe(sentences, batch_size=256)):
        assert signature(a) == signature(b), text


def test_the_status_parser_uses_the_table_ruler():
    nlp = status.load_parser()
    assert isinstance(nlp.get_pipe("attribute_ruler"), fast_rules.TableRuler)


def test_a_ruler_with_patterns_it_does_not_implement_is_kept():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"TAG": "NNS"})
    assert not fast_rules.replace_ruler(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_the_memo_is_not_reused_when_the_ruler_code_changes(tmp_path, monkeypatch):
    """The apply memo's code digest covers fast_rules.py: a changed ruler never reuses old detections."""
    from newsexplorer.index.enrich import apply

    assert apply.RULES_FILE == Path(fast_rules.__file__)
    apply.code_digest.cache_clear()
    before = apply.code_digest()
    changed = tmp_path / "fast_rules.py"
    changed.write_bytes(Path(fast_rules.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(apply, "RULES_FILE", changed)
    apply.code_digest.cache_clear()
    try:
        assert apply.code_digest() != before
    finally:
        monkeypatch.undo()
        apply.code_digest.cache_clear()


def test_the_status_parser_gives_every_token_what_spacys_own_pipeline_gives():
    """Both replacements at once, as `status.load_parser` builds it, against the model as shipped; each sentence
    twice, so the second reading comes from the lemmatizer's remembered answers."""
    from tests.conftest import CORPORA

    sentences = sample_sentences(CORPORA if CORPORA.is_dir() else None)
    plain = spacy.load(status.MODEL_NAME, exclude=["ner", "senter"])
    fast = status.load_parser()
    assert isinstance(fast.get_pipe("lemmatizer"), fast_lemmas.CachedLemmatizer)
    assert fast.pipe_names == plain.pipe_names
    expected = [signature(doc) for doc in plain.pipe(sentences, batch_size=64)]
    for _ in range(2):
        assert [signature(doc) for doc in fast.pipe(sentences, batch_size=256)] == expected


def test_a_lemmatizer_whose_lemma_depends_on_more_is_kept():
    nlp = spacy.load(status.MODEL_NAME, exclude=["ner", "senter"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer._mode = "pos_lookup"  # a mode this module does not know: its lemma could depend on anything
    assert not fast_lemmas.replace_lemmatizer(nlp)
    assert nlp.get_pipe("lemmatizer") is lemmatizer


def test_tokens_in_finds_the_tokens_a_walk_over_the_parse_finds():
    from newsexplorer.index.enrich.token_spans import tokens_in

    nlp = status.load_parser()
    for text in RARE + ["", "A", "Talks  resumed\n on  Monday, officials said."]:
        doc = nlp(text)
        for start in range(-1, len(text) + 2):
            for end in range(start, len(text) + 3):
                walked = [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]
                assert [t.i for t in tokens_in(doc, start, end)] == walked, (text, start, end)


def test_the_memo_is_not_reused_when_the_parse_code_changes(tmp_path, monkeypatch):
    """The code digest covers every module of the status parse that it reads without importing."""
    from newsexplorer.index.enrich import apply, token_spans

    assert {Path(fast_lemmas.__file__), Path(token_spans.__file__)} <= set(apply.PARSE_FILES)
    apply.code_digest.cache_clear()
    before = apply.code_digest()
    for i, path in enumerate(apply.PARSE_FILES):
        changed = tmp_path / path.name
        changed.write_bytes(path.read_bytes() + b"\n# changed\n")
        monkeypatch.setattr(apply, "PARSE_FILES", apply.PARSE_FILES[:i] + (changed,) + apply.PARSE_FILES[i + 1:])
        apply.code_digest.cache_clear()
        try:
            assert apply.code_digest() != before, path.name
        finally:
            monkeypatch.undo()
            apply.code_digest.cache_clear()
