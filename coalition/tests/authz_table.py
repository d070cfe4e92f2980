"""The authorisation matrix: the status every role gets on every page and API operation, per method.

Columns (coalition/tests/authz_world.py): anon = anonymous; obs = observer of X; delA/delB = delegates of
EE/LU in X; secX/secY = secretariat of X / of Y (no role in X); staff = superuser; reg = registry manager
(portal-wide, no coalition role); read/write/expired = bearer tokens of X's secretariat.

Pages are called with the session of each role (a bearer token does not log in to a page: read/write/expired
answer like anon); POST sends an empty form. API operations are called with a write token of each role
(read/write/expired: the secretariat's tokens); POST/PUT/PATCH send `{}`. Each cell runs in a savepoint that
is rolled back. Arguments name records of authz_world.build_records (`pk=pledge`, `number=meeting.number`)
or are literals (`direction=up`); `slug` is always coalition X's.

Adding a page or an endpoint: add its rows (GET and POST for a page, in authz_pages.py; every method the
schema lists for an operation, in authz_api.py) with the status each role should get — decide it, then run
`pytest coalition/tests/test_authz_matrix.py` (AUTHZ_MATRIX_ACTUAL=/tmp/actual.txt writes what the portal
answers, to compare), and `make security-docs` to update docs/security.md.
"""

from coalition.tests.authz_api import API
from coalition.tests.authz_pages import PAGES

# The columns, in order (docs/security.md says who each one is).
ROLES = ["anon", "obs", "delA", "delB", "secX", "secY", "staff", "reg", "read", "write", "expired"]

__all__ = ["API", "PAGES", "ROLES"]
