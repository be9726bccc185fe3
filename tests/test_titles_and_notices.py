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
