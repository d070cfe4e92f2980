"""Static files, storages (meeting documents kept private), upload and request size limits."""

from pathlib import Path

from coalition.env import env_int, env_str
from coalition.settings.base import BASE_DIR, DEBUG

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
# Meeting documents live outside MEDIA_ROOT: they are served only through a permission-checked view.
MEETINGS_DOCUMENT_ROOT = Path(
    env_str("MEETINGS_DOCUMENT_ROOT", str(BASE_DIR / "var" / "private" / "meeting-documents"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Through Django's storage API: web nodes sharing this directory (or another backend set here, e.g. an
    # object store) serve the same documents. See docs/operations.md.
    "documents": {
        "BACKEND": env_str("MEETINGS_DOCUMENT_STORAGE", "meetings.storage.PrivateDocumentStorage"),
        "OPTIONS": {"location": str(MEETINGS_DOCUMENT_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
MEETINGS_DOCUMENT_MAX_BYTES = env_int("MEETINGS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# A request body above this is refused with 413 before it is read (the largest upload plus its form).
# Pledge and payment imports (CSV or XLSX): larger files are refused before they are read.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
REQUEST_BODY_MAX_BYTES = env_int(
    "REQUEST_BODY_MAX_BYTES", max(MEETINGS_DOCUMENT_MAX_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024
)
# JSON nested deeper than this is refused with 400 (deeper input only serves to exhaust the parser).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
