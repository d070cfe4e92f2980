from importlib import import_module, util

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from coalition import health, views
from coalition.schema_cache import CachedSchemaView

# The registry and each domain app contribute `api/urls.py` (a `routes` list) and `urls.py` (page patterns).
PORTAL_APPS = ["coalition", "contributions", "meetings", "procurement", "summaries", "webhooks"]


def _has_module(name: str) -> bool:
    try:
        return util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent package (e.g. app.api) does not exist yet
        return False


router = DefaultRouter()
app_page_patterns = []
for app in PORTAL_APPS:
    if _has_module(f"{app}.api.urls"):
        for prefix, viewset, *basename in import_module(f"{app}.api.urls").routes:
            router.register(prefix, viewset, *basename)
    if app != "coalition" and _has_module(f"{app}.urls"):
        app_page_patterns.append(path("", include(f"{app}.urls")))

api_urlpatterns = [
    path("", include(router.urls)),
    path("schema/", CachedSchemaView.as_view(), name="schema"),  # behind login; generated once per process
    path(  # the split view serves its script as a file: no inline JS under the CSP
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="coalition/swagger_ui.html"),
        name="api-docs",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(views.set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
    path("", include("coalition.urls_pages")),
    *app_page_patterns,
]

handler400 = "coalition.views.bad_request"
handler404 = "coalition.views.not_found"
handler500 = "coalition.views.server_error"
