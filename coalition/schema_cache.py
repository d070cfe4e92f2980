"""The OpenAPI schema, generated once per process and language instead of on every request.

Generating it walks every endpoint (1-3 s); a deploy restarts the processes, so the cache is invalidated
per deploy by construction and never serves a schema of other code. The schema is the public one
(SERVE_PUBLIC), the same for every user, so one copy serves all.
"""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

_SCHEMAS: dict = {}


class CachedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version, self.urlconf, self.serve_public)
        schema = _SCHEMAS.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = _SCHEMAS[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )


def clear():
    """Forget the generated schemas (tests that change the URL conf or the schema settings)."""
    _SCHEMAS.clear()
