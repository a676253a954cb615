"""The status parser's attribute_ruler, matched by table lookups instead of spaCy's Matcher: same rules, same result.

The small English model's `attribute_ruler` maps each token's fine tag (and a few words and dependency labels) to
its coarse POS and morphology, which the status rules and the lemmatizer read. Its Matcher tries ~180 one- or
two-token patterns at every token and is ~20 % of the status parse. Here each rule is indexed by the one value its
first token must have (a tag, a lower-cased word or a dependency label), so a token is tested only against the few
rules that can match it; the matches are then applied exactly as `AttributeRuler.set_annotations` does: in the
rules' order, later rules over earlier ones, with spaCy's own `set_token_attrs` and the ruler's own attributes.

`replace_ruler(nlp)` swaps it in only when every pattern uses what is implemented here (TAG, LOWER, ORTH, DEP,
POS, IS_SPACE; a string, a bool, IN, NOT_IN or REGEX; no operators); any other model keeps its own ruler.
`tests/index/test_fast_rules.py` checks that both give the same POS, morphology, lemma, tag and dependency for
every token of every sentence of the bundled articles.
"""
from __future__ import annotations

import re

from spacy.language import Language

NAME = "attribute_ruler"
_KEYS = ("TAG", "LOWER", "ORTH", "DEP", "POS", "IS_SPACE")  # what a pattern may test, read as one array per doc
_KEY_ORDER = ("TAG", "LOWER", "ORTH", "DEP")  # a rule is indexed by the first of these its first token fixes


def _test(key: str, value, strings):
    """A predicate on one token's attribute hashes (a tuple in _KEYS order) for one key of a Matcher token
    pattern, or None when not supported."""
    if key not in _KEYS:
        return None
    at = _KEYS.index(key)
    if key == "IS_SPACE":
        return (lambda row, v=int(value): row[at] == v) if isinstance(value, bool) else None
    if isinstance(value, str):
        return lambda row, h=strings.add(value): row[at] == h
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(x, str) for x in arg):
            choices = frozenset(strings.add(x) for x in arg)
            return lambda row, c=choices: row[at] in c
        if op == "NOT_IN" and isinstance(arg, list) and all(isinstance(x, str) for x in arg):
            choices = frozenset(strings.add(x) for x in arg)
            return lambda row, c=choices: row[at] not in c
        if op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            return lambda row, p=pattern: bool(p.search(strings[row[at]]))
    return None


def _compile(ruler):
    """[(rule number, [per token: [tests]], attrs, index, index key, index values)], or None if unsupported."""
    rules = []
    for number, (patterns, attrs, index) in enumerate(zip(_patterns_of(ruler), ruler.attrs, ruler.indices)):
        if not patterns:
            return None
        # a rule's patterns are alternatives; a token two of them match gets the same attributes twice, which is
        # what the Matcher's matches do too (setting is idempotent, and the order across rules is kept)
        for pattern in patterns:
            tokens = []
            for spec in pattern:
                if not isinstance(spec, dict) or not spec:
                    return None
                tests = [_test(k, v, ruler.vocab.strings) for k, v in spec.items()]
                if any(t is None for t in tests):
                    return None
                tokens.append(tests)
            if not tokens or not -len(tokens) <= index < len(tokens):  # the ruler itself would refuse the match
                return None
            key, values = None, None
            for candidate in _KEY_ORDER:
                value = pattern[0].get(candidate)
                if isinstance(value, str):
                    key, values = candidate, (value,)
                    break
                if isinstance(value, dict) and list(value) == ["IN"]:
                    key, values = candidate, tuple(value["IN"])
                    break
            rules.append((number, tokens, attrs, index, key,
                          None if values is None else tuple(ruler.vocab.strings.add(v) for v in values)))
    return rules


def _patterns_of(ruler):
    """Each rule's token patterns, in the order the ruler numbers them (its `attrs` and `indices` lists)."""
    out = []
    for number in range(len(ruler.attrs)):
        found = ruler.matcher.get(str(number))
        out.append(found[1] if found else None)
    return out


class TableRuler:
    """The attribute_ruler's rules, applied without the Matcher (see the module docstring).

    A one-token rule's match depends only on that token's attributes, so which of them match a token is worked
    out once per distinct (tag, lower, orth, dep, pos, is_space) and kept; the few longer rules are tried per
    position. Only the order of rules on one token matters (a rule sets attributes on its own token only), and
    it is kept: every match is applied in rule order."""

    CACHE_MAX = 200_000  # distinct token rows remembered

    def __init__(self, rules):
        from spacy.attrs import IDS
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._attr_ids = [IDS[k] for k in _KEYS]
        self.single: list[dict[int, list]] = [{} for _ in _KEY_ORDER]  # per index key: {value hash: rules}
        self.single_anywhere: list = []  # one-token rules whose token fixes none of the index keys
        self.longer: list[dict[int, list]] = [{} for _ in _KEY_ORDER]
        self.longer_anywhere: list = []
        self._rows: dict[tuple, tuple] = {}  # token row -> ((rule number, attrs), ...) of the one-token rules
        for rule in rules:
            number, tokens, attrs, index, key, values = rule
            table, anywhere = (self.single, self.single_anywhere) if len(tokens) == 1 else \
                (self.longer, self.longer_anywhere)
            if key is None:
                anywhere.append(rule)
            else:
                for value in dict.fromkeys(values):
                    table[_KEY_ORDER.index(key)].setdefault(value, []).append(rule)

    def _single_matches(self, row: tuple) -> tuple:
        found = []
        for rules in (*(self.single[k].get(row[k]) for k in range(len(_KEY_ORDER))), self.single_anywhere):
            for number, tokens, attrs, _, _, _ in rules or ():
                if all(test(row) for test in tokens[0]):
                    found.append((number, attrs))
        return tuple(sorted(found, key=lambda m: m[0]))

    def __call__(self, doc):
        n = len(doc)
        if not n:
            return doc
        rows = [tuple(r) for r in doc.to_array(self._attr_ids).tolist()]
        cache = self._rows
        if len(cache) > self.CACHE_MAX:
            cache.clear()
        longer, longer_anywhere = self.longer, self.longer_anywhere
        matches = []  # (rule number, token index, attrs)
        for i, row in enumerate(rows):
            single = cache.get(row)
            if single is None:
                single = cache[row] = self._single_matches(row)
            for number, attrs in single:
                matches.append((number, i, attrs))
            for rules in (longer[0].get(row[0]), longer[1].get(row[1]), longer[2].get(row[2]),
                          longer[3].get(row[3]), longer_anywhere):
                for number, tokens, attrs, index, _, _ in rules or ():
                    length = len(tokens)
                    if i + length <= n and all(test(rows[i + k]) for k, tests in enumerate(tokens) for test in tests):
                        matches.append((number, i + index if index >= 0 else i + length + index, attrs))
        matches.sort(key=lambda m: (m[0], m[1]))  # later rules have precedence, as in AttributeRuler.match
        for _, target, attrs in matches:
            self._set(doc[target], attrs)
        return doc


FACTORY = "newsexplorer_table_ruler"


@Language.factory(FACTORY)
def _make(nlp, name):
    """Built right after the attribute_ruler it stands for, from that ruler's rules (see `replace_ruler`)."""
    return TableRuler(_compile(nlp.get_pipe(NAME)))


def replace_ruler(nlp) -> bool:
    """Swap the pipeline's attribute_ruler for a TableRuler of the same rules; False (nothing changed) when the
    pipeline has none or uses a pattern this module does not implement."""
    if NAME not in nlp.pipe_names:
        return False
    try:
        supported = bool(_compile(nlp.get_pipe(NAME)))
    except Exception:  # an unfamiliar ruler: keep it
        return False
    if not supported:
        return False
    nlp.add_pipe(FACTORY, name="table_ruler", after=NAME)
    nlp.remove_pipe(NAME)
    nlp.rename_pipe("table_ruler", NAME)
    return True
