"""Example bodies for the OpenAPI schema: one task's life, as a phone sees it."""

from __future__ import annotations

from typing import Any

GROUP = {"id": 1, "number": 1, "name": "Tổ 1"}
WARD = {"id": 1, "code": "00001", "name": "Phúc Xá"}
OWNER = {"id": 7, "name": "Trần Thị Chủ Trì"}
LEADER_USER = {"id": 12, "username": "leader01", "name": "Nguyễn Văn Tổ Trưởng"}
OWNER_USER = {"id": 31, "username": "member07", "name": "Trần Thị Chủ Trì"}

TASK_CREATE: dict[str, Any] = {
    "title": "Rà soát hồ sơ tồn đọng phường Phúc Xá",
    "description": "Rà soát, phân loại và giải quyết hồ sơ quá hạn.",
    "group": 1,
    "ward": 1,
    "owner": 7,
    "process": 2,
    "start_date": "2026-01-05",
    "due_date": "2026-03-31",
    "priority": "normal",
    "source": "Kết luận số 12-KL/QU",
    "coordinators": [8],
    "outcome": {
        "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "unit": "%",
        "baseline": 80,
        "target": 99,
        "direction": "increase",
    },
    "product": {"kind": "report", "description": "Báo cáo kết quả rà soát", "file_required": True},
    "approver": {"kind": "standing_member", "member": 4},
}

TASK: dict[str, Any] = {
    "id": 42,
    "title": TASK_CREATE["title"],
    "description": TASK_CREATE["description"],
    "group": GROUP,
    "ward": WARD,
    "owner": OWNER,
    "assigned_by": LEADER_USER,
    "coordinators": [{"id": 8, "name": "Lê Văn Phối Hợp"}],
    "watchers": [{"id": 15, "name": "Vũ Thị Theo Dõi"}],
    "process": {"id": 2, "name": "Giải quyết hồ sơ tồn đọng"},
    "target": None,
    "steps": [
        {
            "id": 101,
            "order": 1,
            "name": "Tiếp nhận",
            "expected_days": 2,
            "completed_at": "2026-02-02T10:15:00+07:00",
            "note": "Đã tiếp nhận 37 hồ sơ.",
        },
        {"id": 102, "order": 2, "name": "Xử lý", "expected_days": 10, "completed_at": None, "note": ""},
    ],
    "outcome": {
        "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "unit": "%",
        "baseline": 80.0,
        "target": 99.0,
        "direction": "increase",
        "actual": None,
        "achieved": False,
    },
    "status": "in_progress",
    "status_label": "In progress",
    "deadline_status": "open_on_track",
    "deadline_status_label": "In progress within deadline",
    "escalation": "none",
    "escalation_label": "Not overdue",
    "explanation": None,
    "priority": "normal",
    "priority_label": "Normal",
    "source": TASK_CREATE["source"],
    "document": None,
    "product": {
        "kind": "report",
        "kind_label": "Report",
        "description": "Báo cáo kết quả rà soát",
        "file_required": True,
    },
    "approver": {
        "kind": "standing_member",
        "kind_label": "A named Standing Committee member",
        "member": {"id": 4, "name": "Đỗ Văn Thường Vụ"},
    },
    "start_date": "2026-01-05",
    "due_date": "2026-03-31",
    "original_due_date": "2026-03-31",
    "extended": False,
    "submitted_at": None,
    "completed_at": None,
    "version": 3,
    "created_at": "2026-02-02T09:00:00+07:00",
    "updated_at": "2026-02-02T10:15:00+07:00",
}

MEASUREMENT = {
    "id": 5,
    "value": 99.5,
    "measured_on": "2026-02-01",
    "note": "Báo cáo của UBND phường ngày 01/02.",
    "recorded_by": OWNER_USER,
    "recorded_at": "2026-02-02T12:00:00+07:00",
}

ATTACHMENT = {
    "id": 12,
    "kind": "evidence",
    "kind_label": "Evidence",
    "name": "Ảnh hiện trường ngõ 12 Phúc Xá.jpg",
    "content_type": "image/jpeg",
    "size": 412_337,
    "sha256": "9f2c4b1e0a6d3c5b7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
    "task": 1,
    "document": None,
    "measurement": 5,
    "note": None,
    "uploaded_by": OWNER_USER,
    "uploaded_at": "2026-02-02T12:05:00+07:00",
    "withdrawn": False,
    "withdrawn_at": None,
    "withdrawn_by": None,
    "withdrawal_reason": "",
    "download_url": "https://taskforce.example.org/api/v1/attachments/12/download/",
    "thumbnail_url": "https://taskforce.example.org/api/v1/attachments/12/thumbnail/",
}

STANDING_USER = {"id": 4, "username": "standing02", "name": "Đỗ Văn Thường Vụ"}

NOTE = {
    "id": 9,
    "kind": "note",
    "kind_label": "Note",
    "text": "Đã liên hệ UBND phường, chờ số liệu.",
    "author": OWNER_USER,
    "created_at": "2026-02-02T11:30:00+07:00",
}

DIRECTION = {
    "id": 10,
    "kind": "direction",
    "kind_label": "Direction",
    "text": "Ưu tiên hồ sơ đất đai, báo cáo Thường trực trước ngày 15/3.",
    "author": STANDING_USER,
    "created_at": "2026-02-03T08:30:00+07:00",
}

EVENT = {
    "id": 77,
    "kind": "returned",
    "kind_label": "Returned for rework",
    "actor": LEADER_USER,
    "at": "2026-02-03T14:00:00+07:00",
    "from_status": "submitted",
    "to_status": "in_progress",
    "note": "Bổ sung biên bản kiểm tra.",
    "data": {},
}

OFFICE_USER = {"id": 1, "username": "office", "name": "office"}

REFERENCE_CHANGE = {
    "id": 205,
    "kind": "ward",
    "kind_label": "Ward",
    "object_id": 1,
    "label": "Phúc Xá",
    "action": "changed",
    "action_label": "Changed",
    "actor": OFFICE_USER,
    "at": "2026-02-02T09:30:00+07:00",
    "changes": {"name": {"from": "Phuc Xa", "to": "Phúc Xá"}},
}

PROCESS_CHANGE = {
    "id": 206,
    "kind": "process",
    "kind_label": "Process",
    "object_id": 2,
    "label": "Giải quyết hồ sơ tồn đọng",
    "action": "changed",
    "action_label": "Changed",
    "actor": OFFICE_USER,
    "at": "2026-02-02T10:00:00+07:00",
    "changes": {
        "steps": {
            "from": [{"order": 1, "name": "Tiếp nhận", "expected_days": 2}],
            "to": [
                {"order": 1, "name": "Tiếp nhận", "expected_days": 2},
                {"order": 2, "name": "Xử lý", "expected_days": 10},
            ],
        }
    },
}

COORDINATORS_CHANGED = {
    "id": 78,
    "kind": "coordinators_changed",
    "kind_label": "Coordinators changed",
    "actor": LEADER_USER,
    "at": "2026-02-04T09:00:00+07:00",
    "from_status": "in_progress",
    "to_status": "in_progress",
    "note": "Bổ sung cán bộ địa chính.",
    "data": {
        "from_coordinators": [{"id": 8, "name": "Lê Văn Phối Hợp"}],
        "to_coordinators": [{"id": 8, "name": "Lê Văn Phối Hợp"}, {"id": 11, "name": "Ngô Thị Địa Chính"}],
    },
}

OUTCOME_CORRECTED = {
    "id": 79,
    "kind": "outcome_corrected",
    "kind_label": "Outcome measure corrected",
    "actor": LEADER_USER,
    "at": "2026-02-04T09:30:00+07:00",
    "from_status": "in_progress",
    "to_status": "in_progress",
    "note": "Nhập nhầm giá trị mục tiêu.",
    "data": {"fields": ["target"], "changes": {"target": {"from": "99.00", "to": "95.00"}}},
}

NOTIFICATION = {
    "id": 5120,
    "kind": "returned",
    "kind_label": "Task returned for rework",
    "task": {"id": 42, "title": TASK_CREATE["title"]},
    "text": "Nguyễn Văn Tổ Trưởng returned the task “Rà soát hồ sơ tồn đọng” for rework. "
    "Reason: Bổ sung biên bản kiểm tra.",
    "day": "2026-12-04",
    "created_at": "2026-12-04T15:20:00+07:00",
    "read_at": None,
}
