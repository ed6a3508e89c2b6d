"""The words of the demo: task templates (title × ward), outcomes, sources, notes and reasons."""

from __future__ import annotations

from dataclasses import dataclass

from assignments.choices import Direction

INC = Direction.INCREASE
DEC = Direction.DECREASE


@dataclass(frozen=True)
class OutcomeTemplate:
    indicator: str
    unit: str
    baseline: tuple[float, float]
    target: tuple[float, float]
    direction: str = INC
    decimals: int = 0

    @property
    def ceiling(self) -> float | None:
        """Percentages stop at 100."""
        return 100.0 if self.unit == "%" else None


@dataclass(frozen=True)
class TaskTemplate:
    """`title` and `description` take `{ward}` (the ward's name) and `{n}` (a number)."""

    title: str
    description: str
    process: str
    outcome: OutcomeTemplate
    target: str | None = None

    @property
    def district_level(self) -> bool:
        return "{ward}" not in self.title


WARD_TEMPLATES: list[TaskTemplate] = [
    TaskTemplate(
        "Giải quyết dứt điểm đơn thư tồn đọng, kéo dài tại phường {ward}",
        "Rà soát toàn bộ đơn thư tồn đọng trên địa bàn phường {ward}, làm việc với người gửi đơn "
        "và cơ quan liên quan, giải quyết dứt điểm theo thẩm quyền, báo cáo Tổ trưởng kết quả.",
        "petition",
        OutcomeTemplate("Số đơn thư tồn đọng được giải quyết dứt điểm", "đơn", (0, 0), (5, 15)),
        "CT09",
    ),
    TaskTemplate(
        "Giải quyết kiến nghị của cử tri về ngập úng cục bộ tại phường {ward}",
        "Tổng hợp kiến nghị của cử tri phường {ward} về các điểm ngập úng khi mưa lớn, phối hợp "
        "với cơ quan chuyên môn của quận khảo sát, đề xuất giải pháp và trả lời cử tri.",
        "petition",
        OutcomeTemplate("Số kiến nghị của cử tri được trả lời, giải quyết", "kiến nghị", (0, 0), (4, 10)),
    ),
    TaskTemplate(
        "Trả lời kiến nghị của người dân về trật tự xây dựng tại phường {ward}",
        "Xác minh các kiến nghị của người dân phường {ward} về công trình xây dựng sai phép, "
        "làm việc với UBND phường và trả lời người dân đúng thời hạn.",
        "petition",
        OutcomeTemplate("Tỷ lệ đơn kiến nghị được trả lời đúng hạn", "%", (70, 85), (100, 100)),
        "CT09",
    ),
    TaskTemplate(
        "Kiểm tra việc thực hiện Quy định về những điều đảng viên không được làm tại chi bộ "
        "tổ dân phố số {n}, phường {ward}",
        "Kiểm tra chi bộ tổ dân phố số {n} thuộc Đảng bộ phường {ward} về việc thực hiện Quy định "
        "những điều đảng viên không được làm; kết luận, kiến nghị và theo dõi việc khắc phục.",
        "inspection",
        OutcomeTemplate("Tỷ lệ kiến nghị sau kiểm tra được chi bộ khắc phục", "%", (0, 0), (100, 100)),
        "CT07",
    ),
    TaskTemplate(
        "Kiểm tra công tác phát triển đảng viên của Đảng ủy phường {ward}",
        "Kiểm tra việc tạo nguồn, bồi dưỡng và kết nạp đảng viên mới của Đảng ủy phường {ward}; "
        "chỉ ra hạn chế và đôn đốc hoàn thành chỉ tiêu kết nạp đảng viên của năm.",
        "inspection",
        OutcomeTemplate("Số quần chúng ưu tú được kết nạp Đảng", "đảng viên", (0, 0), (8, 20)),
        "CT08",
    ),
    TaskTemplate(
        "Giám sát việc thực hiện nghị quyết chuyên đề của chi bộ khu dân cư số {n}, phường {ward}",
        "Giám sát chi bộ khu dân cư số {n}, phường {ward} trong việc cụ thể hóa và triển khai "
        "nghị quyết chuyên đề của Đảng ủy phường; đánh giá tiến độ từng nội dung.",
        "inspection",
        OutcomeTemplate("Tỷ lệ nội dung nghị quyết được triển khai đúng tiến độ", "%", (50, 70), (90, 90)),
        "CT07",
    ),
    TaskTemplate(
        "Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở tại phường {ward}",
        "Kiểm tra việc công khai, lấy ý kiến nhân dân và hoạt động của Ban Thanh tra nhân dân "
        "tại các tổ dân phố thuộc phường {ward}.",
        "inspection",
        OutcomeTemplate("Số tổ dân phố được kiểm tra", "tổ dân phố", (0, 0), (6, 15)),
        "CT10",
    ),
    TaskTemplate(
        "Khảo sát đời sống hộ cận nghèo, hộ có hoàn cảnh khó khăn tại phường {ward}",
        "Gặp gỡ từng hộ cận nghèo, hộ có hoàn cảnh khó khăn trên địa bàn phường {ward}, nắm "
        "nguyên nhân và đề xuất giải pháp hỗ trợ sinh kế, việc làm để thoát cận nghèo bền vững.",
        "survey",
        OutcomeTemplate("Số hộ cận nghèo còn lại trên địa bàn", "hộ", (8, 20), (0, 3), DEC),
        "CT04",
    ),
    TaskTemplate(
        "Khảo sát hiện trạng các khu chung cư cũ trên địa bàn phường {ward}",
        "Khảo sát, đánh giá chất lượng các tòa chung cư cũ tại phường {ward}, lấy ý kiến các hộ "
        "dân về phương án cải tạo, xây dựng lại và báo cáo Ban Thường vụ Quận ủy.",
        "survey",
        OutcomeTemplate("Số tòa chung cư cũ được khảo sát, đánh giá chất lượng", "tòa", (0, 0), (4, 12)),
        "CT15",
    ),
    TaskTemplate(
        "Vận động người dân tham gia bảo hiểm y tế tại phường {ward}",
        "Nắm số người chưa có thẻ bảo hiểm y tế tại phường {ward}, phối hợp với tổ dân phố và "
        "các đoàn thể vận động người dân tham gia bảo hiểm y tế hộ gia đình.",
        "survey",
        OutcomeTemplate("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", (88, 93), (95, 95), decimals=1),
        "CT11",
    ),
    TaskTemplate(
        "Đánh giá mức độ hài lòng của người dân với bộ phận một cửa phường {ward}",
        "Tổ chức lấy phiếu khảo sát người dân đến giao dịch tại bộ phận một cửa phường {ward}, "
        "tổng hợp ý kiến và kiến nghị khắc phục những điểm người dân chưa hài lòng.",
        "survey",
        OutcomeTemplate("Mức độ hài lòng của người dân", "%", (80, 88), (90, 90), decimals=1),
        "CT03",
    ),
    TaskTemplate(
        "Rà soát hộ kinh doanh chưa kê khai thuế trên địa bàn phường {ward}",
        "Phối hợp với Chi cục Thuế rà soát các hộ kinh doanh trên các tuyến phố phường {ward}, "
        "đưa các hộ chưa kê khai vào quản lý thuế, chống thất thu ngân sách.",
        "survey",
        OutcomeTemplate("Số hộ kinh doanh được đưa vào quản lý thuế", "hộ", (0, 0), (20, 60)),
        "CT01",
    ),
    TaskTemplate(
        "Rút ngắn thời gian giải quyết thủ tục chứng thực tại UBND phường {ward}",
        "Rà soát quy trình chứng thực bản sao, chữ ký tại UBND phường {ward}, bố trí lại nhân "
        "lực và ứng dụng phần mềm để rút ngắn thời gian chờ của người dân.",
        "procedure",
        OutcomeTemplate(
            "Thời gian giải quyết bình quân một hồ sơ chứng thực", "giờ", (6, 8), (2, 4), DEC, decimals=1
        ),
        "CT02",
    ),
    TaskTemplate(
        "Nâng tỷ lệ hồ sơ giải quyết đúng hạn tại bộ phận một cửa phường {ward}",
        "Phân tích nguyên nhân hồ sơ trễ hạn tại bộ phận một cửa phường {ward}, đề xuất và áp "
        "dụng giải pháp để hồ sơ được giải quyết đúng hạn, trước hạn.",
        "procedure",
        OutcomeTemplate("Tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn", "%", (93, 97), (99, 99), decimals=1),
        "CT02",
    ),
    TaskTemplate(
        "Đẩy mạnh tiếp nhận hồ sơ trực tuyến tại UBND phường {ward}",
        "Hướng dẫn người dân phường {ward} nộp hồ sơ và thanh toán trực tuyến; bố trí cán bộ hỗ "
        "trợ tại bộ phận một cửa và qua tổ dân phố.",
        "procedure",
        OutcomeTemplate("Tỷ lệ hồ sơ nộp trực tuyến", "%", (40, 60), (80, 90)),
        "CT05",
    ),
    TaskTemplate(
        "Xử lý dứt điểm lấn chiếm vỉa hè, lòng đường trên các tuyến phố phường {ward}",
        "Lập danh sách điểm lấn chiếm vỉa hè, lòng đường trên địa bàn phường {ward}, tuyên truyền "
        "vận động và phối hợp lực lượng chức năng xử lý dứt điểm, không để tái diễn.",
        "urban_order",
        OutcomeTemplate("Số điểm lấn chiếm vỉa hè còn tồn tại", "điểm", (15, 30), (0, 5), DEC),
    ),
    TaskTemplate(
        "Xóa bỏ điểm tập kết rác tự phát trên địa bàn phường {ward}",
        "Rà soát các điểm tập kết rác tự phát tại phường {ward}, bố trí lại giờ thu gom, vận động "
        "người dân bỏ rác đúng giờ, đúng nơi quy định.",
        "urban_order",
        OutcomeTemplate("Số điểm tập kết rác tự phát", "điểm", (5, 12), (0, 0), DEC),
        "CT12",
    ),
    TaskTemplate(
        "Xử lý công trình vi phạm trật tự xây dựng tại phường {ward}",
        "Đôn đốc UBND phường {ward} xử lý dứt điểm các công trình xây dựng sai phép, không phép "
        "đã được phát hiện; báo cáo kết quả với Tổ cấp ủy.",
        "urban_order",
        OutcomeTemplate("Số công trình vi phạm được xử lý dứt điểm", "công trình", (0, 0), (3, 8)),
    ),
]

DISTRICT_TEMPLATES: list[TaskTemplate] = [
    TaskTemplate(
        "Rà soát, đơn giản hóa thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Rà soát thành phần hồ sơ và quy trình cấp giấy phép xây dựng nhà ở riêng lẻ của quận, "
        "đề xuất cắt giảm thời gian giải quyết cho người dân.",
        "procedure",
        OutcomeTemplate("Thời gian giải quyết một hồ sơ cấp phép xây dựng", "ngày", (15, 15), (10, 12), DEC),
        "CT02",
    ),
    TaskTemplate(
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại bộ phận một cửa quận",
        "Chỉ đạo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại bộ phận một cửa quận, "
        "bảo đảm người dân không phải nộp lại giấy tờ đã có.",
        "procedure",
        OutcomeTemplate("Tỷ lệ hồ sơ được số hóa", "%", (50, 70), (90, 100)),
        "CT05",
    ),
    TaskTemplate(
        "Kiểm tra công tác phòng, chống tham nhũng, lãng phí tại các cơ quan khối quận",
        "Kiểm tra việc lãnh đạo, chỉ đạo công tác phòng, chống tham nhũng, lãng phí và việc kê "
        "khai tài sản, thu nhập tại các cơ quan, đơn vị khối quận.",
        "inspection",
        OutcomeTemplate("Số cơ quan, đơn vị được kiểm tra", "cơ quan", (0, 0), (4, 8)),
    ),
    TaskTemplate(
        "Giải quyết đơn thư do Ban Tiếp công dân Thành phố chuyển đến",
        "Tiếp nhận, phân công xác minh và giải quyết các đơn thư do Ban Tiếp công dân Thành phố "
        "chuyển về quận; trả lời công dân và báo cáo Thành phố đúng hạn.",
        "petition",
        OutcomeTemplate("Số đơn được giải quyết đúng hạn", "đơn", (0, 0), (3, 8)),
        "CT09",
    ),
    TaskTemplate(
        "Khảo sát nhu cầu việc làm của thanh niên trên địa bàn quận",
        "Phối hợp Quận đoàn và các phường khảo sát nhu cầu việc làm, học nghề của thanh niên, "
        "tổ chức kết nối doanh nghiệp và phiên giao dịch việc làm.",
        "survey",
        OutcomeTemplate("Số thanh niên được giới thiệu việc làm", "người", (0, 0), (80, 200)),
        "CT14",
    ),
]

SOURCES = [
    "Chương trình công tác năm {year} của Ban Thường vụ Quận ủy",
    "Kết luận giao ban Tổ cấp ủy quý {quarter}/{year}",
    "Nghị quyết Đại hội đại biểu Đảng bộ quận lần thứ XXVI, nhiệm kỳ 2020 – 2025",
    "Kế hoạch kiểm tra, giám sát năm {year} của Ban Thường vụ Quận ủy",
    "Kết luận hội nghị Ban Chấp hành Đảng bộ quận tháng {month}/{year}",
    "Ý kiến chỉ đạo của Thường trực Quận ủy tại buổi làm việc với cơ sở tháng {month}/{year}",
]

OWNER_NOTES = [
    "Đã làm việc với Đảng ủy phường, thống nhất lịch triển khai từng nội dung.",
    "Đã gặp gỡ Bí thư chi bộ và Tổ trưởng tổ dân phố để nắm tình hình.",
    "Đề nghị Văn phòng Quận ủy hỗ trợ tài liệu, số liệu của các năm trước.",
    "Một số hộ dân vắng nhà; sẽ quay lại làm việc vào cuối tuần.",
    "Đã phối hợp với phòng chuyên môn của quận kiểm tra hiện trường.",
    "Tiến độ bảo đảm; dự kiến báo cáo kết quả đúng hạn.",
]

LEADER_NOTES = [
    "Đề nghị đồng chí chủ trì đẩy nhanh tiến độ, báo cáo trước phiên họp Ban Thường vụ.",
    "Lưu ý bám sát kết luận của Thường trực Quận ủy, bảo đảm đúng quy trình.",
    "Tổ trưởng đã nắm tiến độ; đề nghị bổ sung minh chứng cho từng bước.",
    "Đề nghị phối hợp chặt chẽ với Đảng ủy phường, tránh chồng chéo.",
]

OVERDUE_NOTES = [
    "Nhiệm vụ đã quá hạn; đề nghị đồng chí chủ trì báo cáo nguyên nhân và thời gian hoàn thành.",
    "Tổ trưởng nhắc: đề nghị khẩn trương triển khai, báo cáo bằng văn bản trong tuần.",
]

#: The owner's explanations of a delay (giải trình).
DELAY_REASONS = [
    "Chờ Đảng ủy phường gửi số liệu tổng hợp; đã có văn bản đôn đốc.",
    "Cán bộ phụ trách đi tập huấn dài ngày; đã phân công người thay và đề xuất lùi hạn.",
    "Phát sinh hồ sơ cần xin ý kiến liên ngành, chưa đủ điều kiện kết luận.",
]

COORDINATOR_NOTES = [
    "Đã cung cấp số liệu của đơn vị phối hợp.",
    "Đơn vị phối hợp đã cử cán bộ tham gia đoàn công tác.",
    "Đề nghị bổ sung ý kiến của Ủy ban MTTQ phường trước khi báo cáo.",
]

OFFICE_NOTES = [
    "Văn phòng Quận ủy đã cập nhật nhiệm vụ vào chương trình công tác tháng.",
    "Văn phòng Quận ủy đề nghị gửi báo cáo kết quả qua hệ thống để tổng hợp.",
]

PAUSE_REASONS = [
    "Chờ ý kiến chỉ đạo của Thường trực Quận ủy.",
    "Chờ kết quả xác minh của cơ quan chuyên môn.",
    "Người dân đề nghị hoãn buổi làm việc; tạm dừng chờ bố trí lịch.",
    "Tập trung lực lượng phục vụ nhiệm vụ chính trị đột xuất trên địa bàn.",
]

RESUME_NOTES = ["Đã có ý kiến chỉ đạo; tiếp tục thực hiện.", "Đã bố trí được lịch làm việc.", ""]

RETURN_REASONS = [
    "Báo cáo chưa có minh chứng cho kết quả đo; đề nghị bổ sung.",
    "Số liệu chưa khớp với báo cáo của UBND phường; đề nghị rà soát lại.",
    "Chưa có biên bản làm việc với tổ chức đảng được kiểm tra; đề nghị bổ sung.",
]

CANCEL_REASONS = [
    "Nội dung đã được lồng ghép vào nhiệm vụ khác của Tổ.",
    "Theo chỉ đạo của Ban Thường vụ, chuyển cơ quan chuyên môn của quận thực hiện.",
    "Công dân đã rút đơn; không còn nội dung phải giải quyết.",
    "Trùng với kế hoạch kiểm tra của Ủy ban Kiểm tra Quận ủy.",
]

EXTEND_REASONS = [
    "Chờ văn bản trả lời của cơ quan cấp trên.",
    "Khối lượng hồ sơ phải rà soát lớn hơn dự kiến.",
    "Trùng thời gian cao điểm phục vụ các sự kiện chính trị trên địa bàn.",
    "Công dân đề nghị bổ sung tài liệu; cần thêm thời gian xác minh.",
]

REASSIGN_REASONS = [
    "Đồng chí chủ trì được phân công nhiệm vụ khác; chuyển giao để bảo đảm tiến độ.",
    "Điều chỉnh phân công theo địa bàn phụ trách.",
    "Đồng chí chủ trì đi học tập trung; chuyển giao cho đồng chí khác trong Tổ.",
]

SUBMIT_NOTES = [
    "Đã hoàn thành các bước, gửi kèm báo cáo kết quả.",
    "Báo cáo kết quả và minh chứng đã gửi Tổ trưởng.",
    "",
]

ACCEPT_NOTES = ["Đạt yêu cầu.", "Nghiệm thu; đề nghị duy trì kết quả.", ""]

EVIDENCE = [
    "Báo cáo của UBND phường",
    "Biên bản làm việc",
    "Số liệu từ hệ thống một cửa điện tử",
    "Tổng hợp phiếu khảo sát",
    "Báo cáo của đơn vị chuyên môn",
]
