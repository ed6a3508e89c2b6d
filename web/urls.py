"""The pages, at the site's root (the API lives under /api/, the admin under /admin/)."""

from django.urls import include, path

from web.views import auth, board, dashboard, devices, feeds, files, member, notifications, overdue, tasks

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    # Django's set_language: the language switch of every page (a cookie, no URL prefix).
    path("i18n/", include("django.conf.urls.i18n")),
    path("my-tasks/", member.MyTasksView.as_view(), name="my-tasks"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/<slug:action>/", tasks.TaskActionView.as_view(), name="task-action"),
    path("files/<int:pk>/", files.FileView.as_view(), name="file"),
    path("files/<int:pk>/thumbnail/", files.ThumbnailView.as_view(), name="file-thumbnail"),
    path("groups/", board.GroupListView.as_view(), name="groups"),
    path("groups/<int:number>/", board.BoardView.as_view(), name="board"),
    path("groups/<int:number>/new-task/", board.TaskCreateView.as_view(), name="task-create"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/tasks/", dashboard.ReportTasksView.as_view(), name="report-tasks"),
    path("dashboard/download/", dashboard.DownloadView.as_view(), name="download"),
    path("devices/", devices.DevicesView.as_view(), name="devices"),
    path("devices/<int:pk>/revoke/", devices.DeviceRevokeView.as_view(), name="device-revoke"),
    path("overdue/", overdue.OverdueView.as_view(), name="overdue"),
    path("notifications/", notifications.InboxView.as_view(), name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        notifications.NotificationOpenView.as_view(),
        name="notification-open",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationsReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/settings/",
        notifications.NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
    path(
        "notifications/settings/calendar/",
        notifications.CalendarResetView.as_view(),
        name="calendar-reset",
    ),
    # No login: the secret in the address is the credential (assignments/notifications/calendar.py).
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar"),
    path("sw.js", feeds.service_worker, name="service-worker"),
]
