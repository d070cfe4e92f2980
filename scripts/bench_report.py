"""How `make bench` measures and reports: timed requests, the baseline's rows compared with the API's,
alternating runs, a line's figures and the printed table."""

import re
import statistics
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation


def timed(session, url, headers=None):
    started = time.perf_counter()
    answer = session.get(url, headers=headers or {}, timeout=120)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url}: {answer.status_code} {answer.text[:300]}")
    return elapsed, answer


def _normal(value):
    if value is None or isinstance(value, bool):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ][\d:.]+(Z|[+-]\d\d:?\d\d)?", text):
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    try:
        return Decimal(text).normalize() if re.fullmatch(r"-?\d+(\.\d+)?", text) else text
    except InvalidOperation:
        return text


def compare(api_rows, raw_rows, label) -> int:
    """The baseline's rows equal the API's: same ids in the same order, every common field equal."""
    api_ids, raw_ids = [r["id"] for r in api_rows], [r["id"] for r in raw_rows]
    if api_ids != raw_ids:
        raise SystemExit(
            f"{label}: the baseline's rows differ from the API's ({api_ids[:5]} vs {raw_ids[:5]})"
        )
    common = sorted(set(api_rows[0]) & set(raw_rows[0])) if api_rows else []
    for a, b in zip(api_rows, raw_rows, strict=True):
        for key in common:
            if _normal(a[key]) != _normal(b[key]):
                raise SystemExit(f"{label}: row {a['id']} field {key}: API {a[key]!r}, baseline {b[key]!r}")
    return len(common)


def measure(rounds, first, second, budget=25.0):
    """Alternating runs of two callables; stops early once `budget` seconds are spent."""
    a, b, extra = [], [], []
    started = time.monotonic()
    for _ in range(rounds):
        elapsed, answer = first()
        a.append(elapsed)
        extra.append(answer)
        b.append(second()[0])
        if time.monotonic() - started > budget and len(a) >= 3:
            break
    return a, b, extra


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(label, portal_times, other_times, answers):
    queries = statistics.median(int(a.headers.get("X-Bench-Queries", 0)) for a in answers)
    sql_ms = statistics.median(float(a.headers.get("X-Bench-SQL-ms", 0)) for a in answers)
    p50 = statistics.median(portal_times)
    return {
        "what": label,
        "p50": p50 * 1000,
        "p95": p95(portal_times) * 1000,
        "queries": queries,
        "sql_ms": sql_ms,
        "kib": len(answers[-1].content) / 1024,
        "ratio": statistics.median(other_times) / p50,
    }


def table(results_by_scale: dict[float, list[dict]]) -> str:
    scales = list(results_by_scale)
    last, first = results_by_scale[scales[-1]], results_by_scale[scales[0]]
    growth_head = f"growth {scales[0]}→{scales[-1]}" if len(scales) > 1 else "growth"
    lines = [
        f"| what (scale {scales[-1]}) | p50 ms | p95 ms | queries | SQL ms | KiB | ratio | {growth_head} "
        "| note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for index, r in enumerate(last):
        growth = r["p50"] / first[index]["p50"] if len(scales) > 1 else 1.0
        lines.append(
            f"| {r['what']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['queries']:.0f} | {r['sql_ms']:.1f} | "
            f"{r['kib']:.0f} | {r['ratio']:.2f} | {growth:.2f}x | {r['note']} |"
        )
    return "\n".join(lines)
