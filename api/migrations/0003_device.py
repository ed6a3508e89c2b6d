"""A device row for each API token: its name, last use and credential stamp.

Tokens issued before this migration get a row here, stamped with their user's present
password (assignments.accounts.credential_stamp, computed the same way below), so the
phones already logged in stay logged in; a token without a row is refused.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac


def stamp_existing_tokens(apps, schema_editor):
    AuthToken = apps.get_model(settings.KNOX_TOKEN_MODEL)
    Device = apps.get_model("api", "Device")
    alias = schema_editor.connection.alias
    rows = [
        Device(
            token_id=token.pk,
            name="",
            credential_stamp=salted_hmac(
                "taskforce.accounts.credential_stamp", token.user.password, algorithm="sha256"
            ).hexdigest(),
            last_used=token.created,
        )
        for token in AuthToken.objects.using(alias).select_related("user").iterator()
    ]
    Device.objects.using(alias).bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_cache_table'),
        # knox's last migration: the token's primary key (digest) as a foreign key can point at.
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.CreateModel(
            name='Device',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='device name')),
                ('credential_stamp', models.CharField(max_length=64, verbose_name='credential stamp')),
                ('last_used', models.DateTimeField(verbose_name='last used')),
                ('token', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='device', to=settings.KNOX_TOKEN_MODEL, verbose_name='token')),
            ],
            options={
                'verbose_name': 'device',
                'verbose_name_plural': 'devices',
            },
        ),
        migrations.RunPython(stamp_existing_tokens, migrations.RunPython.noop),
    ]
