"""Plain text articles: a `Key: value` or RFC 822 header block if present, else metadata read off the text."""
from __future__ import annotations

from .meta import fields_from_headers, split_header_block
from .raw import RawArticle


def read_text(text: str) -> list[RawArticle]:
    headers, body = split_header_block(text)
    if headers:
        fields = fields_from_headers(headers)
        return [RawArticle(body=body, infer="title" not in fields, **fields)]
    return [RawArticle(body=text, infer=True)]
