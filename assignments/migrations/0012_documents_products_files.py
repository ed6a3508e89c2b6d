"""Documents, products and authority (the "6 rõ"): the assigning document, the task's
product and approver, and the table of attached files; documents in the reference data's
audit trail.

Changing the CHECK constraints of the reference changes rebuilds that table on SQLite,
and both trails' append-only triggers are created again last (as in 0008).
"""

import assignments.limits
import assignments.models.attachments
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from assignments.migrations._sqlite_triggers import recreate_all_sqlite_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0011_webhooks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('evidence', 'Evidence'), ('product', 'Product'), ('other', 'Other file'), ('document', 'Document file')], max_length=10, verbose_name='kind of file')),
                ('file', models.FileField(max_length=255, storage=assignments.models.attachments.attachment_storage, upload_to='', verbose_name='file')),
                ('thumbnail', models.FileField(blank=True, max_length=255, storage=assignments.models.attachments.attachment_storage, upload_to='', verbose_name='thumbnail')),
                ('name', models.CharField(max_length=200, verbose_name='file name')),
                ('content_type', models.CharField(max_length=100, verbose_name='type')),
                ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 checksum')),
                ('uploaded_at', models.DateTimeField(verbose_name='uploaded at')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                ('withdrawal_reason', models.TextField(blank=True, validators=[assignments.limits.text_max_length], verbose_name='reason for withdrawal')),
            ],
            options={
                'verbose_name': 'attached file',
                'verbose_name_plural': 'attached files',
                'ordering': ['uploaded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(help_text='As printed on the document, e.g. 15-KL/QU.', max_length=50, verbose_name='number and symbol')),
                ('kind', models.CharField(choices=[('resolution', 'Resolution'), ('conclusion', 'Conclusion'), ('directive', 'Directive'), ('decision', 'Decision'), ('notice', 'Notice'), ('plan', 'Plan'), ('official_letter', 'Official letter'), ('regulation', 'Regulation'), ('programme', 'Programme'), ('report', 'Report'), ('other', 'Other document')], max_length=20, verbose_name='kind of document')),
                ('issued_on', models.DateField(validators=[assignments.limits.validate_date_in_window], verbose_name='date issued')),
                ('issuer', models.CharField(max_length=200, verbose_name='issuing body')),
                ('excerpt', models.TextField(validators=[assignments.limits.text_max_length], verbose_name='excerpt')),
                ('created_at', models.DateTimeField(verbose_name='registered at')),
                ('updated_at', models.DateTimeField(verbose_name='updated at')),
                ('search_text', models.TextField(default='', editable=False, verbose_name='search text')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'ordering': ['-issued_on', '-id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='referencechange',
            name='refchange_kind_valid',
        ),
        migrations.AddField(
            model_name='task',
            name='approver',
            field=models.ForeignKey(blank=True, help_text='The Standing Committee member who accepts the task, when one is named.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='approved_tasks', to='assignments.member', verbose_name='approver'),
        ),
        migrations.AddField(
            model_name='task',
            name='approver_kind',
            field=models.CharField(choices=[('group_leader', "The group's leader"), ('standing_committee', 'The Standing Committee'), ('standing_member', 'A named Standing Committee member')], db_default='group_leader', default='group_leader', max_length=20, verbose_name='accepted by'),
        ),
        migrations.AddField(
            model_name='task',
            name='product_description',
            field=models.CharField(blank=True, db_default='', default='', max_length=300, verbose_name='product'),
        ),
        migrations.AddField(
            model_name='task',
            name='product_file_required',
            field=models.BooleanField(db_default=False, default=False, verbose_name='product file required'),
        ),
        migrations.AddField(
            model_name='task',
            name='product_kind',
            field=models.CharField(blank=True, choices=[('report', 'Report'), ('decision', 'Decision'), ('plan', 'Plan'), ('minutes', 'Minutes'), ('document', 'Document issued'), ('photos', 'Photos'), ('data', 'Data or list'), ('other', 'Other product')], db_default='', default='', max_length=10, verbose_name='kind of product'),
        ),
        migrations.AlterField(
            model_name='referencechange',
            name='kind',
            field=models.CharField(choices=[('ward', 'Ward'), ('member', 'Executive Committee member'), ('group', 'Committee group'), ('process', 'Process'), ('target', 'Term target'), ('document', 'Document')], max_length=12, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='referencechange',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['ward', 'member', 'group', 'process', 'target', 'document'])), name='refchange_kind_valid', violation_error_message='The kind of reference data is not valid.'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='measurement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='assignments.measurement', verbose_name='measured value'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='note',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='assignments.note', verbose_name='note'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='task',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='assignments.task', verbose_name='task'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by'),
        ),
        migrations.AddField(
            model_name='document',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='assignments.document', verbose_name='document'),
        ),
        migrations.AddField(
            model_name='task',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='assignments.document', verbose_name='assigning document'),
        ),
        migrations.AddConstraint(
            model_name='task',
            constraint=models.CheckConstraint(condition=models.Q(('product_kind__in', ['', 'report', 'decision', 'plan', 'minutes', 'document', 'photos', 'data', 'other'])), name='task_product_kind_valid', violation_error_message='The kind of product is not valid.'),
        ),
        migrations.AddConstraint(
            model_name='task',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('approver__isnull', False), ('approver_kind', 'standing_member')), models.Q(('approver_kind__in', ['group_leader', 'standing_committee']), ('approver__isnull', True)), _connector='OR'), name='task_approver_named_iff_member', violation_error_message='A named approver goes with “a named Standing Committee member”.'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['resolution', 'conclusion', 'directive', 'decision', 'notice', 'plan', 'official_letter', 'regulation', 'programme', 'report', 'other'])), name='document_kind_valid', violation_error_message='The kind of document is not valid.'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(fields=('number', 'issuer', 'issued_on'), name='document_number_unique', violation_error_message='A document with this number, issuer and date is already registered.'),
        ),
        migrations.AddIndex(
            model_name='attachment',
            index=models.Index(fields=['task', 'kind'], name='attachment_task_kind_idx'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['evidence', 'product', 'other', 'document'])), name='attachment_kind_valid', violation_error_message='The kind of file is not valid.'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('document__isnull', True), ('task__isnull', False), models.Q(('kind', 'document'), _negated=True)), models.Q(('document__isnull', False), ('kind', 'document'), ('measurement__isnull', True), ('note__isnull', True), ('task__isnull', True)), _connector='OR'), name='attachment_on_task_or_document', violation_error_message='A file belongs to a task or to a document.'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(('measurement__isnull', True), ('note__isnull', True), _connector='OR'), name='attachment_on_one_record', violation_error_message='A file belongs to a measured value or to a note, not both.'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('withdrawn_at__isnull', True), ('withdrawn_by__isnull', True)), models.Q(('withdrawn_at__isnull', False), ('withdrawn_by__isnull', False)), _connector='OR'), name='attachment_withdrawal_complete', violation_error_message='A withdrawal names who withdrew the file and when.'),
        ),
        migrations.RunPython(recreate_all_sqlite_triggers, recreate_all_sqlite_triggers),
    ]
