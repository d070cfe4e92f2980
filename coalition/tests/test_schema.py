"""The published OpenAPI schema: committed as docs/openapi.yaml, generated without warnings, and true to the
API in the ways generated clients depend on (proven against a live server by the live suite's schemathesis
run; here, the shape)."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    target = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return target.read_text()


@pytest.fixture(scope="module")
def schema(generated):
    return yaml.safe_load(generated)


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_committed_schema_is_current(generated):
    assert COMMITTED.read_text() == generated, "docs/openapi.yaml is out of date: run `make schema`"


def test_request_bodies_are_json_except_the_uploads(schema):
    """JSON everywhere but where a file is sent: a document (its first version or a new one) and the contacts
    CSV stay multipart, as files are sent everywhere; base64 in JSON would make them a third larger and
    would be a second way to upload."""
    types = {
        (path, method): set(op["requestBody"]["content"])
        for path, method, op in _operations(schema)
        if "requestBody" in op
    }
    uploads = {
        ("/api/v1/documents/", "post"),
        ("/api/v1/documents/{id}/versions/", "post"),
        ("/api/v1/contacts/import/", "post"),
    }
    assert {key for key, content in types.items() if content != {"application/json"}} == uploads
    assert {frozenset(types[key]) for key in uploads} == {frozenset({"multipart/form-data"})}


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Pledge", "reviewed_by"),
        ("Disbursement", "overpayment_approved_by"),
        ("SummaryJob", "snapshot"),
        ("PledgeTransition", "recorded_by"),
        ("SnapshotList", "trigger"),
        ("Decision", "meeting"),  # required in requests, null when adopted by written procedure
    ],
)
def test_fields_that_can_be_null_are_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_a_request_may_not_null_what_only_reads_null(schema):
    assert "nullable" not in schema["components"]["schemas"]["DecisionRequest"]["properties"]["meeting"]


def test_no_enum_has_a_null_member(schema):
    def walk(node, where):
        if isinstance(node, dict):
            assert "null" not in (node.get("enum") or []), where
            assert None not in (node.get("enum") or []), where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schema, "#")


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/api/v1/pledges/{id}/transitions/", "get", "200"),
        ("/api/v1/roadmap-items/{id}/transitions/", "get", "200"),
        ("/api/v1/minutes/{id}/revisions/", "get", "200"),
        ("/api/v1/problems/", "get", "200"),
    ],
)
def test_actions_answering_arrays_are_plain_arrays(schema, path, method, status):
    operation = schema["paths"][path][method]
    body = operation["responses"][status]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"} == set()


def test_every_operation_documents_its_problems_and_headers(schema):
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert {"400", "401", "403", "429", "503"} <= set(responses), (path, method)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method == "get":
            assert "304" in responses and "If-None-Match" in headers, path
        if method == "post":
            assert {"409", "422"} <= set(responses) and "Idempotency-Key" in headers, path
        if method in ("put", "patch", "delete"):
            assert {"412", "428"} <= set(responses) and "If-Match" in headers, (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
    problem = schema["components"]["responses"]["BadRequest"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert set(schema["components"]["schemas"]["Problem"]["required"]) >= {"type", "code", "status", "errors"}


def test_cursor_lists_have_no_count_nor_ordering(schema):
    for prefix in ("pledges", "disbursements", "allocations", "action-items"):
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"cursor", "page_size", "updated_since"} <= names and not names & {"page", "ordering"}, prefix
    assert "page" in {p["name"] for p in schema["paths"]["/api/v1/participants/"]["get"]["parameters"]}


@pytest.mark.parametrize(
    ("path", "component"), [("/api/v1/changes/", "ChangesPage"), ("/api/v1/audit/", "AuditPage")]
)
def test_cursor_feeds_answer_one_page_object(schema, path, component):
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": f"#/components/schemas/{component}"}


@pytest.mark.parametrize(
    ("component", "absent"), [("MinutesApprovalRecord", {"agreed", "revision"}), ("AuditPage", {"logins"})]
)
def test_keys_that_may_be_absent_are_not_required(schema, component, absent):
    assert not absent & set(schema["components"]["schemas"][component].get("required", []))


def test_latest_summary_documents_its_404(schema):
    assert "404" in schema["paths"]["/api/v1/summaries/latest/"]["get"]["responses"]


def test_every_page_size_states_its_bounds(schema):
    """page_size outside 1..500 is a 400: the schema says so, or a client's valid request is refused."""
    for path, method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "page_size":
                bounds = (parameter["schema"].get("minimum"), parameter["schema"].get("maximum"))
                assert bounds == (1, 500), (path, method)
