"""Starter guidance for the demo (``seed_demo`` calls ``seed_guidance``): idempotent by English
title, in English with its Chinese and Vietnamese translations (TRANSLATIONS, by English title)."""

from __future__ import annotations

from typing import Any

from guidance.models import GuidanceArticle
from guidance.services import article_create, article_update
from visits.models import ChecklistSection

ARTICLES = [
    (
        5,
        "Planning peak season without excessive overtime",
        "Plan production with sales so weekly hours stay within the legal and program limits.",
        "Ask sales for a 12-week order forecast and turn it into a staffing plan.\n\n"
        "Track hours per worker every week, not every month, and act when a line trends high.\n\n"
        "Agree overtime with workers in advance and record their consent.",
    ),
    (
        6,
        "Pay slips workers can check",
        "Show hours, overtime hours and rates on every pay slip, in a language workers read.",
        "List normal and overtime hours separately with their rates.\n\n"
        "Explain every deduction by name and amount; keep a signed copy for two years.",
    ),
    (
        10,
        "Worker committees that work",
        "Elected committees that meet monthly and publish minutes build trust both ways.",
        "Let workers elect members without management choosing candidates.\n\n"
        "Post minutes in the canteen and follow up on every item at the next meeting.",
    ),
    (
        12,
        "Fire drills on every shift",
        "Drill every shift at least twice a year and keep a signed log.",
        "Night and weekend shifts are often missed: plan their drills first.\n\n"
        "Time the evacuation, note blocked routes and fix them the same week.\n\n"
        "Check daily that every exit is unlocked and clear during working hours.",
    ),
    (
        13,
        "Daily exit and machine-guard checks",
        "A short signed checklist per shift catches most life-threatening hazards early.",
        "Supervisors walk the floor at the start of each shift: exits, guards, PPE.\n\n"
        "A locked or blocked exit is a Zero Tolerance issue: unlock it at once.",
    ),
    (
        14,
        "Dormitories that meet the checklist",
        "Space, privacy, separate floors by gender and working fire protection.",
        "Keep dormitories separate from production and storage buildings.\n\n"
        "Inspect monthly with a worker representative and record repairs.",
    ),
]


# title, summary, body in 简体中文 and Tiếng Việt, by English title (terms: docs/glossary.md).
TRANSLATIONS: dict[str, dict[str, tuple[str, str, str]]] = {
    "Planning peak season without excessive overtime": {
        "zh_hans": (
            "旺季生产计划，避免过度加班",
            "与销售部门一起安排生产，使每周工时不超过法律和项目的限制。",
            "请销售部门提供未来12周的订单预测，并据此制定人员计划。\n\n"
            "每周（而不是每月）统计每位工人的工时，发现某条生产线工时偏高时及时处理。\n\n"
            "提前与工人商定加班安排，并记录他们的同意。",
        ),
        "vi": (
            "Lập kế hoạch mùa cao điểm mà không làm thêm giờ quá mức",
            "Lập kế hoạch sản xuất cùng bộ phận bán hàng để giờ làm mỗi tuần nằm trong giới hạn "
            "của pháp luật và của chương trình.",
            "Đề nghị bộ phận bán hàng dự báo đơn hàng 12 tuần và chuyển thành kế hoạch nhân sự."
            "\n\n"
            "Theo dõi giờ làm của từng công nhân hằng tuần, không phải hằng tháng, và xử lý ngay "
            "khi một chuyền có xu hướng tăng giờ.\n\n"
            "Thỏa thuận trước với công nhân về làm thêm giờ và ghi lại sự đồng ý của họ.",
        ),
    },
    "Pay slips workers can check": {
        "zh_hans": (
            "工人能看懂、能核对的工资单",
            "每张工资单都列明工时、加班工时和工资标准，并使用工人能读懂的语言。",
            "分别列出正常工时和加班工时及其工资标准。\n\n"
            "每一项扣款都写明名称和金额；签字的副本保存两年。",
        ),
        "vi": (
            "Phiếu lương công nhân có thể tự kiểm tra",
            "Ghi rõ giờ làm, giờ làm thêm và đơn giá trên mỗi phiếu lương, bằng ngôn ngữ công "
            "nhân đọc được.",
            "Ghi riêng giờ làm bình thường và giờ làm thêm cùng đơn giá của từng loại.\n\n"
            "Giải thích từng khoản khấu trừ theo tên và số tiền; lưu bản có chữ ký trong hai năm.",
        ),
    },
    "Worker committees that work": {
        "zh_hans": (
            "真正发挥作用的工人委员会",
            "由工人选举产生、每月开会并公布会议纪要的委员会，能增进双方的信任。",
            "让工人自行选举委员，管理层不指定候选人。\n\n"
            "在食堂张贴会议纪要，并在下次会议上跟进每一项事项。",
        ),
        "vi": (
            "Ban đại diện công nhân hoạt động hiệu quả",
            "Ban đại diện do công nhân bầu, họp hằng tháng và công bố biên bản sẽ xây dựng lòng "
            "tin cả hai chiều.",
            "Để công nhân tự bầu thành viên, ban quản lý không chọn ứng viên.\n\n"
            "Dán biên bản họp tại nhà ăn và theo dõi từng nội dung trong cuộc họp tiếp theo.",
        ),
    },
    "Fire drills on every shift": {
        "zh_hans": (
            "每个班次都进行消防演习",
            "每个班次每年至少演习两次，并保存签字记录。",
            "夜班和周末班次常被遗漏：请优先安排它们的演习。\n\n"
            "记录疏散用时，记下被堵塞的通道，并在当周内整改。\n\n"
            "每天检查所有出口在工作时间内未上锁、畅通无阻。",
        ),
        "vi": (
            "Diễn tập phòng cháy trên mọi ca làm việc",
            "Mỗi ca diễn tập ít nhất hai lần một năm và lưu sổ ghi chép có chữ ký.",
            "Ca đêm và ca cuối tuần thường bị bỏ sót: hãy lên lịch diễn tập cho các ca này "
            "trước.\n\n"
            "Đo thời gian sơ tán, ghi lại lối đi bị chặn và khắc phục ngay trong tuần.\n\n"
            "Kiểm tra hằng ngày để mọi lối thoát không bị khóa và thông thoáng trong giờ làm việc.",
        ),
    },
    "Daily exit and machine-guard checks": {
        "zh_hans": (
            "每日检查安全出口和机器防护装置",
            "每个班次一份简短的签字检查表，能及早发现大多数危及生命的隐患。",
            "主管在每个班次开始时巡查车间：出口、防护装置、个人防护用品。\n\n"
            "出口上锁或被堵塞属于零容忍问题：必须立即打开。",
        ),
        "vi": (
            "Kiểm tra lối thoát và thiết bị che chắn máy hằng ngày",
            "Một danh sách kiểm tra ngắn có chữ ký cho mỗi ca giúp phát hiện sớm hầu hết các mối "
            "nguy đe dọa tính mạng.",
            "Tổ trưởng đi kiểm tra xưởng khi bắt đầu mỗi ca: lối thoát, thiết bị che chắn, đồ bảo "
            "hộ.\n\n"
            "Lối thoát bị khóa hoặc bị chặn là vấn đề Không khoan nhượng: mở ngay lập tức.",
        ),
    },
    "Dormitories that meet the checklist": {
        "zh_hans": (
            "符合检查表要求的宿舍",
            "足够的空间和隐私、男女分层居住，以及有效的消防设施。",
            "宿舍应与生产和仓储建筑分开。\n\n每月与一名工人代表一起检查，并记录维修情况。",
        ),
        "vi": (
            "Ký túc xá đáp ứng danh mục kiểm tra",
            "Đủ diện tích, có sự riêng tư, nam nữ ở tầng riêng và thiết bị phòng cháy hoạt động "
            "tốt.",
            "Bố trí ký túc xá tách biệt với nhà xưởng sản xuất và kho.\n\n"
            "Kiểm tra hằng tháng cùng một đại diện công nhân và ghi lại các hạng mục sửa chữa.",
        ),
    },
}


def article_translations(title: str) -> dict[str, str]:
    """The translation columns of a starter article (``title_zh_hans``, ``body_vi``, …)."""
    out: dict[str, str] = {}
    for suffix, texts in TRANSLATIONS.get(title, {}).items():
        for name, text in zip(("title", "summary", "body"), texts, strict=True):
            out[f"{name}_{suffix}"] = text
    return out


def seed_guidance(*, by: Any) -> int:
    """Publish the starter articles that are missing and fill the translations of those that
    lack them; returns how many were created."""
    sections = {
        s.number: s
        for s in ChecklistSection.objects.filter(version__version="2.0").order_by("number")
    }
    existing = {a.title_en: a for a in GuidanceArticle.objects.filter(title_en__in=TRANSLATIONS)}
    created = 0
    for number, title, summary, body in ARTICLES:
        translations = article_translations(title)
        if title in existing:
            article = existing[title]
            if not article.title_zh_hans or not article.title_vi:
                article_update(article=article, by=by, **translations)
            continue
        if number not in sections:
            continue
        article_create(
            section=sections[number],
            title=title,
            summary=summary,
            body=body,
            translations=translations,
            publish=True,
            by=by,
        )
        created += 1
    return created
