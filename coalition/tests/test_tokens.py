"""API tokens: created by a command, printed once, stored only as a digest."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coalition.models import ApiToken
from coalition.services import api_token_authenticate

pytestmark = pytest.mark.django_db


def create(**options):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_token_is_printed_alone_on_the_last_line_and_stored_hashed(world):
    out, err = create(user="sec", scope="write", name="ERP sync", expires_in_days=30)
    secret = out.strip().splitlines()[-1]
    assert len(secret) >= 40 and " " not in secret
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.digest, token.prefix, token.name}
    assert token.prefix == secret[:8]
    assert (token.scope, token.name, token.user) == ("write", "ERP sync", world.users.secretariat)
    assert token.expires_at is not None
    assert "cannot be shown again" in err
    assert api_token_authenticate(secret) == token


def test_two_tokens_differ(world):
    first = create(user="sec", scope="read")[0].strip()
    second = create(user="sec", scope="read")[0].strip()
    assert first != second


def test_unknown_user_and_bad_scope_are_clear_errors(world):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        create(user="ghost", scope="read")
    with pytest.raises(CommandError):
        create(user="sec", scope="admin")
    with pytest.raises(CommandError, match="positive"):
        create(user="sec", scope="read", expires_in_days=0)
    assert not ApiToken.objects.exists()
