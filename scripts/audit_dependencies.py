"""Audit requirements.txt for known vulnerabilities with pip-audit (the PyPI vulnerability data).

Fails on any known vulnerability not accepted in ACCEPTED (each with its reason, also in docs/security.md).
A package the service could not look up is listed; when the service answers for none of them (no network to
the registry's JSON API), the audit says so loudly and fails only under AUDIT_STRICT=1, so an offline CI run
is not mistaken for a clean one and still passes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# vulnerability id -> why it is accepted (keep docs/security.md "Dependency audit" in step)
ACCEPTED: dict[str, str] = {}


def main() -> int:
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "-r",
        str(ROOT / "requirements.txt"),
        "--no-deps",  # every version is pinned, transitive ones included
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        *[arg for vuln in ACCEPTED for arg in ("--ignore-vuln", vuln)],
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout, done.stderr, sep="\n")
        return done.returncode or 1
    dependencies = report.get("dependencies", [])
    found = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for name, version, vuln in found:
        print(
            f"VULNERABLE {name} {version}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions', []))})"
        )
    print(
        f"pip-audit: {audited} of {len(dependencies)} pinned packages audited, {len(found)} vulnerabilities"
    )
    if skipped and not audited:
        print(
            "WARNING: the vulnerability service answered for no package (is the registry's JSON API "
            "reachable?): nothing was audited. AUDIT_STRICT=1 makes this an error."
        )
        if os.environ.get("AUDIT_STRICT") == "1":
            return 1
    elif skipped:
        print("not audited:", ", ".join(d["name"] for d in skipped))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
