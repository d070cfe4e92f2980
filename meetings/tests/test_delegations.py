"""Delegations and contacts, distribution lists, CSV import and export, warnings when nobody is reached."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.models import ExpertGroup
from coalition.tests.factories import MembershipFactory, OrganisationFactory
from meetings import recipients, selectors, services
from meetings.models import Contact
from meetings.services import contacts_transfer
from meetings.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def contact(world, participant, **kwargs):
    kwargs.setdefault("name", f"Head of {participant.name}")
    kwargs.setdefault("email", f"head-{participant.code.lower()}@example.org")
    return services.contact_create(
        actor=world.users.secretariat, coalition=world.coalition, participant=participant, **kwargs
    )


def test_the_secretariat_keeps_contacts_and_a_delegate_only_their_own(world):
    head = contact(world, world.participants.ee, delegation_role="head", function="Deputy Minister")
    assert head.address == "head-ee@example.org"
    own = services.contact_create(
        actor=world.users.delegate_ee,
        coalition=world.coalition,
        participant=world.participants.ee,
        name="Adviser",
        delegation_role="adviser",
    )
    assert own.participant == world.participants.ee
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=world.users.delegate_ee,
            coalition=world.coalition,
            participant=world.participants.lu,
            name="X",
        )
    for user in (world.users.observer, world.users.outsider):
        with pytest.raises(PermissionDenied):
            services.contact_create(
                actor=user, coalition=world.coalition, participant=world.participants.ee, name="X"
            )
    # Contacts are personal data: each sees what they keep.
    assert set(Contact.objects.visible_to(world.users.delegate_ee)) == {head, own}
    assert not Contact.objects.visible_to(world.users.delegate_lu).exists()
    assert not Contact.objects.visible_to(world.users.observer).exists()
    assert Contact.objects.visible_to(world.users.secretariat).count() == 2


def test_contact_rules_name_the_field(world):
    contact(world, world.participants.ee, delegation_role="head")
    with pytest.raises(ValidationError) as info:
        contact(
            world, world.participants.ee, name="Second head", email="x@example.org", delegation_role="head"
        )
    assert "already has a head of delegation" in str(info.value)
    with pytest.raises(ValidationError) as info:
        contact(world, world.participants.lu, email="HEAD-EE@example.org")
    assert "e-mail address" in str(info.value)  # one address, one contact, whatever the case
    with pytest.raises(ValidationError) as info:
        contact(world, world.participants.fr)  # France is not a member of this coalition
    assert list(info.value.message_dict) == ["participant"]
    with pytest.raises(ValidationError) as info:
        contact(world, world.participants.lu, user=world.users.delegate_ee)
    assert "is a delegate of Estonia" in " ".join(info.value.message_dict["user"])
    with pytest.raises(ValidationError) as info:
        contact(world, world.participants.lu, name="Line\\r\\nBreak", phone="call me")
    assert list(info.value.message_dict) == ["phone"]


def test_a_contact_stays_with_its_delegation(world):
    head = contact(world, world.participants.ee)
    with pytest.raises(ValidationError):
        services.contact_update(
            actor=world.users.secretariat, contact=head, participant=world.participants.lu
        )
    updated = services.contact_update(actor=world.users.delegate_ee, contact=head, phone="+372 717 0000")
    assert updated.phone == "+372 717 0000"


def test_recipients_of_a_delegation_are_its_contacts_and_delegates_once_each(world):
    world.users.delegate_ee.email = "delegate@example.org"
    world.users.delegate_ee.save()
    contact(world, world.participants.ee, email="Delegate@Example.org", user=world.users.delegate_ee)
    contact(
        world, world.participants.ee, name="Adviser", email="adviser@example.org", delegation_role="adviser"
    )
    contact(world, world.participants.ee, name="Gone", email="gone@example.org", is_active=False)
    contact(world, world.participants.ee, name="No address", email="")
    found = recipients.by_participant(
        world.coalition.pk, [world.participants.ee.pk, world.participants.dk.pk]
    )
    assert sorted(r.key for r in found[world.participants.ee.pk]) == [
        "adviser@example.org",
        "delegate@example.org",
    ]
    assert found[world.participants.dk.pk] == []
    assert selectors.unreachable_participants(
        world.coalition, [world.participants.ee, world.participants.dk]
    ) == [world.participants.dk]


def test_distribution_lists_choose_by_role_expert_group_and_name(world):
    nato = OrganisationFactory(code="NATO", name="NATO")
    MembershipFactory(coalition=world.coalition, participant=nato, role="observer")
    ee_head = contact(world, world.participants.ee, delegation_role="head")
    contact(world, world.participants.ee, name="EE member", email="m-ee@example.org")
    lu_head = contact(world, world.participants.lu, delegation_role="head")
    dk_head = contact(world, world.participants.dk, delegation_role="head", email="")
    nato_head = contact(world, nato, delegation_role="head")
    heads = services.distribution_list_create(
        actor=world.users.secretariat, coalition=world.coalition, name="All heads", delegation_roles=["head"]
    )
    assert {c.pk for c in recipients.list_contacts(heads)} == {
        ee_head.pk,
        lu_head.pk,
        dk_head.pk,
        nato_head.pk,
    }
    reach = selectors.list_reach(heads)
    assert [c.name for c in reach["without_address"]] == [dk_head.name]
    observers = services.distribution_list_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        name="Observers",
        membership_roles=["observer"],
    )
    assert [c.pk for c in recipients.list_contacts(observers)] == [nato_head.pk]
    group = ExpertGroup.objects.create(coalition=world.coalition, name="Cyber")
    group.members.set([world.participants.lu])
    cyber = services.distribution_list_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        name="Cyber heads",
        expert_group=group,
        delegation_roles=["head"],
        extra_contacts=[ee_head],
    )
    assert {c.pk for c in recipients.list_contacts(cyber)} == {lu_head.pk, ee_head.pk}
    by_name = services.distribution_list_create(
        actor=world.users.secretariat,
        coalition=world.coalition,
        name="By name",
        is_rule_based=False,
        extra_contacts=[dk_head],
    )
    assert selectors.list_reach(by_name)["with_address"] == []  # the page warns: reaches nobody
    with pytest.raises(ValidationError) as info:
        services.distribution_list_create(
            actor=world.users.secretariat, coalition=world.coalition, name="Bad", membership_roles=["king"]
        )
    assert list(info.value.message_dict) == ["membership_roles"]
    with pytest.raises(PermissionDenied):
        services.distribution_list_create(
            actor=world.users.delegate_ee, coalition=world.coalition, name="Mine"
        )


# CSV ------------------------------------------------------------------------------------------------------


CSV = (
    "participant,name,function,delegation_role,email,phone,language,is_active,note\n"
    "EE,Mari Tamm,Director,head,mari@example.org,+372 5555 0000,et,yes,\n"
    "LU,Jean Weber,,member,jean@example.org,,fr,,\n"
)


def test_csv_import_checks_then_writes_and_updates_and_export_reads_back(world):
    report = contacts_transfer.import_contacts(
        actor=world.users.secretariat, coalition=world.coalition, content=CSV.encode(), dry_run=True
    )
    assert report.is_valid and (report.created, report.written) == (2, 0)
    assert not Contact.objects.exists()
    report = contacts_transfer.import_contacts(
        actor=world.users.secretariat, coalition=world.coalition, content=CSV.encode(), dry_run=False
    )
    assert report.written == 2
    again = CSV.replace("Director", "Director General")
    report = contacts_transfer.import_contacts(
        actor=world.users.secretariat, coalition=world.coalition, content=again.encode(), dry_run=False
    )
    assert (report.created, report.updated) == (0, 2)
    assert Contact.objects.get(email="mari@example.org").function == "Director General"
    exported = contacts_transfer.export_contacts(
        selectors.contacts_for(world.users.secretariat, world.coalition)
    )
    lines = exported.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("participant,name,function")
    assert "EE,Mari Tamm,Director General,head,mari@example.org" in lines[1]


def test_csv_import_is_all_or_nothing_with_errors_by_line_and_column(world):
    bad = CSV + "XX,Nobody,,member,,,,,\nEE,Second head,,head,second@example.org,,en,maybe,\n"
    report = contacts_transfer.import_contacts(
        actor=world.users.secretariat, coalition=world.coalition, content=bad.encode(), dry_run=False
    )
    assert not report.is_valid and report.written == 0
    errors = {(row.line, column) for row in report.rows for column, _message in row.errors}
    assert errors == {(4, "participant"), (5, "is_active")}
    assert not Contact.objects.exists()
    report = contacts_transfer.import_contacts(
        actor=world.users.delegate_lu, coalition=world.coalition, content=CSV.encode(), dry_run=False
    )
    assert [(row.line, column) for row in report.rows for column, _m in row.errors] == [(2, "participant")]
    assert not Contact.objects.exists()
    missing = contacts_transfer.import_contacts(
        actor=world.users.secretariat, coalition=world.coalition, content=b"name\nX\n", dry_run=True
    )
    assert "Missing columns: participant" in missing.file_errors[0]


def test_export_defuses_formulas(world):
    ContactFactory(coalition=world.coalition, participant=world.participants.ee, name="=HYPERLINK(1)")
    exported = contacts_transfer.export_contacts(Contact.objects.all()).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in exported


# Pages and API --------------------------------------------------------------------------------------------


def test_delegation_page_warns_about_delegations_nobody_would_reach(world, page_client_for):
    contact(world, world.participants.ee, delegation_role="head")
    html = page_client_for(world.users.secretariat).get("/c/itc/delegations/").content.decode()
    assert "Head of Estonia" in html and "head-ee@example.org" in html
    assert "2 delegations have nobody an e-mail would reach" in html  # Luxembourg and Denmark
    delegate_view = page_client_for(world.users.delegate_lu).get("/c/itc/delegations/").content.decode()
    assert "head-ee@example.org" not in delegate_view and "Luxembourg" in delegate_view


def test_contact_pages_add_edit_import_export(world, page_client_for):
    client = page_client_for(world.users.secretariat)
    response = client.post(
        "/c/itc/delegations/add/",
        {
            "participant": world.participants.lu.pk,
            "name": "Jean",
            "delegation_role": "head",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    jean = Contact.objects.get(name="Jean")
    response = client.post(
        f"/c/itc/delegations/{jean.pk}/edit/",
        {"name": "Jean Weber", "delegation_role": "head", "language": "fr", "email": "not-an-address"},
    )
    assert response.status_code == 200 and "Enter a valid email address" in response.content.decode()
    response = client.post(
        f"/c/itc/delegations/{jean.pk}/edit/",
        {"name": "Jean Weber", "delegation_role": "head", "language": "fr", "is_active": "on"},
    )
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("contacts.csv", CSV.encode(), content_type="text/csv")
    response = client.post("/c/itc/delegations/import/", {"file": upload, "dry_run": "on"})
    assert "The file is valid: 1 to add, 1 to update" in response.content.decode()
    upload = SimpleUploadedFile("contacts.csv", CSV.encode(), content_type="text/csv")
    assert client.post("/c/itc/delegations/import/", {"file": upload}).status_code == 302
    assert Contact.objects.get(pk=jean.pk).name == "Jean Weber"  # matched by name in the delegation
    exported = client.get("/c/itc/delegations/contacts.csv")
    assert exported["Content-Type"].startswith("text/csv") and b"mari@example.org" in exported.content
    assert page_client_for(world.users.observer).get("/c/itc/delegations/import/").status_code == 403


def test_contacts_api_crud_import_and_privacy(world, api_client_for):
    client = api_client_for(world.users.secretariat)
    created = client.post(
        "/api/v1/contacts/",
        {
            "coalition": world.coalition.pk,
            "participant": world.participants.ee.pk,
            "name": "Mari Tamm",
            "delegation_role": "head",
            "email": "mari@example.org",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["has_address"] is True
    pk = created.json()["id"]
    assert (
        client.patch(f"/api/v1/contacts/{pk}/", {"phone": "+372 1"}, format="json").json()["phone"]
        == "+372 1"
    )
    duplicate = client.post(
        "/api/v1/contacts/",
        {
            "coalition": world.coalition.pk,
            "participant": world.participants.ee.pk,
            "name": "Other",
            "email": "MARI@example.org",
        },
        format="json",
    )
    assert duplicate.status_code == 400
    assert api_client_for(world.users.observer).get(f"/api/v1/contacts/{pk}/").status_code == 404
    assert api_client_for(world.users.delegate_ee).get(f"/api/v1/contacts/{pk}/").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", CSV.encode(), content_type="text/csv")
    report = client.post(
        "/api/v1/contacts/import/",
        {"coalition": world.coalition.pk, "file": upload, "dry_run": "false"},
        format="multipart",
    )
    assert report.status_code == 200, report.content
    assert report.json() | {"row_errors": []} == {
        "valid": True,
        "dry_run": False,
        "created": 1,
        "updated": 1,
        "written": 2,
        "file_errors": [],
        "row_errors": [],
    }
    exported = client.get(f"/api/v1/contacts/export/?participant={world.participants.lu.pk}")
    assert b"jean@example.org" in exported.content and b"mari@example.org" not in exported.content
    assert client.delete(f"/api/v1/contacts/{pk}/").status_code == 204


def test_distribution_list_api_and_reach(world, api_client_for):
    contact(world, world.participants.ee, delegation_role="head")
    client = api_client_for(world.users.secretariat)
    created = client.post(
        "/api/v1/distribution-lists/",
        {"coalition": world.coalition.pk, "name": "All heads", "delegation_roles": ["head"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    reach = client.get(f"/api/v1/distribution-lists/{created.json()['id']}/reach/").json()
    assert (reach["addresses"], reach["delegations"], reach["reaches_nobody"]) == (1, ["Estonia"], False)
    bad = client.post(
        "/api/v1/distribution-lists/",
        {"coalition": world.coalition.pk, "name": "Bad", "delegation_roles": ["chief"]},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("delegation_roles")
