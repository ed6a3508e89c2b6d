"""`python manage.py make_vapid_keys`: the server's Web Push key pair (docs/operations.md, "Web Push")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from py_vapid import Vapid

from assignments.notifications import vapid


class Command(BaseCommand):
    help = (
        "Make the VAPID key pair that signs Web Push messages and write the private key to "
        "settings.VAPID_KEY_FILE (var/vapid_private_key.pem); print the public key as browsers "
        "subscribe with it (applicationServerKey, base64url). A new pair makes every phone "
        "subscribe again, so an existing file is kept unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Replace an existing key file.")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing (but print the public key) when a key is already configured (for `make run`).",
        )
        parser.add_argument(
            "--env",
            action="store_true",
            help="Write no file: print VAPID_PRIVATE_KEY=… and VAPID_PUBLIC_KEY=… for the environment.",
        )

    def handle(self, *args: Any, force: bool, if_missing: bool, env: bool, **options: Any) -> None:
        if env:
            pair = Vapid()
            pair.generate_keys()
            self.stdout.write(f"VAPID_PRIVATE_KEY={vapid.raw_private_key(pair)}")
            self.stdout.write(f"VAPID_PUBLIC_KEY={vapid.application_server_key(pair)}")
            return
        path = Path(settings.VAPID_KEY_FILE)
        configured = bool(settings.VAPID_PRIVATE_KEY) or path.is_file()
        if if_missing and configured:
            self.stdout.write(f"VAPID public key: {vapid.public_key()}")
            return
        if path.is_file() and not force:
            raise CommandError(
                f"{path} exists: every phone subscribed with its key. Use --force to replace it "
                "(the phones must then subscribe again)."
            )
        pair = vapid.generate(path)
        self.stdout.write(f"Wrote the VAPID private key to {path}.")
        if settings.VAPID_PRIVATE_KEY:
            self.stderr.write("VAPID_PRIVATE_KEY is set in the environment: it is used, not this file.")
        self.stdout.write(f"VAPID public key: {vapid.application_server_key(pair)}")
