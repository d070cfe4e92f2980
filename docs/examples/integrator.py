"""A day's work of an integrating system, using only a client generated from the portal's OpenAPI schema.

    openapi-python-client generate --path docs/openapi.yaml --meta none \
        --output-path /tmp/client/coalition_portal_api_client
    PYTHONPATH=/tmp/client python docs/examples/integrator.py --url http://127.0.0.1:8000 --token TOKEN

It lists the participants, records three pledges (in EUR, in USD, and one whose amount is undisclosed),
walks one through its lifecycle, records a payment, sees an over-payment refused (and reads the problem's
`code`), allocates money to a roadmap item, then asks for a status summary, polls the job, and reads the
latest summary and what changed since the previous one. It stops with a message at the first surprise.
The live suite runs it against the production stack (live/test_api_clients.py).
"""

import argparse
import sys
import time
import uuid
from datetime import date

from coalition_portal_api_client import AuthenticatedClient
from coalition_portal_api_client.api.allocations import allocations_create
from coalition_portal_api_client.api.coalitions import coalitions_list
from coalition_portal_api_client.api.disbursements import disbursements_create
from coalition_portal_api_client.api.participants import participants_list
from coalition_portal_api_client.api.pledges import (
    pledges_create,
    pledges_retrieve,
    pledges_transition_create,
)
from coalition_portal_api_client.api.roadmap_items import roadmap_items_list
from coalition_portal_api_client.api.summaries import (
    summaries_create,
    summaries_diff_retrieve,
    summaries_latest_retrieve,
    summaries_list,
)
from coalition_portal_api_client.api.summary_jobs import summary_jobs_retrieve
from coalition_portal_api_client.models import (
    AllocationRequest,
    DisbursementRequest,
    PledgeRequest,
    PledgeStatusEnum,
    PledgeTransitionRequestRequest,
    Problem,
    SummaryRequestRequest,
)


class Surprise(Exception):
    pass


def expect(response, status):
    """The parsed body of a response with the expected status, or a Surprise saying what came instead."""
    if response.status_code != status:
        problem = response.parsed
        said = f"{problem.code}: {problem.detail}" if isinstance(problem, Problem) else response.content[:300]
        raise Surprise(f"expected {status}, got {response.status_code} ({said})")
    return response.parsed


def say(text):
    print(text, flush=True)


def run(url: str, token: str, coalition_slug: str | None = None) -> None:
    client = AuthenticatedClient(base_url=url, token=token, raise_on_unexpected_status=False)
    today = date.today()

    coalitions = expect(coalitions_list.sync_detailed(client=client), 200).results
    coalition = next((c for c in coalitions if coalition_slug in (None, c.slug)), None)
    if coalition is None:
        raise Surprise(f"no coalition {coalition_slug or ''} visible to this token")
    say(f"coalition: {coalition.name} (id {coalition.id})")

    participants = expect(
        participants_list.sync_detailed(client=client, coalition=coalition.id, page_size=500), 200
    )
    by_code = {p.code: p for p in participants.results}
    say(f"participants: {participants.count} ({', '.join(sorted(by_code))})")
    donors = [by_code[code] for code in ("EE", "LU", "DK", "LV", "LT", "NL") if code in by_code]
    if len(donors) < 3:
        raise Surprise("fewer than three member states to pledge")

    def pledge(donor, amount, currency, note):
        body = PledgeRequest(
            coalition=coalition.id,
            donor=donor.id,
            amount=amount,
            currency=currency,
            announced_on=today,
            note=note,
        )
        # An Idempotency-Key makes the create safe to retry: a second send returns the first answer.
        key = str(uuid.uuid4())
        created = expect(pledges_create.sync_detailed(client=client, body=body, idempotency_key=key), 201)
        again = pledges_create.sync_detailed(client=client, body=body, idempotency_key=key)
        if expect(again, 201).id != created.id or again.headers.get("Idempotent-Replayed") != "true":
            raise Surprise("a retried create made a second pledge")
        say(f"pledge {created.id}: {donor.code} {created.amount or 'undisclosed'} {created.currency}")
        return created

    eur = pledge(donors[0], "1000000.00", "EUR", "integrator: EUR")
    usd = pledge(donors[1], "250000.00", "USD", "integrator: USD")
    undisclosed = pledge(donors[2], None, "EUR", "integrator: amount not disclosed")
    if undisclosed.amount is not None or undisclosed.amount_eur is not None:
        raise Surprise("an undisclosed pledge came back with a figure")
    say(f"USD pledge in EUR: {usd.amount_eur} (rate {usd.fx_rate} of {usd.fx_rate_date})")

    for step in (PledgeStatusEnum.CONFIRMED, PledgeStatusEnum.COMMITTED):
        etag = pledges_retrieve.sync_detailed(eur.id, client=client).headers["ETag"]
        moved = pledges_transition_create.sync_detailed(
            eur.id,
            client=client,
            body=PledgeTransitionRequestRequest(to_status=step, on=today),
            if_match=etag,
        )
        say(f"pledge {eur.id}: {expect(moved, 200).status.value}")

    paid = expect(
        disbursements_create.sync_detailed(
            client=client,
            body=DisbursementRequest(pledge=eur.id, amount="400000.00", paid_on=today, reference="INT-1"),
            idempotency_key=str(uuid.uuid4()),
        ),
        201,
    )
    say(f"payment {paid.id}: {paid.amount} {paid.currency}")

    refused = disbursements_create.sync_detailed(
        client=client, body=DisbursementRequest(pledge=eur.id, amount="700000.00", paid_on=today)
    )
    problem = refused.parsed
    if refused.status_code != 400 or not isinstance(problem, Problem) or problem.code != "over-payment":
        raise Surprise(f"an over-payment was not refused as such ({refused.status_code})")
    field = problem.errors[0].field
    say(f"over-payment refused: {problem.code} ({problem.type_}) — {field}: {problem.detail}")

    items = expect(roadmap_items_list.sync_detailed(client=client, coalition=coalition.id), 200).results
    if not items:
        raise Surprise("no roadmap item to allocate to")
    allocation = expect(
        allocations_create.sync_detailed(
            client=client, body=AllocationRequest(pledge=eur.id, roadmap_item=items[0].id, amount="300000.00")
        ),
        201,
    )
    say(f"allocation {allocation.id}: {allocation.amount} {allocation.currency} → {items[0].title}")

    before = expect(summaries_list.sync_detailed(client=client, coalition=coalition.id), 200)
    job = expect(
        summaries_create.sync_detailed(client=client, body=SummaryRequestRequest(coalition=coalition.id)), 202
    )
    deadline = time.monotonic() + 60
    while job.state.value in ("queued", "running"):
        if time.monotonic() > deadline:
            raise Surprise(f"summary job {job.id} still {job.state.value} after 60 s")
        time.sleep(0.5)
        job = expect(summary_jobs_retrieve.sync_detailed(job.id, client=client), 200)
    if job.state.value != "succeeded":
        raise Surprise(f"summary job {job.id} {job.state.value}: {job.error}")
    latest = expect(summaries_latest_retrieve.sync_detailed(client=client, coalition=coalition.id), 200)
    say(f"latest summary {latest.id} of {latest.generated_at.isoformat()} (job {job.id})")
    # The latest is ours or newer: a change made just before (our allocation) may be summarised after it.
    if latest.id < job.snapshot:
        raise Surprise("the latest summary is older than the one just generated")
    previous = [s for s in before.results if s.id != latest.id]
    if previous:
        diff = expect(
            summaries_diff_retrieve.sync_detailed(latest.id, client=client, against=previous[0].id), 200
        )
        say(f"changes since summary {previous[0].id}: {len(diff.changes)}")
        for change in diff.changes[:5]:
            say(f"  {change.text}")
    say("done")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the portal's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="a write-scope API token of a secretariat user")
    parser.add_argument("--coalition", help="the coalition's slug (default: the first visible)")
    args = parser.parse_args(argv)
    try:
        run(args.url, args.token, args.coalition)
    except Surprise as surprise:
        print(f"integrator: {surprise}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
