"""Login lockout (django-axes) and API rate limits: per token, user and address; bad tokens; Redis down."""

import uuid

import pytest
from django.test import Client

from coalition import throttling
from coalition.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings, monkeypatch):
    """Rate limits on, with small numbers; each test sends from its own address."""
    settings.API_THROTTLE = True
    settings.API_RATE_LIMITS = {"token": [(5, 60), (8, 3600)], "user": [(50, 60)], "address": [(100, 60)]}
    settings.API_BAD_TOKEN_LIMIT = 3
    monkeypatch.setattr(throttling, "KEY_PREFIX", f"rl-test-{uuid.uuid4().hex}")  # counters of its own
    monkeypatch.setattr(throttling, "_cache_down_until", 0.0)
    return settings


def _api(secret, address):
    client = Client(REMOTE_ADDR=address)
    return lambda: client.get("/api/v1/participants/", headers={"Authorization": f"Bearer {secret}"})


def _fresh_address(request, n=0):
    """A loopback address of this test's own, so no test's counters or lockouts touch another's."""
    import zlib

    h = zlib.crc32(request.node.nodeid.encode())
    return f"127.{h % 250 + 2}.{(h >> 8) % 250 + 2}.{n + 2}"


def test_a_token_gets_rate_limit_headers_then_429_with_retry_after(world, throttled, request):
    _t, secret = api_token_create(user=world.users.observer, scope="read")
    call = _api(secret, _fresh_address(request))
    answers = [call() for _ in range(6)]
    assert [r.status_code for r in answers] == [200] * 5 + [429]
    first = answers[0]
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("5", "4")
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    assert answers[4]["RateLimit-Remaining"] == "0"
    limited = answers[5]
    assert limited["Content-Type"].startswith("application/problem+json")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["status"] == 429


def test_limits_are_per_token(world, throttled, request):
    _t, one = api_token_create(user=world.users.observer, scope="read")
    _t, two = api_token_create(user=world.users.secretariat, scope="read")
    address = _fresh_address(request)
    for _ in range(5):
        _api(one, address)()
    assert _api(one, address)().status_code == 429
    assert _api(two, address)().status_code == 200


def test_per_address_limit_covers_anonymous_requests(world, throttled, request):
    throttled.API_RATE_LIMITS = {**throttled.API_RATE_LIMITS, "address": [(3, 60)]}
    client = Client(REMOTE_ADDR=_fresh_address(request))
    codes = [client.get("/api/v1/participants/").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_repeated_bad_tokens_from_an_address_are_slowed_down(world, throttled, request):
    address = _fresh_address(request)
    codes = [_api(f"guess-{n}", address)().status_code for n in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    _t, secret = api_token_create(user=world.users.observer, scope="read")
    assert _api(secret, address)().status_code == 429  # even a good token waits: the address is guessing
    assert _api(secret, _fresh_address(request, 1))().status_code == 200


def test_throttling_fails_open_when_the_cache_is_down(world, throttled, request, monkeypatch):
    class DeadCache:
        def add(self, *a, **k):
            raise ConnectionError("Redis is down")

        incr = get = set = add

    monkeypatch.setattr(throttling, "caches", {"throttle": DeadCache()})
    _t, secret = api_token_create(user=world.users.observer, scope="read")
    call = _api(secret, _fresh_address(request))
    answers = [call() for _ in range(7)]
    assert [r.status_code for r in answers] == [200] * 7  # served, not 500, not 429
    assert "RateLimit-Limit" not in answers[0]
    assert _api("bad", _fresh_address(request))().status_code == 401


def test_rates_are_parsed_strictly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from coalition.env import env_rates

    monkeypatch.setenv("API_RATE_TOKEN", "120/min,5000/hour")
    assert env_rates("API_RATE_TOKEN", "1/s") == [(120, 60), (5000, 3600)]
    monkeypatch.setenv("API_RATE_TOKEN", "lots")
    with pytest.raises(ImproperlyConfigured, match="API_RATE_TOKEN"):
        env_rates("API_RATE_TOKEN", "1/s")


class TestLoginLockout:
    def _fail(self, client, username, times):
        return [
            client.post("/accounts/login/", {"username": username, "password": "wrong"}).status_code
            for _ in range(times)
        ]

    def test_ten_failures_lock_the_account_with_a_clear_message(self, world, request):
        # Before: 30 wrong passwords in 28 s, then the right one logged in (issue 10).
        client = Client(REMOTE_ADDR=_fresh_address(request))
        assert self._fail(client, "sec", 10) == [200] * 9 + [429]
        response = client.post("/accounts/login/", {"username": "sec", "password": "pw-for-tests"})
        assert response.status_code == 429
        assert "Too many failed logins" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # Locked per username: another address is refused too.
        other = Client(REMOTE_ADDR=_fresh_address(request, 1))
        assert (
            other.post("/accounts/login/", {"username": "sec", "password": "pw-for-tests"}).status_code == 429
        )

    def test_per_address_lockout_covers_many_usernames(self, world, request):
        client = Client(REMOTE_ADDR=_fresh_address(request))
        for n in range(10):
            client.post("/accounts/login/", {"username": f"guess{n}", "password": "wrong"})
        response = client.post("/accounts/login/", {"username": "obs", "password": "pw-for-tests"})
        assert response.status_code == 429

    def test_staff_unlock_and_the_user_logs_in(self, world, request):
        from axes.models import AccessAttempt

        address = _fresh_address(request)
        client = Client(REMOTE_ADDR=address)
        self._fail(client, "del-ee", 10)
        attempt = AccessAttempt.objects.get(username="del-ee")
        observer = Client()
        observer.force_login(world.users.observer)
        assert observer.get("/registry/lockouts/").status_code == 403
        assert observer.post(f"/registry/lockouts/{attempt.pk}/unlock/").status_code == 403
        staff = Client()
        staff.force_login(world.users.admin)
        page = staff.get("/registry/lockouts/").content.decode()
        assert "del-ee" in page and "Locked" in page
        assert staff.post(f"/registry/lockouts/{attempt.pk}/unlock/").status_code == 302
        response = client.post("/accounts/login/", {"username": "del-ee", "password": "pw-for-tests"})
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(
            world.users.delegate_ee.pk
        )

    def test_a_success_resets_the_count(self, world, request):
        client = Client(REMOTE_ADDR=_fresh_address(request))
        self._fail(client, "obs", 9)
        assert (
            client.post("/accounts/login/", {"username": "obs", "password": "pw-for-tests"}).status_code
            == 302
        )
        client.logout()
        assert self._fail(client, "obs", 9) == [200] * 9


def test_the_limits_of_a_request_cost_two_round_trips_and_counters_expire(
    world, throttled, request, monkeypatch
):
    from django.core.cache import caches

    cache = caches["throttle"]
    if throttling._redis_client(cache) is None:
        pytest.skip("needs the Redis throttle cache")
    pipelines = []
    real = type(throttling._redis_client(cache)).pipeline

    def counting(self, *args, **kwargs):
        pipelines.append(kwargs.get("transaction"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(throttling._redis_client(cache)), "pipeline", counting)
    peeks = []
    real_peek = throttling._peek
    monkeypatch.setattr(throttling, "_peek", lambda key: peeks.append(key) or real_peek(key))
    _t, secret = api_token_create(user=world.users.observer, scope="read")
    call = _api(secret, _fresh_address(request))
    assert [call().status_code for _ in range(6)] == [200] * 5 + [429]  # the counts are the same
    # the address and the bad tokens seen from it (middleware), then token and user (DRF): two trips
    assert pipelines == [True, True] * 6
    assert peeks == []
    keys = cache._cache.get_client().keys(cache.make_and_validate_key(f"{throttling.KEY_PREFIX}:*"))
    assert len(keys) == 4  # address, token per minute and per hour, user per minute
    assert all(0 < cache._cache.get_client().ttl(key) <= 3601 for key in keys)  # none left forever


def test_throttling_fails_open_when_redis_fails_mid_pipeline(world, throttled, request, monkeypatch):
    from django.core.cache import caches

    cache = caches["throttle"]
    client = throttling._redis_client(cache)
    if client is None:
        pytest.skip("needs the Redis throttle cache")

    def broken(self, *args, **kwargs):
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(type(client), "pipeline", broken)
    _t, secret = api_token_create(user=world.users.observer, scope="read")
    answers = [_api(secret, _fresh_address(request))() for _ in range(7)]
    assert [r.status_code for r in answers] == [200] * 7
    assert "RateLimit-Limit" not in answers[0]
