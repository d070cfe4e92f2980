"""The summaries' OpenAPI components are typed all the way down, and real responses validate against them."""

from decimal import Decimal

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from contributions.tests.factories import DisbursementFactory, PledgeFactory
from summaries.tests.snapshots import legacy_snapshot, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def reachable(components, name, seen=None):
    seen = set() if seen is None else seen
    if name in seen:
        return seen
    seen.add(name)

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                reachable(components, ref.rsplit("/", 1)[-1], seen)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(components[name])
    return seen


def as_json_schema(node, components):
    """OpenAPI 3.0 schema -> JSON Schema: refs inlined, `nullable` as a union with null."""
    if isinstance(node, list):
        return [as_json_schema(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return as_json_schema(components[node["$ref"].rsplit("/", 1)[-1]], components)
    out = {k: as_json_schema(v, components) for k, v in node.items() if k not in ("nullable", "readOnly")}
    if node.get("type") == "object" and "properties" in node and not node.get("additionalProperties"):
        out["additionalProperties"] = False  # a key the schema does not name is a failure too
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def test_every_summary_component_is_typed(components):
    names = set()
    for root in ("Snapshot", "SummaryDiff", "SummaryJob", "SnapshotList"):
        names |= reachable(components, root)
    assert "SummaryPayload" in names and "SummaryChange" in names
    for name in names:
        for prop, schema in components[name].get("properties", {}).items():
            typed = {"type", "$ref", "allOf", "oneOf", "anyOf", "enum"} & set(schema)
            assert typed, f"{name}.{prop} is untyped (Any)"
            assert "__" not in prop, f"{name}.{prop} is an ORM lookup"
    payload = components["Snapshot"]["properties"]["payload"]
    assert payload["nullable"] and payload["allOf"][0]["$ref"].endswith("/SummaryPayload")
    assert components["SummaryJob"]["properties"]["snapshot"]["nullable"] is True


def test_responses_validate_against_the_published_components(world, api_client_for, components):
    PledgeFactory(coalition=world.coalition, donor=world.participants.ee, amount=None)
    paid = PledgeFactory(coalition=world.coalition, donor=world.participants.lu, amount=Decimal("100.00"))
    older = snapshot(world.coalition)
    DisbursementFactory(pledge=paid, amount=Decimal("120.00"))
    newer = snapshot(world.coalition)
    old = legacy_snapshot(world.coalition)
    client = api_client_for(world.users.observer)
    for snap in (newer, old):
        body = client.get(f"/api/v1/summaries/{snap.pk}/").json()
        jsonschema.validate(body, as_json_schema(components["Snapshot"], components))
    diff = client.get(f"/api/v1/summaries/{newer.pk}/diff/?against={older.pk}").json()
    jsonschema.validate(diff, as_json_schema(components["SummaryDiff"], components))
    assert any(c["figure"] == "overpaid" for c in diff["changes"])
    job = client.get(f"/api/v1/summaries/?coalition={world.coalition.pk}").json()["results"][0]
    jsonschema.validate(job, as_json_schema(components["SnapshotList"], components))
