"""Uploaded files, before they become attachments (docs/rules.md, "Files").

- `checks`: what is accepted: the type read from the bytes against an allowed list, the
  size, the name, and the traps a file of an allowed type can hide (a zip bomb dressed as
  a .docx, a macro, a PDF that runs JavaScript);
- `images`: photos downscaled for phones, turned upright, stripped of their metadata
  (a phone's photo carries where it was taken), and their thumbnails;
- `prepare`: an upload checked and made ready to store, its checksum computed while read.

The services (assignments/services/files.py) store what `prepare` gives; nothing here
writes to the store or the database.
"""

from assignments.files.prepare import PreparedFile, StoredFile, prepare, store

__all__ = ["PreparedFile", "StoredFile", "prepare", "store"]
