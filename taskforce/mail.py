"""The development mail backend: each message one `.eml` file under var/mail/.

Django's file backend writes every message of a connection into one `.log` file,
separated by lines of dashes; one file per message, named by its time, opens in any
mail program (the HTML part shows) and reads as text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend


class MessageFileBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            ident = re.sub(r"[^\w.-]+", "", str(message.extra_headers.get("Message-ID", "")))[:80]
            name = f"{stamp}-{ident}.eml" if ident else f"{stamp}.eml"
            with open(os.path.join(self.file_path, name), "wb") as file:
                file.write(message.message().as_bytes())
            sent += 1
        return sent
