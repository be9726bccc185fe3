"""Build the labelled corpus ``measures.jsonl`` from hand-written phrase lists.

Every phrase below was written for planparse (no copied text). Variety comes from combining a
measure phrase with an organisation profile (enterprise, school, hospital, street federation,
government office), a lead-in and a tail. The held-out split is honest: test lines use *different*
measure phrases, headings, lead-ins and tails from training lines, so a test line is never a
re-templated training line.

Run ``python corpus/labelled/build.py`` to regenerate (deterministic: fixed seed).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20240501
OUT = Path(__file__).with_name("measures.jsonl")

# Organisation profiles: the words a plan uses for its staff, itself, its sub-units, its congress
# and its open-affairs system.
ORGS = {
    "enterprise": dict(staff=["职工", "员工", "干部职工", "一线职工"], org=["公司", "企业", "集团", "厂"],
                       unit=["车间", "分公司", "各部门", "基层班组"], congress=["职代会", "职工代表大会"],
                       open=["厂务公开", "司务公开"]),
    "school": dict(staff=["教职工", "教师", "教职员工", "青年教师"], org=["学校", "校", "本校", "学院"],
                   unit=["年级组", "教研组", "各处室", "各部门"], congress=["教代会", "教职工代表大会"],
                   open=["校务公开"]),
    "hospital": dict(staff=["医务人员", "医护人员", "职工", "医务职工"], org=["医院", "院", "本院", "中心医院"],
                     unit=["科室", "病区", "各临床科室", "医技科室"], congress=["职代会", "职工代表大会"],
                     open=["院务公开"]),
    "street": dict(staff=["辖区职工", "会员", "职工群众", "新就业形态劳动者"], org=["街道", "社区", "辖区", "街道总工会"],
                   unit=["社区工会", "基层工会", "辖区企业", "楼宇工会"], congress=["职代会", "职工代表大会"],
                   open=["厂务公开", "居务公开"]),
    "government": dict(staff=["干部职工", "机关干部", "工作人员", "全体干部"], org=["机关", "局", "单位", "委机关"],
                       unit=["各处室", "各科室", "直属单位", "各支部"], congress=["职代会", "职工代表大会"],
                       open=["政务公开", "局务公开"]),
}

# Lead-ins and tails carry no domain. Train and test use disjoint lists.
LEADS = {
    "train": ["", "", "进一步", "认真", "继续", "积极", "扎实", "切实", "要", "坚持"],
    "test": ["", "着力", "持续", "全面", "大力", "努力"],
}
TAILS = {
    "train": ["", "", "。", "，确保取得实效。", "，做到有计划、有落实。", "，全年不少于两次。", "，并做好总结。",
              "，形成长效机制。", "，力争覆盖全体{staff}。"],
    "test": ["", "。", "，切实把工作做细做实。", "，年底前完成。", "，不断提高工作水平。", "，扩大参与面。"],
}

# Per domain: "train" and "test" measure phrases, "train_h" and "test_h" section headings.
# Phrases are separated by "|". Placeholders: {staff} {org} {unit} {congress} {open}.
# A phrase that also belongs to another domain under the conventions of conventions.toml (taxonomy.md's readings of
# ambiguous items) names it after "@": "深入开展“安康杯”竞赛@competition". Every line made from that phrase (a
# measure, a long item, a paragraph) carries the extra label after its own domain.
D: dict[str, dict[str, str]] = {}

D["competition"] = dict(
    train="开展以提质增效为主题的劳动竞赛|组织{staff}开展岗位练兵和技术比武|广泛征集合理化建议，评选优秀金点子"
    "|深化“五小”创新活动，鼓励{staff}小发明、小革新|争创工人先锋号，激发{staff}建功立业热情"
    "|依托创新工作室开展技术攻关|举办{org}第三届职业技能竞赛|围绕重点工程开展立功竞赛"
    "|组织{unit}开展比学赶超活动|推进劳动和技能竞赛常态化|开展青年{staff}岗位技能比武"
    "|对合理化建议进行评审并兑现奖励|设立技术革新奖，推广创新成果|组织参加市级技能大赛，争取好名次"
    "|在{unit}开展节能降耗竞赛|以赛促学、以赛促练，开展岗位练兵活动|围绕中心工作组织建功立业活动"
    "|开展操作技能比赛，选拔技术尖子|成立{staff}创新团队，申报创新项目|组织业务知识竞赛"
    "|开展青年教师教学比武|组织医护人员开展护理技能竞赛|开展“比技能、赛服务”业务竞赛"
    "|推动竞赛向一线延伸，扩大竞赛覆盖面|总结竞赛经验，表扬竞赛中表现突出的班组",
    test="以重点项目为载体掀起劳动竞赛热潮|搭建技能比拼平台，组织多工种同台竞技|征集降本增效金点子，择优推广应用"
    "|开展创新创效活动，孵化职工创新成果|组织急救技能大比武|举行青年岗位能手技术练兵擂台赛"
    "|鼓励{staff}围绕生产难题提出合理化建议|开展“当先锋、创一流”竞赛|组织新入职教师基本功竞赛"
    "|推动劳模创新工作室与竞赛活动相结合",
    train_h="深化劳动竞赛，为企业发展增添动力|广泛开展劳动和技能竞赛|围绕中心建功立业|激发职工创新创造活力"
    "|开展岗位练兵和技术比武|深入开展合理化建议活动|组织技能竞赛，提升岗位本领|以竞赛促发展",
    test_h="聚焦主业开展劳动竞赛|搭建比武平台，营造比学赶超氛围|推动群众性技术创新|建功新时代，竞赛争一流",
)

D["team_building"] = dict(
    train="深化班组建设，提升班组管理水平|加强班组长队伍培养，每年轮训一次|开展星级班组评定活动"
    "|健全工会小组，选好配强工会小组长|创建模范职工小家，改善小家设施|推动班组民主管理，实行班务公开"
    "|开展“五型班组”创建|完善班组考核办法，激发班组活力|总结推广优秀班组工作经验"
    "|每季度召开一次工会小组长会议|以班组为单位开展岗位学习|发挥工会小组在基层的作用"
    "|建设标准化职工小家，配齐小家设备|开展班组长管理能力培训|评选年度示范班组和优秀班组长"
    "|推动班组文化建设，凝聚班组合力|规范工会小组活动记录|每个{unit}建立一个工会小组"
    "|加强{unit}小家建设，办好小家活动|开展班组安全文化和班组学习相结合的活动"
    "|推动六型班组建设向纵深发展|发挥班组长在班组建设中的骨干作用",
    test="选派优秀班组长外出交流学习|开展班组建设现场观摩会|推动工会小组活动规范化、经常化"
    "|给予职工小家建设资金支持|开展“小家大爱”职工小家创建活动|实施班组长素质提升计划"
    "|开展优秀工会小组评选|建立班组工作日志，夯实班组基础管理|推进创新型班组建设|建好用好{unit}职工小家",
    train_h="进一步加强班组建设，提升企业核心竞争力|夯实班组基础|加强工会小组建设|建好职工小家"
    "|深化班组建设，激发基层活力|抓好班组长队伍建设",
    test_h="强基固本抓班组|推进职工小家建设提档升级|激活工会小组这一基层细胞|以班组建设夯实管理基础",
)

D["skills_training"] = dict(
    train="组织{staff}参加岗位技能培训|开展创建学习型组织、争做知识型{staff}活动|鼓励{staff}参加学历教育和继续教育"
    "|建设职工书屋，开展读书活动|实施导师带徒，签订师徒结对协议|举办职工大讲堂，邀请专家授课"
    "|加强师德师风建设，提升教师职业道德|开展医德医风教育|组织新入职{staff}岗前培训"
    "|支持{staff}参加职业技能等级鉴定|开展全员素质提升工程|举办业务知识讲座"
    "|组织{staff}外出进修学习|建立{staff}学习积分制度|开展“书香{org}”读书分享活动"
    "|推动{staff}技能提升，培养复合型人才|组织计算机和办公技能培训|提升{staff}的业务能力和专业水平"
    "|开展青年教师成长培训|组织{staff}参加职称考试辅导|开展专业技能培训，提高服务水平"
    "|建立人才库，做好人才储备",
    test="利用网络学习平台开展线上课程|组织{staff}参加技师、高级技师考评培训|开展“每月一课”业务学习"
    "|推进名师带徒，发挥传帮带作用|开展好书推荐和读书征文|组织骨干{staff}赴先进单位跟岗学习"
    "|开设英语、书写等教师素养提升课程|开展医护人员规范化培训|提升{staff}学历层次和技能等级"
    "|建设学习型{unit}，营造学习氛围",
    train_h="做好职工素质提升工作|以人为本，提高教职工整体素质|加强职工教育培训|创建学习型组织"
    "|提升职工队伍整体素质|加强师德建设",
    test_h="打造高素质职工队伍|实施职工技能提升行动|营造全员学习氛围|锤炼过硬本领",
)

D["democratic_management"] = dict(
    train="召开{org}第五届{congress}第三次会议|深化{open}，及时公开重大事项|做好提案征集、立案和督办工作"
    "|组织职工代表对中层干部进行民主评议|健全以{congress}为基本形式的民主管理制度|落实{staff}的知情权、参与权和监督权"
    "|{congress}闭会期间做好职工代表巡视检查|将涉及{staff}切身利益的事项提交{congress}审议"
    "|完善{open}栏，定期更新公开内容|开展职工代表培训，提高履职能力|落实{congress}各项职权"
    "|推行职工董事、职工监事制度|组织召开民主恳谈会|对提案落实情况进行回复和公示"
    "|规范{congress}召开程序，做好会议筹备|开展民主测评和满意度调查|设立意见箱，畅通民主渠道"
    "|组织职工代表参与重大决策|推进{open}制度化、规范化|做好{congress}资料归档",
    test="通过{congress}审议通过年度工作报告|健全职工代表联系{staff}制度|开展{open}专项检查"
    "|征集代表提案并跟踪落实|召开职工民主议事会，听取{staff}意见|对领导班子开展民主评议"
    "|把{open}延伸到{unit}|确保重大事项经{congress}讨论通过|落实代表巡视制度",
    train_h="健全完善职代会制度，促进企业和谐稳定发展|落实校务公开，推进民主政治建设|加强民主管理和民主监督"
    "|深化厂务公开|推进民主管理制度化|保障职工民主权利",
    test_h="扎实推进民主管理|发挥教代会作用，推动依法治校|拓宽职工参与渠道|落实院务公开",
)

D["rights_protection"] = dict(
    train="推进工资集体协商，提高集体合同签订率|督促{org}依法签订劳动合同|建立劳动争议调解委员会"
    "|为{staff}提供免费法律援助|开展劳动法律监督，维护{staff}合法权益|构建和谐劳动关系"
    "|开展工会法、劳动法普法宣传|建立劳动关系预警机制|及时化解劳资矛盾和劳动纠纷"
    "|监督{org}按时足额发放工资|设立职工法律咨询室|做好集体合同履约情况检查"
    "|开展“尊法守法·携手筑梦”法律服务活动|督促企业依法缴纳社会保险|推动行业性工资集体协商"
    "|健全工会维权服务机制|协助处理{staff}信访诉求|做好欠薪问题排查",
    test="发出集体协商要约，组织协商会议|参与调处劳动争议案件|组建工会律师团开展法律服务"
    "|开展劳动用工法律体检|督促落实最低工资标准|创建劳动关系和谐企业"
    "|帮助{staff}依法维护自身权益|建立劳动纠纷快速处理机制|开展劳动合同专项检查",
    train_h="认真落实工会维权观|依法维护职工合法权益|构建和谐劳动关系|推进集体协商",
    test_h="做实维权服务|筑牢劳动关系稳定防线|依法履行维护职能",
)

D["welfare_assistance"] = dict(
    train="做好元旦、春节期间困难{staff}走访慰问|开展金秋助学，资助困难{staff}子女上学|推广职工互助保障计划"
    "|健全困难{staff}档案，实行动态管理|对患大病的{staff}及时探望慰问|建立帮扶困难{staff}的长效机制"
    "|做好中秋、春节等节日的送温暖工作|落实结对帮扶，帮助困难家庭解决实际问题|发放慰问金，实行公示制度"
    "|看望慰问生病住院的{staff}|关心退休{staff}的生活|做好离退休人员的节日慰问"
    "|开展爱心捐款，救助特困{staff}|对遭遇意外的{staff}给予困难补助|开展精准帮扶，防止因病致困"
    "|为困难{staff}申请临时救助|做好{staff}婚丧嫁娶的慰问工作|开展“两节”送温暖活动",
    test="建立困难群体帮扶台账|开展冬送温暖活动，为一线{staff}送去御寒物品@labour_protection|为低保家庭送去生活必需品"
    "|帮助困难{staff}子女圆大学梦|落实职工大病救助|加强职工互助会日常管理，提供应急借款"
    "|走访慰问退休老同志|开展困难{staff}精准识别|设立帮扶基金，扩大帮扶覆盖面",
    train_h="做好扶贫帮困工作|落实送温暖工程|关心职工生活，帮扶困难职工|完善帮扶机制",
    test_h="用心用情做好帮扶|把温暖送到职工心坎上|让困难职工感受组织关怀",
)

D["women_workers"] = dict(
    train="组织女职工开展两癌筛查|以“三八”妇女节为契机开展巾帼建功活动|落实女职工特殊保护规定"
    "|建设爱心妈妈小屋和母婴室|开展“最美家庭”评选|发挥女职工委员会作用"
    "|举办女职工健康知识讲座|开展巾帼文明岗创建|维护女职工经期、孕期、哺乳期合法权益"
    "|组织女{staff}参加插花、手工等活动|开展好家风家训分享活动|做好单身青年{staff}婚恋联谊"
    "|关心女职工的成长，搭建展示平台|开展女职工岗位成才活动|举办“三八”节女职工座谈会",
    test="为女职工提供妇科健康检查|评选巾帼标兵和文明家庭|开展亲子阅读和家庭教育讲座"
    "|推进女职工休息哺乳室建设|落实女职工权益保护专项检查|开展女性心理健康与法律知识讲座"
    "|组织女{staff}开展巾帼志愿服务|表彰“三八”红旗手",
    train_h="发挥女职工的半边天作用|做好女职工工作|巾帼建功展风采|维护女职工特殊权益",
    test_h="关爱女职工身心健康|凝聚巾帼力量|女工工作再上新台阶",
)

D["labour_protection"] = dict(
    train="深入开展“安康杯”竞赛@competition|发挥劳动保护监督检查三级网络作用|做好高温季节防暑降温工作"
    "|组织群众性安全隐患排查|开展安全生产月活动|加强职业病防治，落实职业健康检查"
    "|参与工伤事故调查处理|开展安全知识培训和应急演练|监督劳动防护用品发放"
    "|参与新建、改建、扩建工程“三同时”监督验收|开展反违章活动|建立群众安全监督员队伍"
    "|做好冬季防寒保暖工作|开展安全生产知识竞赛@competition|组织消防安全演练"
    "|推进安全文化建设，增强{staff}安全意识|落实“一法三卡”要求|加强危险化学品作业场所检查",
    test="开展岗位危险源辨识|督促{org}改善作业环境和劳动条件|发动{staff}查找身边的安全隐患"
    "|开展有毒有害岗位职业危害监测|组织安全员轮训|落实劳动保护措施，保障{staff}安全健康"
    "|开展实验室安全检查|开展交通安全和用电安全教育",
    train_h="做好群众性安全劳动保护监督检查工作|抓好安全生产|加强劳动保护|深化安康杯竞赛@competition",
    test_h="守牢安全底线|筑牢职工生命安全防线|强化职业健康监护",
)

D["culture_sports"] = dict(
    train="举办{staff}趣味运动会|组织迎新春文艺汇演|发挥书法、摄影、羽毛球等协会作用"
    "|加强企业文化建设，培育职工文化品牌|组织篮球赛、乒乓球赛|举办春节联欢晚会"
    "|开展健步走和登山活动|成立{staff}合唱团和舞蹈队|举办职工书画摄影展览"
    "|开展读书会和观影活动|组织拔河比赛和广播操比赛|举办“五一”文艺晚会"
    "|建设{staff}文化活动中心|组织端午包粽子、中秋游园活动|开展校园文化艺术节"
    "|组建足球、羽毛球俱乐部|开展棋牌和象棋比赛|举办演讲比赛和诗词朗诵会"
    "|各协会每月开展一次小活动|组织春游踏青活动",
    test="组织瑜伽、太极拳兴趣班|举办厨艺大赛和才艺展示|开展“我们的节日”主题文化活动"
    "|组团参加上级工会举办的职工运动会|组织游泳、跳绳比赛|开展医院文化节"
    "|举办迎新年联谊会|组织{staff}歌咏比赛|开展摄影采风活动",
    train_h="开展企业文化建设活动|丰富职工文体生活|繁荣职工文化|注重企业文化建设，丰富活跃员工生活",
    test_h="以文化人、以体强身|打造职工文化品牌|让职工业余生活多姿多彩",
)

D["organization_building"] = dict(
    train="推动新建企业依法组建工会|开展会员实名制信息采集|吸收农民工加入工会"
    "|推进新就业形态劳动者入会|创建模范职工之家|实现百人以上企业建会全覆盖"
    "|推进基层工会规范化建设|组建快递、外卖行业工会|建设户外劳动者服务驿站"
    "|推进小微企业联合工会建设|做好会员会籍管理和接转工作|开展“职工之家”创建达标活动"
    "|发放会员服务卡|按法定程序产生新建工会班子|组建区域性、行业性联合工会",
    test="集中开展建会入会攻坚行动|推动网约车司机和货车司机入会|完善会员信息库"
    "|创建示范职工之家|扩大非公企业工会覆盖面|开展“职工驿站”星级评定|指导二级工会规范建家",
    train_h="继续推进工会组建|扩大工会组织覆盖|加强职工之家建设|推进基层工会规范化建设",
    test_h="把职工最大限度组织到工会中来|织密工会组织网络|夯实基层组织基础",
)

D["union_self_building"] = dict(
    train="加强工会干部培训，提高履职能力@skills_training|严格工会经费收支管理|做好经审工作，定期审查经费"
    "|健全工会工作台账和档案|按期做好工会换届选举|完善工会规章制度"
    "|加强工会委员会自身建设|实行工会工作目标管理考核|做好工会财务预算和决算"
    "|加强工会干部作风建设|开展工会工作调查研究|推进党建带工建"
    "|建立工会工作例会制度|做好工会信息报送工作|加强工会资产管理"
    "|抓好工会基础工作，开展同业对标|工会专职干部每年撰写调研报告|加强工会委员班子的学习"
    "|做好工会经费收缴工作|落实工会主席述职制度",
    test="健全工会议事规则和决策程序|开展工会经费使用专项审计|规范工会资料归档|组织兼职工会干部轮训@skills_training"
    "|完善工会工作考评办法|强化工会干部廉洁自律|召开工会委员会全体会议研究年度工作"
    "|建立工会工作责任制|提高工会干部的工作能力",
    train_h="加强工会自身建设|加强工会基础工作，提升工会工作水平|规范工会经费管理|建设高素质工会干部队伍",
    test_h="提升工会履职能力|锻造过硬工会干部队伍|推动工会工作规范运行",
)

D["ideology_publicity"] = dict(
    train="组织{staff}深入学习贯彻会议精神|利用宣传栏、微信公众号宣传工会工作|开展形势任务教育"
    "|加强{staff}思想政治工作|开展理想信念教育|培育和践行社会主义核心价值观"
    "|组织宣讲团深入基层宣讲|开展爱国主义教育活动|办好工会简报和网站"
    "|开展党史学习和主题教育|加强工会宣传阵地建设|做好政策法规宣传解释工作"
    "|组织参观红色教育基地|开展“中国梦·劳动美”主题宣传|弘扬主旋律，传播正能量"
    "|加强新媒体平台建设，讲好职工故事|组织征文和知识问答活动|引导{staff}听党话、跟党走",
    test="开展职工思想动态调研|组织专题理论学习研讨|在{unit}开展微宣讲"
    "|加强网络舆论引导|开展“学思想、强本领”活动|制作宣传展板，营造浓厚氛围"
    "|组织{staff}收看重大会议直播|深化职工政治引领",
    train_h="加强思想引领|深入学习贯彻会议精神|加强宣传教育工作|坚持正确政治方向",
    test_h="筑牢职工思想根基|唱响劳动最光荣主旋律|做好新时代职工宣传",
)

D["model_workers"] = dict(
    train="推荐评选五一劳动奖章和劳动模范|做好劳模先进事迹宣传|选树一批先进典型"
    "|表彰年度先进集体和先进个人|加强劳模管理和服务工作|弘扬劳模精神、劳动精神、工匠精神"
    "|评选“最美{staff}”|组织劳模事迹报告会|发挥劳模示范带动作用"
    "|做好劳模档案管理|评选优秀工会干部和优秀会员|开展“身边的榜样”评选"
    "|宣传大国工匠事迹|推荐技术能手和首席技师|开展评优评先工作",
    test="开展年度十佳{staff}评选|为劳模建立健康档案@health_services|组织劳模工匠进{unit}"
    "|召开表彰大会，激励先进|挖掘培树可复制的典型|做好劳模荣誉疗休养推荐@health_services|开展“工匠之星”命名",
    train_h="发挥先进典型的示范作用|选树先进典型|弘扬劳模精神|做好评先评优",
    test_h="让劳模精神在一线闪光|以榜样力量激励职工|培育工匠人才",
)

D["health_services"] = dict(
    train="组织全体{staff}进行健康体检|开设{staff}心理咨询室|组织{staff}疗休养"
    "|办好{staff}食堂，提高饭菜质量|为{staff}送上生日祝福|开放健身房，鼓励{staff}锻炼"
    "|举办健康知识讲座|开展心理健康减压活动|为{staff}办实事、办好事"
    "|开办暑期爱心托管班|建设{staff}休息室|组织健康义诊进{unit}"
    "|推出普惠性职工服务项目|开展单身{staff}交友活动|关心{staff}身心健康"
    "|落实带薪休养制度|开展健康饮食宣传|改善{staff}午餐条件",
    test="为{staff}建立健康档案并定期回访|开展心理疏导和团体辅导|组织{staff}分批赴外地休养"
    "|提供理发、缝补等便民服务|开设子女寒假托管班|推出职工生日蛋糕卡"
    "|开展颈椎病、腰椎病防治讲座|延长职工餐厅供餐时间",
    train_h="关心职工身心健康|做好职工服务工作|为职工办实事|提升职工幸福感",
    test_h="守护职工健康|让服务更贴心|打造职工温馨港湾",
)

# Framing text with no measure, and non-union content. Whole lines, no frame.
OTHER = dict(
    train="现将{org}今年工会工作安排如下|本计划自印发之日起执行|在新的一年里，我们将振奋精神，扎实工作"
    "|为全面完成全年各项工作任务而努力奋斗|以上计划如有变动，另行通知|具体工作安排"
    "|主要工作|工作目标|总体要求|一月份|二月份|三月份|第一季度|下半年"
    "|特制定本计划|根据上级要求，结合{org}实际，制定本计划|今年是实施规划的关键一年"
    "|计划是一种为实现目标而拟定的行动安排|下面为大家整理了几篇范文，供参考|更多精彩内容请关注本站"
    "|本文由网友投稿，仅供参考|相关推荐|点击下载完整文档|各{unit}要高度重视，认真组织实施"
    "|做好全年工作，意义重大|以上是我们今年的工作打算|保障措施|组织领导"
    "|完成上级交办的其他工作|做好日常事务性工作|其他|附件：年度工作进度表|{org}工会委员会"
    "|二〇二四年一月|20xx年x月x日|联系人：王老师|电话：xxxxxxxx|版权所有，转载请注明出处"
    "|返回目录|上一篇|下一篇",
    test="现结合{org}实际，就今年工作提出如下意见|本方案由{org}工会负责解释|全年工作分三个阶段推进"
    "|实施步骤|工作要求|十一月份|第四季度|年终|下面是小编为大家收集的范文|免费下载本文"
    "|希望对你有所帮助|未尽事宜，另行通知|二〇二三年十二月|{org}工会|抄送：各{unit}"
    "|落实其他临时性工作|各项工作要按时间节点完成|阅读全文",
)

# Items where two domains truly apply (taxonomy.md "ambiguous items" and more). Labels: primary first.
MULTI = {
    "train": [
        ("开展安全生产劳动竞赛", ["competition", "labour_protection"]),
        ("组织女职工技能比武", ["women_workers", "competition"]),
        ("加强工会干部培训，提升业务能力", ["union_self_building", "skills_training"]),
        ("做好夏送清凉工作，为高温岗位{staff}送去防暑用品", ["welfare_assistance", "labour_protection"]),
        ("推广医疗互助，减轻{staff}就医负担", ["welfare_assistance", "health_services"]),
        ("签订女职工专项集体合同", ["women_workers", "rights_protection"]),
        ("开展劳模精神进校园活动", ["model_workers", "ideology_publicity"]),
        ("在{congress}上征集合理化建议", ["democratic_management", "competition"]),
        ("开展“安康杯”安全知识竞赛", ["labour_protection", "competition"]),
        # Women's health screening is women_workers' own scope (taxonomy.md), not health_services.
        ("为女职工组织专项体检", ["women_workers"]),
        ("表彰劳动竞赛中涌现的先进集体和个人", ["competition", "model_workers"]),
        ("开展班组安全建设，落实班组安全责任", ["team_building", "labour_protection"]),
        ("组织劳模疗休养", ["model_workers", "health_services"]),
        ("开展困难职工法律援助", ["rights_protection", "welfare_assistance"]),
        ("组织女职工开展健身操比赛", ["women_workers", "culture_sports"]),
        ("开展劳动法律法规宣传，提高{staff}维权意识", ["rights_protection", "ideology_publicity"]),
        ("在职工之家建设职工书屋", ["organization_building", "skills_training"]),
        ("开展创建学习型班组活动", ["team_building", "skills_training"]),
        ("利用宣传栏宣传劳模事迹", ["model_workers", "ideology_publicity"]),
        ("组织新入会会员参加工会知识培训", ["organization_building", "skills_training"]),
        ("开展职工健步走，倡导健康生活", ["culture_sports", "health_services"]),
        ("开展女职工维权知识讲座", ["women_workers", "rights_protection"]),
        ("向{congress}报告工会经费使用情况", ["democratic_management", "union_self_building"]),
        ("对患病退休{staff}进行慰问并协助就医", ["welfare_assistance", "health_services"]),
    ],
    "test": [
        ("开展节能减排与安全生产劳动竞赛", ["competition", "labour_protection"]),
        ("举办女职工岗位技能大赛", ["women_workers", "competition"]),
        ("举办基层工会主席培训班", ["union_self_building", "skills_training"]),
        ("开展冬送温暖夏送清凉活动", ["welfare_assistance", "labour_protection"]),
        ("落实女职工权益保护专项集体合同", ["women_workers", "rights_protection"]),
        ("邀请劳模进{unit}宣讲劳模精神", ["model_workers", "ideology_publicity"]),
        ("组织劳模和先进工作者健康体检", ["model_workers", "health_services"]),
        ("为困难女职工送去慰问金", ["women_workers", "welfare_assistance"]),
        ("评选安全生产先进班组", ["labour_protection", "team_building"]),
        ("组织职工代表对工会经费收支进行监督", ["democratic_management", "union_self_building"]),
    ],
}

# Domain-neutral sentences that real plans wrap around their measures. They make long paragraph
# items (real items run to 100-300 characters), so the model learns that length and padding do not
# change the domain. They must contain no cue word (checked in build()).
FILLERS = {
    "train": ["这项工作是工会的一项重要任务", "要把这项工作抓紧抓实抓出成效", "各级工会要高度重视，明确分工，落实责任",
              "通过这些举措，使广大{staff}得到实实在在的实惠", "今年我们将在往年的基础上推陈出新",
              "要立足实际，突出重点，注重实效", "努力开创这项工作的新局面", "做到年初有计划、年中有检查、年底有总结",
              "结合{org}实际，因地制宜地推进", "这是一项长期而艰巨的任务，必须常抓不懈"],
    "test": ["我们将统筹谋划，一体推进", "力求取得看得见、摸得着的成果", "及时总结经验，查找不足，加以改进",
             "坚持问题导向，逐项抓好落实", "确保各项任务按期完成"],
}
LONG_PER_DOMAIN = {"train": 14, "test": 5}
MIXED_LONG = {"train": 40, "test": 12}

TRADITIONAL_SHARE = 0.1


def _text(phrase: str) -> str:
    """A phrase without its "@id" extra labels."""
    return phrase.split("@", 1)[0]


def _labels(first: list[str], *phrases: str) -> list[str]:
    """``first`` and the "@id" extra labels of ``phrases``, in order, each once."""
    out = list(first)
    for phrase in phrases:
        for extra in phrase.split("@")[1:]:
            if extra not in out:
                out.append(extra)
    return out


def _fill(text: str, rng: random.Random, profile: dict) -> str:
    return text.format(**{k: rng.choice(v) for k, v in profile.items()})


def _pick_org(rng: random.Random, text: str) -> tuple[str, dict]:
    # School/hospital-specific phrases keep their own organisation kind so the sentence stays plausible.
    if any(w in text for w in ("教师", "教学", "校园", "师德", "教代会", "校务")):
        kind = "school"
    elif any(w in text for w in ("医护", "医德", "急救", "医院", "院务", "护理")):
        kind = "hospital"
    else:
        kind = rng.choice(sorted(ORGS))
    return kind, ORGS[kind]


def _check_fillers() -> None:
    import tomllib

    taxonomy = Path(__file__).resolve().parents[2] / "src" / "planparse" / "data" / "taxonomy.toml"
    cues = [c for d in tomllib.loads(taxonomy.read_text("utf-8"))["domain"] for c in d["cues"] + d["weak_cues"]]
    for filler in FILLERS["train"] + FILLERS["test"]:
        hits = [c for c in cues if c in filler]
        if hits:
            raise SystemExit(f"filler {filler!r} contains cue words {hits}")


def build() -> list[dict]:
    _check_fillers()
    rng = random.Random(SEED)
    rows: list[dict] = []

    def add(text: str, labels: list[str], split: str, kind: str, org: str, group: str) -> None:
        # `group` names the hand-written phrase a line came from (for grouped dev splits when tuning).
        rows.append({"text": text, "labels": labels, "split": split, "kind": kind, "org": org, "group": group})

    for domain, lists in D.items():
        for split, variants, head_variants in (("train", 3, 2), ("test", 2, 1)):
            phrases = [p for p in lists[split].split("|") if p]
            for n, phrase in enumerate(phrases):
                for _ in range(variants):
                    org, profile = _pick_org(rng, _text(phrase))
                    lead = rng.choice(LEADS[split])
                    tail = rng.choice(TAILS[split])
                    add(_fill(lead + _text(phrase) + tail, rng, profile), _labels([domain], phrase), split, "measure",
                        org, f"{domain}/{split}/{n}")
            # Long items: two measures of the same domain joined, as plans often write them.
            for _ in range(len(phrases) // 3):
                a, b = rng.sample(phrases, 2)
                org, profile = _pick_org(rng, _text(a) + _text(b))
                add(_fill(f"{_text(a)}；{rng.choice(LEADS[split])}{_text(b)}。", rng, profile), _labels([domain], a, b),
                    split, "measure", org, f"{domain}/{split}/{phrases.index(a)}")
            for n, heading in enumerate(h for h in lists[f"{split}_h"].split("|") if h):
                for _ in range(head_variants):
                    org, profile = _pick_org(rng, _text(heading))
                    add(_fill(_text(heading), rng, profile), _labels([domain], heading), split, "heading", org,
                        f"{domain}/{split}/h{n}")

    for split in ("train", "test"):
        for n, phrase in enumerate(p for p in OTHER[split].split("|") if p):
            for _ in range(2 if split == "train" else 1):
                org, profile = _pick_org(rng, phrase)
                add(_fill(phrase, rng, profile), ["other"], split, "framing", org, f"other/{split}/{n}")
        for n, (phrase, labels) in enumerate(MULTI[split]):
            for _ in range(3 if split == "train" else 2):
                org, profile = _pick_org(rng, phrase)
                tail = rng.choice(TAILS[split])
                add(_fill(rng.choice(LEADS[split]) + phrase + tail, rng, profile), labels, split, "measure", org,
                    f"multi/{split}/{n}")

    # Long paragraph items: a heading-like opener, two or three measures and filler sentences.
    def paragraph(split: str, parts: list[str]) -> str:
        pieces = [_text(p) for p in parts]
        for _ in range(rng.randint(1, 2)):
            pieces.insert(rng.randint(1, len(pieces)), rng.choice(FILLERS[split]))
        return "。".join(pieces) + "。"

    measure_lists = {d: {sp: [p for p in lists[sp].split("|") if p] for sp in ("train", "test")} for d, lists in D.items()}
    heads = {d: {sp: [h for h in lists[f"{sp}_h"].split("|") if h] for sp in ("train", "test")} for d, lists in D.items()}
    for split in ("train", "test"):
        for domain in D:
            for n in range(LONG_PER_DOMAIN[split]):
                parts = [rng.choice(heads[domain][split])] + rng.sample(measure_lists[domain][split], rng.randint(2, 3))
                org, profile = _pick_org(rng, "".join(map(_text, parts)))
                add(_fill(paragraph(split, parts), rng, profile), _labels([domain], *parts), split, "paragraph", org,
                    f"{domain}/{split}/long{n}")
        for n in range(MIXED_LONG[split]):
            first, second = rng.sample(sorted(D), 2)
            parts = [rng.choice(measure_lists[first][split]), rng.choice(measure_lists[first][split]),
                     rng.choice(measure_lists[second][split])]
            org, profile = _pick_org(rng, "".join(map(_text, parts)))
            add(_fill(paragraph(split, parts), rng, profile), _labels([first, second], *parts), split, "paragraph", org,
                f"mixed/{split}/{n}")

    # Deduplicate (templates can collide), then add Traditional copies of a share of lines.
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["text"] not in seen:
            seen.add(row["text"])
            unique.append(row)
    import opencc

    s2t = opencc.OpenCC("s2t")
    for row in rng.sample(unique, int(len(unique) * TRADITIONAL_SHARE)):
        trad = s2t.convert(row["text"])
        if trad != row["text"] and trad not in seen:
            seen.add(trad)
            unique.append({**row, "text": trad, "script": "traditional"})
    for row in unique:
        row.setdefault("script", "simplified")
    return unique


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    from collections import Counter

    counts = Counter((lab, r["split"]) for r in rows for lab in r["labels"])
    print(f"{len(rows)} lines -> {OUT}")
    for lab in sorted({lab for lab, _ in counts}):
        print(f"  {lab:24s} train {counts[(lab, 'train')]:4d}  test {counts[(lab, 'test')]:4d}")


if __name__ == "__main__":
    main()
