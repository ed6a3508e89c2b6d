"""The demo committee's organisation: wards, members (fictional people) and the 12 groups."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from assignments.text import normalize_text

WARDS_CSV = Path(__file__).resolve().parent.parent / "data" / "wards.csv"

#: The reference file ends every ward on 2025-06-30 (the city's reorganisation of
#: 2025). The demo keeps the committee of the 2020–2025 term working through 2026 for
#: the sake of the story, so only a ward merged before 2025 is retired.
RETIRED_BEFORE = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class WardRow:
    code: str
    name: str
    valid_to: dt.date | None

    @property
    def retired(self) -> bool:
        return self.valid_to is not None and self.valid_to < RETIRED_BEFORE


def load_wards(path: Path = WARDS_CSV) -> list[WardRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            WardRow(
                code=row["code"].strip(),
                name=normalize_text(row["name"]),
                valid_to=dt.date.fromisoformat(row["valid_to"]) if row["valid_to"].strip() else None,
            )
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    title: str
    phone: str
    is_standing: bool = False


SECRETARY = Person("secretary", "Trần Quốc Khánh", "Bí thư Quận ủy", "0901 000 100", is_standing=True)

#: Group leaders, in group order: leader01 leads Tổ 1, and so on.
LEADERS = [
    ("Nguyễn Thị Minh Nguyệt", "Phó Bí thư Thường trực Quận ủy"),
    ("Lê Hoàng Sơn", "Phó Bí thư Quận ủy, Chủ tịch UBND quận"),
    ("Phạm Thị Thu Hà", "Phó Bí thư Quận ủy, Chủ tịch HĐND quận"),
    ("Vũ Đức Thịnh", "Trưởng Ban Tổ chức Quận ủy"),
    ("Đặng Văn Hưng", "Chủ nhiệm Ủy ban Kiểm tra Quận ủy"),
    ("Bùi Thị Lan Anh", "Trưởng Ban Tuyên giáo Quận ủy"),
    ("Hoàng Văn Tùng", "Trưởng Ban Dân vận Quận ủy"),
    ("Đỗ Thị Hồng Nhung", "Chánh Văn phòng Quận ủy"),
    ("Ngô Quang Minh", "Phó Chủ tịch Thường trực UBND quận"),
    ("Dương Thị Thanh Xuân", "Chủ tịch Ủy ban MTTQ Việt Nam quận"),
    ("Trịnh Văn Cường", "Trưởng Công an quận"),
    ("Phan Mạnh Hùng", "Chỉ huy trưởng Ban Chỉ huy Quân sự quận"),
]

#: The Party committee secretaries of the active wards, by ward code.
WARD_SECRETARIES = [
    ("00001", "Nguyễn Văn Tuấn"),
    ("00004", "Trần Thị Ngọc Ánh"),
    ("00006", "Lê Minh Đức"),
    ("00007", "Phạm Văn Long"),
    ("00008", "Hoàng Thị Thu Trang"),
    ("00013", "Vũ Thị Mai Phương"),
    ("00016", "Đặng Quốc Bảo"),
    ("00019", "Bùi Văn Khải"),
    ("00022", "Đỗ Minh Hiếu"),
    ("00025", "Ngô Thị Hải Yến"),
    ("00028", "Dương Văn Thành"),
    ("00031", "Lý Thị Kim Oanh"),
    ("00034", "Đinh Công Nam"),
]

#: Heads of district bodies who sit on the Executive Committee.
DISTRICT_MEMBERS = [
    ("Tạ Thị Thúy Hằng", "Phó Chủ tịch UBND quận"),
    ("Lương Văn Quyết", "Phó Chủ tịch UBND quận"),
    ("Mai Thị Phương Thảo", "Phó Trưởng Ban Tổ chức Quận ủy"),
    ("Chu Đức Hạnh", "Phó Chủ nhiệm Ủy ban Kiểm tra Quận ủy"),
    ("Hồ Sỹ Trung", "Chánh Thanh tra quận"),
    ("Kiều Thị Thanh Tâm", "Phó Trưởng Ban Tuyên giáo Quận ủy"),
    ("Trương Văn Lâm", "Trưởng phòng Quản lý đô thị"),
    ("Nguyễn Thị Diệu Linh", "Trưởng phòng Tài chính – Kế hoạch"),
    ("Trần Đình Phúc", "Trưởng phòng Nội vụ"),
    ("Lê Thị Bích Ngọc", "Trưởng phòng Giáo dục và Đào tạo"),
    ("Phạm Quang Vinh", "Trưởng phòng Tư pháp"),
    ("Vương Thị Hà My", "Trưởng phòng Văn hóa và Thông tin"),
    ("Cao Văn Toàn", "Trưởng phòng Lao động – Thương binh và Xã hội"),
    ("Hà Thị Thu Huyền", "Trưởng phòng Y tế"),
    ("Đoàn Mạnh Tiến", "Bí thư Quận đoàn"),
    ("Tô Thị Hoài Thu", "Chủ tịch Hội Liên hiệp Phụ nữ quận"),
    ("Lại Văn Dũng", "Chủ tịch Hội Cựu chiến binh quận"),
    ("Nghiêm Thị Quỳnh", "Chủ tịch Liên đoàn Lao động quận"),
    ("Khuất Văn Hòa", "Giám đốc Trung tâm Chính trị quận"),
    ("Quách Thị Minh Châu", "Phó Chánh Văn phòng Quận ủy"),
]

#: The wards each group covers, by group number. Nguyễn Trung Trực (00010) merged
#: into Trúc Bạch at the end of 2024, so Tổ 1 keeps it only for its earlier tasks.
GROUP_WARDS: dict[int, list[str]] = {
    1: ["00001", "00004", "00010"],
    2: ["00013", "00019"],
    3: ["00006", "00007"],
    4: ["00008", "00025"],
    5: ["00016", "00022"],
    6: ["00028", "00031"],
    7: ["00034", "00025"],
    8: ["00007", "00008"],
    9: ["00019", "00022"],
    10: ["00031", "00034"],
    11: ["00006", "00016"],
    12: ["00013", "00004"],
}

#: District members sit in one group; the first eight also in a second one.
SECOND_GROUP_OFFSET = 5
MEMBERS_IN_TWO_GROUPS = 8


def _phone(number: int) -> str:
    # Fictional numbers in one made-up block, never a real person's phone.
    return f"0901 000 {number:03d}"


def leaders() -> list[Person]:
    return [
        Person(f"leader{i:02d}", name, title, _phone(100 + i), is_standing=True)
        for i, (name, title) in enumerate(LEADERS, start=1)
    ]


def ordinary_members(ward_names: dict[str, str]) -> list[Person]:
    people = [
        Person("", name, f"Bí thư Đảng ủy phường {ward_names[code]}", "") for code, name in WARD_SECRETARIES
    ]
    people += [Person("", name, title, "") for name, title in DISTRICT_MEMBERS]
    return [
        Person(f"member{i:02d}", p.full_name, p.title, _phone(200 + i)) for i, p in enumerate(people, start=1)
    ]


def member_groups(username: str) -> list[int]:
    """The groups an ordinary member belongs to (ward secretaries: the groups of their ward)."""
    index = int(username.removeprefix("member")) - 1
    if index < len(WARD_SECRETARIES):
        code = WARD_SECRETARIES[index][0]
        return [number for number, codes in GROUP_WARDS.items() if code in codes]
    k = index - len(WARD_SECRETARIES)
    groups = [k % 12 + 1]
    if k < MEMBERS_IN_TWO_GROUPS:
        groups.append((k + SECOND_GROUP_OFFSET) % 12 + 1)
    return groups


def member_wards(username: str) -> list[str]:
    """The wards a member is in charge of: a ward secretary their ward; others one of their group's."""
    index = int(username.removeprefix("member")) - 1
    if index < len(WARD_SECRETARIES):
        return [WARD_SECRETARIES[index][0]]
    first_group = member_groups(username)[0]
    codes = [c for c in GROUP_WARDS[first_group] if c != "00010"]
    return [codes[index % len(codes)]]


def group_name(number: int, ward_names: dict[str, str], retired: set[str]) -> str:
    names = [ward_names[c] for c in GROUP_WARDS[number] if c not in retired]
    return f"Tổ {number} – phụ trách {', '.join(names)}"
