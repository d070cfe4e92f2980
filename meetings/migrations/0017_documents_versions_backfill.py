"""Each existing agenda document becomes a document with one version (its file), titled by its file name,
marked with the coalition's default marking if it has one, visible to all members. Reversible: the
reverse copies version 1 back onto the document (0018 reversed has recreated the file fields)."""

from django.db import migrations


def forwards(apps, schema_editor):
    document_model = apps.get_model("meetings", "AgendaDocument")
    version_model = apps.get_model("meetings", "DocumentVersion")
    for document in document_model.objects.select_related("agenda_item__meeting").all():
        version = version_model.objects.create(
            document=document,
            number=1,
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_at=document.uploaded_at,
            uploaded_by_id=document.uploaded_by_id,
        )
        document_model.objects.filter(pk=document.pk).update(
            current_version=version, title=document.title or document.original_name
        )


def backwards(apps, schema_editor):
    document_model = apps.get_model("meetings", "AgendaDocument")
    version_model = apps.get_model("meetings", "DocumentVersion")
    for version in version_model.objects.filter(number=1):
        document_model.objects.filter(pk=version.document_id).update(
            file=version.file.name,
            original_name=version.original_name,
            content_type=version.content_type,
            size=version.size,
            sha256=version.sha256,
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0016_documents_versions_markings")]

    operations = [migrations.RunPython(forwards, backwards)]
