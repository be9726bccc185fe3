"""Boilerplate of government, hospital, school and company sites, WeChat articles and document sites that a
plan copied from them carries: menus and breadcrumbs, information-disclosure tables, article navigation,
footers, disclaimers, follow prompts. Each kind is removed and logged, the plan keeps its outline, and plan
sentences using the same words stay. Every page here is written for this test.
"""

from __future__ import annotations

import time

import pytest

from noise_helpers import parse, shown, squeeze
from planparse.clean import explain


def assert_gone(col, noise: str, kind: str) -> None:
    assert squeeze(noise) not in squeeze(shown(col)), f"{noise!r} left in the output"
    assert any(squeeze(noise) in squeeze(r.text) for r in col.removals if r.kind == kind), (
        f"{noise!r} not logged as {kind}: {[(r.kind, r.text) for r in col.removals]}"
    )


def outline(col, plan: int = 0) -> list[tuple[str | None, str]]:
    return [(s.marker, s.title) for s in col.plans[plan].sections]


def removed_alone(line: str, kind: str) -> None:
    """``line`` under a short plan is removed whole and logged as ``kind``; the plan is intact."""
    text = "一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n" + line + "\n"
    col = parse(text)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开展安全知识竞赛。", "组织应急演练。"]
    assert_gone(col, line, kind)


def kept(text: str) -> None:
    cleaned, removals = explain(text)
    assert squeeze(cleaned) == squeeze(text) and not removals, [(r.kind, r.text) for r in removals]


# ---- a government site: menu, breadcrumb, disclosure table, article navigation, footer --------------------

GOV_PAGE = """\
青禾县总工会
网站首页 | 工会动态 | 通知公告 | 政策法规 | 网上服务 | 联系我们
青禾县总工会 > 信息公开 > 计划总结
索 引 号：00412345-6/2026-00017\t\t主题分类：工会工作
发文机关：青禾县总工会\t\t成文日期：2026-01-09
名　　称：青禾县总工会2026年工作要点
文　　号：青工〔2026〕2号\t\t有 效 性：有效
青禾县总工会2026年工作要点
　　2026年，县总工会将围绕全县中心工作，突出维权服务，推动工会工作提质增效。
一、加强职工思想引领
1、举办“劳动创造幸福”主题宣讲12场。
2、建好用好职工书屋，新建示范书屋3家。
二、做实职工服务
1、建设户外劳动者服务站点8个。
2、开展“金秋助学”活动，资助困难职工子女40名。
青禾县总工会
2026年1月9日
【打印本页】【关闭窗口】
上一条：关于做好2026年元旦春节期间送温暖工作的通知
下一条：青禾县总工会2025年度工作总结
主办单位：青禾县总工会　　承办：县总工会办公室　　联系电话：0000-1234567
网站标识码：4300000012　　湘ICP备13004567号-2　　湘公网安备 43000002000123号
"""


def test_government_site_page():
    col = parse(GOV_PAGE)
    assert len(col.plans) == 1
    assert col.plans[0].title == "青禾县总工会2026年工作要点"
    assert outline(col) == [("一、", "加强职工思想引领"), ("二、", "做实职工服务")]
    assert [i.text for i in col.plans[0].sections[1].items] == [
        "建设户外劳动者服务站点8个。", "开展“金秋助学”活动，资助困难职工子女40名。"]
    assert_gone(col, "青禾县总工会 > 信息公开 > 计划总结", "site_menu")
    for row in ("索 引 号：00412345-6/2026-00017\t\t主题分类：工会工作", "发文机关：青禾县总工会\t\t成文日期：2026-01-09",
                "名　　称：青禾县总工会2026年工作要点", "文　　号：青工〔2026〕2号\t\t有 效 性：有效"):
        assert any(squeeze(row) == squeeze(r.text) for r in col.removals if r.kind == "site_meta"), row
    assert_gone(col, "上一条：关于做好2026年元旦春节期间送温暖工作的通知", "related_links")
    assert_gone(col, "下一条：青禾县总工会2025年度工作总结", "related_links")
    assert_gone(col, "湘ICP备13004567号-2", "site_meta")
    for word in ("主题分类", "成文日期", "有效性", "ICP备", "网站标识码", "公网安备"):
        assert word not in squeeze(shown(col)), word


@pytest.mark.parametrize(
    "table",
    [
        # one field a line
        "索引号：11330000MB00000000/2025-00101\n主题分类：群团工作\n发文机关：某市总工会\n成文日期：2025-02-11\n"
        "标题：某市总工会2025年工作要点\n发文字号：某工〔2025〕5号\n有效性：有效",
        # several fields a line, spread with spaces
        "索  引  号：0001/2025-0044        组配分类：工作计划\n发布机构：某区总工会        生成日期：2025-02-11",
        # a table copied as text: label, tab, value
        "索引号\t0001/2025-0044\t主题分类\t群团工作\n发文机关\t某区总工会\t成文日期\t2025-02-11",
        # a weak row first (名称), then the strong ones
        "名称：某区总工会2025年工作要点\n公开方式：主动公开\t公开范围：面向社会",
    ],
)
def test_information_disclosure_table_in_every_layout(table):
    text = table + "\n某区总工会2025年工作要点\n一、重点工作\n1、推进基层工会规范化建设。\n2、开展职工技能竞赛。\n"
    col = parse(text)
    assert outline(col) == [("一、", "重点工作")]
    for row in table.split("\n"):
        assert any(squeeze(row) == squeeze(r.text) for r in col.removals if r.kind == "site_meta"), (row, col.removals)
        assert squeeze(row) not in squeeze(shown(col))


@pytest.mark.parametrize(
    "footer",
    [
        "主办：松岭区总工会　地址：松岭区建设路16号　备案号：黔ICP备09876543号",
        "Copyright © 2015-2026 松岭区人民医院 All Rights Reserved",
        "版权所有：松岭区第二中学　　技术支持：某某网络科技有限公司",
        "版权所有 © 松岭水务集团有限公司",
        "渝公网安备 50010802001234号",
        "网站标识码：5000000099",
        "©2026 松岭区总工会  蜀ICP备2021000123号-1",
    ],
)
def test_site_footer(footer):
    removed_alone(footer, "site_meta")


@pytest.mark.parametrize(
    "nav",
    ["上一条：关于开展职工健步走活动的通知", "下一条：没有了", "上一篇：2025年工会工作总结", "下一则：区总工会召开全委会议"],
)
def test_article_navigation(nav):
    removed_alone(nav, "related_links")


@pytest.mark.parametrize(
    "menu",
    [
        "医院简介　新闻动态　科室导航　就医指南　专家介绍　联系我们",
        "松岭水务 | 新闻中心 | 信息公开 | 党群园地 | 企业文化",
        "首页｜学校概况｜校园新闻｜教育教学｜党建工作",
        "首页  关于我们  新闻资讯  下载中心  登录  注册",
    ],
)
def test_site_menu_bar(menu):
    removed_alone(menu, "site_menu")


@pytest.mark.parametrize(
    "crumb",
    ["第二中学 > 校务公开 > 工会工作", "某某文库 > 行业资料 > 教育培训 > 工作计划", "党群园地 >> 工会之窗", "集团官网 » 新闻中心 » 通知公告"],
)
def test_breadcrumb_without_a_label(crumb):
    removed_alone(crumb, "site_menu")


# ---- a WeChat article ---------------------------------------------------------------------------------------

WECHAT_PAGE = """\
↑点击上方蓝字，关注我们
澜湾街道工会 2026年02月27日 18:30 浙江
澜湾街道工会2026年工作要点
一、聚焦职工所需办实事
1. 新增“暖新驿站”4个，为快递员、网约车司机提供歇脚服务；
2. 开展“送清凉”活动，覆盖一线职工3000人次。
二、聚焦基层基础强组织
1. 推动楼宇联合工会建设，新发展会员600名；
2. 培训社区工会干部两期。
- END -
文案：街道工会　编辑：周宁　审核：郑岚
往期推荐
● 速看！2026年职工疗休养名额公布
● 街道职工篮球赛开赛啦
长按识别二维码
关注我们
分享 点赞 在看
点击“阅读原文”了解更多
"""


def test_wechat_article():
    col = parse(WECHAT_PAGE)
    assert len(col.plans) == 1
    assert col.plans[0].title == "澜湾街道工会2026年工作要点"
    assert outline(col) == [("一、", "聚焦职工所需办实事"), ("二、", "聚焦基层基础强组织")]
    assert [i.text for i in col.plans[0].sections[1].items] == ["推动楼宇联合工会建设，新发展会员600名；", "培训社区工会干部两期。"]
    assert_gone(col, "↑点击上方蓝字，关注我们", "site_menu")
    assert_gone(col, "- END -", "site_menu")
    for link in ("往期推荐", "速看！2026年职工疗休养名额公布", "街道职工篮球赛开赛啦"):
        assert_gone(col, link, "related_links")
    for word in ("长按识别二维码", "点赞", "在看", "阅读原文"):
        assert word not in squeeze(shown(col)), word


@pytest.mark.parametrize(
    "line",
    ["点击蓝字 关注我们", "点击上方“澜湾工会”关注我们", "长按识别二维码关注我们", "长按二维码", "扫码关注我们！", "阅读原文",
     "↓↓ 点击阅读原文", "点击阅读原文查看详情", "分享　收藏　点赞　在看", "点个赞再走吧，点亮在看", "END", "—— END ——"],
)
def test_wechat_boilerplate_alone(line):
    removed_alone(line, "site_menu")


def test_wechat_list_of_earlier_posts():
    text = ("一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n往期回顾\n▶ 街道工会举办职工厨艺大赛\n"
            "▶ 一图读懂新就业形态劳动者入会\n")
    col = parse(text)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开展安全知识竞赛。", "组织应急演练。"]
    for link in ("往期回顾", "街道工会举办职工厨艺大赛", "一图读懂新就业形态劳动者入会"):
        assert_gone(col, link, "related_links")


# ---- Traditional script: the same rules, matched on the Simplified view ---------------------------------------

TRAD_PAGE = """\
首頁 > 最新消息 > 會務公告
永和企業工會2026年度工作計畫
發布日期：2026-01-12　　點閱數：88　　分類：會務公告
一、會員福利
（一）辦理會員生日禮券發放。
（二）辦理會員住院慰問。
二、勞資協商
（一）每季召開勞資會議一次。
（二）協助會員處理加班費爭議。
永和企業工會理事會
附件下載：115年度工作計畫.pdf（96KB）
回上一頁　｜　友善列印
"""


def test_traditional_site_page():
    col = parse(TRAD_PAGE)
    assert outline(col) == [("一、", "會員福利"), ("二、", "勞資協商")]
    assert_gone(col, "發布日期：2026-01-12　　點閱數：88　　分類：會務公告", "site_meta")
    assert_gone(col, "附件下載：115年度工作計畫.pdf（96KB）", "site_menu")
    assert_gone(col, "回上一頁　｜　友善列印", "site_menu")


def test_attachment_download_heading_and_its_files():
    text = ("一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n附件下载：\n1.报名表.docx\n2.竞赛细则.pdf\n")
    col = parse(text)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开展安全知识竞赛。", "组织应急演练。"]
    for line in ("附件下载：", "1.报名表.docx", "2.竞赛细则.pdf"):
        assert_gone(col, line, "site_menu")


def test_download_count_after_an_attachment_name():
    col = parse("一、工作安排\n1、按周推进。\n附件：松岭二中2026年工会工作计划.docx（下载次数：57）\n")
    assert_gone(col, "（下载次数：57）", "site_meta")
    assert squeeze(col.plans[0].closing) == "附件：松岭二中2026年工会工作计划.docx"  # the attachment itself stays


# ---- disclaimers, copyright, document-site watermarks, scan lines ----------------------------------------------

@pytest.mark.parametrize(
    "line",
    [
        "免责声明：本网站部分内容转载自网络，版权归原作者所有，如有侵权请联系我们删除。",
        "声明：本文内容由互联网用户自发贡献，该文观点仅代表作者本人，本站仅提供信息存储空间服务。",
        "【版权声明】文章来源于网络，不代表本站观点。",
    ],
)
def test_site_disclaimer_line(line):
    removed_alone(line, "watermark")


def test_disclaimer_sentences_inside_a_line_that_lost_its_newlines():
    text = ("一、职工关爱 1、开展职工体检。2、组织职工疗休养。本文内容由互联网用户自发贡献，该文观点仅代表作者本人。"
            "本站仅提供信息存储空间服务，不拥有所有权。如发现本站有涉嫌抄袭侵权的内容，请联系我们，一经查实立即删除。")
    cleaned, removals = explain(text)
    assert "互联网用户" not in cleaned and "信息存储空间" not in cleaned and "涉嫌抄袭" not in cleaned
    assert "开展职工体检。2、组织职工疗休养。" in cleaned
    assert {r.kind for r in removals} == {"watermark"}


def test_upload_watermark_inside_a_word_goes_whole():
    text = "一、活动内容\n1、展示青年职工扎实的业务【本资料由某某文库会员上传，仅供参考】能力和良好的精神面貌。\n"
    col = parse(text)
    assert col.plans[0].sections[0].items[0].text == "展示青年职工扎实的业务能力和良好的精神面貌。"
    assert_gone(col, "【本资料由某某文库会员上传，仅供参考】", "watermark")


@pytest.mark.parametrize("line", ["扫一扫在手机上查看", "手机扫一扫", "微信扫一扫：", "扫一扫在手机打开当前页"])
def test_scan_lines(line):
    removed_alone(line, "site_menu")


# ---- document viewers and template sites: uploader credits, preview notices, site names, banners, related lists --

VIEWER_PAGE = """\
南岭镇卫生院工会2026年工作计划.docx
《南岭镇卫生院工会2026年工作计划.docx》为用户(护***)上传分享的文档,共4页,仅支持在线预览,完整版请到青叶文档网下载。
南岭镇卫生院工会2026年工作计划 2026年，院工会围绕“健康南岭”建设，关心关爱医护职工。一、加强思想引领1.每季度组织一次职工学习。2.评选“优质服务窗口”3个。二、做好职工关爱1.开展“夏送清凉”慰问活动。2.组织职工健康体检。
"""


def test_viewer_banner_with_uploader_preview_notice_and_site_name():
    col = parse(VIEWER_PAGE)
    assert_gone(col, "为用户(护***)上传分享的文档,共4页", "viewer")
    assert_gone(col, "仅支持在线预览", "viewer")
    assert_gone(col, "完整版请到青叶文档网下载", "viewer")
    assert "青叶文档网" not in shown(col) and "上传" not in shown(col)
    plan = col.plans[0]
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    assert "组织职工健康体检。" in squeeze(shown(col))


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("本计划由会员（李**）上传，共3页", "由会员（李**）上传，共3页"),
        ("《石岗村妇联工作要点.doc》由网友上传", "《石岗村妇联工作要点.doc》由网友上传"),
        ("第2页 上传者：王**  文库号：2231", "上传者：王**"),
        ("此文仅供在线预览。", "仅供在线预览。"),
        ("全文请在松风文库下载。", "全文请在松风文库下载。"),
        ("松风文库网 www.songfengwk.com", "松风文库网 www.songfengwk.com"),
    ],
)
def test_uploader_preview_and_site_name_spans(line, noise):
    cleaned, removals = explain(line)
    assert squeeze(noise) not in squeeze(cleaned), cleaned
    assert any(squeeze(noise) in squeeze(r.text) for r in removals), [(r.kind, r.text) for r in removals]


def test_site_name_in_brackets_inside_a_word():
    col = parse("一、职工书屋\n1、每月更新图书【蓝湾文库网】50册。\n2、开展读书分享会。\n")
    assert col.plans[0].sections[0].items[0].text == "每月更新图书50册。"
    assert_gone(col, "【蓝湾文库网】", "watermark")


def test_banner_and_slogans_in_a_document_that_lost_its_newlines():
    body = ("2026年社区工会工作计划 一、建强组织体系。1、新建楼宇工会2家；2、发展会员300名。"
            "二、丰富文体生活。1、举办“读书破万卷”职工读书月活动；2、组织健步走比赛。")
    text = "精品资料 欢迎下载 书山有路勤为径 学海无涯苦作舟 " + body + " 精品资料 可编辑修改"
    cleaned, removals = explain(text)
    assert squeeze(cleaned) == squeeze(body)  # only the banner spans go, never the one line
    assert {r.kind for r in removals} == {"watermark"}
    shown_text = squeeze(shown(parse(text)))
    assert "精品资料" not in shown_text and "学海无涯" not in shown_text and "读书破万卷" in shown_text


@pytest.mark.parametrize(
    "banner",
    ["精品文档 欢迎下载", "学而不思则罔，思而不学则殆 精品文档", "欢迎下载 —— 可编辑修改", "读书破万卷 下笔如有神 — 精品课件"],
)
def test_banner_words_and_slogans_together(banner):
    text = "一、安全生产 1、开展安全知识竞赛。" + banner + " 2、组织应急演练。"
    cleaned, removals = explain(text)
    assert squeeze(cleaned) == "一、安全生产1、开展安全知识竞赛。2、组织应急演练。"
    assert [r.kind for r in removals] == ["watermark"]


@pytest.mark.parametrize(
    "lead",
    ["【社区工会工作计划(精选4篇)】相关文章：", "【职工运动会方案】推荐阅读", "〖企业工会工作要点〗猜你喜欢:",
     "学校工会工作计划范文相关阅读：", "医院工会活动方案 热门文章"],
)
def test_related_list_led_by_a_page_title(lead):
    text = ("社区工会工作计划1\n一、强化服务\n1、建设职工驿站2个。\n2、开展困难职工帮扶。\n\n" + lead +
            "\n\n社区工会年度工作计划范文\n\n2025年社区工会工作计划2\n")
    col = parse(text)
    assert len(col.plans) == 1  # the teaser "…工作计划2" is no second plan
    assert [i.text for i in col.plans[0].sections[0].items] == ["建设职工驿站2个。", "开展困难职工帮扶。"]
    for line in (lead, "社区工会年度工作计划范文", "2025年社区工会工作计划2"):
        assert_gone(col, line, "related_links")


@pytest.mark.parametrize(
    "crumb",
    ["您现在的位置：首页 >> 校园动态 >> 工会活动", "当前所在位置：首页 → 工会之窗", "你现在的位置是：网站首页 > 通知公告",
     "您所在的位置：首页 / 党群工作 / 工会", "位置：首页 > 新闻中心"],
)
def test_breadcrumb_with_a_location_label(crumb):
    removed_alone(crumb, "site_menu")


def test_breadcrumb_label_in_a_line_that_lost_its_newlines_keeps_the_text():
    text = "当前位置：首页 > 工会工作 " + "一、加强职工服务，建设职工之家，开展技能竞赛，组织文体活动。" * 8
    cleaned, _removals = explain(text)
    assert "建设职工之家" in cleaned


# ---- near misses: plan lines with the same words stay ----------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        # footers, disclaimers
        "主办单位：区总工会  承办单位：区体育中心  技术支持：区信息中心",
        "主办：区总工会　　地址：人民路8号　　电话：12345678",
        "做好门户网站ICP备案和等级保护测评工作",
        "作品版权所有权归主办单位",
        "免责声明：参赛者自愿参加，因个人健康原因发生意外的，主办方不承担法律责任。",
        "免责声明：参赛作品如有侵权，由作者本人承担全部责任。",
        "声明：本人承诺所填信息真实有效。",
        # disclosure words in a plan
        "名称：职工趣味运动会",
        "名称：职工趣味运动会\n时间：2026年5月1日",
        "时效性强的工作要及时完成。",
        "实施日期：2026年3月1日起",
        # flows and table headers are no breadcrumb or menu
        "报名>初赛>复赛>决赛",
        "个人申报 > 部门推荐 > 工会审核 > 公示",
        "动员部署>组织实施>总结表彰",
        "时间　地点　内容　负责人",
        "新闻宣传组　后勤保障组　安全保卫组　医疗救护组",
        "党建工作　工会工作　团青工作　企业文化",
        "序号 | 活动内容 | 负责部门 | 完成时间",
        # WeChat words in a plan
        "组织职工点赞身边好人",
        "护士正在看护病人，护工在看护老人。",
        "长按二维码报名",
        "扫码关注工会公众号",
        "请大家关注我们工会的公众号。",
        "阅读原文件，准确把握精神实质",
        "附件下载后填写报名表，于5月底前报送。",
        "发布推文30篇（阅读量10000次以上）",
        "扫一扫在手机上查看活动安排",
        # document-viewer and template-site words in a plan
        "推荐阅读书目：",
        "《平凡的世界》推荐阅读：",
        "开展读书破万卷下笔如有神主题读书活动",
        "读书破万卷，下笔如有神，每月共读一本书。",
        "摄影作品由会员上传至工会小程序。",
        "建设职工文库网站，上传学习资料。",
        "全文请到区总工会网站下载。",
        "位置：厂区东门停车场",
        "活动位置：职工之家>二楼",
        "上传者需对作品的真实性负责。",
        "热门文章评选，每月评出10篇。",
        "当前位置偏远的站点要加强巡查。",
        "下载后可编辑报名表",
    ],
)
def test_plan_lines_with_site_words_stay(text):
    kept(text)


# ---- safety: the new lead words before hostile runs stay fast ---------------------------------------------------

@pytest.mark.parametrize("filler", [" ", "\u3000", "\n", "\t", " | ", " > "])
def test_hostile_runs_after_site_words_parse_fast(filler):
    run = filler * (30000 // len(filler))
    parse("预热")
    for text in (f"索引号：{run}主题分类：", f"名称：{run}\n主题分类：{run}", f"医院概况{run}新闻中心{run}科室导航",
                 f"知行 > {run} > 新闻", f"首页 | {run} | 新闻", f"版权所有{run}", f"Copyright{run}©2026", f"免责声明：{run}本站",
                 f"往期回顾\n{run}\n▶ 标题", f"长按{run}二维码", f"点赞{run}在看", f"附件下载：{run}.pdf", f"【本文档由{run}上传】",
                 f"您现在的位置：{run}首页", f"【{run}】相关文章：", f"为用户{run}上传", f"上传者：{run}张",
                 f"精品文档{run}欢迎下载", f"读书破万卷{run}下笔如有神{run}精品文档", f"{run}文库网{run}",
                 f"全文请在{run}文库下载"):
        start = time.perf_counter()
        parse(text)
        assert time.perf_counter() - start < 5, repr(text[:20])


# ---- Q&A sites, friendly links, viewer prompts and previews (pages6 classes) ------------------------------------

def removed_list(lines: list[str], kind: str) -> None:
    """``lines`` (a heading and its list) under a short plan are removed line by line as ``kind``; the plan is intact."""
    text = "一、安全生产\n1、开展安全知识竞赛。\n2、组织应急演练。\n\n" + "\n".join(lines) + "\n"
    col = parse(text)
    assert [i.text for i in col.plans[0].sections[0].items] == ["开展安全知识竞赛。", "组织应急演练。"]
    for line in lines:
        assert_gone(col, line, kind)


QA_PAGE = """\
问答堂 > 生活百科 > 职场
社区工会一年的活动计划该怎么安排？
提问人：晨跑的阿屿　　浏览：914次　　2026-02-11 20:15
我来答　　关注问题　　邀请回答

满意回答
答：我们社区去年就是这么写的，你参考一下：

社区工会2026年活动计划

今年社区工会以“凝聚职工、服务居民”为目标，办好以下几件事。
一、职工学习
1、每月组织一次政策宣讲，邀请街道干部授课。
2、建设职工书屋，添置图书200册。
二、文体活动
1、春节前举办迎新春趣味运动会。
2、夏季组织职工乒乓球联赛。
3、重阳节组织退休职工登高活动。

大体就是这样，希望采纳。
答主：桂花巷老杨　　采纳率：87%　　2026-02-12 08:40
赞同（21）　　评论（2）　　举报

其它答案（共2条）
答：先列目标，再分学习、文体、帮扶几块写措施。
回答者：路过的小周　　2026-02-11 21:02　　赞同（3）
答：网上范文很多，挑一篇改改就行。
回答者：匿名用户　　2026-02-12 07:30

大家还在问
· 社区工会经费能买什么？
· 工会活动方案范文
"""


def test_qa_site_chrome_around_the_best_answer():
    col = parse(QA_PAGE)
    assert len(col.plans) == 1 and col.plans[0].title == "社区工会2026年活动计划"
    assert outline(col) == [("一、", "职工学习"), ("二、", "文体活动")]
    assert [i.text for i in col.plans[0].sections[1].items] == [
        "春节前举办迎新春趣味运动会。", "夏季组织职工乒乓球联赛。", "重阳节组织退休职工登高活动。"]
    assert_gone(col, "提问人：晨跑的阿屿　　浏览：914次　　2026-02-11 20:15", "site_meta")
    assert_gone(col, "答主：桂花巷老杨　　采纳率：87%　　2026-02-12 08:40", "site_meta")
    assert_gone(col, "我来答　　关注问题　　邀请回答", "site_menu")
    assert_gone(col, "赞同（21）　　评论（2）　　举报", "site_menu")
    assert_gone(col, "满意回答", "site_menu")
    for line in ("其它答案（共2条）", "答：网上范文很多，挑一篇改改就行。", "回答者：路过的小周　　2026-02-11 21:02　　赞同（3）",
                 "大家还在问", "· 社区工会经费能买什么？", "· 工会活动方案范文"):
        assert_gone(col, line, "related_links")


@pytest.mark.parametrize("line", ["提问者：小鹿　　2026-03-01 10:20　　回答数：4", "回答人：老李　　采纳率：65%"])
def test_qa_asker_or_answerer_bar(line):
    removed_alone(line, "site_meta")


@pytest.mark.parametrize("label", ["最佳答案", "【推荐回答】", "网友采纳："])
def test_qa_answer_label(label):
    removed_alone(label, "site_menu")


@pytest.mark.parametrize("lead", ["其他回答（5）", "全部回答", "更多答案："])
def test_qa_other_answers_and_their_answers(lead):
    removed_list([lead, "答：可以先开个座谈会听听大家意见。", "回答者：小王　　2026-01-03 11:11"], "related_links")


@pytest.mark.parametrize("lead", ["相关问题", "类似问题：", "【猜你想问】"])
def test_qa_related_questions(lead):
    removed_list([lead, "· 工会会费按什么比例交？", "· 职代会多久开一次"], "related_links")


@pytest.mark.parametrize("line", ["友情链接：区总工会　区妇联　区团委", "【友情链接】 省总工会 | 市总工会", "友情链接"])
def test_friendly_links_footer(line):
    removed_list([line, "市职工服务中心", "市劳模协会"], "related_links")


@pytest.mark.parametrize(
    "line",
    ["展开阅读全文 ∨", "点击展开全文 ↓", "下载到手机阅读更方便　　剩余6页未读，继续阅读", "保存到电脑查看", "阅读已结束，查看全文"],
)
def test_viewer_prompt_lines(line):
    removed_alone(line, "viewer")


def test_preview_summary_before_the_full_text():
    text = ("溪口镇总工会2026年职工服务工作方案.docx\n"
            "内容摘要：溪口镇总工会2026年职工服务工作方案 为做好今年职工服务工作，结合我镇实际，制定本方案。 "
            "一、建设服务阵地 1.新建职工驿站2个……\n展开阅读全文\n"
            "溪口镇总工会2026年职工服务工作方案\n为做好今年职工服务工作，结合我镇实际，制定本方案。\n"
            "一、建设服务阵地\n1.新建职工驿站2个。\n2.改造职工书屋1个。\n二、开展关爱活动\n1.夏送清凉覆盖一线职工800人。\n"
            "本文（溪口镇总工会2026年职工服务工作方案.docx）由网友上传，仅供参考使用，如有侵权请联系删除。\n")
    col = parse(text)
    assert outline(col) == [("一、", "建设服务阵地"), ("二、", "开展关爱活动")]
    assert [i.text for i in col.plans[0].sections[0].items] == ["新建职工驿站2个。", "改造职工书屋1个。"]
    assert_gone(col, "内容摘要：溪口镇总工会2026年职工服务工作方案", "viewer")
    assert_gone(col, "展开阅读全文", "viewer")
    assert_gone(col, "本文（溪口镇总工会2026年职工服务工作方案.docx）由网友上传，仅供参考使用，", "watermark")
    assert "网友上传" not in shown(col)


@pytest.mark.parametrize(
    "text",
    [
        "组织职工提问，由专家现场解答。",
        "提问人：职工代表",
        "回答者：各部门负责人",
        "采纳职工合理化建议20条以上。",
        "在厂区设立举报箱，公布举报电话。",
        "其他问题另行通知。",
        "评选最佳答案奖3名。",
        "相关问题：\n1、经费如何列支？",
        "内容摘要：本方案围绕职工技能提升，提出培训、竞赛、激励三项措施。",
        "摘要：见附件……",
        "与兄弟单位工会互设友情链接。",
        "组织职工阅读全文并撰写心得。",
        "继续阅读经典，每月共读一本书。",
        "赞同 反对 弃权 三项表决结果当场公布。",
    ],
)
def test_plan_lines_with_qa_and_viewer_words_stay(text):
    kept(text)


@pytest.mark.parametrize("filler", [" ", "\u3000", "\n", "\t", "……"])
def test_hostile_runs_after_qa_and_viewer_words_parse_fast(filler):
    run = filler * (30000 // len(filler))
    parse("预热")
    for text in (f"提问者：{run}采纳率", f"其他回答\n{run}\n答：", f"相关问题\n{run}\n· 问", f"内容摘要：{run}……",
                 f"展开阅读全文{run}继续阅读", f"友情链接：{run}", f"本文（{run}）为会员上传", f"最佳答案{run}"):
        start = time.perf_counter()
        parse(text)
        assert time.perf_counter() - start < 5, repr(text[:20])
