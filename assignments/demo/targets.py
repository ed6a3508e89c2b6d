"""The term's 15 targets ("chỉ tiêu nhiệm kỳ" 2020–2025): 14 met, 10 of them early."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from assignments.choices import Direction

#: The term ends with the next congress; the targets are judged at the end of June 2025.
TERM_END = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class TargetSpec:
    code: str
    name: str
    unit: str
    target_value: Decimal
    actual: Decimal
    achieved_on: dt.date | None
    direction: str = Direction.INCREASE
    deadline: dt.date = TERM_END


def _d(value: str) -> Decimal:
    return Decimal(value)


TARGETS: list[TargetSpec] = [
    TargetSpec(
        "CT01",
        "Tổng thu ngân sách nhà nước trên địa bàn tăng bình quân hằng năm",
        "%/năm",
        _d("10"),
        _d("10.2"),
        dt.date(2025, 1, 20),
    ),
    TargetSpec(
        "CT02",
        "99% hồ sơ hành chính giải quyết đúng hạn, trước hạn",
        "%",
        _d("99"),
        _d("99.4"),
        dt.date(2023, 12, 31),
    ),
    TargetSpec(
        "CT03",
        "Mức độ hài lòng của người dân, tổ chức với sự phục vụ của cơ quan hành chính đạt 90%",
        "%",
        _d("90"),
        _d("91.5"),
        dt.date(2024, 12, 31),
    ),
    TargetSpec(
        "CT04",
        "Không còn hộ nghèo theo chuẩn của Thành phố",
        "hộ",
        _d("0"),
        _d("0"),
        dt.date(2023, 6, 30),
        direction=Direction.DECREASE,
    ),
    TargetSpec(
        "CT05",
        "100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình",
        "%",
        _d("100"),
        _d("100"),
        dt.date(2024, 6, 30),
    ),
    TargetSpec(
        "CT06",
        "95% trường công lập đạt chuẩn quốc gia",
        "%",
        _d("95"),
        _d("96.9"),
        TERM_END,
    ),
    TargetSpec(
        "CT07",
        "Hằng năm có từ 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "%",
        _d("90"),
        _d("92.3"),
        TERM_END,
    ),
    TargetSpec(
        "CT08",
        "Kết nạp 1.200 đảng viên mới trong nhiệm kỳ",
        "đảng viên",
        _d("1200"),
        _d("1315"),
        dt.date(2024, 11, 30),
    ),
    TargetSpec(
        "CT09",
        "95% đơn thư khiếu nại, tố cáo thuộc thẩm quyền được giải quyết",
        "%",
        _d("95"),
        _d("97.6"),
        dt.date(2024, 12, 31),
    ),
    TargetSpec(
        "CT10",
        "90% tổ dân phố đạt danh hiệu Tổ dân phố văn hóa",
        "%",
        _d("90"),
        _d("91.2"),
        TERM_END,
    ),
    TargetSpec(
        "CT11",
        "95% dân số tham gia bảo hiểm y tế",
        "%",
        _d("95"),
        _d("95.8"),
        dt.date(2025, 3, 31),
    ),
    TargetSpec(
        "CT12",
        "100% chất thải rắn sinh hoạt được thu gom, vận chuyển trong ngày",
        "%",
        _d("100"),
        _d("100"),
        dt.date(2022, 12, 31),
    ),
    TargetSpec(
        "CT13",
        "92% hộ gia đình đạt danh hiệu Gia đình văn hóa",
        "%",
        _d("92"),
        _d("93.1"),
        dt.date(2024, 12, 31),
    ),
    TargetSpec(
        "CT14",
        "Giải quyết việc làm mới cho 20.000 lao động trong nhiệm kỳ",
        "người",
        _d("20000"),
        _d("20450"),
        TERM_END,
    ),
    TargetSpec(
        "CT15",
        "Khởi công cải tạo, xây dựng lại 3 khu chung cư cũ",
        "khu",
        _d("3"),
        _d("1"),
        None,
    ),
]
