"""The closed vocabularies of the domain. Labels are Vietnamese (the source language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    PAUSED = "paused", _("Tạm dừng")
    SUBMITTED = "submitted", _("Chờ nghiệm thu")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


#: States a task can no longer leave.
CLOSED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})


class DeadlineStatus(models.TextChoices):
    DONE_EARLY = "done_early", _("Hoàn thành trước hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_ON_TRACK = "open_on_track", _("Đang thực hiện trong hạn")
    OPEN_DUE_SOON = "open_due_soon", _("Sắp đến hạn")
    OPEN_OVERDUE = "open_overdue", _("Đang thực hiện quá hạn")
    CANCELLED = "cancelled", _("Đã hủy")


class Priority(models.TextChoices):
    LOW = "low", _("Thấp")
    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Cao")
    URGENT = "urgent", _("Khẩn")


#: Sort rank of each priority, most urgent first when ordering descending.
PRIORITY_RANK = {Priority.LOW: 1, Priority.NORMAL: 2, Priority.HIGH: 3, Priority.URGENT: 4}


class Direction(models.TextChoices):
    INCREASE = "increase", _("Tăng (đạt khi không thấp hơn mục tiêu)")
    DECREASE = "decrease", _("Giảm (đạt khi không cao hơn mục tiêu)")


class EventKind(models.TextChoices):
    CREATED = "created", _("Giao nhiệm vụ")
    STARTED = "started", _("Bắt đầu thực hiện")
    PAUSED = "paused", _("Tạm dừng")
    RESUMED = "resumed", _("Tiếp tục")
    SUBMITTED = "submitted", _("Báo cáo hoàn thành")
    ACCEPTED = "accepted", _("Nghiệm thu")
    RETURNED = "returned", _("Trả lại")
    CANCELLED = "cancelled", _("Hủy")
    REASSIGNED = "reassigned", _("Chuyển giao")
    EXTENDED = "extended", _("Gia hạn")
    STEP_COMPLETED = "step_completed", _("Hoàn thành bước")
    MEASUREMENT_RECORDED = "measurement_recorded", _("Ghi kết quả đo")
    NOTE_ADDED = "note_added", _("Thêm ghi chú")
    EDITED = "edited", _("Sửa nội dung")
