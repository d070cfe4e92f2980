from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from coalition.services import api_token_authenticate
from coalition.throttling import check_bad_tokens, note_bad_token


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a token made by `manage.py create_api_token`."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Malformed Authorization header: use 'Bearer <token>'."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("The token contains characters a token never has.")) from None
        check_bad_tokens(request)  # an address that keeps guessing waits (429) before any lookup
        token = api_token_authenticate(secret)
        if token is None:
            note_bad_token(request)
            raise AuthenticationFailed(_("The token is unknown, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
