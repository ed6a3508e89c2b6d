"""Webhooks for other systems: the endpoints, the outbox of events and each event's
delivery to each endpoint (assignments/models/webhooks.py)."""

import assignments.clock
import assignments.limits
import assignments.models.webhooks
import django.core.validators
import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0010_notifications'),
    ]

    operations = [
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('url', models.URLField(help_text='Where the events are POSTed, e.g. https://tracker.example.org/hooks/taskforce.', max_length=1000, validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='URL')),
                ('secret', models.CharField(default=assignments.models.webhooks.new_webhook_secret, editable=False, max_length=100, verbose_name='signing secret')),
                ('event_types', models.JSONField(blank=True, default=list, help_text='The types sent to this endpoint (e.g. task.submitted); empty for all.', validators=[assignments.models.webhooks.validate_event_types], verbose_name='event types')),
                ('active', models.BooleanField(default=True, help_text='Off: paused, nothing is sent until it is resumed.', verbose_name='active')),
                ('pause_after_hours', models.PositiveSmallIntegerField(default=24, help_text='Deliveries failing this long pause the endpoint and the office is told.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(720)], verbose_name='pause after failing for (hours)')),
                ('paused_at', models.DateTimeField(blank=True, null=True, verbose_name='paused at')),
                ('reason', models.TextField(blank=True, validators=[assignments.limits.text_max_length], verbose_name='why paused')),
                ('failing_since', models.DateTimeField(blank=True, null=True, verbose_name='failing since')),
                ('office_told_at', models.DateTimeField(blank=True, null=True, verbose_name='office told at')),
                ('created_at', models.DateTimeField(default=assignments.clock.now, editable=False, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'webhook endpoint',
                'verbose_name_plural': 'webhook endpoints',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='WebhookMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='message id')),
                ('type', models.CharField(max_length=40, verbose_name='type')),
                ('payload', models.JSONField(verbose_name='payload')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('event', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assignments.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'webhook message',
                'verbose_name_plural': 'webhook outbox',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('delivered', 'Delivered'), ('failed', 'Given up')], default='pending', max_length=10, verbose_name='status')),
                ('not_before', models.DateTimeField(verbose_name='next attempt at')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt at')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                ('response_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='response code')),
                ('duration_ms', models.PositiveIntegerField(blank=True, null=True, verbose_name='duration (ms)')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='assignments.webhookendpoint', verbose_name='endpoint')),
                ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='assignments.webhookmessage', verbose_name='message')),
            ],
            options={
                'verbose_name': 'webhook delivery',
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='webhookmessage',
            index=models.Index(fields=['created_at'], name='webhook_message_created_idx'),
        ),
        migrations.AddIndex(
            model_name='webhookdelivery',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['not_before'], name='webhook_delivery_pending_idx'),
        ),
        migrations.AddIndex(
            model_name='webhookdelivery',
            index=models.Index(fields=['endpoint', '-created_at', '-id'], name='webhook_delivery_log_idx'),
        ),
        migrations.AddConstraint(
            model_name='webhookdelivery',
            constraint=models.UniqueConstraint(fields=('message', 'endpoint'), name='webhook_delivery_once'),
        ),
        migrations.AddConstraint(
            model_name='webhookdelivery',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'delivered', 'failed'])), name='webhook_delivery_status_valid'),
        ),
    ]
