"""Schemathesis against the schema the live server serves, on the production stack (gunicorn, PostgreSQL,
Redis, a worker): every check, a bounded number of examples per operation and a fixed seed, as the
secretariat with a write token. The run must find no server error, no response outside the schema and no
undocumented status code; its counts are printed (and quoted in docs/api.md).

The CI run is schemathesis's `examples` and `fuzzing` phases, at most `LIVE_SCHEMATHESIS_EXAMPLES` (default 5)
cases per operation, seed `LIVE_SCHEMATHESIS_SEED`: about a minute and a half here. Its `coverage` phase
(every boundary and negative value the schema defines, ~14,000 cases, ~12 minutes) is too long for CI; run
it with `LIVE_SCHEMATHESIS_PHASES=examples,coverage,fuzzing` after changing the API (docs/api.md has the
counts of both). Checks outside the three counted (e.g. a valid-looking id of no record answering 400,
which no schema can express) are printed, not failed.

It runs last (before the coverage gate; see conftest.py): its writes and deletes change the demo data that
the other tests read.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from live.conftest import FIGURES

BIN = Path(sys.executable).parent
SEED = int(os.environ.get("LIVE_SCHEMATHESIS_SEED", "20261201"))
MAX_EXAMPLES = int(os.environ.get("LIVE_SCHEMATHESIS_EXAMPLES", "5"))
PHASES = os.environ.get("LIVE_SCHEMATHESIS_PHASES", "examples,fuzzing")
# What schemathesis calls the three kinds of failure the schema's truth is about (its failure classes).
SERVER_ERRORS = {"ServerError", "ContentTypeServerError"}
SCHEMA_VIOLATIONS = {"JsonSchemaError"}
UNDOCUMENTED_STATUS = {"UndefinedStatusCode"}


def run_schemathesis(stack, live_schema, work: Path, token: str) -> dict:
    schema_file = work / "openapi.json"
    schema_file.write_text(json.dumps(live_schema))
    report = work / "schemathesis.json"
    command = [
        str(BIN / "schemathesis"),
        "run",
        str(schema_file),
        "--url",
        stack.url,
        "--checks",
        "all",
        "--phases",
        PHASES,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "2",
        "--no-shrink",
        "--continue-on-failure",
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Bearer {token}",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--output-truncate",
        "true",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=work,  # its example database (.schemathesis/) stays out of the worktree
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    print(result.stdout)  # every failure with its curl reproduction (pytest shows it when the test fails)
    assert report.exists(), result.stdout[-5000:] + result.stderr[-5000:]
    return json.loads(report.read_text())


def counts(document: dict) -> dict[str, int]:
    def total(types):
        return sum(group["count"] for group in document["failures"] if group["type"] in types)

    return {
        "server errors": total(SERVER_ERRORS),
        "response-schema violations": total(SCHEMA_VIOLATIONS),
        "undocumented status codes": total(UNDOCUMENTED_STATUS),
    }


@pytest.fixture(scope="module")
def schemathesis_run(stack, live_schema, tmp_path_factory):
    work = tmp_path_factory.mktemp("schemathesis")
    return run_schemathesis(stack, live_schema, work, stack.token("secretariat", "write"))


def test_schemathesis_no_500_no_schema_violation_no_undocumented_status(schemathesis_run, request):
    document = schemathesis_run
    found = counts(document)
    operations, cases = document["operations"], document["test_cases"]
    summary = (
        f"schemathesis {document['schemathesis_version']}, all checks, phases {PHASES}, seed {SEED},"
        f" at most {MAX_EXAMPLES} examples per operation: {operations['tested']} of {operations['total']}"
        f" operations, {cases['generated']} test cases in {document['running_time']:.0f}s; "
        + ", ".join(f"{count} {name}" for name, count in found.items())
    )
    request.config.stash.setdefault(FIGURES, []).append(summary)
    print(summary)
    for group in document["failures"]:
        where = ", ".join(group["operations"][:6])
        print(f"  {group['count']:4d} {group['code']} {group['type']} ({group['title']}): {where}")
    for error in document["errors"]:
        print(f"  {error['count']:4d} error: {error['title']}")
    assert document["complete"], document["stop_reason"]
    # Every operation ran; an "errored" one is schemathesis failing to generate its case (printed above),
    # never an answer of the portal (a network error fails here).
    assert operations["tested"] + operations["errored"] == operations["total"] - operations["skipped"]
    assert not [e for e in document["errors"] if "network" in e["title"].lower()], document["errors"]
    assert found == dict.fromkeys(found, 0), document["failures"]
