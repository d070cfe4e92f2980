from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coalition.models import ApiToken
from coalition.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user. The token is printed once, alone on the last line; "
        "only its hash is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", required=True, help="Username the token acts as (with that user's roles)."
        )
        parser.add_argument("--scope", required=True, choices=ApiToken.Scope.values)
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Days until it expires (default: never)."
        )

    def handle(self, *args, user, scope, name, expires_in_days, **options):
        try:
            owner = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        if expires_in_days is not None and expires_in_days <= 0:
            raise CommandError("--expires-in-days must be a positive number of days.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            token, secret = api_token_create(user=owner, scope=scope, name=name, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        expiry = token.expires_at.isoformat() if token.expires_at else "never"
        self.stderr.write(f"Token {token.prefix}… for {owner.username}, scope {scope}, expires {expiry}.")
        self.stderr.write("Store it now: it cannot be shown again.")
        self.stdout.write(secret)
