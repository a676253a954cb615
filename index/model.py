"""The article record every layer passes around: ingest fills it, enrichment annotates it, the store keeps it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    id: str
    path: str
    title: str
    text: str
    source: str | None = None
    byline: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD, or None when the input does not say
    url: str | None = None
    record: int = 0  # position of the article inside a multi-record file (JSONL, CSV, feed)
    entities: list[dict] = field(default_factory=list)  # {"start","end","text","label","canonical"}
    issues: list[dict] = field(default_factory=list)  # {"id","status","evidence":[str]}

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("record")
        return data
