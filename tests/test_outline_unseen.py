"""Outline patterns from a third blind set of pages (written by a tester who did not see the parser), in our
own words: legal numerals as the top level, a heading line that runs into its own list, quarter and week
schedules, tables pasted with space-aligned columns."""

import pytest

import planparse
from planparse.text.markers import match_line_marker, schedule_prefix


def _plan(text):
    (plan,) = planparse.parse(text, classify=False).plans
    return plan


def test_legal_numerals_are_a_level_above_yi():
    plan = _plan("醫院工會年度工作計畫\n壹、計畫依據\n依據本會章程辦理。\n貳、工作目標\n一、提升會員福利。\n二、促進勞資溝通。\n"
                 "參、實施項目\n一、會員福利\n（一）辦理生日禮金。\n（二）辦理住院慰問。\n二、教育訓練\n（一）舉辦勞動法令講座。\n"
                 "肆、經費來源\n由本會經費支應。\n")
    assert [s.marker for s in plan.sections] == ["壹、", "貳、", "參、", "肆、"]
    assert [len(s.items) for s in plan.sections] == [1, 2, 2, 1]
    assert [len(i.children) for i in plan.sections[2].items] == [2, 1]


@pytest.mark.parametrize("text, number", [("拾壹、附則", 11), ("伍、經費", 5), ("陆、其他", 6)])
def test_legal_numeral_markers(text, number):
    marker = match_line_marker(text)
    assert marker.family == "cn_legal" and marker.number == number


def test_a_heading_line_that_runs_into_its_own_list():
    text = ("燃气公司工会2026年工作要点\n"
            "一、\t强化思想引领（一）深入开展主题学习。组织职工集中学习，全年开展专题学习6期。（二）加强思想动态分析。"
            "每季度开展一次职工思想状况调查。（三）选树先进典型。评选优秀职工10名。\n"
            "二、\t开展劳动竞赛（一）组织安全生产竞赛。按月考评、季度通报。（二）举办技能比武。设置巡检、抢修两个项目。\n")
    plan = _plan(text)
    assert [s.title for s in plan.sections] == ["强化思想引领", "开展劳动竞赛"]
    assert [[i.marker for i in s.items] for s in plan.sections] == [["（一）", "（二）", "（三）"], ["（一）", "（二）"]]


def test_a_heading_with_a_one_in_its_words_is_not_cut():
    # 1. inside the heading's words without a 2. after it: no list opens there
    plan = _plan("一、推进1.5万名职工技能提升工程\n组织职工参加培训。\n二、做好帮扶\n建立档案。\n")
    assert plan.sections[0].title == "推进1.5万名职工技能提升工程"


@pytest.mark.parametrize("line, end", [("一季度：召开全委会议", 4), ("二季度", 3), ("三、四季度：开展金秋助学", 6),
                                       ("第一周：召开工会委员会议", 4), ("第三、四周：组织读书沙龙", 6),
                                       ("第六至八周：举办基本功比赛", 6), ("第十二周～第十四周：羽毛球赛", 10),
                                       ("一周内完成报名", None), ("三、五季度", None)])
def test_quarter_and_week_labels(line, end):
    assert schedule_prefix(line) == end


def test_three_four_quarters_is_a_schedule_line_not_section_three():
    plan = _plan("街道工会2026年工作要点\n一、全年安排\n一季度：召开全委会议。\n二季度\n1、开展劳动竞赛。\n2、组织技能比武。\n"
                 "三、四季度：开展金秋助学活动。\n二、工作要求\n各分会要抓好落实。\n")
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    first = plan.sections[0]
    assert [i.kind for i in first.items] == ["schedule"] * 3
    assert len(first.items[1].children) == 2


def test_rows_of_a_space_aligned_table_stay_apart():
    plan = _plan("物业公司工会工作计划\n一、慰问标准\n生日慰问    200元/人    全体会员\n结婚慰问    500元/人    本人结婚的会员\n"
                 "住院慰问    300元/人    住院3天以上的会员\n二、工作要求\n按规定执行。\n")
    assert len(plan.sections[0].items) == 3


def test_a_hard_wrapped_sentence_still_joins():
    plan = _plan("学校工会工作计划\n一、师德建设\n组织开展师德师风专题学习和优秀教师评选活动，引导教师爱岗敬业、为人\n师表，全年评选10名师德标兵。\n")
    assert "为人师表" in plan.sections[0].items[0].text.replace("\n", "")


# ---- a fourth blind set (pages5): 范文一 labels, inline separators, items at a time of day ------------------

@pytest.mark.parametrize("line, label", [("范文一：", "范文一"), ("（范文2）", "范文2"), ("社区工会工作计划范文三:", "范文三")])
def test_fanwen_labels_separate_plans(line, label):
    from planparse.text import lines

    assert lines.is_separator(line) and lines.separator_label(line) == label
    assert not lines.is_separator("优秀范文") and not lines.is_separator("工作计划范文两篇")


def test_separators_inside_a_page_that_lost_its_newlines():
    body = "围绕中心、服务大局，团结动员全镇职工建功立业，为经济社会发展作出新贡献。"  # the page is 500+ characters
    text = ("2026年镇总工会工作计划范文两篇 镇总工会工作计划范文一: " + body * 5
            + "一、加强组织建设。1、推进企业建会。2、发展会员500人。二、维护职工权益。1、推进集体协商。2、开展普法宣传。"
            + "镇总工会工作计划范文二: " + body * 2
            + "一、开展劳动竞赛。1、组织技能比武。2、评选先进班组。二、做好困难帮扶。1、建立困难职工档案。2、开展金秋助学。")
    plans = planparse.parse(text, classify=False).plans
    assert [p.separator for p in plans] == ["范文一", "范文二"]
    assert [[len(s.items) for s in p.sections] for p in plans] == [[2, 2], [2, 2]]


def test_items_that_open_with_a_time_of_day():
    plan = _plan("职工健步走活动方案\n一、活动安排\n1、8:00在广场集合；\n2、9:30出发，按小组计时；\n3、12:00集体午餐。\n")
    assert [i.marker for i in plan.sections[0].items] == ["1、", "2、", "3、"]
    assert match_line_marker("1、5月份召开职代会").number == 1  # item 1 in May (two months would be 1—5月 or 一、二月)


# ---- a fifth blind set (pages6): ⒈ markers, two documents in a row, the plan's year, resolutions -------------

def test_one_character_digit_markers():
    marker = match_line_marker("⒊ 开展合理化建议征集")
    assert marker.family == "digit" and marker.number == 3
    plan = _plan("一、深化劳动竞赛\n⒈ 开展岗位练兵。\n⒉ 举办技能比武。\n二、关心职工生活\n⒈ 改造职工食堂。\n")
    assert [[i.marker for i in s.items] for s in plan.sections] == [["⒈", "⒉"], ["⒈"]]


def test_two_documents_one_after_the_other_are_two_plans():
    text = ("机械公司工会2026年工作计划\n今年公司工会将围绕生产经营开展工作。\n"
            "一、深化劳动竞赛\n1．开展岗位练兵。\n二、关心职工生活\n1．改造职工食堂。\n"
            "机械公司工会\n2026年1月15日\n"
            "机械公司女职工委员会2026年工作计划\n公司现有女职工186名。\n"
            "一、提升女职工素质\n1．开展读书月活动。\n二、维护特殊权益\n1．续签专项集体合同。\n")
    plans = planparse.parse(text, classify=False).plans
    assert [p.title for p in plans] == ["机械公司工会2026年工作计划", "机械公司女职工委员会2026年工作计划"]
    assert [len(p.sections) for p in plans] == [2, 2]
    assert plans[0].date == "2026年1月15日"


def test_a_signature_followed_by_an_attachment_title_without_numbering_stays_one_plan():
    text = ("一、深化劳动竞赛\n1．开展岗位练兵。\n二、关心职工生活\n1．改造职工食堂。\n机械公司工会\n2026年1月15日\n"
            "附件：职工书屋借阅管理办法\n借阅图书须登记。\n")
    assert len(planparse.parse(text, classify=False).plans) == 1


@pytest.mark.parametrize("title, year", [("某局机关工会2024年工作总结和2025年工作计划", 2025),
                                         ("某校2024—2025学年工会工作计划", 2024), ("2026年工会工作要点", 2026)])
def test_the_year_a_title_dates_its_plan_by(title, year):
    from planparse.text import lines

    assert lines.plan_year_of(title) == year


def test_a_resolution_title_is_a_title():
    plan = _plan("公司第三届职工代表大会第二次会议决议\n大会审议通过了以下事项：\n一、通过工会工作报告。\n二、通过集体合同草案。\n")
    assert plan.title == "公司第三届职工代表大会第二次会议决议"


def test_viewer_counters_between_the_items_of_a_dotted_list():
    # A viewer's counters (1、 2、 3、) start lines between the document's own 1. 2. 3. items and cut words
    text = ("1、南湖医院工会2026年工作计划\n今年院工会将坚持以职工为中心，做好各项工作。\n"
            "一、围绕中心工作，组织职工建功立业\n"
            "1.开展中医技能大练兵，组织针灸、推拿、中药炮制等项目比赛，以赛促学、以赛促\n2、用。\n"
            "2.推动名老中医经验传承，组织师带徒结对20对，形成一批传承成果。\n"
            "二、保障职工权益\n1.落实院务公开，涉及职工切身利益的事项及时公开，接受职工监督，为夜班一线职工发放营养补\n3、贴。\n"
            "2.为在职职工安排年度健康体检。\n")
    col = planparse.parse(text, classify=False)
    assert [r.text for r in col.removals if r.kind == "viewer_counter"] == ["1、", "2、", "3、"]
    (plan,) = col.plans
    assert plan.title == "南湖医院工会2026年工作计划"
    assert [[i.marker for i in s.items] for s in plan.sections] == [["1.", "2."], ["1.", "2."]]
    assert "以赛促学、以赛促用" in plan.sections[0].items[0].text.replace("\n", "")


@pytest.mark.parametrize("body", ["院工会", "校工会", "局工会"])
def test_a_short_union_signature_is_no_item(body):
    plan = _plan(f"职工健步走活动方案\n一、活动时间\n3月8日上午\n二、其他\n本方案由工会负责解释。\n{body}\n2026年2月20日\n")
    assert [i.text for i in plan.sections[-1].items] == ["本方案由工会负责解释。"]
    assert plan.signature == f"{body}\n2026年2月20日"
