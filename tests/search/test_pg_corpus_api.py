"""tests/index/test_corpus_api.py run again on the PostgreSQL backend (the session's own server: conftest.py)."""
import pytest

from .conftest import load_tests_of

load_tests_of("test_corpus_api.py", globals(), whoosh_only=("test_relevance_search_runs_on_the_executor",))


@pytest.fixture(scope="module", autouse=True)
def _backend(on_postgresql):
    return on_postgresql
