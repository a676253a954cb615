"""The catalog loads, and a broken one fails with a message that names the file, the line, the issue and the field."""
import pytest

from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
from newsexplorer.index.errors import NewsExplorerError

SHIPPED_IDS = ["security-guarantees", "territory", "zaporizhzhia-npp", "elections", "nato", "foreign-troops",
               "army-size", "sanctions", "reconstruction", "ceasefire", "prisoners"]


def test_packaged_catalog_has_the_contract_ids():
    catalog = load_catalog()
    assert [i.id for i in catalog.issues] == SHIPPED_IDS
    assert all(i.title and i.description for i in catalog.issues)


def test_user_catalog_file_loads(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[[issue]]\nid = "gas"\ntitle = "Gas transit"\nterms = ["gas transit"]\n', encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.name == "mine" and catalog.get("gas").title == "Gas transit"


def test_invalid_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x",\n', encoding="utf-8")
    with pytest.raises(NewsExplorerError) as err:
        load_catalog(path)
    message = str(err.value)
    assert str(path) in message and "line" in message and "\n" not in message


@pytest.mark.parametrize("body, expected", [
    ('[[issue]]\ntitle = "No id"\nterms = ["x"]\n', ["line 1", "no 'id'"]),
    ('[[issue]]\nid = "a"\nterms = ["x"]\n', ["line 1", "'a'", "'title'"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x"]\n\n[[issue]]\nid = "a"\ntitle = "B"\nterms = ["y"]\n',
     ["line 6", "duplicate", "'a'"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x"]\n\n[[issue]]\nid = "b"\ntitle = "B"\npatterns = ["(unclosed"]\n',
     ["line 6", "'b'", "'patterns'", "bad regex"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\n', ["'a'", "terms"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x"]\nterm = ["typo"]\n', ["'a'", "unknown field", "term"]),
])
def test_semantic_errors_name_line_issue_and_field(body, expected):
    with pytest.raises(NewsExplorerError) as err:
        parse_catalog(body, path="cat.toml")
    message = str(err.value)
    assert message.startswith("cat.toml")
    for piece in expected:
        assert piece in message


def test_unreadable_file_is_a_clean_error(tmp_path):
    with pytest.raises(NewsExplorerError, match="cannot read catalog"):
        load_catalog(tmp_path / "missing.toml")
