"""Notifications: the office's reminder rules, each person's channels, the inbox with its
deliveries, push subscriptions; the owner's explanation of a delay (`explain`, its event).

As in 0008: changing the events table's CHECK constraint rebuilds it on SQLite, and the
append-only triggers are created again last.
"""

import assignments.limits
import assignments.models.notifications
import datetime
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from assignments.migrations._sqlite_triggers import recreate_sqlite_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0009_ward_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'Email'), ('push', 'Push to the phone')], max_length=8, verbose_name='channel')),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Not sent')], default='pending', max_length=8, verbose_name='status')),
                ('in_digest', models.BooleanField(default=False, verbose_name='in the digest')),
                ('not_before', models.DateTimeField(verbose_name='not before')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
            ],
            options={
                'verbose_name': 'delivery',
                'verbose_name_plural': 'deliveries',
                'ordering': ['-id'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('assigned', 'Task assigned to you'), ('handed_to_you', 'Task handed over to you'), ('handed_away', 'Task handed over to someone else'), ('returned', 'Task returned for rework'), ('accepted', 'Task accepted'), ('extended', 'Deadline extended'), ('submitted', 'Task submitted for acceptance'), ('explained', 'Delay explained'), ('direction', 'Direction given'), ('updated', 'Task you follow updated'), ('due_soon', 'Due soon'), ('due_today', 'Due today'), ('overdue', 'Overdue: explain the delay'), ('awaiting_acceptance', 'Waiting for your acceptance'), ('escalated_leader', 'Overdue and not explained'), ('escalated_committee', 'Long overdue')], max_length=24, verbose_name='kind')),
                ('day', models.DateField(verbose_name='day')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='details')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='NotificationPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_soon_days', models.PositiveSmallIntegerField(default=3, help_text='“Due in 3 days”.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='remind before the due date (days)')),
                ('overdue_every_days', models.PositiveSmallIntegerField(default=3, help_text='After the first overdue day.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='repeat the overdue reminder every (days)')),
                ('awaiting_acceptance_days', models.PositiveSmallIntegerField(default=3, help_text='Submitted and not yet accepted or returned.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='remind the leader of a submission waiting more than (days)')),
                ('explain_within_days', models.PositiveSmallIntegerField(default=2, help_text='Not explained within them: the group leader is told.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='days the owner has to explain a delay')),
                ('committee_after_days', models.PositiveSmallIntegerField(default=7, help_text='Counted from the end of the days to explain.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='days after that before the Standing Committee is told')),
                ('daily_run_at', models.TimeField(default=datetime.time(7, 0), help_text='Local time (Asia/Ho_Chi_Minh).', verbose_name='daily reminders and digest at')),
                ('quiet_from', models.TimeField(default=datetime.time(21, 0), verbose_name='no push from')),
                ('quiet_until', models.TimeField(default=datetime.time(7, 0), verbose_name='no push until')),
            ],
            options={
                'verbose_name': 'reminder rules',
                'verbose_name_plural': 'reminder rules',
            },
        ),
        migrations.CreateModel(
            name='NotificationSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.BooleanField(default=True, verbose_name='by email')),
                ('push', models.BooleanField(default=True, verbose_name='by push to the phone')),
                ('digest', models.BooleanField(default=True, verbose_name='one digest mail a day')),
                ('email_off', models.JSONField(blank=True, default=list, verbose_name='kinds not sent by email')),
                ('push_off', models.JSONField(blank=True, default=list, verbose_name='kinds not sent by push')),
                ('calendar_token', models.CharField(default=assignments.models.notifications.new_calendar_token, max_length=64, unique=True, verbose_name='calendar feed secret')),
            ],
            options={
                'verbose_name': 'notification settings',
                'verbose_name_plural': 'notification settings',
            },
        ),
        migrations.CreateModel(
            name='PushSubscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('endpoint', models.URLField(max_length=1000, unique=True, verbose_name='endpoint')),
                ('p256dh', models.CharField(max_length=200, verbose_name='public key (p256dh)')),
                ('auth', models.CharField(max_length=100, verbose_name='auth secret')),
                ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='browser')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('last_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='last sent at')),
            ],
            options={
                'verbose_name': 'push subscription',
                'verbose_name_plural': 'push subscriptions',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='SchedulerLease',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='name')),
                ('holder', models.CharField(blank=True, max_length=200, verbose_name='held by')),
                ('expires_at', models.DateTimeField(verbose_name='expires at')),
            ],
            options={
                'verbose_name': 'scheduler lease',
                'verbose_name_plural': 'scheduler lease',
            },
        ),
        migrations.RemoveConstraint(
            model_name='event',
            name='event_kind_valid',
        ),
        migrations.AddField(
            model_name='task',
            name='explained_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='delay explained at'),
        ),
        migrations.AddField(
            model_name='task',
            name='explained_for_due_date',
            field=models.DateField(blank=True, null=True, verbose_name='explained for the due date'),
        ),
        migrations.AddField(
            model_name='task',
            name='explanation',
            field=models.TextField(blank=True, validators=[assignments.limits.text_max_length], verbose_name='explanation of the delay'),
        ),
        migrations.AddField(
            model_name='task',
            name='proposed_due_date',
            field=models.DateField(blank=True, null=True, verbose_name='proposed new due date'),
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('created', 'Task assigned'), ('started', 'Started'), ('paused', 'Paused'), ('resumed', 'Resumed'), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('returned', 'Returned for rework'), ('cancelled', 'Task cancelled'), ('reassigned', 'Handed over'), ('extended', 'Deadline extended'), ('step_completed', 'Step completed'), ('measurement_recorded', 'Measurement recorded'), ('note_added', 'Note added'), ('edited', 'Content edited'), ('coordinators_changed', 'Coordinators changed'), ('watchers_changed', 'Watchers changed'), ('outcome_corrected', 'Outcome measure corrected'), ('direction_given', 'Direction given'), ('explained', 'Delay explained')], max_length=24, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['created', 'started', 'paused', 'resumed', 'submitted', 'accepted', 'returned', 'cancelled', 'reassigned', 'extended', 'step_completed', 'measurement_recorded', 'note_added', 'edited', 'coordinators_changed', 'watchers_changed', 'outcome_corrected', 'direction_given', 'explained'])), name='event_kind_valid', violation_error_message='The event kind is not valid.'),
        ),
        migrations.AddField(
            model_name='notification',
            name='recipient',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
        ),
        migrations.AddField(
            model_name='notification',
            name='task',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='assignments.task', verbose_name='task'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='notification',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='assignments.notification', verbose_name='notification'),
        ),
        migrations.AddConstraint(
            model_name='notificationpolicy',
            constraint=models.CheckConstraint(condition=models.Q(('pk', 1)), name='notification_policy_single_row'),
        ),
        migrations.AddField(
            model_name='notificationsettings',
            name='user',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_settings', to=settings.AUTH_USER_MODEL, verbose_name='login'),
        ),
        migrations.AddField(
            model_name='pushsubscription',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='push_subscriptions', to=settings.AUTH_USER_MODEL, verbose_name='login'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', '-created_at', '-id'], name='notification_inbox_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread_idx'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(fields=('recipient', 'task', 'kind', 'day'), name='notification_once_a_day'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['assigned', 'handed_to_you', 'handed_away', 'returned', 'accepted', 'extended', 'submitted', 'explained', 'direction', 'updated', 'due_soon', 'due_today', 'overdue', 'awaiting_acceptance', 'escalated_leader', 'escalated_committee'])), name='notification_kind_valid'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['channel', 'not_before'], name='delivery_pending_idx'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('notification', 'channel'), name='delivery_once_a_channel'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(('channel__in', ['email', 'push'])), name='delivery_channel_valid'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'sent', 'failed', 'skipped'])), name='delivery_status_valid'),
        ),
        # Both ways: unapplying rebuilds the table again.
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
