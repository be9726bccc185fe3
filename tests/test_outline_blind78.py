"""Outline and noise patterns from the seventh and eighth blind sets of pages (written by testers who did not see
the parser), in our own words: rule-like 第N条 plans, attachment lines, label-and-title separators, running page
headers, titles wrapped before their plan word, pages that lost their newlines, field labels."""

import pytest

import planparse
from planparse.text import lines
from planparse.text.markers import match_line_marker

from noise_helpers import parse, shown, squeeze


def _plans(text):
    return planparse.parse(text, classify=False).plans


def _plan(text):
    (plan,) = _plans(text)
    return plan


def _removed(col, kind):
    return [r.text for r in col.removals if r.kind == kind]


# ---- titles and plans --------------------------------------------------------------------------------------

def test_a_headline_reporting_the_plan_gives_way_to_the_plans_own_title():
    plan = _plan("街道总工会下发2026年工作要点和活动安排\n\n发布日期：2026-02-11\n\n青禾街道总工会2026年工作要点\n"
                 "今年，街道总工会将突出服务职工，重点做好以下工作。\n一、加强思想引领。开展宣讲六场。\n二、扩大组织覆盖。新建工会五家。\n")
    assert plan.title == "青禾街道总工会2026年工作要点"
    assert plan.organization == "青禾街道总工会"
    assert lines.reports_act("街道总工会下发2026年工作要点和活动安排")
    assert not lines.reports_act("青禾街道总工会2026年工作要点")


def test_a_dated_title_over_a_schedule_starts_a_second_plan():
    text = ("青禾街道总工会2026年工作要点\n一、加强思想引领。开展宣讲六场。\n二、关心职工生活。走访慰问困难职工。\n\n"
            "青禾街道2026年职工文体活动安排\n3月：举办女职工插花活动。\n5月：举办职工篮球赛。\n9月：组织职工健步走。\n")
    first, second = _plans(text)
    assert len(first.sections) == 2 and first.title == "青禾街道总工会2026年工作要点"
    assert second.title == "青禾街道2026年职工文体活动安排"
    assert [i.marker for i in second.sections[0].items] == ["3月：", "5月：", "9月："]


def test_an_undated_sub_heading_over_a_schedule_stays_in_its_plan():
    plan = _plan("青禾街道总工会2026年工作计划\n一、加强思想引领。开展宣讲六场。\n二、全年活动。各月安排如下。\n"
                 "职工文体活动安排\n3月：举办女职工插花活动。\n5月：举办职工篮球赛。\n")
    assert len(plan.sections) == 2


@pytest.mark.parametrize("line, title", [
    ("篇一：石港小学工会2026年工作计划", "石港小学工会2026年工作计划"),
    ("方案二：石港职业学院工会2026年工作计划（简明版）", "石港职业学院工会2026年工作计划（简明版）"),
    ("范文3：镇总工会工作要点", "镇总工会工作要点"),
])
def test_a_label_and_colon_then_a_title_separates_plans(line, title):
    assert lines.is_separator(line) and lines.separator_title(line) == title


def test_an_option_in_a_plan_is_no_separator():
    assert not lines.is_separator("方案一：由工会统一组织乘车前往")
    text = ("# 方案一：石港职业学院工会2026年工作计划（详细版）\n## 一、建家强会\n1. 健全二级分工会。\n2. 创建模范小家。\n"
            "# 方案二：石港职业学院工会2026年工作计划（简明版）\n一、民主管理：召开教代会一次。\n二、文体活动：举办运动会一次。\n")
    plans = _plans(text)
    assert [p.title for p in plans] == ["方案一：石港职业学院工会2026年工作计划（详细版）",
                                        "方案二：石港职业学院工会2026年工作计划（简明版）"]
    assert [p.organization for p in plans] == ["石港职业学院工会"] * 2


def test_a_body_named_before_a_minguo_year():
    assert lines.organization_from_title("安和醫院企業工會115年度工作計畫") == "安和醫院企業工會"


# ---- numbering ---------------------------------------------------------------------------------------------

def test_clauses_numbered_tiao_are_the_sections_and_hold_their_lists():
    plan = _plan("市水务局机关工会2026年工作安排\n为做好今年工会工作，现安排如下。\n"
                 "第一条　政治引领。每季度开展一次专题学习。\n第二条　服务中心。围绕防汛任务开展以下活动：\n"
                 "（一）组织防汛知识竞赛；\n（二）评选优秀巡查员。\n第三条　关心关爱。工会做好以下服务：\n（一）生日慰问；\n"
                 "（二）住院探望；\n（三）夏季送清凉。\n第四条　本安排由局机关工会委员会解释。\n\n附件：2026年活动经费预算表\n\n"
                 "局机关工会\n2026年2月26日\n")
    assert [s.marker for s in plan.sections] == ["第一条", "第二条", "第三条", "第四条"]
    assert [[i.marker for i in s.items] for s in plan.sections[1:3]] == [["（一）", "（二）"], ["（一）", "（二）", "（三）"]]
    assert plan.closing == "附件：2026年活动经费预算表"  # an attachment line is the closing, not a measure
    assert plan.signature == "局机关工会\n2026年2月26日"  # not joined to the attachment line above


def test_a_chapter_still_ranks_above_its_clauses():
    plan = _plan("港务公司工会职工之家建设办法\n第一章 总则\n第一条 本办法适用于公司各基层工会。\n第二条 建家坚持以职工为中心。\n"
                 "第二章 建设内容\n第三条 健全组织。\n第四条 完善阵地。\n")
    assert [s.marker for s in plan.sections] == ["第一章", "第二章"]
    assert [[i.marker for i in s.items] for s in plan.sections] == [["第一条", "第二条"], ["第三条", "第四条"]]


@pytest.mark.parametrize("text, marker", [
    ("1、3月召开教代会", "1、"), ("4、10个教研组各建一个小家", "4、"), ("1.3月召开职代会", "1."), ("2.12月底前完成", "2."),
    ("1.5万元用于慰问", None), ("1.5个月内完成", None), ("1、2、3号楼", None), ("1,000元", None),
])
def test_a_number_after_a_marker(text, marker):
    found = match_line_marker(text)
    assert (found.text if found else None) == marker


def test_items_whose_text_opens_with_a_month_or_a_count():
    plan = _plan("石港中学工会2026年工作计划\n一、推进民主管理\n1、3月召开教代会。\n2、落实校务公开。\n"
                 "二、关心教职工\n1.3月组织体检。\n2.组织10个教研组各建一个小家。\n")
    assert [[i.marker for i in s.items] for s in plan.sections] == [["1、", "2、"], ["1.", "2."]]


def test_field_labels_are_unmarked_items_that_keep_their_label():
    plan = _plan("石港街道总工会读书月活动方案\n一、活动主题\n书香润初心\n二、时间与地点\n- **活动时间**：2026年4月1日至30日\n"
                 "- **活动地点**：街道职工书屋\n三、参加对象\n全体会员\n")
    items = plan.sections[1].items
    assert [i.marker for i in items] == [None, None]
    assert [i.text for i in items] == ["活动时间：2026年4月1日至30日", "活动地点：街道职工书屋"]
    assert [i.kind for i in items] == ["field", "field"]


# ---- print furniture and wraps -----------------------------------------------------------------------------

def test_a_running_header_beside_the_page_numbers_goes_and_the_sentence_rejoins():
    text = ("石港市财政局机关工会2026年工作要点\n一、关心职工生活\n1.健全慰问制度，做好生日和住院慰问。\n"
            "2.鼓励干部职工参与志愿服务，全年志愿服\n\n— 1 —\n\n石港市财政局机关工会文件\n\n务时长人均不少于20小时。\n"
            "二、加强自身建设\n1.规范经费使用，主动接受经费审查委员会\n\n— 2 —\n\n石港市财政局机关工会文件\n\n的监督。\n")
    col = planparse.parse(text, classify=False)
    assert _removed(col, "page_header") == ["石港市财政局机关工会文件"] * 2
    items = col.plans[0].sections[0].items
    assert items[1].text == "鼓励干部职工参与志愿服务，全年志愿服务时长人均不少于20小时。"
    assert col.plans[0].sections[1].items[0].text == "规范经费使用，主动接受经费审查委员会的监督。"


def test_a_title_repeated_over_every_page_stays_the_title_and_goes_at_the_breaks():
    text = ("2026年机关工会工作计划\n一、加强学习\n组织职工开展专题学习，每季度一次。\n第1页 共2页\n"
            "2026年机关工会工作计划\n二、关心职工\n走访慰问困难职工。\n第2页 共2页\n")
    col = planparse.parse(text, classify=False)
    (plan,) = col.plans
    assert plan.title == "2026年机关工会工作计划"
    assert _removed(col, "page_header") == ["2026年机关工会工作计划"]
    assert [s.title for s in plan.sections] == ["加强学习", "关心职工"]


def test_one_page_number_is_not_enough_to_call_a_line_a_header():
    col = planparse.parse("石港小学工会工作计划\n一、加强学习\n组织专题学习。\n第1页 共2页\n教职工之家建设\n"
                          "二、关心职工\n走访慰问。\n", classify=False)
    assert not _removed(col, "page_header")


def test_a_title_wrapped_before_its_plan_word_is_one_line():
    plan = _plan("石港建设隧道项目部2026年“攻坚九十天”劳动竞赛\n实施方案\n为确保节点目标按期实现，决定开展劳动竞赛。\n"
                 "一、竞赛目标\n确保隧道按期贯通。\n二、奖励办法\n设流动红旗。\n")
    assert plan.title == "石港建设隧道项目部2026年“攻坚九十天”劳动竞赛实施方案"
    assert lines.is_title_tail("实施方案") and not lines.is_title_tail("实施方案如下")


# ---- a page that lost its newlines -------------------------------------------------------------------------

ONE_LINE = ("首页 > 范文 > 活动方案 > 护士节活动方案 发布时间：2026-05-02 作者：网友投稿 本文已影响3.4万人 "
            "护士节快到了，活动方案怎么写才好呢？下面是小编整理的一篇医院护士节活动方案，希望对您有所帮助。 "
            "石港市人民医院庆祝国际护士节活动方案 为弘扬护理职业精神，营造关心关爱护士的良好氛围，激励全院护士立足岗位、"
            "担当作为，院工会联合护理部在国际护士节期间组织开展系列庆祝活动，现制定方案如下。"
            "一、活动主题：关爱护士，守护健康 二、活动内容 1.举办护理技能比赛，分基础护理和急救技能两个项目，各病区推荐选手参赛。"
            "2.评选优秀护士十名，在护士节表彰大会上颁发证书，并在医院公众号宣传她们的事迹。"
            "3.组织护士参加羽毛球、乒乓球友谊赛，增进科室之间的交流。"
            "4.开展护士节义诊进社区活动，组织各专科护士到对口社区开展健康咨询和慢病随访指导。"
            "5.走访慰问长期坚守夜班岗位的护士和退休护理专家，送上节日祝福和慰问品。"
            "三、活动要求 1.各科室要合理安排人员，确保护理工作和庆祝活动两不误，不得因参加活动影响病人的治疗和护理。2.宣传科做好报道，扩大活动影【本文出自某某范文网，转载请保留本链接】响。"
            "3.活动经费从院工会经费中列支，严格执行有关标准，厉行节约。"
            " 院工会 2026年5月6日 相关推荐：医院重阳节活动方案 护士节表彰大会主持词 上一篇：医院职工运动会活动方案")


def test_one_line_page_chrome_title_and_signature():
    col = planparse.parse(ONE_LINE, classify=False)
    (plan,) = col.plans
    assert plan.title == "石港市人民医院庆祝国际护士节活动方案"
    assert plan.signature == "院工会\n2026年5月6日"
    out = squeeze(shown(col))
    for noise in ("首页>范文", "发布时间", "网友投稿", "本文已影响", "转载请保留本链接", "相关推荐", "主持词", "上一篇"):
        assert noise not in out
    assert "扩大活动影响。" in out
    assert [len(s.items) for s in plan.sections[1:]] == [5, 3]
    assert len(squeeze(shown(col))) > 400  # long enough to read as a page that lost its newlines


def test_a_plan_sentence_that_names_a_plan_is_not_cut_as_a_title():
    text = ("今年工会工作的总体思路已经明确。现将2026年工作要点印发给你们，请认真贯彻落实。一、加强学习。组织专题学习。"
            "二、关心职工。走访慰问困难职工。三、规范管理。完善工会制度。") * 2
    col = planparse.parse(text, classify=False)
    assert all("现将2026年工作要点" != p.title for p in col.plans)


# ---- site noise --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, kind", [
    ("石港镇人民政府门户网站", "site_menu"),
    ("Home > News > Trade Union", "site_menu"),
    ("发布：HR & Admin Dept.　2026-01-13", "site_meta"),
    ("💋同城约会💋附近的人在线聊 点击进入→→ www.example.cc", "spam"),
    ("【某某汇】真人荷官在线发牌，首充即送38%！官方唯一网址：example.vip", "spam"),
    ("> 提示：以上内容由AI生成，仅供参考，请结合实际修改完善。", "editor_intro"),
    ("🔥🔥工会活动方案模板大全，限时免费一键下载🔥🔥", "viewer"),
    ("点击下载文档 | 收藏 | 分享到微信", "viewer"),
    ("已阅读到文档的结尾了，下载文档可保存到本地离线阅读", "viewer"),
])
def test_site_lines_are_noise(line, kind):
    col = parse(f"石港小学工会2026年工作计划\n{line}\n一、加强师德建设\n1、开展师德专题学习。\n2、评选师德标兵。\n")
    assert any(squeeze(line) in squeeze(t) for t in _removed(col, kind)), [(r.kind, r.text) for r in col.removals]
    assert [len(s.items) for s in col.plans[0].sections] == [2]


@pytest.mark.parametrize("line", [
    "建好用好工会网站",  # names no site kind
    "组织职工下载工会APP，开展线上学习。",
    "推广AI应用，提升办公效率。",
])
def test_plan_lines_that_look_like_site_lines_stay(line):
    col = parse(f"石港小学工会2026年工作计划\n一、加强宣传\n{line}\n")
    assert squeeze(line) in squeeze(shown(col))


def test_document_links_under_a_related_heading_go_and_a_plans_own_list_stays():
    col = parse("石港小学工会2026年工作计划\n一、加强师德建设\n1、开展师德专题学习。\n\n猜你喜欢：\n1、学校工会三八节活动方案\n"
                "2、教职工拔河比赛活动方案\n3、2026年学校工会工作计划\n")
    assert "拔河比赛" not in shown(col)
    col = parse("相关信息：\n1、加强师德建设，开展专题学习。\n2、评选师德标兵。\n")
    assert "评选师德标兵" in shown(col)


# ---- official reports (a blind set of reports in the national corpus's styles) -------------------------------

def test_a_dotted_numeral_before_a_year_is_a_marker():
    marker = match_line_marker("三．2026年的主要任务")
    assert marker.family == "cn_dun" and marker.number == 3
    assert match_line_marker("一.5倍于去年") is None


def _report(parts_restart: bool) -> str:
    second = ["一", "二"] if parts_restart else ["三", "四"]
    return ("关于石港市二〇二五年国民经济计划执行情况和二〇二六年计划草案的报告\n各位代表：\n现在，我代表市人民政府作报告。\n"
            "第一部分 二〇二五年计划执行情况\n一、农业生产稳定增长\n粮食总产量再创新高。\n二、工业生产回升向好\n"
            "规模以上工业增加值增长百分之六。\n第二部分 二〇二六年计划草案\n"
            f"{second[0]}、继续抓好农业\n（一）稳定粮食播种面积。\n（二）加强农田水利建设。\n"
            f"{second[1]}、提高经济效益\n（一）推进企业技术改造。\n（二）降低物质消耗。\n")


def test_sections_numbered_straight_through_the_parts_are_the_top_level():
    (plan,) = _plans(_report(parts_restart=False))
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、", "四、"]
    assert [[i.marker for i in s.items] for s in plan.sections[2:]] == [["（一）", "（二）"]] * 2
    assert "第二部分二〇二六年计划草案" in squeeze(shown(planparse.parse(_report(False), classify=False)))


def test_parts_whose_sections_restart_stay_the_top_level():
    (plan,) = _plans(_report(parts_restart=True))
    assert [s.marker for s in plan.sections] == ["第一部分", "第二部分"]
    assert [[i.marker for i in s.items] for s in plan.sections] == [["一、", "二、"], ["一、", "二、"]]


# ---- the ninth and tenth blind sets ------------------------------------------------------------------------

def test_latin_letter_lists_are_children_of_their_item():
    plan = _plan("本會2026年度工作計劃\n一、維護會員權益\n1. 跟進薪酬調整。\n2. 就以下議題提交意見書：\n(a) 標準工時；\n"
                 "(b) 外判工人保障；\n(c) 強積金安排。\n二、豐富會員生活\n1. 舉辦週年聚餐。\n")
    item = plan.sections[0].items[1]
    assert [c.marker for c in item.children] == ["(a)", "(b)", "(c)"]
    assert match_line_marker("(b) 外判").family == "latin_paren"


def test_programme_lines_by_clock_time_stay_apart():
    plan = _plan("石港公司工会职工技能比武方案\n一、比武日程\n　　7:50　参赛选手到实训楼一楼大厅检录\n"
                 "　　8:10　开幕式，公司领导致辞，裁判长宣读比赛规则\n　　8:30　贴片机操作项目开赛\n二、奖励办法\n设一等奖一名。\n")
    assert [i.text[:4] for i in plan.sections[0].items] == ["7:50", "8:10", "8:30"]


@pytest.mark.parametrize("text, marker", [("1.8:00各分工会集合", "1."), ("1．20xx年3月上旬召开", "1．"), ("2.2026年底前完成", "2.")])
def test_a_time_or_a_year_after_the_dot(text, marker):
    assert match_line_marker(text).text == marker


def test_a_two_column_schedule_pasted_as_text_gives_one_item_a_month():
    plan = _plan("石港医院工会2026年职工文体活动安排\n一、全年活动安排\n1月：迎新春游园会            7月：送清凉到科室\n"
                 "2月：元宵猜灯谜              8月：医师节文艺汇演\n二、几点说明\n各分工会合理安排时间。\n")
    assert [i.marker for i in plan.sections[0].items] == ["1月：", "7月：", "2月：", "8月："]


def test_a_work_report_title_names_its_body():
    assert lines.organization_from_title("石港市第二人民医院工会工作报告") == "石港市第二人民医院工会"
    assert lines.is_title_like("石港市第二人民医院工会工作报告")
    assert lines.organization_from_title("【工会动态】石港中学工会2026年工作计划") == "石港中学工会"


def test_a_summary_after_the_plan_is_a_second_plan():
    text = ("石港物业公司工会2026年工作计划\n今年，公司工会重点做好以下工作。\n一、加强组织建设\n1.健全工会小组。\n"
            "二、开展技能比武\n1.组织客服接待比武。\n\n石港物业公司工会2025年工作总结\n"
            "2025年，公司工会认真履行职责，各项工作取得一定成绩。\n一、组织建设进一步加强。全年发展会员三十人。\n"
            "二、关爱活动有声有色。春节走访困难员工二十人。\n")
    plan, summary = _plans(text)
    assert summary.title == "石港物业公司工会2025年工作总结" and summary.year == 2025
    assert [s.marker for s in plan.sections] == [s.marker for s in summary.sections] == ["一、", "二、"]


def test_a_line_that_stops_on_de_goes_on_even_into_a_title_like_line():
    plan = _plan("石港市人民代表大会关于政府工作报告的决议\n石港市第十届人民代表大会第三次会议听取和审议了市长所作的\n政府工作报告\n"
                 "。会议同意报告提出的各项任务，决定批准这个报告。\n")
    assert "市长所作的政府工作报告。会议同意" in squeeze(shown(planparse.parse(
        "石港市人民代表大会关于政府工作报告的决议\n石港市第十届人民代表大会第三次会议听取和审议了市长所作的\n政府工作报告\n"
        "。会议同意报告提出的各项任务，决定批准这个报告。\n", classify=False)))
    assert plan.title == "石港市人民代表大会关于政府工作报告的决议"


def test_a_run_on_heading_cut_mid_word_is_rejoined_and_its_run_kept_whole():
    plan = _plan("石港医院工会工作报告\n三、2026年工作安排\n（一）深化民主管理。完善提案办理机制。\n"
                 "（二）助推医院发展。一是开展技能提升年活动，重点组织护理、医技岗\n位练兵；二是鼓励职工参与质量改进；三是征集合理化建议。\n"
                 "（三）加强自身建设。健全例会制度。\n")
    item = plan.sections[0].items[1]
    assert [c.marker for c in item.children] == ["一是", "二是", "三是"]
    assert "医技岗位练兵" in item.children[0].text


def test_wechat_lines_framed_by_zero_width_marks_and_credits_are_noise():
    col = parse("石港中学工会2026年工作计划\n\u200b点击上方蓝字 关注我们\u200b\n听全文\n一、加强师德建设\n1、开展师德学习。\n"
                "2、评选师德标兵。\n审核：钟**\n")
    assert "关注我们" not in shown(col) and "听全文" not in shown(col) and "审核" not in shown(col)
    assert [len(s.items) for s in col.plans[0].sections] == [2]


@pytest.mark.parametrize("line", ["……余下全文请下载后查看……", "……（全文共2178字，剩余内容请下载后查看）"])
def test_truncation_notices_of_document_sites(line):
    col = parse(f"石港中学工会2026年工作计划\n一、加强师德建设\n1、开展师德学习。\n{line}\n")
    assert "下载后查看" not in shown(col) and col.plans[0].truncated


def test_two_documents_of_a_viewer_page_that_lost_its_newlines():
    text = ("镇总工会2026年工作要点（两篇）.docx\n"
            "第一篇 石滩镇总工会2026年工作要点 今年全镇工会工作的基本思路是围绕产业发展大局，把维护职工合法权益作为基本职责，"
            "扩大组织覆盖，做实服务阵地，为建设美丽石滩贡献工会力量。全年计划新建基层工会十二家，新发展会员六百人以上。"
            "一、扩大工会组织覆盖 1.以镇工业园区为重点，推动二十五人以上非公企业全部建会。2.推动新就业形态劳动者入会，"
            "在快递网点、物流园区建立工会小组。3.开展会员实名制信息核查，确保数据准确。二、深入开展劳动竞赛 "
            "1.在园区企业开展赛技能、赛质量、赛安全劳动竞赛。2.组织农村实用人才技能比武，重点围绕茶叶制作和农机操作两个项目。"
            "三、做实职工服务 一是办好镇职工服务站，为职工提供法律咨询和就业介绍服务；二是开展金秋助学活动，资助困难职工子女"
            "就学；三是实施职工疗休养计划，组织一线职工和劳模分批疗休养。"
            "第二篇 石湾镇总工会2026年工作要点 一、总体目标 以服务职工为中心，推动全镇工会工作上台阶。二、重点工作 "
            "1.推进村和社区工会规范化建设。2.深化厂务公开民主管理。3.开展两节送温暖活动。4.办好镇工会微信公众号。\n")
    assert len(text) > 400  # a viewer chunk that lost its newlines is long
    first, second = _plans(text)
    assert (first.title, second.title) == ("石滩镇总工会2026年工作要点", "石湾镇总工会2026年工作要点")
    assert [len(s.items) for s in first.sections] == [3, 2, 3]
    assert len(second.sections[1].items) == 4


def test_a_header_seen_once_between_the_halves_of_a_cut_sentence_goes():
    text = ("石港市住房和城乡建设局机关工会2026年工作要点\n一、丰富文体活动\n1.组建篮球、乒乓球两个兴趣协会，每个协会每月活动不少于一\n\n"
            "— 1 —\n\f住建局机关工会2026年工作要点\n\n次。\n2.举办职工趣味运动会。\n")
    col = planparse.parse(text, classify=False)
    assert _removed(col, "page_header") == ["住建局机关工会2026年工作要点"]
    assert col.plans[0].sections[0].items[0].text.endswith("每月活动不少于一次。")
    # a heading after a page number, with a full item below it, stays
    col = planparse.parse(text.replace("\n\n次。\n", "\n1.举办读书会。\n"), classify=False)
    assert not _removed(col, "page_header")


# ---- the eleventh and twelfth blind sets -------------------------------------------------------------------

def test_a_collection_title_naming_a_range_of_pieces_separates_nothing():
    assert not lines.is_separator("2026年车间工会工作计划（篇1—篇3）")
    assert lines.is_separator("篇1：石港高炉车间工会2026年工作计划")


def test_semester_and_month_labels_alone_on_their_line_head_their_lists():
    plan = _plan("石港中学工会2025—2026学年工作计划\n一、学期工作安排\n上学期\n1. 召开工会委员会议。\n2. 庆祝教师节。\n"
                 "下学期\n1. 举办健康讲座。\n2. 召开教代会。\n3. 七、八月份组织疗休养。\n二、月度安排\n三月\n1. 开展踏青活动。\n"
                 "四月\n1. 组织健步走。\n2. 开展征文。\n")
    assert [i.marker for i in plan.sections[0].items] == ["上学期", "下学期"]
    assert [len(i.children) for i in plan.sections[0].items] == [2, 3]
    assert [len(i.children) for i in plan.sections[1].items] == [1, 2]


def test_a_month_that_is_the_subject_of_a_sentence_is_no_label():
    from planparse.text.markers import schedule_prefix
    assert schedule_prefix("11月是公司全年业务量最大的月份") is None
    assert schedule_prefix("11月：开展劳动竞赛") is not None


def test_headings_numbered_1_each_with_its_own_list_are_sections():
    plan = _plan("石港科技公司工会2026年工作计划\n为服务员工，制定本计划如下。\n1、做好员工关怀\n（1）发放生日福利。\n"
                 "（2）开通心理援助热线。\n2、组织技能竞赛\n（1）举办技术沙龙。\n（2）举办编程大赛。\n3、开展文体活动\n（1）支持员工俱乐部。\n")
    assert [s.marker for s in plan.sections] == ["1、", "2、", "3、"]
    assert [len(s.items) for s in plan.sections] == [2, 2, 1]


def test_two_plans_each_on_a_line_of_its_own_that_lost_its_newlines():
    first = ("石港物流公司工会2026年10月份工作计划 为做好10月份工会各项工作，保障业务高峰前职工队伍稳定，结合公司本月生产任务，"
             "制定本月工作计划如下。一、重点工作 1、开展旺季保畅通劳动竞赛动员，组织分拣班组签订竞赛责任书，竞赛时间为10月15日至"
             "11月20日。2、配合安全部开展叉车和传送带作业安全检查，检查结果在班组公示。3、为夜班分拣职工增配护腰和防滑手套，确保十月二十日前发放到每一名职工手中。"
             "二、职工关爱 1、国庆期间到各中转场看望坚守岗位的职工，送去月饼和水果。2、开展重阳节慰问退休职工活动。"
             "3、设立司机之家休息点，提供热水、充电和简餐服务，方便长途货车司机歇脚。三、文体活动 1、十月下旬举办第二届职工趣味"
             "运动会，设拔河、跳绳和托球跑等项目，各中转场组队参加。2、组织职工观看爱国主义影片，观后开展交流座谈。"
             "四、其他工作 1、做好第三季度工会经费收支情况的公开。"
             "2、按时上报月度工作信息。石港物流公司工会2026年9月28日")
    second = ("石港物流公司工会2026年11月份工作计划 11月是公司全年业务量最大的月份，工会工作的重心是服务一线、稳定队伍，"
              "具体安排如下。一、服务旺季生产 1、在各中转场设立工会服务台，为加班职工提供热饮和点心。2、组织工会干部到一线轮流值守，"
              "及时协调解决职工反映的问题。二、维护职工权益 1、督促公司按时足额发放加班工资，工会对加班时长进行抽查。"
              "2、对旺季期间受伤或生病的职工，工会在二十四小时内上门探望。石港物流公司工会2026年10月30日")
    plan1, plan2 = _plans(first + "\n" + second + "\n")
    assert [s.marker for s in plan2.sections] == ["一、", "二、"]
    assert len(first) > 400  # one line of a page that lost its newlines
    assert [len(s.items) for s in plan1.sections] == [3, 3, 2, 2]
    assert plan1.signature == "石港物流公司工会\n2026年9月28日"


def test_department_unions_and_a_second_signing_body():
    assert lines.organization_from_title("石港市中心医院工会外科分会2026年工作计划") == "石港市中心医院工会外科分会"
    plan = _plan("石港医院护士节活动方案\n一、活动时间\n5月6日至12日\n二、经费预算\n费用从院工会经费中列支。\n\n"
                 "石港医院工会\n石港医院护理部\n2026年4月25日\n")
    assert plan.signature == "石港医院工会\n石港医院护理部\n2026年4月25日"
    assert len(plan.sections[1].items) == 1


@pytest.mark.parametrize("line, kind, gone", [
    ("汶溪教育网 - 学校动态 - 工会之窗", "site_menu", "汶溪教育网"),
    ("增强班组凝（范文网原创文档，未经许可禁止转载）聚力。", "watermark", "禁止转载"),
])
def test_more_site_leftovers(line, kind, gone):
    col = parse(f"石港中学工会2026年工作计划\n{line}\n一、加强师德建设\n1、开展师德学习。\n")
    assert gone not in shown(col)
    assert any(gone in t for t in _removed(col, kind))


def test_a_title_that_is_also_the_viewers_first_line_stays_the_title():
    text = ("石港公交集团工会2026年工作计划\n上传者：bus_gh　　文档页数：3页　　格式：DOC\n第1页 / 共3页\n石港公交集团工会2026年工作计划\n"
            "今年，集团工会将服务一线驾驶员。\n一、指导思想\n以职工为本。\n二、重点工作\n开展安全行车竞赛。\n第2页 / 共3页\n"
            "三、保障措施\n加强组织领导。\n第3页 / 共3页\n")
    (plan,) = _plans(text)
    assert plan.title == "石港公交集团工会2026年工作计划" and plan.year == 2026


# ---- the thirteenth blind set ------------------------------------------------------------------------------

def test_a_dated_title_inside_a_question_and_answer_page_is_its_only_plan():
    text = ("民营企业怎样把党建和工会工作结合起来？\n关注者 120 · 被浏览 20,455\n查看全部 9 个回答\n石港说党建\n"
            "215 人赞同了该回答\n谢邀。我们每年合在一起做计划，下面是今年的版本，供参考。\n\n石港机械公司党支部、工会2026年党建带工建工作计划\n"
            "一、组织共建\n一是交叉任职。\n二是同步设置小组。\n二、活动共办\n一是结合主题党日开展活动。\n二是联合评选先锋岗。\n"
            "以上。有几点体会：活动别贪多。\n编辑于 2026-02-26 22:08 · IP 属地浙江\n赞同 215 ​41 条评论 分享 收藏 喜欢\n")
    col = planparse.parse(text, classify=False)
    (plan,) = col.plans
    assert plan.title == "石港机械公司党支部、工会2026年党建带工建工作计划"
    assert [len(s.items) for s in plan.sections] == [2, 2]
    for noise in ("被浏览", "个回答", "赞同了该回答", "IP属地", "条评论"):
        assert noise not in squeeze(shown(col))


def test_a_blog_posts_bars():
    col = parse("石港社区工会联合会2026年工作计划\n转载▼\n一、开展活动\n1. 每月开展一次活动。\n2. 建立联络员制度。\n"
                "阅读(312) ┊ 评论(0) ┊ 收藏(2) ┊ 转载 ┊ 喜欢▼ ┊ 打印 ┊ 举报\n前一篇：2025年社区工会工作总结\n")
    out = shown(col)
    assert "阅读(312)" not in out and "转载" not in out and "前一篇" not in out
    assert [len(s.items) for s in col.plans[0].sections] == [2]
