"""Every write operation of the API on the real stack (see __init__.py): the procurement roadmap (items,
allocations, orders, deliveries)."""

from live.test_api_writes.helpers import gone, put_back, unique


def test_roadmap_allocations_orders_deliveries(ctx, live_schema):
    api = ctx["api"]
    area = api.ok(
        "POST", "/capability-areas/", json={"coalition": ctx["coalition"], "name": unique("Live area")}
    )
    apath = f"/capability-areas/{area['id']}/"
    put_back(api, apath, live_schema, "CapabilityAreaRequest", description="put")
    api.ok("PATCH", apath, json={"position": 9})
    assert api.ok("GET", apath)["position"] == 9

    item = api.ok(
        "POST",
        "/roadmap-items/",
        json={
            "coalition": ctx["coalition"],
            "title": unique("Live item"),
            "capability_area": area["id"],
            "priority": 2,
            "planned_year": 2027,
            "estimated_cost_low": "100000.00",
            "estimated_cost_high": "150000.00",
            "currency": "EUR",
        },
    )
    ipath = f"/roadmap-items/{item['id']}/"
    put_back(api, ipath, live_schema, "RoadmapItemRequest", note="put")
    api.ok("PATCH", ipath, json={"planned_quarter": 3})
    assert api.ok("GET", ipath)["planned_quarter"] == 3

    pledge = api.ok(
        "POST",
        "/pledges/",
        json={
            "coalition": ctx["coalition"],
            "donor": ctx["participants"]["LU"]["id"],
            "kind": "financial",
            "amount": "90000.00",
            "currency": "EUR",
            "announced_on": "2024-04-09",
        },
    )
    allocation = api.ok(
        "POST",
        "/allocations/",
        json={"pledge": pledge["id"], "roadmap_item": item["id"], "amount": "40000.00"},
    )
    lpath = f"/allocations/{allocation['id']}/"
    put_back(api, lpath, live_schema, "AllocationUpdateRequest", amount="45000.00")
    api.ok("PATCH", lpath, json={"amount": "50000.00", "note": "patched"})
    assert api.ok("GET", lpath)["amount"] == "50000.00"
    assert api.ok("GET", ipath)["funding"]["funded_eur"] == "50000.00"

    for stage in ("requirements", "tendering"):
        api.ok("POST", f"{ipath}transition/", json={"to_status": stage})
    assert api.ok("GET", ipath)["status"] == "tendering"
    order = api.ok(
        "POST",
        "/orders/",
        json={
            "roadmap_item": item["id"],
            "supplier": "Live Supplier",
            "value": "48000.00",
            "currency": "EUR",
            "ordered_on": "2024-07-01",
            "quantity": 10,
        },
    )
    opath = f"/orders/{order['id']}/"
    put_back(api, opath, live_schema, "OrderRequest", contract_reference="C-1")
    api.ok("PATCH", opath, json={"quantity": 12})
    assert api.ok("GET", opath)["quantity"] == 12
    api.ok("POST", f"{ipath}transition/", json={"to_status": "contracted"})
    delivery = api.ok(
        "POST", "/deliveries/", json={"order": order["id"], "quantity": 5, "expected_on": "2024-09-01"}
    )
    dpath = f"/deliveries/{delivery['id']}/"
    put_back(api, dpath, live_schema, "DeliveryRequest", note="put")
    api.ok("PATCH", dpath, json={"delivered_on": "2024-09-02"})
    assert api.ok("GET", dpath)["delivered_on"] == "2024-09-02"

    for path in (dpath, opath, lpath):
        api.ok("DELETE", path)
        gone(api, path)
    api.ok("DELETE", ipath)
    gone(api, ipath)
    api.ok("DELETE", apath)
    gone(api, apath)
    api.ok("DELETE", f"/pledges/{pledge['id']}/")
