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
    host: str | None = None  # the site it was found on, when known (an aggregator's name, a domain)
    title_derived: bool = False  # no headline in the input: the title is the first sentence, shortened
    story: str | None = None  # the story its text belongs to: syndicated copies of one story share it
    also_in: list[dict] = field(default_factory=list)  # the other copies ({"id","source","host","title","date"}), when read
    record: int = 0  # position of the article inside a multi-record file (JSONL, CSV, feed)
    entities: list[dict] = field(default_factory=list)  # {"start","end","text","label","canonical"}
    issues: list[dict] = field(default_factory=list)  # {"id","status","evidence":[str]}

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("record")
        return data
