"""Helpers of the authorisation matrix (the table: authz_table.py; the test: test_authz_matrix.py): parsing,
listing the pages and API operations the portal has, rendering the table into docs/security.md.

`python -m coalition.tests.authz_matrix` rewrites the matrix section of docs/security.md from the table.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
START, END = "<!-- authz-matrix:start -->", "<!-- authz-matrix:end -->"
PAGE_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Not in the matrix, with the reason (docs/security.md says it too).
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin: staff only by its own login (tested in test_authz.py)",
    "api/": "API operations have their own table, taken from the schema",
    "static/": "static files",
    "media/": "uploaded files are served only through permission-checked views",
}


@dataclass(frozen=True)
class Row:
    key: str  # "page-name GET" or "GET /api/v1/path/"
    args: str  # page URL arguments ("-" for none); API rows: "-"
    method: str
    cells: tuple

    def line(self, cells=None, kind="page"):
        cells = cells or self.cells
        if kind == "page":
            name = self.key.rsplit(" ", 1)[0]
            head = f"{name:<32} {self.args:<40} {self.method:<5}"
        else:
            head = f"{self.method:<7} {self.key.split(' ', 1)[1]:<62}"
        return head + " " + " ".join(f"{c:>4}" for c in cells)


def parse(table: str, roles, kind: str) -> dict:
    rows = {}
    for number, raw in enumerate(table.strip("\n").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if kind == "page":
            name, args, method, *cells = parts
            key = f"{name} {method}"
        else:
            method, path, *cells = parts
            args, key = "-", f"{method} {path}"
        if len(cells) != len(roles):
            raise ValueError(f"{kind} row {number} ({key}): {len(cells)} cells for {len(roles)} roles")
        if key in rows:
            raise ValueError(f"{kind} row {number}: {key} is in the table twice")
        rows[key] = Row(key=key, args=args, method=method, cells=tuple(cells))
    return rows


def page_patterns():
    """Every named page pattern of the URL conf: {name: route}, outside the excluded prefixes."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found, unnamed = {}, []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if any(route.startswith(p) for p in EXCLUDED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    found.setdefault(pattern.name, route)
                else:
                    unnamed.append(route)

    walk(get_resolver().url_patterns, "")
    return found, unnamed


def api_operations():
    """Every operation of the OpenAPI schema the portal serves: {"METHOD /path/"}."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in API_METHODS
    }


def markdown(pages: dict, api: dict, roles) -> str:
    header = "| " + " | ".join(["page", "arguments", "method", *roles]) + " |"
    lines = [
        "### Pages",
        "",
        header,
        "|" + "---|" * (3 + len(roles)),
        *(
            "| "
            + " | ".join([f"`{r.key.rsplit(' ', 1)[0]}`", r.args.replace("|", "\\|"), r.method, *r.cells])
            + " |"
            for r in pages.values()
        ),
        "",
        "### API operations",
        "",
        "| " + " | ".join(["method", "path", *roles]) + " |",
        "|" + "---|" * (2 + len(roles)),
        *(
            "| " + " | ".join([r.method, f"`{r.key.split(' ', 1)[1]}`", *r.cells]) + " |"
            for r in api.values()
        ),
    ]
    cells = (len(pages) + len(api)) * len(roles)
    rows = f"{len(pages)} page rows and {len(api)} API rows"
    lines += ["", f"{rows} by {len(roles)} roles = **{cells} cells**."]
    return "\n".join(lines)


def rendered_doc(text: str, generated: str) -> str:
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{DOC} has no {START} … {END} section")
    return pattern.sub(lambda _m: f"{START}\n{generated}\n{END}", text)


def main() -> int:
    from coalition.tests.authz_table import API, PAGES, ROLES

    generated = markdown(parse(PAGES, ROLES, "page"), parse(API, ROLES, "api"), ROLES)
    text = DOC.read_text()
    updated = rendered_doc(text, generated)
    if updated != text:
        DOC.write_text(updated)
        print(f"{DOC.name}: matrix section rewritten")
    else:
        print(f"{DOC.name}: matrix section already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
