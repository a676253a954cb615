"""tests/index/test_cli_and_search.py run again on the PostgreSQL backend (the session's own server: conftest.py)."""
import pytest

from .conftest import load_tests_of

load_tests_of("test_cli_and_search.py", globals())


@pytest.fixture(scope="module", autouse=True)
def _backend(on_postgresql):
    return on_postgresql
