"""DRF's (and Django's) messages that a client meets, listed so our catalogue translates them.

DRF ships a Vietnamese catalogue with about twenty messages; a phone sending a wrong
type would otherwise read English in a Vietnamese answer. Django looks in the
project's catalogue (LOCALE_PATHS) first, so a msgid listed here and translated there
replaces DRF's. The texts must stay exactly DRF's; nothing imports this module, it is
read only when the messages are extracted (`makemessages`).
"""

from django.utils.translation import gettext_noop, ngettext

DRF_MESSAGES = (
    gettext_noop("This field may not be null."),
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("This field must be unique."),
    gettext_noop("Invalid page."),
    gettext_noop("Not found."),
)


def _django_messages() -> None:
    """Django 5.2's password rule, whose msgid Django's own Vietnamese catalogue lacks (it
    has the older `%(min_length)d` wording). Never called: `makemessages` reads it."""
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
