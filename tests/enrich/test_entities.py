"""Entities of one article: the model's spans plus the article-level corrections a reader would notice."""
from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

from newsexplorer.index.enrich.aliases import canonicalize
from newsexplorer.index.enrich.entities import extract_entities

ARTICLE = """Kyiv says talks with Moscow made progress
Movies Fashion Television PressBee Celebrity Interviews Music Books
President Volodymyr Zelenskyy met US envoy Steve Witkoff in Kyiv on Monday. Zelenskyy said the meeting in Kyiv
was useful, and Witkoff promised to return to Kyiv soon. Zelensky also thanked Cyprus for its support.
Later, Zelenskiy travelled from Kiev to Zaporizhzhia and on to the Donbass front.
Comments powered by Disqus
"""


def by_text(entities):
    labels = defaultdict(set)
    for e in entities:
        labels[e["text"]].add(e["label"])
    return labels


def test_importing_entities_does_not_import_spacy():
    code = ("import sys, newsexplorer.index.enrich.entities, newsexplorer.index.enrich.aliases; "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_offsets_round_trip(extractor):
    entities = extract_entities(ARTICLE)
    assert entities
    for e in entities:
        assert ARTICLE[e["start"]:e["end"]] == e["text"]
        assert set(e) == {"start", "end", "text", "label"}
    assert [e["start"] for e in entities] == sorted(e["start"] for e in entities)


def test_every_kyiv_is_a_place(extractor):
    kyivs = [e for e in extract_entities(ARTICLE) if e["text"] in ("Kyiv", "Kiev")]
    assert len(kyivs) == ARTICLE.count("Kyiv") + ARTICLE.count("Kiev")
    assert {e["label"] for e in kyivs} == {"GPE"}


def test_transliterated_places_and_countries_are_places(extractor):
    labels = by_text(extract_entities(ARTICLE))
    assert labels["Zaporizhzhia"] == {"GPE"}
    assert labels["Donbass"] <= {"GPE", "LOC"} and labels["Donbass"]
    assert labels["Cyprus"] == {"GPE"}


def test_one_label_per_name_and_surnames_follow_the_full_name(extractor):
    labels = by_text(extract_entities(ARTICLE))
    assert all(len(found) == 1 for found in labels.values()), labels
    assert labels["Zelenskyy"] == {"PERSON"}
    assert labels["Witkoff"] == {"PERSON"}


def test_site_furniture_is_dropped(extractor):
    texts = {e["text"] for e in extract_entities(ARTICLE)}
    assert not any("PressBee" in t or "Disqus" in t for t in texts)


def test_zelenskyy_spellings_become_one_person(extractor):
    other = "Ukraine's leader Zelensky spoke on Tuesday. Volodymyr Zelenskiy said Ukraine would not give up land."
    per_article = dict(zip(["a", "b"], extractor.pipe([ARTICLE, other])))
    _, table = canonicalize(per_article)
    zelensky = [e for e in table if any("Zelensk" in n for n in [e["canonical"], *e["aliases"]])]
    assert len(zelensky) == 1
    assert zelensky[0]["label"] == "PERSON" and zelensky[0]["canonical"] == "Volodymyr Zelenskyy"
    assert zelensky[0]["articles"] == 2


def test_pipe_gives_what_extract_entities_gives(extractor):
    texts = [ARTICLE, "Emmanuel Macron visited Berlin.", ""]
    assert list(extractor.pipe(texts, batch_size=2)) == [extract_entities(t) for t in texts]


def test_ner_only_pipeline_matches_the_full_pipeline(extractor):
    import spacy

    from newsexplorer.index.enrich.entities import MODEL_NAME

    full = spacy.load(MODEL_NAME)
    text = ARTICLE + " The European Union and NATO met in Brussels on 3 March 2025 with 40 delegates."
    ours = [(e.start_char, e.end_char, e.label_) for e in extractor.nlp(text).ents]
    assert ours == [(e.start_char, e.end_char, e.label_) for e in full(text).ents]


def test_real_articles_keep_offsets_and_lose_menus(extractor, ukraine_articles):
    texts = [p.read_text(encoding="utf-8") for p in ukraine_articles[:6]]
    for text, entities in zip(texts, extractor.pipe(texts)):
        for e in entities:
            assert text[e["start"]:e["end"]] == e["text"] and "\n" not in e["text"]
        assert not [e for e in entities if "|" in e["text"] or "http" in e["text"]]


def test_text_longer_than_the_models_limit_goes_in_pieces(extractor, monkeypatch):
    """spaCy refuses texts over nlp.max_length (an E088 that aborted whole index runs): long texts are cut at
    line breaks, and every span's offsets still point into the whole text."""
    from newsexplorer.index.enrich import entities as module

    nlp = extractor.nlp
    monkeypatch.setattr(nlp, "max_length", 2_000)
    monkeypatch.setattr(module, "MAX_PIECE_CHARS", 1_500)
    text = ARTICLE * 12  # ~6,000 characters
    spans, short = extractor.pipe([text, "Emmanuel Macron spoke in Paris."])
    assert {s["text"] for s in short} >= {"Emmanuel Macron", "Paris"}
    assert spans and max(s["end"] for s in spans) > 4_000
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]
    assert {s["text"] for s in spans} >= {"Witkoff", "Kyiv"}


def test_split_long_cuts_after_line_breaks_and_keeps_every_character():
    from newsexplorer.index.enrich.entities import split_long

    text = "\n".join(f"line {i} " + "x" * (i % 37) for i in range(400))
    pieces = list(split_long(text, 300))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 300 for _, p in pieces) and all(p.endswith("\n") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert list(split_long("y" * 1000, 300))[-1] == (900, "y" * 100)  # no break at all: cut anyway
