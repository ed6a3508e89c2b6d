"""/api/v1/: a router for the resources, explicit paths for the rest.

Another resource is one `router.register(...)` line, or one `path(...)` for a view that
is not a viewset (the summary, for instance).
"""

from typing import Any

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views.attachments import AttachmentViewSet, DocumentAttachmentViewSet, TaskAttachmentViewSet
from api.views.auth import LoginView, LogoutAllView, LogoutView, MeView, PasswordChangeView, TokenViewSet
from api.views.channels import CalendarResetView, CalendarView, PushSubscriptionsView
from api.views.documents import DocumentTaskViewSet, DocumentViewSet
from api.views.history import ReferenceChangeViewSet
from api.views.notifications import NotificationSettingsView, NotificationViewSet
from api.views.records import EventViewSet, MeasurementViewSet, NoteViewSet
from api.views.reference import GroupViewSet, MemberViewSet, ProcessViewSet, WardViewSet
from api.views.summary import SummaryView
from api.views.targets import TargetViewSet
from api.views.tasks import TaskViewSet
from api.views.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet

app_name = "api"

# SimpleRouter: no browsable index at /api/v1/ (the docs at /api/docs/ are the index).
router = SimpleRouter(use_regex_path=False)
router.register("auth/tokens", TokenViewSet, basename="token")
router.register("wards", WardViewSet, basename="ward")
router.register("members", MemberViewSet, basename="member")
router.register("groups", GroupViewSet, basename="group")
router.register("processes", ProcessViewSet, basename="process")
router.register("tasks", TaskViewSet, basename="task")
router.register("documents", DocumentViewSet, basename="document")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("targets", TargetViewSet, basename="target")
router.register("reference-changes", ReferenceChangeViewSet, basename="reference-change")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

# Typed as as_view() takes it: the stubs' dict of names or actions, not of names only.
records: dict[str, Any] = {"get": "list", "post": "create"}

urlpatterns = [
    path("auth/login/", LoginView.as_view(), name="login"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("auth/logoutall/", LogoutAllView.as_view(), name="logout-all"),
    path("auth/password/", PasswordChangeView.as_view(), name="password"),
    path("me/", MeView.as_view(), name="me"),
    path("me/notification-settings/", NotificationSettingsView.as_view(), name="notification-settings"),
    path("me/calendar/", CalendarView.as_view(), name="calendar"),
    path("me/calendar/reset/", CalendarResetView.as_view(), name="calendar-reset"),
    path("push-subscriptions/", PushSubscriptionsView.as_view(), name="push-subscriptions"),
    path("tasks/<int:task_id>/measurements/", MeasurementViewSet.as_view(records), name="task-measurements"),
    path("tasks/<int:task_id>/notes/", NoteViewSet.as_view(records), name="task-notes"),
    path("tasks/<int:task_id>/attachments/", TaskAttachmentViewSet.as_view(records), name="task-attachments"),
    path("tasks/<int:task_id>/events/", EventViewSet.as_view({"get": "list"}), name="task-events"),
    path(
        "documents/<int:document_id>/tasks/",
        DocumentTaskViewSet.as_view({"get": "list"}),
        name="document-tasks",
    ),
    path(
        "documents/<int:document_id>/attachments/",
        DocumentAttachmentViewSet.as_view(records),
        name="document-attachments",
    ),
    path("summary/", SummaryView.as_view(), name="summary"),
    path(
        "webhooks/<int:webhook_id>/deliveries/",
        WebhookDeliveryViewSet.as_view({"get": "list"}),
        name="webhook-deliveries",
    ),
    *router.urls,
]
