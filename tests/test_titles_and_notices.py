"""Issuing bodies read from titles, template stand-ins, site notices and short viewer chunks.

Patterns seen on real template-site and viewer pages, written here in our own words.
"""

import pytest

import planparse
from planparse.text import lines


@pytest.mark.parametrize("title, body", [
    ("青石区人民医院2026年工会工作要点", "青石区人民医院工会"),          # the union named after the year is the issuer
    ("云岭小学2025年度工会工作计划", "云岭小学工会"),
    ("北坡社区2026年女职工委员会工作计划", "北坡社区女职工委员会"),
    ("南湖电力公司工会“五一”劳动节系列活动方案", "南湖电力公司工会"),    # a quoted name after the body
    ("南湖电力公司工会《职工书屋》建设方案", "南湖电力公司工会"),
    ("南湖电力公司工会2026年工作计划", "南湖电力公司工会"),            # unchanged: the union is already named
    ("市第三中学2025年工作计划", "市第三中学"),                        # no union after the year: the body as written
])
def test_issuing_body_of_a_title(title, body):
    assert lines.organization_from_title(title) == body


@pytest.mark.parametrize("title", ["某单位工会工作计划", "某某公司2026年工会工作计划", "XX区总工会2026年工作要点",
                                   "××中学工会工作计划", "**医院2025年工会工作要点"])
def test_a_template_stand_in_names_no_body(title):
    assert lines.organization_from_title(title) is None


def test_the_body_title_wins_over_a_page_title_with_a_stand_in():
    text = ("某单位工会工作计划\n"
            "云岭小学工会2026年工作计划\n"
            "今年学校工会将围绕立德树人根本任务，做好服务教职工的各项工作。\n"
            "一、加强师德建设\n组织教职工学习师德规范。\n二、关心教职工生活\n做好节日慰问。\n")
    (plan,) = planparse.parse(text, classify=False).plans
    assert plan.title == "云岭小学工会2026年工作计划"
    assert plan.organization == "云岭小学工会" and plan.year == 2026


@pytest.mark.parametrize("notice", [
    "（本文档为Word格式，可自由编辑，下载后即可编辑）",
    "(此文档来源于网络，如有侵权请联系删除)",
    "【该文档格式为docx，下载后可编辑修改】",
])
def test_a_bracketed_site_notice_on_its_own_line_is_removed(notice):
    text = f"{notice}\n石桥镇总工会2026年工作计划\n一、加强组织建设\n推动新建企业依法建会。\n"
    col = planparse.parse(text, classify=False)
    assert [r.kind for r in col.removals] == ["viewer"]
    assert notice not in "".join(p.model_dump_json() for p in col.plans)
    assert col.plans[0].title == "石桥镇总工会2026年工作计划"


@pytest.mark.parametrize("note", ["（本方案由工会办公室负责解释）", "（具体时间另行通知）", "（此项工作由女职工委员会牵头）"])
def test_a_plan_own_bracketed_note_stays(note):
    col = planparse.parse(f"一、做好帮扶工作\n建立困难职工档案。\n{note}\n", classify=False)
    assert not col.removals
    assert note in col.plans[0].sections[0].intro + "".join(i.text for i in col.plans[0].sections[0].items)


@pytest.mark.parametrize("suffix", [" - 文档下载", "_免费下载", "－在线阅读", " | Word下载"])
def test_a_download_suffix_of_the_page_title_is_removed(suffix):
    col = planparse.parse(f"社区工会工作计划{suffix}\n一、加强组织建设\n推动辖区企业应建尽建。\n", classify=False)
    assert col.plans[0].title == "社区工会工作计划"
    assert [r.text.strip(" -_－|") for r in col.removals] == [suffix.strip(" -_－|")]


def test_a_download_word_inside_a_sentence_stays():
    text = "一、服务职工\n组织职工扫码参加线上培训，课件在线阅读\n"
    assert not planparse.parse(text, classify=False).removals


def test_viewer_counters_over_short_chunks_that_cut_words():
    # A viewer that keeps the document's own line breaks: each counter follows a body line cut mid-word,
    # and the chunks between counters are only 80-150 characters long.
    text = (
        "1、北坡社区工会2026年工作计划\n"
        "今年社区工会将坚持服务职工的工作主线，扎实推进各项工作，努力把工会建成职工信赖的家。\n"
        "一、围绕中心，组织劳动竞赛\n"
        "结合辖区企业生产任务，开展技能比武和岗位练兵活动，每季度评比一次。同时培养一批技术能手，推动职工技能水平整体提\n"
        "2、高。\n"
        "二、关心职工，办好实事\n"
        "改善职工食堂就餐环境，增加夜班餐供应品种，做好生日慰问、婚丧探望等常规工作。夏季高温期间开展送清凉活动，深入一线看望慰问坚守岗位的职\n"
        "3、工。\n"
        "三、强化自身，提升能力\n"
        "加强工会干部业务培训。健全会员档案，做好会费收缴和经费审计工作，主动接受会员监督。\n"
    )
    col = planparse.parse(text, classify=False)
    assert [r.text for r in col.removals if r.kind == "viewer_counter"] == ["1、", "2、", "3、"]
    (plan,) = col.plans
    assert plan.title == "北坡社区工会2026年工作计划"
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    joined = col.model_dump_json()
    assert "整体提高" in joined and "岗位的职工" in joined


def test_a_numbered_list_after_headings_is_not_taken_for_counters():
    # A heading without a full stop inside, then its list: short lines, no sentence cut, no counters.
    text = (
        "社区工会2026年活动安排\n"
        "一、围绕中心，组织劳动竞赛，动员辖区企业职工广泛参加各项岗位技能比武活动\n"
        "1、开展岗位练兵活动，每季度评比一次，评出优胜班组和个人并给予表彰奖励\n"
        "2、开展技术比武活动，组织电工、焊工、车工三个工种比赛，选拔优秀选手参加区赛\n"
        "二、关心职工生活，办好民生实事，把各项帮扶措施落到实处让职工真正得到实惠\n"
        "1、改善职工食堂就餐环境。\n2、做好生日慰问工作。\n"
    )
    col = planparse.parse(text, classify=False)
    assert not [r for r in col.removals if r.kind == "viewer_counter"]
    assert [len(s.items) for s in col.plans[0].sections] == [2, 2]


# ---- parts, dates, headlines, page footers, years ------------------------------------------------------------

def test_parts_numbered_di_yi_bufen_are_the_top_level():
    text = ("南岭区总工会2026年工作要点\n"
            "第一部分　2025年工作回顾\n一年来，全区工会工作取得新进展。\n"
            "一、职工宣讲覆盖面扩大。\n二、劳动竞赛成效明显。\n"
            "第二部分　2026年主要任务\n"
            "一、加强思想引领\n1.开展主题宣讲。\n2.选树先进典型。\n"
            "二、推进建功立业\n1.深化劳动竞赛。\n"
            "第三部分　保障措施\n一是加强组织领导；二是强化督查考核。\n")
    (plan,) = planparse.parse(text, classify=False).plans
    assert [s.marker for s in plan.sections] == ["第一部分", "第二部分", "第三部分"]
    assert [len(s.items) for s in plan.sections] == [2, 2, 2]
    assert [len(i.children) for i in plan.sections[1].items] == [2, 1]


@pytest.mark.parametrize("line, label", [("3月8日：举办女职工插花比赛。", True), ("5月1日前：完成劳模推荐。", True),
                                         ("3月：开展学雷锋志愿服务。", True),
                                         ("1月19日，镇总工会召开全委扩大会议，部署全年工作。", False)])
def test_a_date_opening_prose_is_no_schedule_label(line, label):
    from planparse.text.markers import schedule_prefix

    assert (schedule_prefix(line) is not None) is label


def test_a_news_headline_is_the_title_when_no_line_names_a_plan():
    text = ("北坡镇总工会部署2026年重点工作\n"
            "1月12日，北坡镇总工会召开全委会议，部署全年工作。\n"
            "在思想引领上，一是开展主题宣讲；二是办好职工书屋。\n"
            "在服务职工上，一是做好困难帮扶；二是开展送清凉活动；三是推进集体协商。\n")
    (plan,) = planparse.parse(text, classify=False).plans
    assert plan.title == "北坡镇总工会部署2026年重点工作" and plan.year == 2026
    assert plan.preamble.startswith("1月12日")
    assert [[i.marker for i in s.items] for s in plan.sections] == [["一是", "二是"], ["一是", "二是", "三是"]]


@pytest.mark.parametrize("label", ["第2页 共5页", "第 2 页，共 5 页", "第2页/共5页", "第2页"])
def test_a_page_footer_inside_a_sentence_is_removed_and_the_sentence_rejoined(label):
    text = ("一、关心职工生活\n1．做好困难职工帮扶，建立档案，开设心理咨询热线，\n"
            f"{label}\n帮助职工疏导工作压力。\n2．开展送清凉活动。\n")
    col = planparse.parse(text, classify=False)
    items = col.plans[0].sections[0].items
    assert len(items) == 2
    assert "热线，帮助职工" in items[0].text.replace("\n", "")
    assert label.replace(" ", "") not in "".join(i.text for i in items).replace(" ", "")


def test_a_heading_ending_on_a_comma_is_not_joined_without_a_page_break():
    (section,) = planparse.parse("一、加强组织建设，\n推动新建企业依法建会。\n", classify=False).plans[0].sections
    assert section.title == "加强组织建设，"


def test_full_width_years_and_a_year_in_the_first_measures():
    assert lines.year_of("２０２５年学校工会工作计划") == 2025
    text = ("社区职工迎新春趣味活动方案\n一、活动目的\n丰富职工文化生活。\n"
            "二、活动时间\n2026年1月17日上午9:00\n三、活动地点\n社区文化广场\n")
    assert planparse.parse(text, classify=False).plans[0].year == 2026


@pytest.mark.parametrize("line", ["本文档为预览版本，完整内容请下载后查看　下载所需积分：5",
                                  "此文档下载后可自由编辑，点击下方按钮下载完整版",
                                  "（全文完）下载文档到电脑，查找使用更方便",
                                  "精品办公文档 欢迎下载 可编辑修改",
                                  "（發布日期：2025-03-02　作者：院工會　瀏覽次數：120）"])
def test_site_notices_and_bars_are_removed(line):
    col = planparse.parse(f"石桥镇总工会2026年工作计划\n{line}\n一、加强组织建设\n推动新建企业依法建会。\n", classify=False)
    assert len(col.removals) == 1 and col.removals[0].text.strip() == line
    assert col.plans[0].sections[0].items[0].text == "推动新建企业依法建会。"


@pytest.mark.parametrize("line", ["本方案由工会办公室负责解释。", "欢迎下载“职工之家”APP，随时办理会员业务。",
                                  "文档资料室全年开放，方便职工查阅。"])
def test_plan_lines_near_the_notices_stay(line):
    col = planparse.parse(f"一、服务职工\n{line}\n", classify=False)
    assert not col.removals


def test_a_year_alone_in_a_measure_does_not_date_the_plan():
    text = "区政府工作报告\n一、主要任务\n1．到2030年基本建成现代化产业体系。\n2．做好民生保障。\n"
    assert planparse.parse(text, classify=False).plans[0].year is None


def test_a_span_two_rules_match_is_logged_once():
    # The download banner rule and the banner-and-slogans rule both match this line's opening
    text = "精品文档---下载后可任意编辑 读书破万卷 下笔如有神\n社区工会工作计划\n一、加强组织建设\n推动辖区企业应建尽建。\n"
    col = planparse.parse(text, classify=False)
    spans = sorted((r.start, r.end) for r in col.removals if r.kind != "line_join")
    assert spans and all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), col.removals
    assert col.plans[0].title == "社区工会工作计划"
