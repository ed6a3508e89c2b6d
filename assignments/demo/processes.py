"""The committee's process templates: ordered steps with the days each is expected to take."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessSpec:
    key: str
    name: str
    description: str
    steps: tuple[tuple[str, int], ...]

    @property
    def expected_days(self) -> int:
        return sum(days for _, days in self.steps)


PETITION = ProcessSpec(
    "petition",
    "Giải quyết đơn thư, kiến nghị của công dân",
    "Tiếp nhận, xác minh và trả lời đơn thư, kiến nghị của công dân theo thẩm quyền.",
    (
        ("Tiếp nhận, phân loại đơn thư", 2),
        ("Xác minh, làm việc với cơ sở và người gửi đơn", 10),
        ("Đề xuất hướng giải quyết, báo cáo Tổ trưởng", 3),
        ("Trả lời công dân, báo cáo kết quả", 3),
    ),
)

INSPECTION = ProcessSpec(
    "inspection",
    "Kiểm tra, giám sát chi bộ",
    "Kiểm tra, giám sát việc thực hiện nghị quyết, chỉ thị và nhiệm vụ của tổ chức đảng.",
    (
        ("Xây dựng kế hoạch, thông báo kiểm tra", 3),
        ("Tổ chức đảng được kiểm tra tự kiểm tra, báo cáo", 10),
        ("Làm việc trực tiếp, thẩm tra, xác minh", 5),
        ("Dự thảo và thông báo kết luận kiểm tra", 5),
        ("Theo dõi việc khắc phục sau kiểm tra", 14),
    ),
)

SURVEY = ProcessSpec(
    "survey",
    "Khảo sát thực tế địa bàn",
    "Nắm tình hình thực tế tại cơ sở, gặp gỡ cán bộ và nhân dân, báo cáo kiến nghị.",
    (
        ("Lập kế hoạch khảo sát", 2),
        ("Làm việc với Đảng ủy, UBND phường", 2),
        ("Khảo sát thực địa, gặp gỡ nhân dân", 7),
        ("Báo cáo kết quả khảo sát và kiến nghị", 4),
    ),
)

PROCEDURE = ProcessSpec(
    "procedure",
    "Rà soát, đơn giản hóa thủ tục hành chính",
    "Rà soát thủ tục hành chính, đề xuất cắt giảm thời gian, hồ sơ và chi phí cho người dân.",
    (
        ("Thống kê, rà soát thủ tục và hồ sơ", 7),
        ("Đánh giá, đề xuất phương án đơn giản hóa", 10),
        ("Lấy ý kiến cơ quan liên quan và người dân", 7),
        ("Trình phê duyệt, công khai và áp dụng", 5),
    ),
)

URBAN_ORDER = ProcessSpec(
    "urban_order",
    "Xử lý vi phạm trật tự đô thị",
    "Lập danh sách điểm vi phạm, tuyên truyền, xử lý dứt điểm và kiểm tra duy trì.",
    (
        ("Lập danh sách điểm vi phạm", 3),
        ("Tuyên truyền, vận động hộ vi phạm tự khắc phục", 7),
        ("Phối hợp lực lượng chức năng xử lý", 10),
        ("Kiểm tra, duy trì kết quả", 5),
    ),
)

PROCESSES: dict[str, ProcessSpec] = {p.key: p for p in (PETITION, INSPECTION, SURVEY, PROCEDURE, URBAN_ORDER)}
