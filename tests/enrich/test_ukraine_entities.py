"""The issue's seed expectations, checked on the 25 scraped peace-talks pages (menus, credits and other stories'
headlines left in): one person for every Zelensky spelling, Kyiv and Donbas as places, no site furniture.
Builds a real index with the model (~20 s); skipped when ../shared is absent, before any model is loaded."""
from __future__ import annotations

import re

from newsexplorer.index import Corpus
from newsexplorer.index.enrich import make_enricher

PLACES = {"GPE", "LOC"}


def test_peace_talks_entities(tmp_path, corpora):  # the model is loaded once per process, shared with the others
    folder = corpora / "ukraine_articles"
    corpus, _ = Corpus.build(tmp_path / "data", sorted(folder.glob("*.txt")), enrich=make_enricher())
    try:
        table = corpus.entities()
        articles = [corpus.article(hit.id) for hit in corpus.listing()]
    finally:
        corpus.close()
    assert len(articles) == 25

    def entry(*spellings: str) -> list[dict]:
        return [e for e in table if {e["canonical"], *e["aliases"]} & set(spellings)]

    # Every Zelensky in the text, however spelled, is a mention of one PERSON entity.
    zelensky = [e for e in table if any(re.match(r"(?:Volodymyr )?Zelensk", n) for n in [e["canonical"], *e["aliases"]])]
    assert len(zelensky) == 1 and zelensky[0]["label"] == "PERSON", zelensky
    assert {"Zelensky", "Zelenskyy", "Zelenskiy"} <= set(zelensky[0]["aliases"]) | {zelensky[0]["canonical"]}
    for article in articles:
        for m in re.finditer(r"(?<![\w/.])Zelensk(?:yy|iy|y)\b", article.text):
            covering = [s for s in article.entities if s["start"] <= m.start() < s["end"]]
            assert covering and covering[0]["canonical"] == zelensky[0]["canonical"], \
                (article.path, article.text[m.start() - 40:m.end() + 20])
            assert covering[0]["label"] == "PERSON"

    # Kyiv and Donbas are places wherever they are named on their own.
    for name in ("Kyiv", "Donbas"):
        found = entry(name)
        assert len(found) == 1 and found[0]["label"] in PLACES, found
        spans = [s for a in articles for s in a.entities if s["text"] == name]
        assert spans and {s["label"] for s in spans} <= PLACES
    assert entry("Steve Witkoff")[0]["label"] == "PERSON" and "Witkoff" in entry("Steve Witkoff")[0]["aliases"]
    assert {"US", "U.S."} <= set(entry("United States")[0]["aliases"])

    # Site furniture: app promotions, licence notices, photo credits, breadcrumbs, other stories' headlines.
    names = {n for e in table for n in [e["canonical"], *e["aliases"]]}
    for furniture in ("Google Play", "Apple Store", "Creative Commons", "Kurdistan24", "Valentyn Ogirenko",
                      "Mindaugas Kulbis", "Sven Hoppe", "Trump Ramps Up", "World at War"):
        assert not [n for n in names if furniture in n], furniture
    assert not [n for n in names if n.islower()]  # "missiles", "ps" from a tracking link
