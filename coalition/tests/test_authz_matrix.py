"""The authorisation matrix: every page (from the URL conf) and API operation (from the schema), by role and
method, answers the status written in coalition/tests/authz_table.py — and a page or operation missing from
the table fails here, so none can be forgotten. How to add a row: docs/security.md ("Adding a row").

Each cell is one request in its own savepoint (rolled back), with an empty body for writes: authorisation
comes before validation, so who may not act gets 403 (or 404 for what they cannot see) whatever the body.
Beside the table, laws that hold whatever the table says (anonymous never gets in, a read token never
writes, coalition Y never sees X...), so a wrong row cannot hide a leak.
"""

import copy
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from coalition.tests import authz_matrix as matrix
from coalition.tests.authz_table import API, PAGES
from coalition.tests.authz_world import PATH_ARGUMENTS, ROLES, build_records, role_tokens, role_users

pytestmark = pytest.mark.django_db
SESSION_ROLES = ("obs", "delA", "delB", "secX", "secY", "staff", "reg")
TOKEN_ROLES = ("read", "write", "expired")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def authz(world, settings, tmp_path, monkeypatch):
    settings.MEETINGS_DOCUMENT_ROOT = tmp_path / "documents"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    settings.AXES_ENABLED = False
    monkeypatch.setattr("coalition.health.WORKER_PING_SECONDS", 0.05)  # /readyz: no worker in-process
    records = build_records(world, world.users.admin)
    users = role_users(world)
    api_secrets = {**role_tokens(world)}
    from coalition.services import api_token_create

    for role, user in users.items():  # over the API each user role uses a write token of its own
        api_secrets.setdefault(role, api_token_create(user=user, scope="write")[1])
    return SimpleNamespace(world=world, records=records, users=users, api_secrets=api_secrets)


def _resolve_arg(records, value):
    head, *attrs = value.split(".")
    if not hasattr(records, head):
        return value  # a literal (a transition name, a direction...)
    obj = getattr(records, head)
    for attr in attrs or ["pk"]:
        obj = getattr(obj, attr)
    return str(obj)


def page_url(row, route, records):
    kwargs = {}
    if "<slug:slug>" in route:
        kwargs["slug"] = records.coalition.slug
    if row.args != "-":
        for pair in row.args.split(","):
            key, value = pair.split("=", 1)
            kwargs[key] = _resolve_arg(records, value)
    return reverse(row.key.rsplit(" ", 1)[0], kwargs=kwargs)


def _records_by_model(records):
    found = {}
    for value in vars(records).values():
        found.setdefault(type(value), value)
    return found


def _model_of_path(path):
    """The model behind an API path, or None for an endpoint without one (e.g. the problem types)."""
    for name, value in PATH_ARGUMENTS.items():
        path = path.replace("{" + name + "}", value)
    for placeholder in ("1", "00000000-0000-0000-0000-000000000000"):  # an integer id or a UUID
        try:
            match = resolve(re.sub(r"\{[^}]+\}", placeholder, path))
            break
        except Resolver404:
            continue
    queryset = getattr(match.func.cls, "queryset", None)
    return None if queryset is None else queryset.model


def api_url(path, records):
    for name, value in PATH_ARGUMENTS.items():
        path = path.replace("{" + name + "}", value)
    if "{" not in path:
        return path
    model = _model_of_path(path)
    record = _records_by_model(records).get(model)
    assert record is not None, f"{path}: add a {model.__name__} to coalition/tests/authz_world.py"
    return re.sub(r"\{(id|pk)\}", str(record.pk), path)


def _session_clients(users):
    clients = {"anon": Client(raise_request_exception=False)}
    for role in SESSION_ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        clients[role] = client
    for role in TOKEN_ROLES:  # a bearer token does not log in to pages
        clients[role] = clients["anon"]
    return clients


def _call(client, method, url, headers=None, api=False):
    kwargs = {"headers": headers or {}}
    if api and method in ("POST", "PUT", "PATCH"):
        kwargs.update(data="{}", content_type="application/json")
    cookies = copy.deepcopy(client.cookies)  # a logout or login must not change the next cell's user
    with transaction.atomic():
        response = getattr(client, method.lower())(url, **kwargs)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def run_pages(authz, rows, routes):
    clients = _session_clients(authz.users)
    actual = {}
    for row in rows.values():
        url = page_url(row, routes[row.key.rsplit(" ", 1)[0]], authz.records)
        cells = []
        for role in ROLES:
            response = _call(clients[role], row.method, url, headers=_token_header(authz, role))
            cells.append(str(response.status_code))
        actual[row.key] = tuple(cells)
    return actual


def _token_header(authz, role):
    secret = authz.api_secrets.get(role)
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def run_api(authz, rows):
    client = Client(raise_request_exception=False)
    actual, bodies = {}, {}
    for row in rows.values():
        path = row.key.split(" ", 1)[1]
        url = api_url(path, authz.records)
        cells = []
        for role in ROLES:
            response = _call(client, row.method, url, headers=_token_header(authz, role), api=True)
            cells.append(str(response.status_code))
            bodies[(row.key, role)] = response
        actual[row.key] = tuple(cells)
    return actual, bodies


def _report(kind, rows, actual):
    wrong = [key for key, row in rows.items() if row.cells != actual[key]]
    if not wrong:
        return ""
    lines = [f"{kind}: {len(wrong)} rows differ (expected, then actual; columns: {' '.join(ROLES)}):"]
    for key in wrong:
        row = rows[key]
        lines += ["  " + row.line(kind=kind), "  " + row.line(actual[key], kind=kind), ""]
    return "\n".join(lines)


def _laws(kind, rows, actual, shared=frozenset()):
    """What must hold whatever the table says (`shared`: API paths of records every coalition shares)."""
    broken = []
    column = {role: index for index, role in enumerate(ROLES)}
    for key, cells in actual.items():
        method = rows[key].method
        status = {role: int(cells[column[role]]) for role in ROLES}
        if any(code >= 500 for code in status.values()):
            broken.append(f"{key}: a server error {cells}")
        if kind == "api":
            if status["anon"] != 401 or status["expired"] != 401:
                broken.append(f"{key}: anonymous and expired tokens must get 401")
            if method in WRITE_METHODS and status["read"] not in (403, 405):
                broken.append(f"{key}: a read token must not write")
            if method in WRITE_METHODS and status["obs"] < 400:
                broken.append(f"{key}: an observer must not write")
            if "{" in key and key not in shared and status["secY"] not in (404, 405):
                broken.append(f"{key}: coalition Y must not reach X's records (404)")
        else:
            if status["anon"] not in (302, 405) and not key.startswith(PUBLIC_PAGES):
                broken.append(f"{key}: anonymous must be sent to the login page")
        for role in TOKEN_ROLES:
            if kind == "page" and status[role] != status["anon"]:
                broken.append(f"{key}: a bearer token must not log in to a page")
    return broken


# Pages an anonymous visitor may open: the login page and its friends, health checks, and the calendar feed
# (authenticated by the secret in its URL, so it answers 404 without it).
PUBLIC_PAGES = ("login ", "logout ", "password_reset", "healthz ", "readyz ", "set_language ", "meeting-feed")


def test_every_page_and_operation_has_a_row():
    routes, unnamed = matrix.page_patterns()
    assert not unnamed, f"name these URL patterns (the matrix needs a name): {unnamed}"
    pages = matrix.parse(PAGES, ROLES, "page")
    expected_pages = {f"{name} {method}" for name in routes for method in matrix.PAGE_METHODS}
    missing = sorted(expected_pages - set(pages))
    unknown = sorted(set(pages) - expected_pages)
    api = matrix.parse(API, ROLES, "api")
    operations = matrix.api_operations()
    missing_api = sorted(operations - set(api))
    unknown_api = sorted(set(api) - operations)
    assert not (missing or unknown or missing_api or unknown_api), (
        "The authorisation matrix (coalition/tests/authz_table.py) must list every page and API operation.\n"
        f"Pages without a row: {missing}\nRows for no page: {unknown}\n"
        f"Operations without a row: {missing_api}\nRows for no operation: {unknown_api}"
    )


def test_the_matrix(authz):
    routes, _unnamed = matrix.page_patterns()
    pages = {k: v for k, v in matrix.parse(PAGES, ROLES, "page").items() if k.rsplit(" ", 1)[0] in routes}
    api_rows = matrix.parse(API, ROLES, "api")
    operations = matrix.api_operations()
    api_rows = {k: v for k, v in api_rows.items() if k in operations}
    page_actual = run_pages(authz, pages, routes)
    api_actual, _bodies = run_api(authz, api_rows)
    if os.environ.get("AUTHZ_MATRIX_ACTUAL"):  # what the portal answers, in the table's layout
        lines = [row.line(page_actual[k], kind="page") for k, row in pages.items()]
        lines += [""] + [row.line(api_actual[k], kind="api") for k, row in api_rows.items()]
        Path(os.environ["AUTHZ_MATRIX_ACTUAL"]).write_text("\n".join(lines) + "\n")
    shared = {key for key in api_rows if "{" in key and not _coalition_scoped(_model_of_path(key.split()[1]))}
    problems = [
        _report("page", pages, page_actual),
        _report("api", api_rows, api_actual),
        "\n".join(_laws("page", pages, page_actual) + _laws("api", api_rows, api_actual, shared)),
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_docs_security_md_shows_the_table():
    generated = matrix.markdown(matrix.parse(PAGES, ROLES, "page"), matrix.parse(API, ROLES, "api"), ROLES)
    text = matrix.DOC.read_text()
    assert matrix.rendered_doc(text, generated) == text, (
        "docs/security.md is out of date with the matrix: run `make security-docs`"
    )


def _list_operations():
    """GET operations without a path parameter, with their query parameters, from the served schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        yield path, [p["name"] for p in operations["get"].get("parameters", []) if p.get("in") == "query"]


def _coalition_scoped(model):
    return model is not None and getattr(model, "coalition_lookup", "coalition") is not None


def test_nothing_of_x_is_countable_by_y(authz):
    """Every list answers coalition Y's secretariat without one record of X (counts included)."""
    client = Client(raise_request_exception=False)
    headers = _token_header(authz, "secY")
    checked = 0
    for path, _params in _list_operations():
        response = client.get(path, headers=headers)
        if (
            response.status_code != 200
            or "json" not in response["Content-Type"]
            or "results" not in response.json()
        ):
            continue
        model = _model_of_path(path)
        if model is None:  # not a list of one model (the changes feed has its own test)
            continue
        lookup = getattr(model, "coalition_lookup", "coalition")
        if lookup is None:
            continue
        x_ids = {
            str(pk)
            for pk in model.objects.filter(**{lookup: authz.records.coalition.pk}).values_list(
                "pk", flat=True
            )
        }
        seen = {str(item.get("id")) for item in response.json()["results"]}
        assert not (seen & x_ids), f"{path}: coalition Y sees records of X: {sorted(seen & x_ids)}"
        mine = model.objects.visible_to(authz.users["secY"]).count()
        if "count" in response.json():  # cursor lists have none
            assert response.json()["count"] == mine, f"{path}: the count includes records Y cannot see"
        checked += 1
    assert checked >= 20, checked  # the lists were really read


def test_ids_of_x_are_not_probeable_by_y(authz):
    """`?coalition=<X>` (or `?meeting=<X's meeting>`…) answers Y exactly as an id that does not exist."""
    client = Client(raise_request_exception=False)
    headers = _token_header(authz, "secY")
    compared = []
    for path, params in _list_operations():
        for name in params:
            record = getattr(authz.records, name, None)
            if record is None or not hasattr(record, "_meta") or not _coalition_scoped(type(record)):
                continue
            hidden = client.get(path, {name: record.pk}, headers=headers)
            absent = client.get(path, {name: 999999}, headers=headers)
            assert hidden.status_code == absent.status_code, (
                f"{path}?{name}=: X's id answers {hidden.status_code}, a missing id {absent.status_code}"
            )
            if hidden.status_code != 200:
                fields = [e["field"] for e in hidden.json().get("errors", [])]
                assert fields == [e["field"] for e in absent.json().get("errors", [])], path
            compared.append(f"{path}?{name}")
    assert len(compared) >= 15, compared


def test_a_user_id_of_another_coalition_does_not_leak_a_name(authz):
    """Before: POST /api/v1/invitations/ {"meeting": 3, "user": 5} answered "sa-admin has no role in …"."""
    client = Client(raise_request_exception=False)
    stranger = authz.users["secY"]
    body = {"meeting": authz.records.next_meeting.pk, "user": stranger.pk}
    response = client.post(
        "/api/v1/invitations/", body, content_type="application/json", headers=_token_header(authz, "secX")
    )
    assert response.status_code == 400, response.content
    assert stranger.username not in response.content.decode()
    missing = client.post(
        "/api/v1/invitations/",
        {**body, "user": 999999},
        content_type="application/json",
        headers=_token_header(authz, "secX"),
    )
    assert [e["field"] for e in missing.json()["errors"]] == [e["field"] for e in response.json()["errors"]]


def test_an_observer_of_x_who_is_secretariat_of_y_is_an_observer_in_x(authz, client):
    """Before: such a user created rates and participants through the IT Coalition's own pages (302)."""
    from coalition.tests.factories import UserFactory, UserRoleFactory

    dual = UserFactory(username="dual")
    UserRoleFactory(user=dual, coalition=authz.world.coalition, kind="observer")
    UserRoleFactory(user=dual, coalition=authz.world.other, kind="secretariat")
    client.force_login(dual)
    slug = authz.world.coalition.slug
    rate = {"currency": "USD", "date": "2024-03-01", "rate": "9.9", "source": "x"}
    assert client.post(f"/c/{slug}/fx-rates/add/", rate).status_code == 403
    assert client.post("/participants/add/", {"kind": "state", "code": "FI"}).status_code == 403
    assert client.post(f"/c/{slug}/proposals/fx-rate/", {**rate, "reason": "x"}).status_code == 403
    assert client.post(f"/c/{slug}/pledges/add/", {}).status_code == 403
    assert client.get(f"/c/{slug}/proposals/").status_code == 403
