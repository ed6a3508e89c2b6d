"""The admin site of the committee office (Văn phòng Quận ủy).

Reference data (wards, members and their logins, groups, processes, term targets) is
kept here. Tasks are shown with everything that happened to them, but only their
content is edited here, through the same service as the API; status, owner and due
date change only through the task's actions.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import accounts, documents, history, notifications, org, processes, tasks, webhooks  # noqa: F401  (importing registers the admins)

admin.site.site_header = _("Taskforce – committee office")
admin.site.site_title = _("Taskforce – committee office")
