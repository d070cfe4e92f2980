"""ETags of API representations, and the `If-Match` / `If-None-Match` comparisons (RFC 9110 §13)."""

import hashlib

from rest_framework.renderers import JSONRenderer


def etag_for(data) -> str:
    """A strong ETag: the SHA-256 of the JSON representation (what a GET of the record answers)."""
    return '"' + hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:40] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def if_match_fails(header: str, etag: str) -> bool:
    """`If-Match` uses the strong comparison: a weak tag never matches; `*` matches any current record."""
    tags = _tags(header)
    return "*" not in tags and etag not in tags


def if_none_match_hits(header: str, etag: str) -> bool:
    """`If-None-Match` uses the weak comparison (W/"x" matches "x")."""
    tags = _tags(header)
    return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}
