"""ETags of API representations, and the `If-Match` / `If-None-Match` comparisons (RFC 9110 §13)."""

import hashlib

from rest_framework.renderers import JSONRenderer


def etag_for(data) -> str:
    """A strong ETag: the SHA-256 of the JSON representation (what a GET of the record answers)."""
    return etag_of(JSONRenderer().render(data))


def etag_of(content: bytes) -> str:
    """The ETag of an already rendered JSON representation."""
    return '"' + hashlib.sha256(content).hexdigest()[:40] + '"'


def rendered_etag(request, response) -> str | None:
    """A read answered as compact JSON is rendered now, once, and its ETag hashes those bytes: what
    etag_for(response.data) gives, without rendering the data a second time. None otherwise."""
    renderer = getattr(response, "accepted_renderer", None)
    if request.method not in ("GET", "HEAD") or type(renderer) is not JSONRenderer:
        return None
    if renderer.get_indent(response.accepted_media_type or "", response.renderer_context or {}) is not None:
        return None
    return etag_of(response.render().content)


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
