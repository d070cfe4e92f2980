"""What an integrator does with the schema, on the production stack: the served schema is the committed one,
openapi-python-client generates a client from it without a warning, and the integrator script of
docs/examples/ does a day's work with that client alone (its results read back here)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGE = "coalition_portal_api_client"


def test_served_schema_is_the_committed_one(live_schema):
    committed = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    assert live_schema == json.loads(json.dumps(committed, default=str))


@pytest.fixture(scope="module")
def generated_client(live_schema, tmp_path_factory):
    """The client generated from the served schema; the generator's whole output is checked for warnings."""
    work = tmp_path_factory.mktemp("client")
    schema_file = work / "openapi.json"
    schema_file.write_text(json.dumps(live_schema))
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(schema_file),
            "--meta",
            "none",
            "--output-path",
            str(work / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    return work


def test_integrator_script_does_a_days_work_with_the_generated_client(stack, api_as, generated_client):
    token = stack.token("secretariat", "write")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "docs" / "examples" / "integrator.py"),
            "--url",
            stack.url,
            "--token",
            token,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(generated_client)},
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "over-payment refused: over-payment" in result.stdout
    assert result.stdout.rstrip().endswith("done")

    api = api_as("secretariat")
    mine = {p["note"]: p for p in api.ok("GET", "/pledges/", params={"page_size": 500})["results"]}
    eur, usd, undisclosed = (mine[f"integrator: {k}"] for k in ("EUR", "USD", "amount not disclosed"))
    assert (eur["status"], eur["amount"], eur["paid"]) == ("committed", "1000000.00", "400000.00")
    assert (usd["currency"], usd["amount"]) == ("USD", "250000.00")
    assert undisclosed["amount"] is None
    payments = api.ok("GET", "/disbursements/", params={"pledge": eur["id"]})["results"]
    assert [d["amount"] for d in payments] == ["400000.00"]  # the refused over-payment left nothing
    allocations = api.ok("GET", "/allocations/", params={"pledge": eur["id"]})["results"]
    assert [a["amount"] for a in allocations] == ["300000.00"]
    notes = [p["note"] for p in api.ok("GET", "/pledges/", params={"page_size": 500})["results"]]
    assert notes.count("integrator: EUR") == 1  # the retried create (same Idempotency-Key) made none
