"""Demo data: the IT Coalition of ../shared/seeds. Facts from the seeds are recorded as facts, with their
source; what the seeds do not say is marked illustrative in the data itself.

Every write goes through `upsert`, which saves only what differs, so a second load changes nothing.
"""

import os
from datetime import date

from django.contrib.auth import get_user_model

from coalition.models import Coalition, ExpertGroup, Membership, Participant, UserRole

DEFAULT_DEMO_PASSWORD = "coalition-demo"  # noqa: S105 - demo data only, printed by `make run`

FIRST_MEETING = "MoD of Ukraine, first steering-group meeting, 2024-02-02"
SECOND_MEETING = "MoD of Ukraine, second steering-group meeting, Luxembourg, 2024-04-09"
FIRST_MEETING_ON = date(2024, 2, 2)
SECOND_MEETING_ON = date(2024, 4, 9)

STATES = {
    "EE": "Estonia",
    "LU": "Luxembourg",
    "BE": "Belgium",
    "GB": "United Kingdom",
    "DK": "Denmark",
    "IS": "Iceland",
    "IT": "Italy",
    "LV": "Latvia",
    "LT": "Lithuania",
    "NL": "Netherlands",
    "DE": "Germany",
    "PL": "Poland",
    "US": "United States",
    "JP": "Japan",
    "UA": "Ukraine",
}
ORGANISATIONS = {"EU": "European Union", "NATO": "North Atlantic Treaty Organization"}

# (code, role, illustrative, source, note)
MEMBERSHIPS = (
    [
        ("EE", "lead", False, FIRST_MEETING, "Leader of the initiative."),
        ("LU", "lead", False, FIRST_MEETING, "Leader of the initiative."),
        ("UA", "beneficiary", False, FIRST_MEETING, "The coalition supports the Armed Forces of Ukraine."),
    ]
    + [
        (
            code,
            "member",
            True,
            FIRST_MEETING,
            "Confirmed its contribution at the first meeting (fact); its role as member is inferred.",
        )
        for code in ("DK", "LV", "LT", "NL")
    ]
    + [
        (code, "member", True, "", "Present at the first meeting (fact); the seeds do not give its role.")
        for code in ("BE", "GB", "DE", "PL", "IS")
    ]
    + [
        (code, "observer", True, "", "Present at the first meeting (fact); the seeds do not give its role.")
        for code in ("IT", "US", "JP", "EU", "NATO")
    ]
)

EXPERT_GROUPS = [
    ("Secure communications", "EE", ["EE", "LU", "LV", "LT"]),
    ("Cyber defence", "LU", ["LU", "EE", "NL", "DK"]),
    ("IT infrastructure", "LV", ["LV", "DK", "PL"]),
    ("Digital transformation and training", "LT", ["LT", "NL", "DE", "GB"]),
]

DEMO_USERS = [
    ("secretariat", "secretariat", None, "Secretariat"),
    ("delegate-ee", "delegate", "EE", "Delegate of Estonia"),
    ("delegate-lu", "delegate", "LU", "Delegate of Luxembourg"),
    ("observer", "observer", None, "Observer"),
]
# A registry manager (portal-wide, no coalition role): keeps participants and rates, decides proposals.
REGISTRY_MANAGER = ("registry", "Registry manager")


def upsert(model, lookup: dict, defaults: dict):
    """Get or create by `lookup`, then set `defaults`, saving only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj, False


def _registry_manager(user_model, password):
    from django.contrib.auth.models import Permission

    username, full_name = REGISTRY_MANAGER
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name=full_name)
        user.set_password(password)
        user.save()
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    permission = Permission.objects.get(content_type__app_label="coalition", codename="manage_registry")
    if not user.user_permissions.filter(pk=permission.pk).exists():
        user.user_permissions.add(permission)
    return user


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def load() -> dict:
    """Load the registry part of the demo; returns what later apps' loaders build on."""
    participants = {}
    for code, name in STATES.items():
        participants[code], _ = upsert(Participant, {"code": code}, {"kind": "state", "name": name})
    for code, name in ORGANISATIONS.items():
        participants[code], _ = upsert(Participant, {"code": code}, {"kind": "organisation", "name": name})

    coalition, _ = upsert(
        Coalition,
        {"slug": "it-coalition"},
        {
            "name": "IT Coalition",
            "short_name": "IT Coalition",
            "description": (
                "Capability coalition led by Estonia and Luxembourg supporting the digital transformation "
                "of the Armed Forces and Ministry of Defence of Ukraine: secure and efficient military "
                "information and communication infrastructure."
            ),
            "beneficiary": participants["UA"],
            "founded_on": None,  # the seeds do not say
        },
    )

    for code, role, illustrative, source, note in MEMBERSHIPS:
        upsert(
            Membership,
            {"coalition": coalition, "participant": participants[code], "left_on": None},
            {
                "role": role,
                "joined_on": FIRST_MEETING_ON,
                "is_illustrative": illustrative,
                "source": source,
                "note": note + " Joining date: the first meeting (the seeds give none).",
            },
        )

    for name, lead, members in EXPERT_GROUPS:
        group, _ = upsert(
            ExpertGroup,
            {"coalition": coalition, "name": name},
            {
                "lead": participants[lead],
                "created_on": SECOND_MEETING_ON,
                "is_illustrative": True,
                "source": SECOND_MEETING
                + " (four thematic expert groups created; names and members illustrative)",
                "description": "",
            },
        )
        wanted = {participants[code].pk for code in members}
        if set(group.members.values_list("pk", flat=True)) != wanted:
            group.members.set(wanted)

    user_model = get_user_model()
    password = demo_password()
    users = {}
    for username, kind, participant_code, full_name in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name=full_name)
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        upsert(
            UserRole,
            {"user": user, "coalition": coalition},
            {"kind": kind, "participant": participants.get(participant_code)},
        )
        users[username] = user
    users[REGISTRY_MANAGER[0]] = _registry_manager(user_model, password)
    return {"coalition": coalition, "participants": participants, "users": users}
