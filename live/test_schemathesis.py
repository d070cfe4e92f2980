"""Schemathesis against the schema the live server serves, on the production stack (gunicorn, PostgreSQL,
Redis, a worker): every check, a bounded number of examples per operation and a fixed seed, as the
secretariat with a write token. The run must find no server error, no response outside the schema and no
undocumented status code; its counts are printed (and quoted in docs/api.md).

`LIVE_SCHEMATHESIS_EXAMPLES` (default 3) and `LIVE_SCHEMATHESIS_SEED` change the bound and the seed; the
run writes its JSON report (every failure group, with the operations) next to the test's temporary files.

It runs last (before the coverage gate; see conftest.py): its writes and deletes change the demo data that
the other tests read.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
SEED = int(os.environ.get("LIVE_SCHEMATHESIS_SEED", "20261201"))
MAX_EXAMPLES = int(os.environ.get("LIVE_SCHEMATHESIS_EXAMPLES", "3"))
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
        "examples,coverage,fuzzing",
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
    print(result.stdout[-20000:])
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


def test_schemathesis_finds_no_server_error_schema_violation_or_undocumented_status(schemathesis_run):
    document = schemathesis_run
    found = counts(document)
    operations, cases = document["operations"], document["test_cases"]
    print(
        f"schemathesis {document['schemathesis_version']} (seed {SEED}, {MAX_EXAMPLES} examples per operation,"
        f" all checks): {operations['tested']} of {operations['total']} operations,"
        f" {cases['generated']} test cases in {document['running_time']:.0f}s; "
        + ", ".join(f"{count} {name}" for name, count in found.items())
    )
    for group in document["failures"]:
        print(f"  {group['count']:4d} {group['type']}: {group['title']} — {', '.join(group['operations'][:8])}")
    for error in document["errors"]:
        print(f"  {error['count']:4d} error: {error['title']}")
    assert document["complete"], document["stop_reason"]
    assert operations["tested"] == operations["total"] - operations["skipped"]
    assert found == dict.fromkeys(found, 0), document["failures"]
