"""Moved to index/search/whoosh_executor.py (the Whoosh backend's posting-list runner); kept for old imports."""
from ..search.whoosh_executor import *  # noqa: F401,F403
from ..search.whoosh_executor import Executor, Match, Postings, Segment, Unsupported, resolve  # noqa: F401
