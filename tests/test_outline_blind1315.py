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


# ---- viewer chunk counters through the document's own list ----------------------------------------------------

COUNTED = ("清河县税务局工会2026年工作计划.docx\n"
           "本文档由用户上传至某某文库，仅提供在线预览，下载后可编辑使用。\n"
           "1、清河县税务局工会2026年工作计划 2026年，局工会围绕中心、服务职工，全年工作安排如下：\n"
           "一、常规工作\n"
           "1、做好会员管理。及时为新入职干部办理入会手续，完善会员信息台账。\n"
           "2、开展岗位建功。结合纳税服务质效提升，在办税服务厅和各分局窗口开展“服务明星”“业务能手”评\n"
           "2、选，每半年评选一次，结果与年度考核挂钩。\n"
           "3、落实帮扶救助。对遭遇大病和变故的职工第一时间上门看望。\n"
           "二、月度安排\n"
           "一月份：开展新春走访慰问。\n"
           "九月份：开展“爱心助\n"
           "3、学”活动，资助困难职工子女入学。\n"
           "十二月份：总结全年工作。\n")


def test_viewer_counters_run_through_the_documents_own_list_and_cut_words():
    col = parse(COUNTED)
    (plan,) = col.plans
    first, months = plan.sections
    assert [i.marker for i in first.items] == ["1、", "2、", "3、"]
    assert first.items[1].text.startswith("开展岗位建功。") and "“业务能手”评选，每半年评选一次" in first.items[1].text
    assert "开展“爱心助学”活动" in months.items[1].text
    assert len([r for r in col.removals if r.kind == "viewer_counter"]) == 3


def test_a_lone_counter_out_of_order_inside_quotes_is_removed():
    text = ("北岭区法院机关工会2026年工作计划\n一、思想引领\n1、每季度召开一次委员会议，研究工会重点工作。\n"
            "2、组织干警职工与各支部联合开展“法治讲\n2、堂进校园”活动，全年不少于六场。\n3、建好工会小组。\n")
    col = parse(text)
    items = col.plans[0].sections[0].items
    assert [i.marker for i in items] == ["1、", "2、", "3、"]
    assert "“法治讲堂进校园”活动" in items[1].text


def test_a_number_in_order_after_a_quote_cut_still_continues_the_quote():
    # No counter: 3、 continues the list's order; the line is the rest of the quoted phrase, as before.
    text = ("北岭区法院机关工会2026年工作计划\n一、思想引领\n1、每季度召开一次委员会议。\n"
            "2、组织干警职工开展“法治讲\n3、堂进校园”活动，全年不少于六场。\n")
    items = parse(text).plans[0].sections[0].items
    assert len(items) == 2 and items[1].text.endswith("堂进校园”活动，全年不少于六场。")


# ---- numbering in a page that lost its newlines ------------------------------------------------------------

def test_half_parenthesis_items_split_in_a_page_that_lost_its_newlines():
    text = ("青石纺织厂工会2026年工作计划 厂工会全年主要工作安排如下：一、开展技能提升行动。1)在细纱车间开展操作比赛，每季度一次；"
            "2)与职业学校合作举办维修培训班；3)落实师带徒制度。二、维护女职工权益。1)签订女职工权益保护专项合同；"
            "2)完善哺乳室设施。三、加强自身建设。坚持厂务公开，经费收支每半年公布一次。")
    plan = _plan(text)
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、"]
    assert [i.marker for i in plan.sections[0].items] == ["1)", "2)", "3)"]
    assert [i.marker for i in plan.sections[1].items] == ["1)", "2)"]


def test_a_time_or_a_reference_before_a_bracket_is_no_item():
    text = ("社区工会2026年工作计划 (2026-01-06 10:22:31) 今年重点做好三项工作。一、建好阵地。按附件1）的标准改造活动室。"
            "二、办好实事。为职工办理互助保障。")
    plan = _plan(text)
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    assert all(i.marker is None for s in plan.sections for i in s.items)


def test_section_markers_before_a_year_split_a_page_that_lost_its_newlines():
    # One line of more than 400 characters: the page lost its newlines (a shorter line is read as one paragraph).
    text = ("溪口镇人民政府2026年工作计划\n一、2025年工作回顾 一年来，全镇上下齐心协力，较好地完成了镇人大确定的各项目标任务，"
            "新建和改建农村公路十公里，完成农户改厕五百户，兑现各类惠民补助资金一千余万元，全镇安全生产形势保持稳定。"
            "二、2026年工作思路 镇政府将坚持稳中求进，以产业兴镇、环境美镇、民生暖镇为主线，力争地区生产总值增长百分之六以上，"
            "农村居民人均可支配收入稳步增长。三、2026年重点工作 1．抓实产业发展。立足水产养殖和花卉苗木两大产业，新增稻渔综合种养"
            "基地三百亩，引进苗木加工企业一家，办好第三届花木节，带动乡村旅游。2．抓好乡村建设。完成镇区老街立面改造，推进三个"
            "行政村生活污水管网延伸，持续开展村庄清洁行动，年底前创建美丽庭院示范户二百户。3．抓牢民生保障。落实城乡低保和特困"
            "供养政策，新建村级养老服务站两个，举办春风行动招聘会两场。四、保障措施 镇政府班子成员要分线包干、靠前指挥，对重点项目"
            "实行一月一调度、一季一通报，年终将完成情况纳入考核。\n")
    plan = _plan(text)
    assert [s.marker for s in plan.sections] == ["一、", "二、", "三、", "四、"]
    assert [i.marker for i in plan.sections[2].items] == ["1．", "2．", "3．"]
    assert plan.organization == "溪口镇人民政府"


def test_bodies_named_in_titles():
    from planparse.text import lines

    assert lines.organization_from_title("东湖大学图书馆2026年工会工作计划") == "东湖大学图书馆工会"
    assert lines.organization_from_title("南岸区人民法院机关工会2026年工作要点") == "南岸区人民法院机关工会"
    assert lines.organization_from_title("第十届人民代表大会第二次会议关于政府工作报告的决议") is None


# ---- headings set apart by type alone ------------------------------------------------------------------------

BARE = ("清溪供电所工会小组2026年工作思路\n工作目标\n把安全无事故、服务零投诉作为全年目标。\n主要措施\n"
        "①开展技能擂台赛，每季度一次。\n②落实职工生病住院探望制度。\n③建设职工健身角。\n保障措施\n"
        "所长与工会小组长共同负责，每季度召开一次座谈会。\n活动经费单独建账，专款专用。\n")


def test_known_headings_on_lines_of_their_own_are_the_sections():
    plan = _plan(BARE)
    assert [(s.marker, s.title, s.implied) for s in plan.sections] == [
        (None, "工作目标", False), (None, "主要措施", False), (None, "保障措施", False)]
    assert [i.marker for i in plan.sections[1].items] == ["①", "②", "③"]
    assert [i.marker for i in plan.sections[2].items] == [None, None]


def test_a_known_heading_under_numbered_sections_is_no_section():
    text = ("清溪供电所工会2026年工作计划\n一、安全生产\n1、开展技能比赛。\n2、组织安全培训。\n二、关心职工\n"
            "1、建设职工健身角。\n工作要求\n各班组认真落实。\n保障措施\n经费单独建账。\n")
    assert [s.marker for s in _plan(text).sections] == ["一、", "二、"]
    one = "清溪供电所工会2026年工作计划\n工作目标\n把安全无事故作为全年目标。\n①开展技能比赛。\n②组织安全培训。\n"
    assert all(s.title != "工作目标" for s in _plan(one).sections)


# ---- advertisements and viewer furniture --------------------------------------------------------------------

def test_an_advertisement_under_its_label_goes_and_the_plan_after_it_stays():
    text = ("景区工会2026年工作计划\n一、关爱职工\n1、夏季为一线职工送清凉。\n——广告——\n"
            "景区管理好帮手：智能票务系统免费试用30天，点击了解详情>>\n二、丰富生活\n1、举办职工摄影展。\n"
            "▍广告　旅游纪念品批发，厂家直供，咨询热线400-000-0000\n")
    col = parse(text)
    assert "智能票务系统" not in shown(col) and "纪念品批发" not in shown(col)
    assert [s.marker for s in col.plans[0].sections] == ["一、", "二、"]
    assert len(_removed(col, "spam")) == 3
    kept = parse("景区工会2026年工作计划\n一、宣传工作\n1、规范景区广告牌设置，免费为职工制作工作证。\n")
    assert "规范景区广告牌设置" in shown(kept)


def test_viewer_prompts_buttons_and_counters_of_a_paste():
    text = ("港务公司工会2026年工作计划\n1/3\n一、劳动竞赛\n1) 开展百日攻坚竞赛。\n2) 组织技能比武。\n"
            "2/33) 征集合理化建议，按效益给予奖励。\n二、工作要求\n各分会明确专人负责。\n"
            "港务公司工会\n2026年1月\n下载到电脑，离线查看更方便\n5积分　立即下载\n【列印本頁】　【關閉視窗】\n")
    col = parse(text)
    (plan,) = col.plans
    assert [i.marker for i in plan.sections[0].items] == ["1)", "2)", "3)"]
    assert plan.signature == "港务公司工会\n2026年1月"
    assert "离线查看" not in shown(col) and "积分" not in shown(col) and "視窗" not in shown(col)


# ---- hard-wrapped text and signatures ------------------------------------------------------------------------

WRAPPED = ("东港支行工会2026年工作计划\n"
           "今年，支行工会将在支行党委和上级工会的指导下，围绕全行经营目\n"
           "标，坚持服务职工、服务发展，努力建设温馨和谐的职工之家。\n"
           "一、组织劳动竞赛\n"
           "1、配合支行开展开门红营销竞赛，按月通报各网点的进度，年终评选\n"
           "营销能手十二名。\n"
           "2、组织柜员点钞、传票录入等基本功比赛，全年不少于两次，优胜者\n"
           "推荐参加分行比赛。\n"
           "二、加强自身建设\n"
           "按期召开工会委员会议，认真落实会员代表提案，规范经费收支管理，\n"
           "接受支行党委和全体会员的监督。\n")


def test_a_comma_line_at_a_hard_wrapped_texts_margin_continues():
    plan = _plan(WRAPPED)
    assert [i.text for i in plan.sections[1].items] == [
        "按期召开工会委员会议，认真落实会员代表提案，规范经费收支管理，接受支行党委和全体会员的监督。"]


def test_a_short_comma_line_of_a_wrapped_text_stays_a_line():
    # A comma line well short of the margin is a line of its own (a field, a list written one clause a line).
    text = WRAPPED.replace("按期召开工会委员会议，认真落实会员代表提案，规范经费收支管理，\n", "按期召开工会委员会议，\n")
    assert len(_plan(text).sections[1].items) == 2


def test_a_body_of_three_characters_alone_signs_the_plan():
    text = ("东岚大学图书馆2026年工作要点\n一、资源建设\n完善馆藏结构，做好数字资源采购。\n二、读者服务\n延长开放时间。\n\n"
            "                    图书馆\n               2026年3月3日\n")
    plan = _plan(text)
    assert plan.signature == "图书馆\n2026年3月3日"
    assert plan.organization == "东岚大学图书馆"


def test_a_notice_issuing_a_plan_names_the_body_inside_its_quotes():
    from planparse.text import lines

    assert lines.organization_from_title("关于印发《青禾区总工会2026年工作要点》的通知") == "青禾区总工会"
    assert lines.organization_from_title("关于转发《某某市总工会2026年工作要点》的通知") is None


def test_a_bracketed_notice_that_the_download_holds_the_rest_is_noise():
    text = ("东港支行工会2026年工作计划\n一、组织劳动竞赛\n1、开展营销竞赛。\n二、关心员工生活\n（下载后可阅读完整内容）\n")
    col = parse(text)
    assert "下载后可阅读完整内容" not in shown(col)


# ---- print furniture and page chrome -------------------------------------------------------------------------

def test_a_running_header_naming_the_plan_at_every_page_break_goes_when_the_title_differs():
    text = ("岚山供电局工会2026年工作计划\n\n今年，局工会紧扣安全生产和优质服务两条主线开展工作。\n一、深化劳动竞赛\n"
            "1.围绕迎峰度夏和配网改造开展劳动竞赛，对表现突出的班组给予奖励，奖励资金全年总额约\n— 1 —\n"
            "岚山供电局工会工作计划（2026）\n2.5万元，由局工会承担。\n2.开展职工技术创新活动。\n二、维护职工权益\n"
            "1.完善职工代表大会制度，年内召开职代会两次，代表提案办结率达到\n— 2 —\n岚山供电局工会工作计划（2026）\n"
            "百分之百。\n2.落实高温季节劳动保护措施。\n")
    col = parse(text)
    (plan,) = col.plans
    assert plan.title == "岚山供电局工会2026年工作计划"
    first, second = plan.sections
    assert first.items[0].text.endswith("奖励资金全年总额约2.5万元，由局工会承担。")
    assert second.items[0].text.endswith("办结率达到百分之百。")
    assert len(_removed(col, "page_header")) == 2


def test_wechat_buttons_alone_on_their_lines_are_noise():
    text = ("分公司工会2026年工作计划\n一、关爱职工\n1、开展生日慰问。\n2、组织健康体检。\n"
            "预览时标签不可点\n阅读 1368\n写留言\n")
    col = parse(text)
    assert "写留言" not in shown(col) and "标签不可点" not in shown(col)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开展生日慰问。", "组织健康体检。"]


def test_a_tool_bar_and_footer_at_the_end_of_a_one_line_page_go():
    text = ("蒲江县总工会2026年工作要点 今年县总工会重点抓好三方面工作：一是深化产业工人队伍建设改革；二是强化经费收缴；"
            "三是开展工会干部轮训。【打印本页】 【关闭】 上一条：县总工会召开全委会议 下一条：县总工会开展送岗位活动 "
            "主办单位：蒲江县人民政府\n")
    col = parse(text)
    assert "上一条" not in shown(col) and "打印本页" not in shown(col)
    assert "开展工会干部轮训。" in shown(col)


def test_a_government_sites_footer_goes_but_an_activitys_organisers_stay():
    text = ("溪口镇人民政府2026年工作计划\n一、重点工作\n1．抓实产业发展。\n2．抓好乡村建设。\n"
            "主办：溪口镇人民政府办公室　承办：溪口镇便民服务中心\n")
    col = parse(text)
    assert "便民服务中心" not in shown(col)
    activity = parse("区职工篮球赛活动方案\n一、组织单位\n主办：区总工会　承办：区文化馆\n二、比赛时间\n5月中旬。\n")
    assert "主办：区总工会" in shown(activity).replace("\u3000", "")
