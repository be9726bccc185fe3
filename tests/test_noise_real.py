"""Site, viewer and template-site leftovers as real pages carry them: removed, logged with their kind, and
nothing of the plan lost. Every page here is written for this test in the style of such pages; near misses
check that ordinary plan sentences using the same words stay.
"""

from __future__ import annotations

import re
import time

import pytest

import planparse
from noise_helpers import parse, shown, squeeze
from planparse.clean import explain
from planparse.text.noise import noise_rules


def removed(col, kind: str) -> list[str]:
    return [r.text for r in col.removals if r.kind == kind]


def assert_gone(col, noise: str, kind: str) -> None:
    assert noise not in re.sub(r"\s+", "", shown(col)), f"{noise!r} left in the output"
    assert any(noise in re.sub(r"\s+", "", t) for t in removed(col, kind)), (
        f"{noise!r} not logged as {kind}: {[(r.kind, r.text) for r in col.removals]}"
    )


def outline(col, plan: int = 0) -> list[tuple[str | None, str]]:
    return [(s.marker, s.title) for s in col.plans[plan].sections]


def item_markers(col, plan: int = 0, section: int = 0) -> list[str | None]:
    return [i.marker for i in col.plans[plan].sections[section].items]


# ---- template site: header bar, keywords, teasers, intros ------------------------------------------------

TEMPLATE_PAGE = """\
街道工会2026年工作计划
时间：2025-12-21 09:05:33 佚名 工作计划 我要投稿
关键词：街道工会、工作计划、范文、职工服务
小编精心推荐：社区工会工作计划 | 企业工会工作计划 | 工会活动方案
开篇：我们以专业的文秘视角，为您筛选了多篇街道工会工作计划范文，欢迎您的阅读与分享！
2026年是街道工会打基础、补短板的一年。下面是街道工会2026年工作计划，欢迎参阅。
▼目录▼
一、强化思想政治引领
1、每季度举办一期职工读书会。
2、组织劳模工匠进楼宇宣讲不少于6场。
二、扎实做好维权服务
1、推动辖区非公企业开展工资集体协商。
2、开好春送岗位专场招聘会。（供稿：街道总工会办公室）
扫一扫在手机打开当前页
推荐访问：社区工会工作总结
"""


def test_template_site_page():
    col = parse(TEMPLATE_PAGE)
    assert outline(col) == [("一、", "强化思想政治引领"), ("二、", "扎实做好维权服务")]
    assert item_markers(col, 0, 0) == ["1、", "2、"] and item_markers(col, 0, 1) == ["1、", "2、"]
    assert col.plans[0].sections[1].items[1].text == "开好春送岗位专场招聘会。"
    assert col.plans[0].sections[0].items[1].text == "组织劳模工匠进楼宇宣讲不少于6场。"
    assert_gone(col, "我要投稿", "site_meta")  # the whole time-stamp bar
    assert_gone(col, "关键词：", "site_meta")
    assert_gone(col, "小编精心推荐", "editor_intro")
    assert_gone(col, "以专业的文秘视角", "editor_intro")
    assert_gone(col, "欢迎参阅", "editor_intro")
    assert_gone(col, "▼目录▼", "site_menu")
    assert_gone(col, "（供稿：街道总工会办公室）", "site_meta")
    assert_gone(col, "扫一扫在手机打开当前页", "site_menu")
    assert_gone(col, "推荐访问", "site_menu")


def test_windows_line_ends():
    crlf = parse(TEMPLATE_PAGE.replace("\n", "\r\n"))
    lf = parse(TEMPLATE_PAGE)
    assert [(r.kind, r.text.strip()) for r in crlf.removals] == [(r.kind, r.text) for r in lf.removals]
    assert outline(crlf) == outline(lf)


def test_contributor_bar_and_teaser_variants():
    text = (
        "学校工会活动方案\n"
        "工会活动方案 | 我要投稿\n"
        "我要投稿 意见反馈\n"
        "发布：2025-03-02 学校工会 <相关专题：教职工活动方案\n"
        "标签：工会 方案 教职工\n"
        "【目录】\n"
        "一、活动主题\n健康运动，快乐工作。\n"
        "二、活动内容\n1、拔河比赛；\n2、趣味接力赛。\n"
    )
    col = parse(text)
    assert outline(col) == [("一、", "活动主题"), ("二、", "活动内容")]
    assert item_markers(col, 0, 1) == ["1、", "2、"]
    assert_gone(col, "工会活动方案|我要投稿", "site_menu")
    assert_gone(col, "我要投稿意见反馈", "site_menu")
    assert_gone(col, "【目录】", "site_menu")
    assert_gone(col, "相关专题", "site_menu")
    assert col.plans[0].title == "学校工会活动方案"
    assert_gone(col, "标签：", "site_meta")


# ---- document-sharing site: metadata list, banners, disclaimers -------------------------------------------

SHARING_PAGE = """\
聚才文档网 - 海量范文资料免费下载
镇总工会2026年工作要点.docx
- 文档编号：58201937
- 上传时间：2025-11-30
- 格式：DOCX
- 页数：6
- 大小：18.6KB
《镇总工会2026年工作要点.docx》由会员分享，可在线阅读，更多相关《镇总工会2026年工作要点.docx(6页珍藏版)》请在聚才文库上搜索。
合集下载
1、下载文档前请自行甄别文档内容的完整性，平台不提供额外的编辑、内容补充等服务。
2、“仅部分预览”的文档，不可在线预览部分如存在完整性等问题，可反馈申请退款。
3、如文档侵犯您的权益，请联系客服反馈，我们会尽快为您处理。
镇总工会2026年工作要点
一、抓好基层组织建设
1. 新建企业工会12家，发展会员800人。
2. 推进村级工会规范化建设。
二、办好职工实事
1. 开展金秋助学，资助困难职工子女30名。
2. 建成户外劳动者服务站点3个。
本文由用户上传，如有侵权请联系网站删除。
"""


def test_document_sharing_page():
    col = parse(SHARING_PAGE)
    plan = col.plans[-1]
    assert [(s.marker, s.title) for s in plan.sections] == [("一、", "抓好基层组织建设"), ("二、", "办好职工实事")]
    assert [i.marker for i in plan.sections[0].items] == ["1.", "2."]
    assert [i.marker for i in plan.sections[1].items] == ["1.", "2."]
    assert plan.sections[1].items[1].text == "建成户外劳动者服务站点3个。"
    for noise in ("聚才文档网-海量范文资料免费下载", "文档编号", "上传时间", "格式：DOCX", "页数：6", "大小：18.6KB", "由会员分享", "聚才文库",
                  "合集下载", "下载文档前请自行甄别", "仅部分预览", "如文档侵犯您的权益"):
        assert_gone(col, noise, "viewer")
    assert_gone(col, "本文由用户上传", "watermark")
    assert_gone(col, "如有侵权请联系网站删除", "watermark")
    assert len(col.plans) == 1 or not col.plans[0].sections  # the notice list is no plan of its own


def test_pdf_text_with_lost_newlines():
    """A viewer's text layer: one long line, banners and a site watermark inside a word."""
    text = (
        "区总工会2026年工作要点 精品文档——下载后可任意编辑 本资料来源于网络，如有侵权请联系作者删除。"
        "资料共分享，我们负责传递知识。 下面就由本站小编给大家分享一篇区总工会工作要点，供大家阅读参考。 "
        "一、聚焦主责主业 全年培训基层工会干部300人次，开展职工技能竞赛10项。"
        "二、深化普惠服务 办好职工疗休养，惠及一线职工500人，推动职工之家建设提档升 ZHfanwen 级。"
    )
    col = parse(text)
    out = re.sub(r"\s+", "", shown(col))
    assert "聚焦主责主业" in out and "推动职工之家建设提档升级。" in out
    assert "全年培训基层工会干部300人次" in out
    assert_gone(col, "下载后可任意编辑", "watermark")
    assert_gone(col, "本资料来源于网络", "watermark")
    assert_gone(col, "如有侵权请联系作者删除", "watermark")
    assert_gone(col, "我们负责传递知识", "watermark")
    assert_gone(col, "小编给大家分享", "editor_intro")
    assert_gone(col, "ZHfanwen", "watermark")


@pytest.mark.parametrize("mark", [" Ziliaoku ", "Fanwenwang", " Wendangba "])
def test_pinyin_site_name_inside_a_word(mark):
    text = f"一、关爱职工\n1、在办公楼二层建设职工心理疏{mark}导室，添置放松设备。\n2、开展职工心理咨询。\n"
    col = parse(text)
    assert col.plans[0].sections[0].items[0].text == "在办公楼二层建设职工心理疏导室，添置放松设备。"
    assert_gone(col, mark.strip(), "watermark")


def test_banner_at_page_start():
    text = "精品资料范文推荐学校工会计划指导思想：以服务教职工为中心。一、加强教代会建设。1、每学年召开一次教代会。"
    col = parse(text)
    assert_gone(col, "精品资料范文推荐", "watermark")
    assert "学校工会计划" in re.sub(r"\s+", "", shown(col))


# ---- truncation marks ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "mark",
    ["……此处隐藏3120个字……", "…此处隐藏：85字…", "（此处已隐藏部分内容）", "(余下内容已省略)", "试读结束",
     "……(还剩5页未读)"],
)
def test_truncation_marks_of_any_count(mark):
    text = (
        "篇一\n一、组织建设\n1、新建工会5家。\n"
        "篇二\n一、职工服务\n职工服务要抓实抓细，重点做好以下工作 " + mark + "\n三、慰问帮扶\n1、走访困难职工。\n"
    )
    col = parse(text)
    assert_gone(col, re.sub(r"\s+", "", mark).strip("…."), "truncation")
    assert [p.truncated for p in col.plans] == [False, True]
    assert "重点做好以下工作" in shown(col)


# ---- bylines, scan lines, viewer counters --------------------------------------------------------------

@pytest.mark.parametrize("byline", ["(供稿:机关工会)", "（来源：区总工会宣传部）", "（作者单位：市第三中学）",
                                    "（通讯员：王小明）", "【来源：工人日报】"])
def test_bracketed_byline_at_paragraph_end(byline):
    text = "一、宣传教育\n1、开设“工会讲堂”，全年举办8期。" + byline + "\n2、办好职工书屋。\n"
    col = parse(text)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开设“工会讲堂”，全年举办8期。", "办好职工书屋。"]
    assert [r.text for r in col.removals if r.kind == "site_meta"] == [byline]


@pytest.mark.parametrize(
    "line, counter, rest",
    [("1/10", "1/10", None), ("3/12 ", "3/12", None), ("2/102、干部培训", "2/10", "2、"),
     ("4/10二、职工服务", "4/10", "二、"), ("5／20（三）文体活动", "5／20", "（三）"), ("10/101、落实制度", "10/10", "1、"),
     ("1/102、建设阵地", "1/10", "2、")],
)
def test_viewer_page_counter(line, counter, rest):
    cleaned, removals = explain(f"一、总体要求\n{line}\n")
    assert [r.text.strip() for r in removals if r.kind == "viewer"] == [counter]
    lines = cleaned.splitlines()
    if rest is None:
        assert lines == ["一、总体要求"]
    else:
        assert lines[1].startswith(rest)


def test_page_counter_needs_n_not_above_m_and_a_marker_after_it():
    pattern = next(r.pattern for r in noise_rules().span if "N/M" in r.reason)
    for n in range(1, 100):
        for m in range(1, 1000):
            assert bool(pattern.match(f"{n}/{m}")) == (n <= m), (n, m)
    for text in ["1/3以上的职工参加体检。", "5/18 14:00 在工会活动室集合", "9/5前报送材料", "2/3、会员覆盖率",
                 "12/5二、", "20/3"]:
        cleaned, removals = explain(text)
        assert squeeze(cleaned) == squeeze(text) and not removals, text


# ---- near misses: plan sentences with the same words stay ------------------------------------------------

NEAR_MISSES = [
    "组织职工下载“工会通”APP，全年新增注册会员2000人。",
    "将工会工作制度汇编成册，编制目录，方便职工查阅。",
    "抓住关键少数，发挥工会干部示范作用。",
    "推荐优秀职工参加市级劳模评选。",
    "吸收新会员200名，会员分享读书心得不少于10场。",
    "活动由会员代表分享读书心得。",
    "开展“我要投稿”宣传信息征集活动。",
    "时间：2026年5月18日 14:30",
    "时间：2026-05-18 14:30—17:00",
    "经费来源：工会经费列支。",
    "场地建设经费20万元（来源：行政拨款）",
    "如有侵权行为，请及时联系工会法律援助站处理。",
    "培训资料来源于网络课堂和兄弟单位。",
    "参赛作品版权归主办单位所有，主办单位有权展出。",
    "建设职工电子文库，方便职工下载学习。",
    "职工扫一扫二维码即可在手机上查看政策。",
    "扫描二维码关注工会公众号。",
    "相关表格可在工会网页下载后填写。",
    "此处省略的报表请见附件。",
    "请各部门推荐访问学习的标杆单位。",
    "关键岗位职工持证上岗率达100%。",
    "标签化管理会员信息，做到一人一档。",
    "打造精品文化活动，推荐优秀节目参加市里汇演。",
    "本站职工全年安全行车无事故。",
    "全年开展PDCA循环管理，推行OKR考核和WiFi全覆盖。",
    "一线职工满意率达到90%以上，欢迎广大职工踊跃参加。",
    "这是我们工会的一项重要工作。",
    "希望工会能为职工办更多实事。",
    "目录管理规范，档案齐全。",
    "阅读分享会每月一期。",
    "参训会员占比达到1/2以上。",
    "登录区总工会网站www.example.com进行网上报名。",
    "举办 Excel 和 Python 数据分析培训，设计工会 Logo 标识。",
    "每周开展 Zumba 健身操，推广 Office 办公技能。",
    # words of site footers, article navigation, WeChat bars and disclosure tables (tests/test_noise_sites.py)
    "组织职工点赞身边好人，评选“最美职工”10名。",
    "阅读原文件，原原本本学习会议精神。",
    "上一条生产线完成技改后，再改造下一条生产线。",
    "版权保护宣传周期间组织知识讲座。",
    "扫一扫二维码报名",
    "声明：本人自愿参加健步走活动。",
    "做好门户网站ICP备案工作。",
    "主题分类管理职工书屋图书。",
    "新闻中心、党建园地、工会之窗等栏目要及时更新。",
    "在看护岗位开展技能比武。",
    # words of document viewers, template-site banners and related lists (tests/test_noise_sites.py)
    "推荐阅读书目由工会读书协会确定。",
    "开展读书破万卷主题读书活动，评选书香职工10名。",
    "参赛照片由会员上传至工会小程序。",
    "建设职工电子文库网站，方便职工在线学习。",
    "全文请到县总工会网站下载。",
    "活动相关文章统一在工会公众号发布。",
    "当前位置偏远的班组要加强走访。",
]


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_plan_sentence_is_not_noise(sentence):
    text = f"一、重点工作\n1、{sentence}\n2、做好年度总结。\n"
    col = parse(text)
    assert squeeze(col.plans[0].sections[0].items[0].text) == squeeze(sentence)
    assert not col.removals, col.removals


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_plan_sentence_alone_on_a_line_is_not_noise(sentence):
    cleaned, removals = explain(sentence)
    assert squeeze(cleaned) == squeeze(sentence) and not removals, removals


# ---- safety: hostile whitespace stays fast -----------------------------------------------------------------

@pytest.mark.parametrize("filler", [" ", "\xa0", "\u3000", "\n", "\t", "\r\n", " \xa0\u3000\n"])
def test_long_runs_of_whitespace_parse_fast(filler):
    run = filler * (30000 // len(filler))
    parse("预热")  # load the pipeline outside the timed part
    for text in (f"一、总体要求\n{run}\n1、加强学习。", f"一、总体要求{run}1/10", run, f"1/10{run}（一）", *(
        # every line rule with a lead word, the lists after them, the metadata, button and pagination bars,
        # the glued page counter: the lead, then the run, then more of the same
        f"温馨提示：{run}1. 本站文档预览。{run}",
        f"温馨提示：\n1. 下载前请预览。{run}2. 本站{run}",
        f"下载须知：1、本站{run}2、下载前{run}。",
        f"信息来源：区工会{run}发布时间：{run}阅读次数：1",
        f"浏览次数 12{run}字号：大{run}中 小",
        f"【打印】{run}【关闭】{run}",
        f"上一页{run}1 2{run}下一页",
        f"1{run}2{run}3",
        f"相关文档推荐\n{run}短链接{run}",
        f"▼目录▼\n{run}【1】方案{run}",
        f"工会的\n2/10首要{run}\n3/10{run}",
        f"职工{run}Ziliaoku{run}之家",
    )):
        start = time.perf_counter()
        parse(text)
        assert time.perf_counter() - start < 5, repr(filler)


def test_rules_stay_on_their_line_and_never_match_empty():
    rules = noise_rules()
    for rule in [*rules.span, *rules.line, *rules.placeholder]:
        pattern = rule.pattern.pattern
        # no quantified \s (it crosses lines) and no unbounded wildcard
        assert not re.search(r"\\s[*+?{]|\.[*+]", pattern), (rule.kind, pattern)
        assert not rule.pattern.search(""), (rule.kind, pattern)
    for rule in rules.span:
        for text in ("\n", "\n\n", " \n ", "一、\n（一）", "1/10\n\n2、"):
            for m in rule.pattern.finditer(text):
                assert "\n" not in m.group(0), (rule.kind, rule.pattern.pattern, text)


# ---- download notices: a lead line and numbered site notices ---------------------------------------------

NOTICE_PAGE = """\
港区物流公司工会2026年工作计划 - 文档下载
下载积分：500  文档页数：4  上传者：hy_2021  上传时间：2025-12-02
下载须知：
1、下载前请先预览文档，确认内容与标题一致后再下载。
2、本站文档均为用户上传，积分一经扣除，重复下载不再扣除，恕不退款。
3、如遇下载失败或文档无法打开，请联系在线客服。
港区物流公司工会2026年工作计划
一、提升职工技能
1、组织叉车、起重两个工种的岗位练兵，全年培训200人次。
2、引导职工下载“职工书屋”APP，人均年阅读不少于5本。
二、温暖职工生活
1、建设司机之家2处。
2、组织职工下载体检报告并做好解读。
立即下载 | 加入收藏 | 举报
相关文档推荐
物流企业工会工作计划
公司工会年度工作要点范文
"""


def test_download_notice_list_on_its_own_lines():
    col = parse(NOTICE_PAGE)
    plan = col.plans[-1]
    assert [(s.marker, s.title) for s in plan.sections] == [("一、", "提升职工技能"), ("二、", "温暖职工生活")]
    assert [i.marker for i in plan.sections[0].items] == ["1、", "2、"]
    assert [i.marker for i in plan.sections[1].items] == ["1、", "2、"]
    # measures that mention 下载 stay
    assert plan.sections[0].items[1].text == "引导职工下载“职工书屋”APP，人均年阅读不少于5本。"
    assert plan.sections[1].items[1].text == "组织职工下载体检报告并做好解读。"
    for noise in ("下载须知：", "下载前请先预览文档", "积分一经扣除", "请联系在线客服"):
        assert_gone(col, noise, "viewer")
    assert_gone(col, "下载积分：500文档页数：4上传者：hy_2021", "site_meta")
    assert_gone(col, "立即下载|加入收藏|举报", "site_menu")
    for noise in ("相关文档推荐", "物流企业工会工作计划", "公司工会年度工作要点范文"):
        assert_gone(col, noise, "related_links")
    assert len(col.plans) == 1 or not col.plans[0].sections  # the notices are no plan of their own


@pytest.mark.parametrize(
    "notices",
    [
        # lead and all notices on one line
        "温馨提示：1. 本站仅提供文档的在线预览，下载后可获得完整内容。2. 下载所需积分不予退还。3. 文档版权归上传者所有。",
        # lead and the first notice on one line, the rest below it
        "温馨提示：1. 本站仅提供文档的在线预览，下载后可获得完整内容。\n2. 下载所需积分不予退还。\n3. 文档版权归上传者所有。",
        # the lead alone, notices numbered (1) and ①
        "特别说明:\n(1)文档需安装PDF阅读器后查看。\n(2)如侵犯了您的权益，请与我们联系。",
        "注意事项\n① 该文档为付费文档，预览页数有限。\n② 下载链接24小时内有效。",
        "【下载说明】\n１．文档下载后请用阅读器打开。\n２．积分不足时可充值积分。",
    ],
)
def test_download_notices_in_every_layout(notices):
    text = notices + "\n社区工会2026年工作计划\n一、建强组织\n1、新建楼宇工会3家。\n二、服务职工\n1、开展夏送清凉。\n"
    col = parse(text)
    assert outline(col, -1) == [("一、", "建强组织"), ("二、", "服务职工")]
    for line in notices.splitlines():
        assert_gone(col, squeeze(line), "viewer")


def test_download_notices_inside_a_line_that_lost_its_newlines():
    text = ("镇工会2026年工作要点 温馨提示：1、下载文档前请确认内容完整。2、本站不承担版权责任。 "
            "一、组织建设 1、新建村级工会4家。 二、职工服务 1、组织职工下载学习资料，开展网上答题。")
    col = parse(text)
    out = squeeze(shown(col))
    assert "新建村级工会4家" in out and "组织职工下载学习资料，开展网上答题。" in out
    assert_gone(col, "温馨提示：1、下载文档前请确认内容完整。2、本站不承担版权责任。", "viewer")


@pytest.mark.parametrize(
    "text",
    [
        # a plan's own 注意事项 list: no site notice follows the lead
        "注意事项：\n1. 活动期间服从裁判安排，注意人身安全。\n2. 参赛队伍请于6月1日前下载报名表报送工会。\n",
        "注意事项：1. 请在工会网站下载报名表。2. 比赛当天8点前检录。\n",
        "温馨提示：请参赛职工自备运动鞋和饮用水。\n",
        "特别提示\n1、本站职工要严格遵守安全规程。\n",
        "注意事项：\n1、报名表下载后填写，加盖公章报送工会。\n",
        "注意事项：\n1. 作品须为原创，作品版权归主办单位所有，如有侵权由作者承担责任。\n",
        "温馨提示：\n1、解压室每周三下午开放。\n2、区总工会网站提供网上报名。\n3、饭卡充值请到食堂窗口办理。\n",
        "注意事项：\n（1）参训人员自带安装Office软件的笔记本电脑。\n",
    ],
)
def test_plan_notes_are_not_download_notices(text):
    cleaned, removals = explain(text)
    assert squeeze(cleaned) == squeeze(text) and not removals, removals


# ---- metadata bars: several site fields on one line ------------------------------------------------------

@pytest.mark.parametrize(
    "bar",
    [
        "信息来源：区总工会办公室  发布时间：2025-04-12  阅读次数：308",
        "文章来源: 市教育工会    更新时间: 2026-01-05 16:20:11    浏览量: 1502",
        "下载积分:300 文档页数:12 上传者:abc123 文档格式:PDF",
        "浏览次数 2041 字号：大 中 小",
        "2026-02-01 10:30 来源：街道总工会 作者：宣传科 点击：75",
        "作者：佚名  责任编辑：刘芳  审核：陈刚",
        "时间：2026-01-08  来源：县教育工会",
        "2026年1月8日 10:20 | 信息来源：县教育工会",
    ],
)
def test_metadata_bar_with_several_fields(bar):
    text = "医院工会2026年工作计划\n" + bar + "\n一、职工关爱\n1、开展职工健康体检。\n二、文体活动\n1、举办职工运动会。\n"
    col = parse(text)
    assert outline(col) == [("一、", "职工关爱"), ("二、", "文体活动")]
    assert col.plans[0].title == "医院工会2026年工作计划"
    assert any(squeeze(bar) == squeeze(t) for t in removed(col, "site_meta")), col.removals
    assert squeeze(bar) not in squeeze(shown(col))


@pytest.mark.parametrize(
    "line",
    [
        "时间：2026年5月18日  地点：职工活动中心",
        "主办单位：区总工会  承办单位：区体育中心",
        "经费来源：工会经费  预算：2万元",
        "格式：Word文档  页数：不超过3页",
        "联系人：王敏  电话：12345678",
        "阅读3本好书  点击量翻番",
        "时间：2026年5月18日 14:30  地点：工人文化宫",
        "字号：三号仿宋  行距：28磅",
    ],
)
def test_plan_field_lines_are_not_metadata_bars(line):
    cleaned, removals = explain(line)
    assert squeeze(cleaned) == squeeze(line) and not removals, removals


# ---- button, link and pagination bars ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "bar",
    ["【打印本页】 【关闭窗口】", "【我要纠错】  【打印】  【关闭】", "[打印] [关闭]", "立即下载 | 加入收藏 | 举报",
     "【字体：大 中 小】【打印】【关闭】", "打印本页 关闭窗口 返回顶部", "【打印此页】", "字体：【大】【中】【小】",
     "字号:[ 大 中 小 ]"],
)
def test_button_bar(bar):
    text = "一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n" + bar + "\n"
    col = parse(text)
    assert item_markers(col) == ["1、", "2、"]
    assert col.plans[0].sections[0].items[1].text == "组织应急演练。"
    assert_gone(col, squeeze(bar), "site_menu")


@pytest.mark.parametrize(
    "bar", ["上一页 1 2 3 下一页", "首页 上一页 1 2 3 4 下一页 尾页", "共5页: 上一页 1 2 3 4 5 下一页", "<< 上一页 2 下一页 >>", "下一页",
            "第一页 上一页 [1] [2] 下一页 最后一页"]
)
def test_pagination_bar(bar):
    text = "一、安全生产\n1、开展安全知识竞赛。\n" + bar + "\n2、组织应急演练。\n"
    col = parse(text)
    assert item_markers(col) == ["1、", "2、"]
    assert_gone(col, squeeze(bar), "site_menu")


@pytest.mark.parametrize(
    "text",
    ["三、活动流程\n签到\n分享\n评论\n总结\n", "1、打印\n2、关闭电源\n", "评选结果分一等奖1名 2名 3名\n", "下一步要把工会经费管好。\n"],
)
def test_plan_lines_with_button_words_stay(text):
    cleaned, removals = explain(text)
    assert squeeze(cleaned) == squeeze(text) and not removals, removals


# ---- lists after a lead: related documents, contents entries ------------------------------------------------

def test_related_documents_and_their_links():
    text = ("一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n"
            "相关文档：\n企业工会安全生产月活动方案\n车间工会工作计划(通用5篇)\n\n班组安全工作计划范文\n")
    col = parse(text)
    assert item_markers(col) == ["1、", "2、"]
    for noise in ("相关文档：", "企业工会安全生产月活动方案", "车间工会工作计划(通用5篇)", "班组安全工作计划范文"):
        assert_gone(col, noise, "related_links")


@pytest.mark.parametrize(
    "sentence",
    ["推荐阅读《工会法》等书目，开展读书征文活动。", "相关推荐材料请于5月底前报送区总工会。", "相关文档资料要及时整理归档。",
     "上一篇章已经讲清楚了指导思想。"],
)
def test_plan_sentences_opening_with_a_related_links_word_stay(sentence):
    cleaned, removals = explain(sentence)
    assert squeeze(cleaned) == squeeze(sentence) and not removals, removals


CONTENTS_PAGE = """\
工会活动方案(精选3篇)
▼文章目录▼
【1】工会健步走活动方案
【2】工会读书月活动方案
【3】工会包粽子活动方案

工会健步走活动方案
一、活动主题
健步行走，快乐工作。
二、活动安排
1、在滨江绿道集合，统一出发。
2、全程6公里，限时两小时。
"""


def test_contents_entries_after_a_contents_marker():
    col = parse(CONTENTS_PAGE)
    assert outline(col, -1) == [("一、", "活动主题"), ("二、", "活动安排")]
    assert item_markers(col, -1, 1) == ["1、", "2、"]
    assert_gone(col, "▼文章目录▼", "site_menu")
    for entry in ("【1】工会健步走活动方案", "【2】工会读书月活动方案", "【3】工会包粽子活动方案"):
        assert_gone(col, entry, "site_menu")
    assert squeeze(shown(col)).count("工会健步走活动方案") == 1  # the body's own title stays


def test_contents_list_ends_where_the_body_repeats_an_entry():
    text = ("【目录】\n篇一：社区工会工作计划\n篇二：楼宇工会工作计划\n"
            "篇一：社区工会工作计划\n一、组织建设\n1、新建工会2家。\n"
            "篇二：楼宇工会工作计划\n一、服务职工\n1、开展法律咨询。\n")
    col = parse(text)
    assert [r.text for r in col.removals if r.kind == "site_menu"] == ["【目录】", "篇一：社区工会工作计划", "篇二：楼宇工会工作计划"]
    out = squeeze(shown(col))
    assert "组织建设" in out and "服务职工" in out and "新建工会2家。" in out
    assert out.count("社区工会工作计划") == 1 and out.count("楼宇工会工作计划") == 1  # the body's own titles


# ---- page counters glued to a cut sentence --------------------------------------------------------------------

def test_page_counter_glued_mid_sentence_is_removed_and_the_sentence_rejoined():
    text = ("区总工会2026年工作要点\n一、强化思想引领\n"
            "1、把学习宣传贯彻全会精神作为全年工会的\n2/8首要政治任务，分层分类开展宣讲。\n"
            "2、办好职工讲堂，全年\n3/8举办12期。\n")
    col = parse(text)
    items = col.plans[0].sections[0].items
    assert [i.marker for i in items] == ["1、", "2、"]
    assert items[0].text == "把学习宣传贯彻全会精神作为全年工会的首要政治任务，分层分类开展宣讲。"
    assert squeeze(items[1].text) == "办好职工讲堂，全年举办12期。"
    assert removed(col, "viewer") == ["2/8", "3/8"]


def test_one_fraction_after_a_cut_line_is_no_page_counter():
    for text in ("一、体检\n1、确保全体\n3/5职工完成体检。\n", "一、体检\n1、确保全年\n2/10的会费用于帮扶。\n",
                 "一、体检\n1、确保\n2/3以上职工参检。\n5/18二、"):
        col = parse(text)
        assert not removed(col, "viewer") or removed(col, "viewer") == ["5/18"], col.removals
        assert "职工" in shown(col) or "会费" in shown(col)
    cleaned, removals = explain("一、体检\n1、确保全体\n3/5职工完成体检。\n")
    assert "3/5职工" in cleaned and not removals


def test_glued_page_counter_needs_n_from_2_to_m_and_m_from_5():
    rule = next(r for r in noise_rules().span if r.series)
    for n in range(0, 110):
        for m in range(0, 1000):
            found = bool(rule.pattern.search(f"工会的\n{n}/{m}首要"))
            assert found == (2 <= n <= m and m >= 5 and n <= 99), (n, m)
    for after in ("以上", "的", "左右", "人", "2"):
        assert not rule.pattern.search(f"工会的\n2/10{after}…"), after
    assert not rule.pattern.search("工作。\n2/10首要")  # the line above ended its sentence


# ---- the noise file's own checks -------------------------------------------------------------------------------

def test_list_rules_are_well_formed():
    rules = noise_rules()
    heads = [r for r in rules.line if r.then == "list"]
    assert {r.kind for r in heads} >= {"related_links", "site_menu", "viewer"}
    for rule in heads:
        if rule.entry is not None:
            assert not re.search(r"\\s[*+?{]|\.[*+]", rule.entry.pattern), rule.entry.pattern
            assert not rule.entry.search(""), rule.entry.pattern
    assert all(not r.needs_entry or r.then == "list" for r in rules.line)


def test_unknown_macro_or_then_is_an_error():
    from planparse.text.noise import _expand, _rule

    with pytest.raises(ValueError):
        _expand({"kind": "x", "pattern": "{{no_such_words}}"}, {})
    with pytest.raises(ValueError):
        _rule({"kind": "x", "pattern": "a", "then": "lists"}, 0)


def test_stars_before_a_count_unit_are_blanks_not_emphasis():
    text = "工会工作计划\n一、文体活动\n1、全年开展活动**次，覆盖职工**人。\n2、举办**职工运动会**，设**个项目。\n"
    col = planparse.parse(text, classify=False)
    items = col.plans[0].sections[0].items
    assert items[0].text == "全年开展活动**次，覆盖职工**人。"
    assert items[1].text == "举办职工运动会，设**个项目。"
    assert [p.text for p in col.placeholders] == ["**", "**", "**"]
