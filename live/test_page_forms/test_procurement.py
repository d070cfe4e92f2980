"""Every page form submitted as a browser would, on the real stack (see __init__.py): the procurement
roadmap."""

from live.test_page_forms.helpers import C, ok, tag


def test_roadmap_forms(sec, api, ids):
    area_name = f"Page area {tag()}"
    ok(sec.submit(f"{C}/roadmap/areas/add/", {"name": area_name}), area_name)
    area = next(a for a in api.all("/capability-areas/") if a["name"] == area_name)
    ok(sec.submit(f"{C}/roadmap/areas/{area['id']}/edit/", {"description": "Page description"}))
    assert api.ok("GET", f"/capability-areas/{area['id']}/")["description"] == "Page description"

    title = f"Page item {tag()}"
    ok(
        sec.submit(
            f"{C}/roadmap/add/",
            {
                "title": title,
                "capability_area": area["id"],
                "priority": "2",
                "planned_year": "2027",
                "estimated_cost_low": "50000",
                "estimated_cost_high": "60000",
                "currency": "EUR",
            },
        ),
        title,
    )
    item = next(i for i in api.all("/roadmap-items/") if i["title"] == title)
    base = f"{C}/roadmap/{item['id']}"
    ok(sec.submit(f"{base}/edit/", {"note": "Page note"}))
    assert api.ok("GET", f"/roadmap-items/{item['id']}/")["note"] == "Page note"

    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ids["coalition"],
            "donor": ids["LU"],
            "amount": "30000.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )
    ok(sec.submit(f"{base}/allocate/", {"pledge": pledge["id"], "amount": "10000"}))
    ok(
        sec.submit(
            f"{C}/roadmap/allocate/", {"pledge": pledge["id"], "roadmap_item": item["id"], "amount": "5000"}
        )
    )
    allocations = api.all("/allocations/", roadmap_item=item["id"])
    assert sorted(a["amount"] for a in allocations) == ["10000.00", "5000.00"]
    ok(sec.submit(f"{C}/roadmap/allocations/{allocations[0]['id']}/edit/", {"amount": "12000"}))
    ok(sec.submit(f"{C}/roadmap/allocations/{allocations[1]['id']}/release/"))
    assert [a["amount"] for a in api.all("/allocations/", roadmap_item=item["id"])] in (
        ["12000.00"],
        ["10000.00"],
    )

    for stage in ("requirements", "tendering"):
        ok(sec.submit(f"{base}/transition/", {"to_status": stage}))
    assert api.ok("GET", f"/roadmap-items/{item['id']}/")["status"] == "tendering"
    ok(
        sec.submit(
            f"{base}/orders/add/",
            {
                "supplier": "Page Supplier",
                "value": "9000",
                "currency": "EUR",
                "ordered_on": "2024-07-01",
                "quantity": "4",
            },
        ),
        "Page Supplier",
    )
    (order,) = api.all("/orders/", roadmap_item=item["id"])
    ok(sec.submit(f"{C}/roadmap/orders/{order['id']}/edit/", {"quantity": "5"}))
    assert api.ok("GET", f"/orders/{order['id']}/")["quantity"] == 5
    ok(sec.submit(f"{base}/transition/", {"to_status": "contracted"}))
    ok(
        sec.submit(
            f"{C}/roadmap/orders/{order['id']}/deliveries/add/",
            {"quantity": "2", "expected_on": "2024-09-01"},
        )
    )
    (delivery,) = api.all("/deliveries/", order=order["id"])
    ok(sec.submit(f"{C}/roadmap/deliveries/{delivery['id']}/edit/", {"delivered_on": "2024-09-03"}))
    assert api.ok("GET", f"/deliveries/{delivery['id']}/")["delivered_on"] == "2024-09-03"
    ok(sec.submit(f"{C}/roadmap/deliveries/{delivery['id']}/delete/"))
    ok(sec.submit(f"{C}/roadmap/orders/{order['id']}/delete/"))
    assert api.all("/orders/", roadmap_item=item["id"]) == []

    spare = api.ok(
        "POST",
        "/roadmap-items/",
        json={
            "coalition": ids["coalition"],
            "title": f"Spare {tag()}",
            "capability_area": area["id"],
            "priority": 3,
            "planned_year": 2028,
        },
    )
    ok(sec.submit(f"{C}/roadmap/{spare['id']}/delete/"))
    assert api.get(f"/roadmap-items/{spare['id']}/").status_code == 404
