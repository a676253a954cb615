"""newsexplorer's engine: ingest, enrichment, the Whoosh index and the query API. Knows nothing of terminals."""
from .errors import IndexBusy, IndexUnavailable, NewsExplorerError, QueryError, RejectedInput
from .model import Article

__all__ = ["Article", "Corpus", "Hit", "IndexBusy", "IndexUnavailable", "NewsExplorerError", "QueryError",
           "RejectedInput", "SearchResult", "extract_entities", "seeds_dir"]


def __getattr__(name: str):
    """Corpus and its results are imported on first use: whoosh is most of the start-up time of the app,
    which paints its first screen before it opens the index."""
    if name in ("Corpus", "Hit", "SearchResult"):
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_entities(text: str) -> list[dict]:
    """Named entities in a text: [{"start", "end", "text", "label"}] (spaCy labels). Loads the model on first use."""
    from .enrich.entities import extract_entities as _extract

    return _extract(text)


def seeds_dir():
    """The bundled seed corpus shipped in newsexplorer.seeds."""
    from importlib.resources import files

    return files("newsexplorer.seeds")
