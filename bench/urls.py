"""The product's URLs, plus the baseline views under /bench/ (benchmark settings only)."""

from django.urls import path

from bench import baseline
from taskforce.urls import handler404, handler500
from taskforce.urls import urlpatterns as product_urls

urlpatterns = [
    path("bench/tasks/", baseline.task_list, name="bench-task-list"),
    path("bench/tasks/<int:task_id>/", baseline.task_detail, name="bench-task-detail"),
    path("bench/tasks/<int:task_id>/<str:action>/", baseline.task_action, name="bench-task-action"),
    *product_urls,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
