"""Outline and noise patterns from the thirteenth to fifteenth blind sets of pages (written by testers who did not
see the parser), in our own words: a plan's title below a question-and-answer page's talk, a Q&A site's
breadcrumb, viewer page counters, a bracketed credit line inside a word, related links on one line."""

import planparse

from noise_helpers import parse, shown, squeeze


def _plan(text):
    (plan,) = planparse.parse(text, classify=False).plans
    return plan


def _removed(col, kind):
    return [r.text for r in col.removals if r.kind == kind]


# ---- titles ------------------------------------------------------------------------------------------------

QA_PAGE = ("问答社区 > 职场 > 工会话题\n"
           "小公司第一次成立工会，年度计划从哪几方面写？\n"
           "我们是一家做包装材料的工厂，一百多人，刚选出工会主席，想请大家给个能照着改的计划。\n"
           "热心网友 · 老工会人  2026-02-03 20:15\n"
           "我们单位前年写过一份，你可以照这个框架改：\n"
           "\n"
           "红枫包装材料有限公司工会2026年工作计划\n"
           "今年工会的重点是把架子搭起来，把第一批实事办好。\n"
           "1、建好组织\n"
           "（1）选出各车间工会小组长。\n"
           "（2）建立会员名册，年底入会率达到九成。\n"
           "2、办好实事\n"
           "（1）夏季为一线职工送清凉。\n"
           "（2）职工生病住院由工会上门看望。\n")


def test_a_title_below_a_question_and_its_talk_is_the_plans_title():
    col = parse(QA_PAGE)
    (plan,) = col.plans
    assert plan.title == "红枫包装材料有限公司工会2026年工作计划"
    assert plan.year == 2026
    assert [s.title for s in plan.sections] == ["建好组织", "办好实事"]
    assert "问答社区 > 职场 > 工会话题" in _removed(col, "site_menu")


def test_a_title_far_down_needs_to_stand_right_above_the_text():
    # The same title line with three paragraphs between it and the list is talk, not the plan's title.
    text = QA_PAGE.replace("今年工会的重点是把架子搭起来，把第一批实事办好。\n",
                           "今年工会的重点是把架子搭起来。\n第一批实事要办好。\n职工的意见要先听取。\n")
    assert _plan(text).title == ""


def test_a_plans_flow_with_arrows_is_no_breadcrumb():
    col = parse("青禾小学工会2026年评优工作计划\n一、评选程序\n个人申报 > 小组推荐 > 校务公示\n二、表彰安排\n年底召开表彰大会。\n")
    assert "个人申报 > 小组推荐 > 校务公示" in shown(col)


# ---- viewer and site furniture -----------------------------------------------------------------------------

def test_a_viewers_page_counter_and_download_button_are_noise():
    text = ("南溪区人民医院工会2026年工作计划\n一、关爱职工\n1、春节前走访困难职工。\n2、组织职工体检。\n"
            "南溪区人民医院工会\n2026年1月8日\n全文共3页，当前为第3页\n点击下载完整文档\n")
    col = parse(text)
    (plan,) = col.plans
    assert plan.signature == "南溪区人民医院工会\n2026年1月8日"
    assert [i.text for i in plan.sections[0].items] == ["春节前走访困难职工。", "组织职工体检。"]
    assert {"全文共3页，当前为第3页", "点击下载完整文档"} <= set(_removed(col, "viewer"))


def test_a_plan_sentence_about_pages_or_downloads_stays():
    text = ("南溪区人民医院工会2026年工作计划\n一、宣传教育\n1、编印职工手册，全书共30页，当前正在校对。\n"
            "2、组织职工点击下载工会APP，完成实名注册。\n")
    assert "全书共30页，当前正在校对" in shown(parse(text))
    assert "点击下载工会APP" in shown(parse(text))


def test_a_bracketed_credit_line_inside_a_word_goes_and_the_word_rejoins():
    text = ("北岭煤矿工会2026年工作计划\n一、建设职工之家\n"
            "1、完善井口职工浴室和休息室，增强矿工对企业的归属（某某文档网原创，转载请注明出处）感。\n")
    col = parse(text)
    assert "增强矿工对企业的归属感。" in shown(col)
    assert "转载请注明出处" not in shown(col)


def test_related_links_on_one_line_are_noise_but_a_plans_own_label_stays():
    text = ("东港区税务局机关工会2026年工作计划\n一、加强学习\n1、每季度组织一次读书分享会。\n"
            "相关链接：区局召开工会委员会会议 | 区局开展青年读书月活动\n")
    col = parse(text)
    assert "区局召开工会委员会会议" not in squeeze(shown(col))
    assert _removed(col, "related_links")
    kept = parse("东港区税务局机关工会2026年工作计划\n一、网站建设\n1、在工会网页增设相关链接：职工书屋、法律援助。\n")
    assert "相关链接：职工书屋、法律援助" in shown(kept)
