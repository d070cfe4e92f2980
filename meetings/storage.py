"""Where meeting documents are stored: the named storage "documents" of settings.STORAGES.

By default `PrivateDocumentStorage`, a FileSystemStorage outside MEDIA_ROOT whose files have no URL, so they
are served only by the permission-checked download view. Web nodes that share its directory (or a storage
backend configured in its place, e.g. an object store) serve the same files.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateDocumentStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        if location is None:
            location = getattr(settings, "MEETINGS_DOCUMENT_ROOT", None)
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name):  # pragma: no cover - a private file has no public URL
        raise ValueError("Meeting documents have no public URL; use the download view.")


class DocumentsStorage(Storage):
    """A FileField's storage that hands every call to storages["documents"], looked up at each call, so a
    change of STORAGES (another backend, tests' temporary directory) applies to every document field."""

    _own = frozenset(
        {"__class__", "__dict__", "__reduce__", "__reduce_ex__", "__repr__", "__eq__", "__hash__"}
    )

    def __getattribute__(self, name):
        if name in DocumentsStorage._own:
            return object.__getattribute__(self, name)
        return getattr(storages["documents"], name)

    def __eq__(self, other):
        return isinstance(other, DocumentsStorage)

    def __hash__(self):
        return hash(DocumentsStorage)

    def __repr__(self):
        return "<DocumentsStorage: storages['documents']>"
