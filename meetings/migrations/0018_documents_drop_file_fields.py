"""The file fields of a document now live on its versions (copied by 0017)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_documents_versions_backfill")]

    operations = [
        migrations.RemoveField(
            model_name='agendadocument',
            name='content_type',
        ),
        migrations.RemoveField(
            model_name='agendadocument',
            name='file',
        ),
        migrations.RemoveField(
            model_name='agendadocument',
            name='original_name',
        ),
        migrations.RemoveField(
            model_name='agendadocument',
            name='sha256',
        ),
        migrations.RemoveField(
            model_name='agendadocument',
            name='size',
        ),
        migrations.RemoveField(
            model_name='historicalagendadocument',
            name='content_type',
        ),
        migrations.RemoveField(
            model_name='historicalagendadocument',
            name='file',
        ),
        migrations.RemoveField(
            model_name='historicalagendadocument',
            name='original_name',
        ),
        migrations.RemoveField(
            model_name='historicalagendadocument',
            name='sha256',
        ),
        migrations.RemoveField(
            model_name='historicalagendadocument',
            name='size',
        ),
    ]
