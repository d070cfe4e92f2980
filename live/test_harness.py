"""The harness itself: the stack is the production one, and the coverage gate sees what was sent."""

from live import coverage


def test_the_stack_runs_as_production(stack, api_as):
    body = api_as("secretariat").ok("GET", "/coalitions/")
    # the seeds' coalition and the wholly illustrative demo one
    assert sorted(c["slug"] for c in body["results"]) == ["demining-demo", "it-coalition"]
    settings = (
        stack.manage(
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
            "len(s.SECRET_KEY) >= 50)",
        )
        .stdout.splitlines()[-1]
        .split()
    )
    assert settings == ["False", "django.db.backends.postgresql", "False", "True"]
    assert stack.db_name.startswith("live_")
    assert "ready." in stack.workers[0].log()


def test_static_files_are_served_from_the_collected_manifest(stack, pages_as):
    page = pages_as("observer").get("/c/it-coalition/")
    assert page.status_code == 200
    css = [line for line in page.text.split('"') if line.startswith("/static/") and line.endswith(".css")]
    assert css and all(len(name.rsplit(".", 2)[-2]) == 12 for name in css), css  # hashed names
    assert pages_as("observer").get(css[0]).status_code == 200


def test_the_gate_matches_templates_and_routes(required_operations):
    recorded = [
        ("POST", "/api/v1/pledges/12/transition/", 200),
        ("PATCH", "/api/v1/pledges/12/", 400),  # refused: not exercised
        ("POST", "/c/it-coalition/pledges/3/edit/", 200),
    ]
    done = coverage.exercised(recorded, required_operations)
    assert ("POST", "/api/v1/pledges/{id}/transition/") in done
    assert ("PATCH", "/api/v1/pledges/{id}/") not in done
    assert ("POST", "/c/<slug:slug>/pledges/<int:pk>/edit/") in done
    assert ("POST", "/c/<slug:slug>/pledges/<int:pk>/edit/") in required_operations
    assert ("POST", "/api/v1/summaries/") in required_operations
    assert not any(path.startswith(("/admin/", "/api/v1/schema")) for _m, path in required_operations)
