"""The outline decided for the whole plan, on real-looking pages written for these tests.

Each case is a shape seen on real plan pages (month labels with their own lists, viewer chunk counters,
plans numbered only 1、, a lone （一） between plans, a contents list before the first plan), in text of our own.
"""

from __future__ import annotations

import subprocess
import sys

import planparse
from planparse.structure.outline import Decision


def _sections(text: str):
    return planparse.parse(text, classify=False).plans[0].sections


def test_month_labels_head_their_own_lists():
    text = (
        "机关工会下半年工作安排\n\n7月份\n\n1, 组织职工参加防暑降温知识讲座;\n\n2, 走访慰问高温岗位职工;\n\n"
        "8月份\n\n1、开展职工读书分享会;\n\n2、筹备职工篮球联赛;\n\n3、做好困难职工子女助学申报;\n\n"
        "九、十月份：\n\n1、举办职工趣味运动会;\n\n2、组织退休职工重阳登高。\n"
    )
    (section,) = _sections(text)
    assert section.implied
    assert [i.marker for i in section.items] == ["7月份", "8月份", "九、十月份："]
    assert [len(i.children) for i in section.items] == [2, 3, 2]
    assert section.items[2].children[1].text.startswith("组织退休职工重阳登高")


def test_comma_markers_and_heading_with_a_year():
    text = (
        "县医院工会2026年工作计划\n一,2025年工作回顾\n过去一年，院工会围绕医院中心工作开展了一系列活动。\n"
        "二,2026年重点工作\n1. 健全职代会制度;\n2. 开展医护技能比武;\n三,活动安排\n3月：举办护士节座谈会\n"
    )
    sections = _sections(text)
    assert [s.marker for s in sections] == ["一,", "二,", "三,"]
    assert sections[0].title == "2025年工作回顾"
    assert [i.marker for i in sections[1].items] == ["1.", "2."]


def test_a_plan_numbered_only_1_with_heading_lines_has_them_as_sections():
    text = (
        "镇妇联女职工工作要点\n"
        "1、引导女职工参与企业民主管理，推动女职工代表在职代会中占有相应比例。建立女职工意见征集制度，定期收集整理建议。\n"
        "2、加强女职工思想引领，结合三八节开展巾帼建功主题宣讲，宣传身边优秀女职工的先进事迹和奋斗故事。\n"
        "3、关心女职工身心健康，联系定点医院为女职工开展两癌筛查，组织心理健康讲座和亲子活动。\n"
    )
    sections = _sections(text)
    assert [s.marker for s in sections] == ["1、", "2、", "3、"]
    assert sections[0].title.startswith("引导女职工参与企业民主管理")


def test_a_short_list_after_a_lead_line_is_one_implied_section():
    text = (
        "车间工会2026年工作计划\n今年车间工会重点做好以下工作：\n"
        "1、开展班组安全竞赛。\n2、办好职工读书角。\n3、慰问困难职工。\n4、组织春季健步走。\n"
    )
    (section,) = _sections(text)
    assert section.implied and len(section.items) == 4


def test_viewer_chunk_counters_are_removed_and_cut_words_rejoined():
    body = "坚持以职工为中心开展各项工作，推动基层工会规范化建设，加强职工思想政治引领，" * 3
    text = (
        f"1、街道总工会2026年工作要点{body}为全街道发展贡献力量。一、强化思想政治引领1 .深化理论学习。把学习贯彻会议精神作为全街道各级工会的\n"
        f"2、首要任务，{body}持续开展职工宣讲活动。2 .繁荣职工文化。举办职工文化节，{body}3 .巩固宣传阵\n"
        "3、地。办好工会公众号和宣传栏。\n"
    )
    collection = planparse.parse(text, classify=False)
    counters = [r for r in collection.removals if r.kind == "viewer_counter"]
    assert [r.text for r in counters] == ["1、", "2、", "3、"]
    (plan,) = collection.plans
    section = plan.sections[0]
    assert section.marker == "一、" and section.title == "强化思想政治引领"
    assert [i.marker for i in section.items] == ["1 .", "2 .", "3 ."]
    assert "全街道各级工会的首要任务" in section.items[0].text
    assert section.items[2].text.startswith("巩固宣传阵地")


def test_unnumbered_lines_ending_without_punctuation_are_not_counters():
    text = "学校工会活动安排\n1、教工篮球赛\n2、迎新春联欢会\n3、三八节插花活动\n"
    collection = planparse.parse(text, classify=False)
    assert not [r for r in collection.removals if r.kind == "viewer_counter"]
    assert [i.marker for i in collection.plans[0].sections[0].items] == ["1、", "2、", "3、"]


def test_a_numbered_heading_after_an_inline_run_is_not_its_child():
    text = (
        "区政府工作报告\n一、主要工作\n一是稳定就业。二是扩大消费。三是优化营商环境。\n"
        "（一）扩大国内需求。促进消费和投资更好结合。\n（二）发展现代产业。推动制造业提质升级。\n"
        "二、明年安排\n我们将继续努力。\n"
    )
    sections = _sections(text)
    markers = [i.marker for i in sections[0].items]
    assert markers == ["一是", "二是", "三是", "（一）", "（二）"]
    assert not sections[0].items[2].children


def test_a_lone_paren_marker_before_a_plan_numbered_yi_separates_plans():
    text = (
        "社区工会工作计划范文\n（一）\n今年社区工会将围绕中心、服务大局，做好各项工作。\n"
        "一、加强组织建设\n推动辖区企业应建尽建。\n二、做好帮扶工作\n1、建立困难职工档案。\n"
    )
    collection = planparse.parse(text, classify=False)
    (plan,) = collection.plans
    assert plan.title == "社区工会工作计划范文"
    assert [s.marker for s in plan.sections] == ["一、", "二、"]


def test_a_contents_list_before_the_first_plan_is_not_a_plan():
    text = (
        "工会活动方案(精选3篇)\n【1】工会春游活动方案\n【2】工会趣味运动会方案\n【3】工会读书活动方案\n"
        "工会活动方案 1\n一、活动目的\n丰富职工业余生活。\n二、活动时间\n5月20日\n"
    )
    collection = planparse.parse(text, classify=False)
    assert len(collection.plans) == 1
    assert [s.marker for s in collection.plans[0].sections] == ["一、", "二、"]


def test_a_member_glued_after_a_comma_is_split_out_by_continuity():
    text = (
        "公司工会活动计划\n一、文体活动\n1、一月份举办迎新年联欢,2、二月份组织春节慰问一线职工。\n"
        "3、三月份开展女职工健康讲座。\n4、五月份举办职工运动会。\n"
    )
    items = _sections(text)[0].items
    assert [i.marker for i in items] == ["1、", "2、", "3、", "4、"]


def test_explain_lists_each_decision_with_its_reason():
    text = "工作要点\n一、思想引领\n1、学习宣讲。\n二、维权服务\n1、法律援助。\n"
    decisions: list[Decision] = []
    planparse.parse(text, classify=False, explain=decisions)
    shown = [str(d) for d in decisions]
    assert "line 2: 一、 section: highest numbering that runs in sequence (1 2)" in shown
    assert any(s.startswith("line 3: 1、 item:") for s in shown)


def test_out_of_sequence_markers_are_refused_as_top_level(tmp_path):
    text = "工作计划\n三、配合做好迎检工作。\n七、做好档案整理。\n（一）组织学习\n学习新章程。\n（二）开展活动\n举办讲座。\n"
    decisions: list[Decision] = []
    collection = planparse.parse(text, classify=False, explain=decisions)
    assert [s.marker for s in collection.plans[0].sections] == ["（一）", "（二）"]
    assert any(d.verdict == "refused" and d.marker == "三、" for d in decisions)


def test_cli_explain_goes_to_stderr_and_keeps_stdout_json(tmp_path):
    page = tmp_path / "plan.txt"
    page.write_text("工作要点\n一、思想引领\n1、学习宣讲。\n二、维权服务\n1、法律援助。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "planparse", "parse", str(page), "--format", "json", "--no-classify", "--explain"],
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.lstrip().startswith("{")
    assert "line 2: 一、 section:" in done.stderr


def test_a_plan_left_mostly_in_its_preamble_is_flagged():
    paragraph = "今年我们将围绕中心工作，团结带领广大职工建功立业，推动各项工作再上新台阶。"
    text = "工会工作计划\n" + "\n".join([paragraph] * 12) + "\n一、组织建设\n1、发展会员。\n"
    collection = planparse.parse(text, classify=False)
    assert any("of its text is in the preamble" in w for w in collection.warnings)


def test_a_contents_sentence_in_the_preamble_is_not_a_list_of_sections():
    text = (
        "各位代表：\n\n本报告分三个部分：一、过去一年的工作；二、今年的总体安排；三、主要任务。\n\n"
        "一、过去一年的工作\n\n过去一年，全市经济稳中有进。\n\n二、今年的总体安排\n\n今年要稳字当头。\n\n"
        "三、主要任务\n\n（一）扩大有效需求。促进消费回升。\n\n（二）推进产业升级。培育新兴产业。\n"
    )
    decisions: list[Decision] = []
    plan = planparse.parse(text, classify=False, explain=decisions).plans[0]
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    assert "一、过去一年的工作；" in plan.preamble
    assert [i.marker for i in plan.sections[2].items] == ["（一）", "（二）"]
    assert any(d.verdict == "refused" and "table of contents" in d.reason for d in decisions)


def test_a_numeral_alone_on_its_line_heads_a_part_and_spaced_numbers_stay_in_titles():
    text = (
        "关于市政府工作的报告\n\n一\n\n过去一年的工作取得了新的进展，各项任务全面完成。\n\n"
        "二\n\n今年的主要任务是继续推进改革，保持经济平稳运行。\n\n"
        "三、关于2 0 2 6 年的工作安排\n\n要突出重点，抓好落实。\n"
    )
    sections = _sections(text)
    assert [s.marker for s in sections] == ["一", "二", "三、"]
    assert sections[2].title == "关于2 0 2 6 年的工作安排"


def test_lines_split_by_a_scraped_link_are_rejoined_but_titles_above_a_blank_line_are_not():
    text = (
        "在市第十届人民代表大会第二次会议上\n\n市长　王明\n\n各位代表：\n\n"
        "一、主要工作\n\n全市细颗粒物（PM\n2.5\n）平均浓度下降百分之五，学习贯彻《\n城市规划条例\n》取得成效。\n"
        "二、下步安排\n\n继续努力。\n"
    )
    collection = planparse.parse(text, classify=False)
    plan = collection.plans[0]
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    body = plan.sections[0].items[0].text
    assert "（PM2.5）平均浓度" in body and "《城市规划条例》" in body
    assert "市长" not in plan.sections[0].title
    assert plan.preamble.count("\n") >= 2  # the session line, the speaker and the salutation stay three lines


def test_body_paragraphs_of_a_last_sub_heading_stay_with_it_until_the_closing():
    text = (
        "一、今年的主要任务\n"
        "（一）扩大国内需求。促进消费和投资更好结合。\n办好消费季活动。\n"
        "（二）加强民生保障。稳步提高公共服务水平。\n更大力度稳定就业。完善就业政策。\n"
        "办好人民满意的教育。推进义务教育优质均衡。\n"
        "各位代表！让我们团结奋斗，努力完成全年目标任务。\n"
    )
    plan = planparse.parse(text, classify=False).plans[0]
    last = plan.sections[0].items[-1]
    assert "办好人民满意的教育" in last.text
    assert plan.closing.startswith("各位代表！")


def test_a_page_number_between_the_halves_of_a_cut_sentence_is_removed_and_the_sentence_rejoined():
    text = (
        "医院工会工作计划\n一、重点工作\n组织职工开展岗位练兵和技术比武活动，让职工在医院的发展中实现自身真正意义上\n"
        "6\n的成长。\n二、活动安排\n3月：植树活动\n"
    )
    collection = planparse.parse(text, classify=False)
    section = collection.plans[0].sections[0]
    assert "实现自身真正意义上的成长" in section.items[0].text
    assert [r.text for r in collection.removals if r.kind == "page_number"] == ["6"]


def test_headings_in_a_line_that_lost_its_breaks_are_found_after_a_space():
    body = "围绕学校中心工作，团结动员全体教职工，为学校发展作出新的贡献，" * 4
    text = (
        "学校工会工作计划\n"
        f"学校工会年度工作计划范文一 一、指导思想: {body}履行工会职能。 二、工作目标: {body}争创先进。"
        f" “” 三、主要工作: {body}\n"
    )
    sections = _sections(text)
    assert [s.marker for s in sections] == ["一、", "二、", "三、"]
    assert sections[0].title.startswith("指导思想")


def test_a_run_restarted_inside_a_part_is_its_items_when_the_outer_run_carries_on():
    text = (
        "一、过去一年的工作\n\n各项工作稳步推进。\n\n二、今年的任务\n\n今年要抓好三件事：\n\n"
        "一、稳定增长。扩大有效投资。\n\n二、深化改革。优化营商环境。\n\n"
        "三、改善民生。办好民生实事。\n\n三、加强政府自身建设\n\n坚持依法行政。\n"
    )
    decisions: list[Decision] = []
    plan = planparse.parse(text, classify=False, explain=decisions).plans[0]
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    assert [i.marker for i in plan.sections[1].items] == ["一、", "二、", "三、"]
    assert any("restarted inside a part" in d.reason for d in decisions)


def test_short_numbered_headings_each_with_a_body_paragraph_are_sections_and_not_joined():
    text = (
        "市中心医院工会2026年工作计划\n今年院工会重点抓好以下工作。\n"
        "1.加强思想引领\n依托职工讲堂开展形势政策教育，全年组织专题学习六次。\n"
        "2.深化院务公开\n按期召开职代会，院务公开栏每季度更新一次。\n"
        "3.开展技能竞赛\n举办急救技能和护理操作竞赛，评选技术能手十名。\n"
    )
    sections = _sections(text)
    assert [s.marker for s in sections] == ["1.", "2.", "3."]
    assert [s.title for s in sections] == ["加强思想引领", "深化院务公开", "开展技能竞赛"]


def test_a_contents_list_with_dot_leaders_and_page_numbers_is_not_sections():
    text = (
        "社区卫生服务中心工会2026年工作计划\n目  录\n一、指导思想………………1\n二、工作目标………………1\n"
        "三、主要任务………………2\n\n一、指导思想\n坚持以职工为中心。\n二、工作目标\n1.职工满意率达到百分之九十。\n"
        "三、主要任务\n(一)开展技能练兵。\n(二)关心职工健康。\n"
    )
    sections = _sections(text)
    assert [s.title for s in sections] == ["指导思想", "工作目标", "主要任务"]
    assert [i.marker for i in sections[2].items] == ["(一)", "(二)"]


def test_each_restart_of_an_inline_yishi_run_opens_an_implied_section_and_nothing_is_doubled():
    text = (
        "区总工会工作安排\n去年全区工会工作取得明显成效。\n"
        "今年重点抓好四个方面：一是深化思想引领；二是开展劳动竞赛；三是做实帮扶；四是加强女职工工作。\n"
        "在自身建设方面，一是坚持干部下基层；二是严格经费管理。\n"
        "各基层工会要结合实际抓好落实。\n"
    )
    plan = planparse.parse(text, classify=False).plans[0]
    assert [len(s.items) for s in plan.sections] == [4, 2]
    assert all(s.implied for s in plan.sections)
    assert plan.sections[1].intro.startswith("在自身建设方面")
    everything = planparse.parse(text, classify=False).model_dump_json()
    assert everything.count("严格经费管理") == 1


def test_the_plan_title_is_the_specific_title_line_below_site_lines():
    text = (
        "梅林镇人民政府门户网站\n梅林镇总工会2026年工作要点\n今年镇总工会将围绕中心工作开展各项活动。\n"
        "一、加强组织建设\n1.推进村级工会规范化建设。\n"
    )
    plan = planparse.parse(text, classify=False).plans[0]
    assert plan.title == "梅林镇总工会2026年工作要点" and plan.organization == "梅林镇总工会"
    text = "医院工会工作计划\n仁和医院工会2026年度工作计划\n一、思想引领\n1.开展学习。\n"
    assert planparse.parse(text, classify=False).plans[0].title == "仁和医院工会2026年度工作计划"


def test_a_printed_page_number_line_is_removed_and_the_sentence_rejoined():
    text = (
        "学校工会工作计划\n一、民主管理\n1.认真办理教代会提案，办理结果在公开栏和校园网同步\n- 2 -\n公示，接受教职工监督。\n"
        "2.每学期召开一次教代会。\n"
    )
    collection = planparse.parse(text, classify=False)
    items = collection.plans[0].sections[0].items
    assert "在公开栏和校园网同步公示" in items[0].text
    assert [r.text for r in collection.removals if r.kind == "page_number"] == ["- 2 -"]


def test_a_responsibility_statement_title_is_a_title_and_not_joined_to_the_text():
    text = (
        "工会工作2026年目标管理责任书\n根据公司工会工作的要求，在党政大力支持下，特制订本责任书\n"
        "1、文化活动凝心，发挥工会教育职能。开展职工读书活动，每季度举办一次读书分享会。\n"
        "2、落实民主管理，推行厂务公开，充分发挥职工代表作用，保障职工的知情权和监督权。\n"
    )
    plan = planparse.parse(text, classify=False).plans[0]
    assert plan.title == "工会工作2026年目标管理责任书"


def test_a_line_opening_with_a_short_label_is_not_joined_to_an_unpunctuated_line_above():
    text = (
        "公司工会法律讲座活动方案\n一、活动安排\n活动形式：专题讲座与现场答疑相结合，由职工代表提问题\n"
        "主讲人：市总工会法律顾问\n听讲对象：各车间职工代表\n"
    )
    items = _sections(text)[0].items
    assert len(items) == 3 and items[1].text.startswith("主讲人")
