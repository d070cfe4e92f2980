"""Coverage that cannot drift: what the live suite must exercise, listed from the code, not by hand.

- API: every write operation (POST, PUT, PATCH, DELETE) of the OpenAPI schema the live server serves.
- Pages: every view of the URL conf that accepts POST (outside the API and Django's admin).

An operation counts as exercised when a live client sent it and got an answer below 400 (the write was
done, not refused). `ALLOWED_UNCOVERED` may name operations not covered yet, each with why; it must be
empty when the suite is complete, and an entry that is covered (or no longer exists) fails the gate too,
so the list can only shrink.
"""

from __future__ import annotations

import re

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# (method, path template) -> why it is not covered yet. Keep it empty: every entry is a debt.
ALLOWED_UNCOVERED: dict[tuple[str, str], str] = {}

# Function views that accept POST (class-based views are found by their `post` method).
POST_FUNCTION_VIEWS = {"set_language"}


def api_write_operations(schema: dict) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in WRITE_METHODS
    }


def _template_regex(template: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def _walk(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def page_form_routes() -> set[tuple[str, str]]:
    """('POST', '/route/<with>/<converters>/') for every page view that accepts POST."""
    from django.urls import get_resolver

    routes = set()
    for route, callback in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")):
            continue
        view_class = getattr(callback, "view_class", None)
        accepts_post = (
            hasattr(view_class, "post") and "post" in view_class.http_method_names
            if view_class is not None
            else getattr(callback, "__name__", "") in POST_FUNCTION_VIEWS
        )
        if accepts_post:
            routes.add(("POST", "/" + route))
    return routes


def page_route_of(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        return "/" + resolve(path).route
    except Resolver404:
        return None


def exercised(recorded, api_operations: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The operations (API templates and page routes) that recorded requests performed successfully."""
    matchers = [(method, template, _template_regex(template)) for method, template in api_operations]
    done = set()
    for method, path, status in recorded:
        if method not in WRITE_METHODS or status >= 400:
            continue
        if path.startswith("/api/"):
            for op_method, template, regex in matchers:
                if op_method == method and regex.match(path):
                    done.add((method, template))
        else:
            route = page_route_of(path)
            if route is not None:
                done.add((method, route))
    return done


def report(required: set, done: set, allowed: dict) -> tuple[list[str], str]:
    """(problems, summary): what fails the gate, and a line of figures."""
    missing = sorted(required - done - set(allowed))
    stale = sorted(k for k in allowed if k in done or k not in required)
    problems = [f"not exercised by any live test: {m} {p}" for m, p in missing]
    problems += [f"ALLOWED_UNCOVERED lists {m} {p}, which is covered or gone: remove it" for m, p in stale]
    api = {r for r in required if r[1].startswith("/api/")}
    pages = required - api
    summary = (
        f"live coverage: API write operations {len(api & done)}/{len(api)}, "
        f"page forms {len(pages & done)}/{len(pages)}, allowed uncovered {len(allowed)}"
    )
    return problems, summary
