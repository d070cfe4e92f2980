"""Headers and settings of issue 10: a CSP with no inline code, SECRET_KEY length, the schema behind login
and generated once."""

import re
from pathlib import Path

import pytest
from django.test import Client

from coalition import schema_cache
from coalition.tests.test_settings import LONG_KEY, start_django

ROOT = Path(__file__).resolve().parents[2]
# Rendered into a PDF by xhtml2pdf, never served as a page: its <style> is no page's inline style.
PDF_ONLY = {"summaries/briefing_pdf.html", "meetings/record_pdf.html"}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=[\"']", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=[\"']", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted(ROOT.glob("*/templates/**/*.html")):
        name = str(path.relative_to(path.parents[len(path.relative_to(ROOT).parts) - 2]))
        if any(name.endswith(p) for p in PDF_ONLY):
            continue
        text = path.read_text()
        found += [f"{path.relative_to(ROOT)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found, "The CSP forbids inline code; move it to static/js or static/css:\n" + "\n".join(found)


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(world, client):
    client.force_login(world.users.secretariat)
    for path in ("/accounts/login/", "/c/itc/", "/c/itc/dashboard/", "/api/v1/docs/", "/api/v1/coalitions/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_a_short_secret_key_stops_a_production_start():
    # Before: SECRET_KEY=short started a production process (issue 10).
    result = start_django(DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY has 5 characters" in result.stderr and "at least 50" in result.stderr
    assert start_django(DEBUG="false", SECRET_KEY=LONG_KEY, ALLOWED_HOSTS="x.org").returncode == 0
    assert start_django(DEBUG="true", SECRET_KEY="short").returncode == 0  # development may


@pytest.mark.django_db
def test_the_schema_and_docs_need_a_login(world, api_client_for):
    # Before: both were public and cost 1-3 s each (issue 10).
    anonymous = Client()
    assert anonymous.get("/api/v1/schema/").status_code == 401
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert anonymous.get("/api/v1/docs/?script=").status_code == 302
    assert api_client_for(world.users.observer, "read").get("/api/v1/schema/?format=json").status_code == 200
    anonymous.force_login(world.users.observer)
    page = anonymous.get("/api/v1/docs/")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.content.decode()
    script = anonymous.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def test_docs_can_be_made_public_by_a_setting():
    program = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/api/v1/schema/').status_code, c.get('/api/v1/docs/').status_code)"
    )
    import os
    import subprocess
    import sys

    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "coalition.settings",
        "DEBUG": "true",
        "API_DOCS_PUBLIC": "true",
        "ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split()[-2:] == ["200", "200"], done.stderr[-2000:]


@pytest.mark.django_db
def test_the_schema_is_generated_once_per_process(world, api_client_for, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    calls = []
    original = SchemaGenerator.get_schema
    monkeypatch.setattr(
        SchemaGenerator, "get_schema", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    schema_cache.clear()
    client = api_client_for(world.users.observer, "read")
    first = client.get("/api/v1/schema/?format=json")
    second = client.get("/api/v1/schema/?format=json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(calls) == 1
    assert client.get("/api/v1/schema/").status_code == 200 and len(calls) == 1  # YAML: same schema
