"""Watchers of a task, the kind of a note (a direction of the Standing Committee), and the
events of the new actions (change_coordinators, change_watchers, correct_outcome,
give_direction).

On SQLite, changing the events table's CHECK constraint rebuilds the table, and the
append-only triggers of migration 0005 go with the old one: they are created again last.
"""

from django.conf import settings
from django.db import migrations, models

from assignments.migrations._sqlite_triggers import recreate_sqlite_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0007_reference_audit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='event',
            name='event_kind_valid',
        ),
        migrations.AddField(
            model_name='note',
            name='kind',
            field=models.CharField(choices=[('note', 'Note'), ('direction', 'Direction')], default='note', max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='task',
            name='watchers',
            field=models.ManyToManyField(blank=True, related_name='watched_tasks', to='assignments.member', verbose_name='watchers'),
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('created', 'Task assigned'), ('started', 'Started'), ('paused', 'Paused'), ('resumed', 'Resumed'), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('returned', 'Returned for rework'), ('cancelled', 'Task cancelled'), ('reassigned', 'Handed over'), ('extended', 'Deadline extended'), ('step_completed', 'Step completed'), ('measurement_recorded', 'Measurement recorded'), ('note_added', 'Note added'), ('edited', 'Content edited'), ('coordinators_changed', 'Coordinators changed'), ('watchers_changed', 'Watchers changed'), ('outcome_corrected', 'Outcome measure corrected'), ('direction_given', 'Direction given')], max_length=24, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['created', 'started', 'paused', 'resumed', 'submitted', 'accepted', 'returned', 'cancelled', 'reassigned', 'extended', 'step_completed', 'measurement_recorded', 'note_added', 'edited', 'coordinators_changed', 'watchers_changed', 'outcome_corrected', 'direction_given'])), name='event_kind_valid', violation_error_message='The event kind is not valid.'),
        ),
        migrations.AddConstraint(
            model_name='note',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['note', 'direction'])), name='note_kind_valid', violation_error_message='The kind of note is not valid.'),
        ),
        # Both ways: unapplying rebuilds the table again.
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
