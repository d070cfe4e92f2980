"""Demo data of the work between and around meetings (issue 14), on the seeds' coalition: delegations and
contacts, distribution lists, registrations for the second meeting, comments on its circulated minutes and
an agreement, two written procedures (one adopted, one circulated), agenda documents with versions and
markings, and progress notes on the open action items.

The seeds say none of this: every record here is marked illustrative (names, addresses, texts). Idempotent
like the rest of the demo: records are found by a natural key and only created or set when they differ;
documents and the running procedure are created once, through the services (files go to the storage).
"""

from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from coalition.demo import upsert
from meetings.models import (
    ActionItem,
    AgendaDocument,
    ClassificationMarking,
    Contact,
    Decision,
    DistributionList,
    Invitation,
    MinutesAgreement,
    MinutesComment,
    Registration,
    WrittenProcedure,
)

ILLUSTRATIVE = "Illustrative: the seeds name no delegates, papers or procedures."
# (participant, name, function, delegation role, e-mail, phone, language)
CONTACTS = [
    (
        "EE",
        "Estonia, head of delegation (illustrative)",
        "Head of delegation",
        "head",
        "ee-head@example.org",
        "+372 5550 0001",
        "et",
    ),
    (
        "EE",
        "Estonia, procurement expert (illustrative)",
        "Procurement expert",
        "member",
        "ee-expert@example.org",
        "+372 5550 0002",
        "en",
    ),
    (
        "LU",
        "Luxembourg, head of delegation (illustrative)",
        "Head of delegation",
        "head",
        "lu-head@example.org",
        "+352 621 000 001",
        "fr",
    ),
    ("LU", "Luxembourg, adviser (illustrative)", "Adviser", "adviser", "lu-adviser@example.org", "", "en"),
    (
        "DK",
        "Denmark, head of delegation (illustrative)",
        "Head of delegation",
        "head",
        "",
        "",
        "en",
    ),  # no address: the pages warn
]
LISTS = [
    ("All heads of delegation", "Heads of the members' delegations.", ["lead", "member"], ["head"]),
    ("All observers", "Everyone in the observers' delegations.", ["observer"], []),
]
EXPERTS = ("Estonia, procurement expert (illustrative)", "Luxembourg, adviser (illustrative)")
MARKINGS = [
    ("COALITION UNCLASSIFIED", "May be shared within the participants' administrations.", 1, True),
    ("COALITION RESTRICTED", "Members' delegations only; not for onward distribution.", 2, False),
]


def _contacts(coalition, p):
    found = {}
    for code, name, function, role, email, phone, language in CONTACTS:
        found[name], _ = upsert(
            Contact,
            {"coalition": coalition, "participant": p[code], "name": name},
            {
                "function": function,
                "delegation_role": role,
                "email": email,
                "phone": phone,
                "language": language,
                "is_illustrative": True,
                "source": ILLUSTRATIVE,
            },
        )
    return found


def _lists(coalition, contacts):
    for name, description, membership_roles, delegation_roles in LISTS:
        upsert(
            DistributionList,
            {"coalition": coalition, "name": name},
            {
                "description": description,
                "membership_roles": membership_roles,
                "delegation_roles": delegation_roles,
                "is_illustrative": True,
                "source": ILLUSTRATIVE,
            },
        )
    experts, _ = upsert(
        DistributionList,
        {"coalition": coalition, "name": "Procurement experts"},
        {
            "description": "Named experts.",
            "is_rule_based": False,
            "is_illustrative": True,
            "source": ILLUSTRATIVE,
        },
    )
    named = [contacts[EXPERTS[0]], contacts[EXPERTS[1]]]
    missing = [c for c in named if not experts.extra_contacts.filter(pk=c.pk).exists()]
    if missing:  # add() records a history row even when nothing is missing
        experts.extra_contacts.add(*missing)


def _registrations(meeting, p, contacts, users):
    for code, people in (
        ("EE", ["Estonia, head of delegation (illustrative)", "Estonia, procurement expert (illustrative)"]),
        ("LU", ["Luxembourg, head of delegation (illustrative)"]),
    ):
        invitation, _ = upsert(
            Invitation,
            {"meeting": meeting, "participant": p[code]},
            {"response": "attending", "persons": len(people)},
        )
        for position, name in enumerate(people):
            contact = contacts[name]
            upsert(
                Registration,
                {"invitation": invitation, "name": name},
                {
                    "contact": contact,
                    "function": contact.function,
                    "email": contact.email,
                    "mode": "in_person" if position == 0 else "online",
                    "needs_badge": position == 0,
                    "needs_visa_letter": False,
                    "note": "Illustrative registration.",
                },
            )


def _comments(minutes, p, users):
    revision = minutes.revisions.order_by("-number").first()
    if revision is None:
        return
    lines = [line for line in revision.text.splitlines() if line.strip()]
    upsert(
        MinutesComment,
        {"minutes": minutes, "participant": p["EE"], "paragraph": 2},
        {
            "revision": revision,
            "quote": lines[1] if len(lines) > 1 else "",
            "text": "[Illustrative] Please name the four expert groups.",
            "status": MinutesComment.Status.ANSWERED,
            "answer": "[Illustrative] They will be named in the next revision.",
            "answered_at": datetime(2024, 4, 25, 10, 0, tzinfo=UTC),
            "answered_by": users["secretariat"],
        },
    )
    upsert(
        MinutesComment,
        {"minutes": minutes, "participant": p["LU"], "paragraph": None},
        {"revision": revision, "text": "[Illustrative] Luxembourg has no further comments."},
    )
    upsert(
        MinutesAgreement,
        {"minutes": minutes, "participant": p["LU"]},
        {"revision": revision, "agreed_by": users["delegate-lu"]},
    )


def _procedures(coalition, users):
    from meetings import services

    adopted_text = "[Illustrative] The coalition adopts the work plans of its four expert groups."
    adopted, _ = upsert(
        WrittenProcedure,
        {"coalition": coalition, "number": 1},
        {
            "title": "Work plans of the expert groups (illustrative)",
            "draft_decision": adopted_text,
            "deadline": datetime(2024, 7, 12, 15, 0, tzinfo=UTC),
            "status": WrittenProcedure.Status.ADOPTED,
            "circulated_at": datetime(2024, 7, 1, 9, 0, tzinfo=UTC),
            "concluded_at": datetime(2024, 7, 12, 15, 0, tzinfo=UTC),
            "outcome_note": "Silence held: adopted.",
            "is_illustrative": True,
            "source": ILLUSTRATIVE,
        },
    )
    upsert(
        Decision,
        {"written_procedure": adopted},
        {
            "coalition": coalition,
            "meeting": None,
            "number": adopted.number,
            "decided_on": datetime(2024, 7, 12).date(),
            "text": adopted_text,
            "source": "Written procedure WP1 (illustrative), silence until 12 July 2024",
            "is_illustrative": True,
        },
    )
    title = "Priorities for the next procurement round (illustrative)"
    if not WrittenProcedure.objects.filter(coalition=coalition, title=title).exists():
        # Running: its deadline is two weeks after the demo was loaded (the scheduled job concludes it).
        actor = users["secretariat"]
        procedure = services.procedure_create(
            actor=actor,
            coalition=coalition,
            title=title,
            draft_decision="[Illustrative] The coalition sets the priorities of the next round.",
            deadline=timezone.now() + timedelta(days=14),
            is_illustrative=True,
            source=ILLUSTRATIVE,
        )
        services.procedure_circulate(actor=actor, procedure=procedure)


def _documents(coalition, meeting, p, users):
    from meetings import services

    markings = {}
    for label, description, position, is_default in MARKINGS:
        markings[label], _ = upsert(
            ClassificationMarking,
            {"coalition": coalition, "label": label},
            {"description": description, "position": position, "is_default": is_default},
        )
    item = meeting.agenda_items.order_by("position").first()
    if item is None or AgendaDocument.objects.filter(agenda_item__meeting=meeting).exists():
        return
    paper = services.agenda_document_add(
        actor=users["delegate-ee"],
        agenda_item=item,
        file=ContentFile(b"[Illustrative] Estonian contribution plan, first draft.\n", name="ee-plan.txt"),
        title="Estonian contribution plan (illustrative)",
        classification=markings["COALITION RESTRICTED"],
        note="First draft",
    )
    services.document_version_add(
        actor=users["delegate-ee"],
        document=paper,
        file=ContentFile(b"[Illustrative] Estonian contribution plan, with figures.\n", name="ee-plan.txt"),
        note="Figures added",
    )
    services.agenda_document_add(
        actor=users["secretariat"],
        agenda_item=item,
        file=ContentFile(b"[Illustrative] Notes of the secretariat.\n", name="secretariat-notes.txt"),
        title="Secretariat notes (illustrative)",
        classification=markings["COALITION UNCLASSIFIED"],
        visibility=AgendaDocument.Visibility.SECRETARIAT,
    )


def _progress(meeting, users):
    for item in ActionItem.objects.filter(meeting=meeting, status=ActionItem.Status.OPEN).order_by("pk"):
        upsert(
            ActionItem,
            {"pk": item.pk},
            {
                "progress_note": "[Illustrative] Work plan drafted; to be presented at the next meeting.",
                "progress_updated_at": datetime(2024, 5, 15, 9, 0, tzinfo=UTC),
                "progress_updated_by": users["delegate-ee"],
            },
        )


def load(context):
    coalition, p, users = context["coalition"], context["participants"], context["users"]
    second = context["meetings"][2]
    contacts = _contacts(coalition, p)
    _lists(coalition, contacts)
    _registrations(second, p, contacts, users)
    minutes = getattr(second, "minutes", None)
    if minutes is not None and minutes.status == "circulated":
        _comments(minutes, p, users)
    _procedures(coalition, users)
    _documents(coalition, second, p, users)
    _progress(second, users)
    return context
