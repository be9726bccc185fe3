"""Build ``varied.jsonl``: more varied phrasings, in the styles real plan pages and official documents use.

``build.py`` writes short, clean measures. Real pages also hold month schedules of bare noun phrases
(``3月：庆三八活动``), ``一是…二是…`` runs, long items that explain a measure at length, markdown bold
headings, activity-plan fields (活动时间, 奖项设置, 组织机构), site noise, and official documents full
of policy text that is not union work at all. Every phrase below was written for planparse in those
styles; none is copied from a page or a report (a test checks that no line is a near-copy of a line
of the held-out split).

Lines get ``split`` = ``train`` or ``dev``. ``dev`` is made from its own phrases, lead-ins and tails (never
seen in training): training fits the model on ``train`` and then calibrates its scores and tunes the
rule/model weight on ``dev``. ``test`` (from ``build.py``) stays the untouched held-out split.

Run ``python corpus/labelled/build_varied.py`` to regenerate (deterministic: fixed seed).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build import ORGS, TRADITIONAL_SHARE, _fill, _labels, _pick_org, _text  # noqa: E402

SEED = 20250611
OUT = Path(__file__).with_name("varied.jsonl")
DEV = "dev"

# Per domain: measures ("m"), bare noun phrases as month schedules and short lists print them ("n"),
# and sentences that explain or justify a measure in long items ("e"); "dm", "dn", "de" are the dev split's own.
# "@id" after a phrase: it also belongs to that domain (conventions.toml; see build.py's D), and so does every line
# made from it.
V: dict[str, dict[str, str]] = {}

V["competition"] = dict(
    m2="围绕年度重点任务，组织开展“当好主力军、建功新时代”主题实践活动"
    "|开展工人先锋号创建，年内争创市级先锋号一个|建立职工合理化建议登记、评审、采纳和奖励制度"
    "|命名一批职工创新工作室，给予经费扶持|组织维修工开展故障排除实操比赛|组织会计人员开展业务技能测试"
    "|开展“比进度、比质量、比安全、比文明”工地竞赛|组织教师开展板书、朗读等基本功展示"
    "|推广职工技术创新成果，推动成果转化|开展服务标兵擂台赛，提升窗口服务水平"
    "|发动{staff}参与技术难题揭榜攻关",
    h="围绕中心任务，引导{staff}在岗位上建功立业|以竞赛为载体，激发{staff}干事创业热情|搭建创新平台，释放{staff}创造潜能|练就过硬本领，争当岗位尖兵",
    dh="比学赶超展作为|掀起岗位建功新热潮",
    m="以“赛技能、强素质、创一流”为主题开展岗位大练兵|组织电工、焊工、钳工等主要工种开展技能比武，对获奖选手给予奖励"
    "|在重点工程项目部开展优质高效劳动竞赛|推动职工经济技术创新活动，每年评选一批优秀创新成果"
    "|组织教师参加课堂教学大赛和说课比赛|举办护理操作技能大赛，提升护理人员实操水平"
    "|开展“我为企业献一策”活动，广泛收集职工的意见和点子|组建技术攻关小组，针对生产瓶颈开展联合攻关"
    "|实行竞赛积分制，按季度通报各{unit}竞赛进展|开展节能降耗、修旧利废竞赛"
    "|选拔优秀选手参加全省职工职业技能大赛|开展窗口服务技能竞赛，提升服务质量"
    "|组织公文写作、计算机操作等岗位技能比赛|推动技能大师工作室围绕关键工序开展技术攻关"
    "|开展质量管理小组活动，组织QC成果发布|举办青年教师课件制作比赛"
    "|开展创新成果评选，推广先进操作法|在项目建设一线开展“大干一百天”劳动竞赛"
    "|发动{staff}开展小改小革，解决生产现场的实际问题|组织各{unit}开展业务技能大练兵"
    "|举办烹饪技能比赛，提高后勤服务水平|以赛代训、以训促赛，推动技能竞赛与岗位培训相结合"
    "|设立“金点子”奖，对被采纳的建议给予奖励|组织开展先进操作法的命名和推广",
    n="岗位技能比武|合理化建议征集|技术革新成果展评|劳动竞赛总结表彰|青年职工技能大赛|教学基本功比赛"
    "|创新成果发布会|岗位练兵月",
    e="通过竞赛调动{staff}的生产积极性和创造性|竞赛做到年初有部署、过程有督查、年终有评比"
    "|把竞赛成果转化为推动发展的实际成效|力争在市级以上技能比赛中取得好成绩",
    dm="组织叉车、起重等特种作业岗位开展技能比拼|开展“降本增效我先行”主题竞赛|推动{staff}创新成果申报专利"
    "|举办青年医师病历书写比赛|在各{unit}之间开展流动红旗竞赛|组织机关干部开展业务知识测试比赛",
    dn="技术比武周|优秀创新项目评审",
    de="让{staff}在比学赶超中提升本领",
)

V["team_building"] = dict(
    m2="选拔政治素质好、业务能力强的{staff}担任工会小组长|明确工会小组长职责，每年进行一次评议"
    "|开展班组长管理经验分享活动|建立班组学习园地和班组荣誉墙|推动班组开展“每日一题、每周一课”岗位学习"
    "|指导职工小家制定活动计划，做到有场地、有设施、有活动|对班组建设成绩突出的班组给予奖励"
    "|完善工会小组活动经费保障",
    h="夯实班组根基，激发基层活力|建强工会小组，打通服务{staff}最后一米|小家建设暖人心",
    dh="让班组成为团结的集体",
    m="推行班组长竞聘上岗，选好配强班组带头人|开展班组建设达标评比，实行星级动态管理"
    "|每个工会小组每月至少组织一次集体活动|建立班组园地，展示班组风采"
    "|推动班组实行民主选举和班务公开|组织优秀班组长经验交流会|指导各科室工会小组开展活动，做好活动记录"
    "|加强职工小家阵地建设，配备书籍、健身器材等设施|开展“小家建设示范点”创建"
    "|推进学习型、安全型、创新型、节约型、和谐型班组建设|规范班组基础台账，推行班组标准化管理"
    "|发挥工会小组长联系职工的纽带作用|建立班组长例会制度，每月通报班组工作|开展班组文化展评，提炼班组精神"
    "|评选金牌班组和优秀工会小组长|完善班组绩效考核，激发班组内生动力|推行班前会、班后会制度，提升班组管理水平"
    "|把工会小组建在科室、建在项目上|组织各工会小组开展“小组之星”评选|开展班组长轮岗交流，拓宽班组长视野",
    n="班组长培训|工会小组长会议|星级班组评比|职工小家验收|班组园地评比|工会小组活动",
    e="班组是{org}最基本的单元|把各项工作落实到每一个班组|让班组成为{staff}成长的摇篮",
    dm="实行班组长任期目标管理|推动工会小组开展“一组一品”特色活动|在新组建的{unit}同步建立班组和工会小组"
    "|为每个职工小家配备一名兼职管理员|开展班组管理创新成果评选",
    dn="班组长述职会|职工小家开放日",
    de="夯实{org}管理的最前沿",
)

V["skills_training"] = dict(
    m2="组织{staff}参加学历提升计划，给予学费补助|开展医德医风专题教育，树立良好行风"
    "|开展师德师风承诺活动|举办青年教师读书沙龙|开展职业技能鉴定前的考前辅导"
    "|组织新任中层干部参加管理能力培训|开展全民阅读活动，评选书香{unit}|选送优秀人才到高校深造",
    h="提升{staff}素质，建设知识型队伍|加强师德师风建设，打造高素质教师队伍|以学促干，打造学习型单位",
    dh="让学习成为{staff}的习惯",
    m="开展岗位大培训，实现全员轮训一遍|鼓励{staff}参加成人高考、自学考试，提升学历层次"
    "|举办新技术、新工艺专题培训班|组织青年教师参加教学能力培训和教研活动"
    "|推进职工书屋建设，增添图书，定期开放|开展“读一本好书”活动，引导{staff}多读书、读好书"
    "|实施名师工程，发挥骨干教师的示范引领作用|邀请专家学者为{staff}作专题辅导报告"
    "|组织医护人员参加继续医学教育项目|开展技能等级认定培训，帮助{staff}取得职业资格证书"
    "|开设职工夜校，讲授实用技能|加强师德教育，引导教师爱岗敬业、为人师表"
    "|开展岗位技能培训，提高一线操作人员业务水平|组织管理人员参加综合素质提升培训"
    "|建立师徒帮带机制，帮助新员工尽快胜任岗位|开展普通话、计算机等基本技能培训"
    "|组织机关干部参加公文写作和办公软件培训|选派业务骨干参加高级研修班"
    "|实施农民工技能提升计划，开展订单式培训|组织读书交流会和好书分享"
    "|推动{staff}学习与岗位实践相结合，做到学以致用|鼓励教职工参加科研和学术交流",
    n="岗前培训|读书分享会|技能培训班|职工书屋开放|教师业务培训|师徒结对仪式",
    e="提升{staff}队伍的整体素质|让{staff}学有所获、学以致用|培养一支知识型、技能型、创新型的{staff}队伍",
    dm="组织{staff}参加职业技能提升线上课程|开展新员工入职第一课|推动教师参加信息化教学能力培训"
    "|建立{staff}学分档案，记录培训学时|组织骨干赴高校参加短期进修",
    dn="业务学习日|读书月活动",
    de="不断增强{staff}的岗位胜任能力",
)

V["democratic_management"] = dict(
    m2="做好{congress}提案的收集、整理和交办|组织职工代表对食堂、宿舍管理进行民主监督"
    "|健全职工代表常任制|推进{open}进科室，公开科室奖金分配方案"
    "|落实{congress}闭会期间的民主管理工作|设立职工代表接待日",
    h="深化民主管理，保障{staff}当家作主|健全{congress}制度，推进依法治企|坚持公开透明，接受{staff}监督",
    dh="让{staff}参与决策",
    m="按时召开{congress}，审议发展规划和重大改革方案|做好教代会换届，选好职工代表"
    "|凡涉及{staff}切身利益的重大事项，都要提交{congress}审议通过|坚持院务公开，通过公开栏、内网公布财务收支情况"
    "|组织代表对提案落实情况进行评议|开好职工代表团（组）长联席会议|认真办理代表提案，做到件件有回音"
    "|推进基层单位民主管理工作规范化|组织职工代表开展专项视察，提出改进建议"
    "|每季度召开一次职工代表座谈会，通报单位重大事项|推动所属{unit}普遍建立{congress}制度"
    "|落实{congress}民主评议领导干部制度|公开{staff}关心的评先评优、职称评聘等事项|健全{open}监督检查机制"
    "|组织代表学习职代会条例，提高参政议政能力|在非公企业推行区域性职代会|做好{congress}决议落实情况的跟踪督查"
    "|将绩效工资分配方案提交教代会讨论|召开二级职代会，推进民主管理向科室延伸",
    n="职代会筹备|提案征集|民主评议干部|公开栏更新|教代会代表培训|提案答复",
    e="保障{staff}当家作主的民主权利|让{staff}有序参与单位管理|增强决策的透明度",
    dm="把年度预算执行情况向职工代表报告|开展{open}满意度测评|建立职工代表述职制度"
    "|在{congress}期间设立代表意见征集组|推动{unit}实行重大事项公示",
    dn="代表巡视|民主恳谈",
    de="让{staff}的意见在决策中得到体现",
)

V["rights_protection"] = dict(
    m2="帮助{staff}解决劳动报酬、休息休假等方面的实际问题|组织开展工资集体协商培训，提升协商指导员能力"
    "|对集体合同履行情况开展年度检查|设立劳动法律监督委员会，对企业用工情况进行监督"
    "|为{staff}提供劳动合同审查服务|推进企业劳动争议调解委员会建设|做好劳务派遣人员同工同酬维权工作"
    "|开展劳动关系和谐度调查",
    h="依法维护{staff}合法权益，构建和谐劳动关系|做好维权服务，当好{staff}娘家人|推动集体协商提质增效",
    dh="让{staff}的合法权益得到保障",
    m="开展集体合同签订情况专项检查，提高合同质量|推动企业建立工资正常增长机制|开通维权热线，及时受理{staff}投诉"
    "|为农民工追讨被拖欠的工资提供帮助|建立职工法律服务站，聘请律师定期坐班|开展劳动合同签订率专项督查"
    "|依法参与企业裁员、改制中的职工安置|加强劳动争议调解组织建设，及时化解矛盾"
    "|开展“法律进企业”活动，提高{staff}依法维权能力|推动工资集体协商向小微企业覆盖"
    "|做好职工信访接待，妥善处理群体性诉求|维护新就业形态劳动者的休息权和劳动报酬权"
    "|监督落实带薪年休假制度|建立劳动关系矛盾排查化解机制，每季度排查一次"
    "|协调解决{staff}社会保险接续问题|参与劳动人事争议仲裁，为{staff}提供代理服务"
    "|推行企业工资支付保证金制度|督促用人单位规范劳务派遣用工",
    n="集体协商要约|法律援助|劳动争议调解|工资支付专项检查|维权热线|劳动合同签订",
    e="把维护{staff}合法权益作为工会的基本职责|从源头上维护{staff}权益|让{staff}遇到问题有地方说理",
    dm="组织律师为{staff}提供劳动用工法律咨询|推动快递企业与劳动者协商确定计件单价|开展工资拖欠隐患排查"
    "|监督企业依法安排加班并支付加班费|在园区设立劳动争议调解室",
    dn="工资协商|法律服务月",
    de="依法理性表达{staff}的合理诉求",
)

V["welfare_assistance"] = dict(
    m2="完善困难职工档案，确保帮扶对象精准|春节期间走访慰问退休老职工和因病致困家庭"
    "|建立职工互助基金，解决{staff}急难问题|对遭遇重大变故的{staff}家庭及时送去关怀"
    "|开展“情系职工、温暖万家”走访活动|为生活困难的退休{staff}申请专项救助",
    h="扶贫帮困送温暖，排忧解难聚人心|做好帮扶救助，兜住困难{staff}生活底线",
    dh="情系困难职工",
    m="春节前开展送温暖走访，为困难{staff}送去慰问金和年货|建立困难职工帮扶中心，提供一站式帮扶服务"
    "|对因病、因灾致困的{staff}及时给予救助|设立职工爱心基金，开展互助互济|动员{staff}向受灾地区捐款捐物"
    "|做好{staff}住院慰问和丧葬慰问|对困难{staff}实行分类帮扶，做到应帮尽帮|组织开展职工重大疾病互助保障@health_services"
    "|慰问退休教师，为高龄退休{staff}送去节日祝福|帮助家庭困难的农民工购买返乡车票"
    "|建立困难职工解困脱困长效机制|开展“一帮一”结对帮扶|对困难{staff}家庭入户调查，更新帮扶档案"
    "|发放困难补助，做到公开、公平、公正|开展节日慰问，向坚守岗位的{staff}送去关怀",
    n="春节送温暖|金秋助学|困难职工慰问|爱心捐款|住院探视|退休人员慰问",
    e="把组织的温暖送到{staff}身边|让困难{staff}感受到组织的关心|确保困难{staff}生活有保障",
    dm="为突发重病的{staff}发起爱心募捐|对失业{staff}家庭给予生活补助|组织党员干部与困难家庭结对"
    "|为困难{staff}子女发放助学金|看望长期病休的{staff}",
    dn="节日慰问|困难补助发放",
    de="做到困难{staff}不漏一户、不落一人",
)

V["women_workers"] = dict(
    m2="完善女职工委员会工作制度，定期研究女职工工作|开展女职工特殊权益保护宣传|组织女职工开展三八节趣味活动|在孕产期女职工中开展关爱慰问|开展女职工读书分享活动",
    h="发挥半边天作用，展示巾帼风采|维护女职工特殊权益，关爱女职工成长|巾帼心向党，奋进新征程",
    dh="让女职工工作更有温度",
    m="召开女职工委员会会议，研究部署女职工工作|组织女职工参加乳腺、宫颈疾病免费筛查"
    "|在“三八”节前后组织女职工开展踏青、插花等活动|落实女职工孕期、产期、哺乳期各项保护措施"
    "|评选巾帼岗位明星|关心单身青年职工婚恋问题，举办联谊活动|加强女工干部培训，提高女工干部工作能力"
    "|开展女职工维权行动月活动|组织女职工学习女职工劳动保护特别规定|宣传最美家庭事迹，弘扬家庭美德"
    "|建立女职工关爱档案|为女职工发放“三八”节慰问品|组织女教职工开展巾帼心向党主题活动"
    "|推动企业落实女职工生育津贴和产假待遇|开展女职工心理健康关爱行动",
    n="庆三八活动|女职工体检|女工委会议|巾帼文明岗评选|母婴室建设|三八节座谈会",
    e="发挥女职工在单位发展中的重要作用|维护女职工的特殊权益|展示新时代女性的风采",
    dm="为怀孕女职工调整夜班和高强度岗位|组织女职工参加家庭理财讲座|推荐优秀女职工参评三八红旗集体"
    "|为女职工开设形体礼仪课程|在女职工中开展书香家庭评选",
    dn="巾帼风采展|女职工权益宣传",
    de="让女职工感受到组织的关爱",
)

V["labour_protection"] = dict(
    m2="组织职工代表开展安全生产专项巡视|开展“安康杯”知识答题活动|在高温时段调整作业时间，保障{staff}休息|组建群众安全监督岗|开展节假日前安全大检查|组织{staff}学习安全操作规程",
    h="筑牢安全防线，守护{staff}平安|强化劳动保护，保障{staff}健康|安全生产人人有责",
    dh="以安全保发展",
    m="组织{staff}安全生产知识培训，做到持证上岗|开展夏季高温作业岗位巡查，发放防暑药品"
    "|落实{staff}职业健康体检，建立职业健康档案|组织劳动保护监督检查员开展季度巡查"
    "|监督企业落实安全生产责任制|开展安全生产月宣传咨询活动|组织消防知识讲座和灭火器使用演练"
    "|发动{staff}查隐患、反违章、保安全|参与伤亡事故的调查处理，维护伤亡职工合法权益"
    "|加强对粉尘、噪声岗位的监督检查|督促企业为{staff}配齐合格的劳动防护用品|开展冬季防火、防滑、防冻检查"
    "|在建筑工地开展安全文明施工检查|组织食堂、配电房等重点部位安全检查|开展工伤预防宣传，降低工伤事故发生率"
    "|组织{staff}开展应急疏散演练|监督落实{staff}工间休息和劳动定额",
    n="安全生产月|防暑降温|消防演练|隐患排查|职业健康检查|劳保用品发放",
    e="牢固树立安全第一的思想|保障{staff}在劳动过程中的安全和健康|把隐患消灭在萌芽状态",
    dm="对新进{staff}开展三级安全教育|检查有限空间作业的防护措施|组织电梯、锅炉等特种设备安全巡查"
    "|推动企业改善高噪声车间的通风降噪条件|评选安全生产群众监督优秀岗",
    dn="安全隐患随手拍|防汛应急演练",
    de="守住{staff}生命安全的底线",
)

V["culture_sports"] = dict(
    m2="成立职工文体协会，定期开展活动|开展职工广场舞展演|组织{staff}参加元旦长跑"
    "|开展“职工文化月”系列活动|举办{org}文化建设成果展|组织青年{staff}开展户外拓展活动"
    "|开展职工摄影作品征集评选|组织{staff}观看文艺演出|组织形式多样、健康向上的群众性文化活动"
    "|开展健康有益的文体活动，活跃{staff}业余生活",
    h="繁荣职工文化，丰富精神生活|以文体活动凝聚人心",
    dh="快乐工作，健康生活",
    m="举办职工乒乓球、羽毛球团体赛|组织{staff}参加全市职工运动会|开展“健康快乐一起走”健步行活动"
    "|成立书画、摄影、舞蹈等兴趣小组|组织{staff}开展秋游、登山等户外活动|开展“庆五一”职工文艺演出"
    "|举办职工趣味游戏活动，设置套圈、踢毽、托球跑等项目|举办职工K歌大赛|举办{org}文化节，展示{staff}风采"
    "|组织职工篮球联赛|开展重阳节登高活动|开展元宵节猜灯谜活动|举办职工书法绘画作品展"
    "|开展跳棋、扑克牌等室内趣味赛|组织新年登山迎新活动|举办职工钓鱼比赛|组织“我运动、我健康”全民健身活动",
    n="迎新春联欢会|职工运动会|春游活动|文艺汇演|羽毛球比赛|登山比赛|拔河比赛|教工趣味运动会",
    e="丰富{staff}的业余文化生活|增强团队的凝聚力和向心力|营造健康向上的文化氛围",
    dm="举办职工排球赛|组织{staff}参加环湖自行车骑行|开展端午节划龙舟比赛|举办职工手工艺品展评"
    "|组织新春写春联送春联活动",
    dn="职工象棋赛|中秋游园会",
    de="让{staff}在活动中放松身心、增进友谊",
)

V["organization_building"] = dict(
    m2="推动外卖骑手、快递小哥加入工会|在建设项目中推行农民工“先入会、后上岗”|指导基层工会按期建立会员名册"
    "|开展“工会进万家”入户宣传，吸引{staff}入会|推动新经济组织、新社会组织建立工会"
    "|申报模范职工之家和先进职工之家",
    h="扩大组织覆盖，增强工会吸引力|建好职工之家，让{staff}有归属感|把工会组织建到{staff}身边",
    dh="以建会入会夯实基础",
    m="做好新入职员工入会工作，做到应入尽入|推进八大群体入会，扩大工会覆盖面"
    "|指导新建企业召开会员大会，选举产生工会委员会|对已命名的模范职工之家开展复查"
    "|建设一批爱心驿站，为环卫工人等户外劳动者提供歇脚服务|推进园区、楼宇工会组建|规范会员发展程序，做好会员登记"
    "|推动村、社区建立工会联合会|吸纳临时聘用人员加入工会|开展会员评家活动，让会员参与职工之家建设"
    "|推进基层工会“会、站、家”一体化建设|深入商圈市场宣传工会政策，动员个体从业人员入会"
    "|建立健全基层工会组织网络，消除建会空白点|做好会员转会和会籍接续|打造职工之家示范点",
    n="会员发展|职工之家创建|建会入会|会员登记|工会组建|会员卡发放",
    e="把更多{staff}吸引到工会组织中来|让{staff}把工会当作自己的家|扩大工会组织的覆盖面和影响力",
    dm="在新开工项目同步组建项目工会|推动家政服务人员加入行业工会|为新会员举行入会仪式"
    "|开展职工之家星级评定复核|清理核实会员人数，做到底数清楚",
    dn="集中入会日|建家达标验收",
    de="让每一名{staff}都有组织可依",
)

V["union_self_building"] = dict(
    m2="规范工会经费的预决算管理|做好工会会员代表大会的筹备和选举工作|工会干部要带头深入基层，倾听{staff}呼声|建立工会委员分片联系制度|完善工会工作制度汇编|加强工会经审工作，开展经费收支审计|做好工会统计年报工作",
    h="加强自身建设，提升工会干部素质|从严管理工会经费，规范工会运行|打造一支让{staff}信赖的工会干部队伍",
    dh="做实做细工会基础工作",
    m="加强工会委员会班子建设，明确委员分工|严格执行工会经费使用管理办法，做到专款专用"
    "|建立工会干部联系{staff}制度|按时足额上缴工会会费，做好会费收缴台账|开展工会财务审查，定期向会员公布"
    "|做好工会年度工作总结和统计报表|加强工会干部理论学习，提升政治素质|健全工会文书和会议记录管理"
    "|推进工会工作信息化，建设智慧工会平台|开展工会干部作风纪律教育|配合党委做好工会换届选举准备"
    "|编制工会年度预算，严控非必要开支|建立工会工作调研制度，每年开展专题调研|落实经审委员会对经费的审查监督"
    "|对各分会开展年终工作检查|健全工会内部控制制度，防范财务风险",
    n="工会换届|经费审查|工会工作总结|工会干部培训@skills_training|会费收缴|工会委员会例会",
    e="建设一支政治坚定、作风过硬的工会干部队伍|提高工会工作规范化水平|增强工会组织的战斗力",
    dm="制定工会委员岗位职责|开展工会经费使用绩效评价|组织工会干部到兄弟单位学习交流"
    "|做好工会固定资产清查|建立工会工作月报制度",
    dn="工会经费决算|工会干部述职",
    de="把工会建设成{staff}信赖的组织",
)

V["ideology_publicity"] = dict(
    m2="引导{staff}树立健康向上的精神风貌|弘扬健康文明的社会新风|办好工会宣传栏，每季度更新一次内容|利用抖音、视频号等新媒体宣传{staff}风采|开展主题征文，讲述奋斗故事",
    h="加强思想政治引领，凝聚{staff}奋进力量|做好宣传教育，营造良好氛围",
    dh="用先进思想武装{staff}",
    m="组织{staff}学习党的创新理论，坚定理想信念|利用工会网站、宣传栏和微信群宣传先进经验"
    "|开展职工讲堂理论宣讲活动|组织党员{staff}参观革命纪念馆|开展社会公德、家庭美德教育"
    "|及时编发工会工作简报，报道基层动态|开展形势政策教育，引导{staff}正确看待改革"
    "|向上级媒体投稿，宣传本单位工会工作亮点|开展道德讲堂活动|开展民族团结进步教育"
    "|建设文化长廊，展示社会主义核心价值观内容|开展工会知识宣传进{unit}活动|在{staff}中开展诚信教育和廉洁教育"
    "|开展庆祝建党、国庆主题教育活动|制作短视频，讲述一线{staff}的奋斗故事",
    n="理论学习|主题教育|宣传报道|工会简报|形势教育|党史学习",
    e="引导{staff}坚定听党话、跟党走的信念|凝聚{staff}思想共识|营造积极向上的舆论氛围",
    dm="组织{staff}撰写学习心得|开办工会微信公众号专栏|开展爱国主义影片展映"
    "|组织青年{staff}开展红色经典诵读|编印职工理论学习读本",
    dn="专题学习会|宣传月",
    de="把{staff}的思想统一到中心工作上来",
)

V["model_workers"] = dict(
    m2="开展年度优秀员工评选表彰|宣传劳模和工匠的先进事迹|评选表彰优秀工会干部和工会积极分子|开展“岗位之星”月度评选|为劳模工匠搭建带徒传技平台|在宣传栏设立光荣榜",
    h="发挥劳模引领作用，弘扬劳模工匠精神|选树先进典型，激发争先创优热情",
    dh="让先进典型竞相涌现",
    m="按程序推荐省部级劳模候选人|建立劳模档案，定期走访慰问劳模|组织劳模开展技术服务和传帮带"
    "|评选表彰优秀教师和优秀班主任|开展“五一”先进表彰，树立身边榜样|为劳模发放荣誉津贴"
    "|选树身边好人和岗位标兵|评选年度优秀医务工作者|表彰在急难险重任务中表现突出的{staff}"
    "|开展先进工作者评选|组织劳模座谈会，听取劳模意见建议|举办技能大师、首席员工命名仪式"
    "|推荐优秀{staff}参评各级劳动奖章",
    n="劳模评选|先进表彰|劳模慰问|评优评先|表彰大会|劳模座谈会",
    e="发挥先进典型的引领示范作用|营造崇尚劳动、尊重劳模的良好风尚|让{staff}学有榜样、赶有目标",
    dm="为劳模安排年度健康疗养@health_services|编印劳模先进事迹汇编|开展最美一线{staff}推选"
    "|推荐优秀{staff}参评市级五一劳动奖状|组织劳模与青年{staff}结对",
    dn="劳模事迹展|评先推优",
    de="用身边事教育身边人",
)

V["health_services"] = dict(
    m2="建立职工心理关爱热线|在单位设立健康小屋，配备体检自助设备|改善食堂就餐环境，增加菜品种类",
    h="关注{staff}健康，提升{staff}幸福指数|做好服务保障，解决{staff}后顾之忧",
    dh="把{staff}的健康放在心上",
    m="为{staff}提供免费工作餐|开设职工健身活动室，配备跑步机等器材|组织{staff}开展年度体检，体检报告由专人解读"
    "|邀请心理专家为一线员工开展情绪管理讲座|引进中医理疗服务进单位|开展“健康大讲堂”，普及合理膳食知识"
    "|为{staff}办理健身卡，倡导健康生活方式|改善职工宿舍条件，配齐空调和热水器|组织{staff}参加工会普惠活动，享受优惠服务"
    "|为夜班{staff}提供夜宵|联系医院为{staff}开通就医绿色通道|开展{staff}健康状况调查，制定干预措施"
    "|为{staff}发放防疫物资|设立职工心理健康服务站",
    n="职工体检|疗休养|心理咨询|职工食堂|普惠服务|健康讲座",
    e="增强{staff}的获得感和幸福感|为{staff}办好事、解难事|守护{staff}身心健康",
    dm="在食堂推出低盐低脂健康套餐|组织{staff}参加八段锦健身课|为久坐岗位{staff}配备护腰靠垫"
    "|联系社区医院上门为{staff}测血压|开展睡眠健康科普讲座",
    dn="健康义诊|心理减压活动",
    de="让{staff}工作更舒心、生活更安心",
)

# `other`: framing, activity-plan fields, site noise, business that is not union work, and the policy
# text of official documents (economy, trade, science, farming...). Whole lines, no frame.
OTHER = dict(
    train="活动时间：5月20日上午九点|活动地点：{org}篮球场|参加人员：全体在职{staff}|参赛对象：各{unit}选派代表"
    "|奖项设置：设一等奖一名、二等奖两名、三等奖三名|组织机构：组长由工会主席担任，副组长由副主席担任"
    "|注意事项：请各参赛队提前十分钟到场检录|行程安排：上午八点在单位门口集合乘车"
    "|报名方式：以{unit}为单位于本月底前报名|评分办法：由评委现场打分，去掉一个最高分和一个最低分"
    "|裁判员由体育老师担任|活动主题|活动内容|活动目的|活动要求|比赛办法|领导小组|工作步骤|时间安排"
    "|指导思想|工作思路|主要任务|重点工作|具体措施|第一阶段：宣传发动阶段|第二阶段：组织实施阶段"
    "|为进一步做好今年的工作，经委员会研究，制定本计划|以下是本站为您整理的工作计划范文，欢迎阅读"
    "|本文档共5页，下载后可编辑|我要投稿|收藏本文|分享到微信|各单位要按照本计划要求，结合实际抓好落实"
    "|新的一年，让我们团结一心，开拓进取，共创佳绩|领导小组下设办公室，负责日常工作|附：活动报名表"
    "|特此通知|以上方案，请遵照执行|时光飞逝，新的一年又要到来，写好计划是做好工作的前提"
    "|推进贸易投资便利化，稳定外贸外资规模|实施积极的财政政策，优化财政支出结构"
    "|加快建设现代化产业体系，推动制造业转型升级|深化科技体制改革，加强关键核心技术攻关"
    "|加强生态环境保护，持续改善空气和水环境质量|推进新型城镇化，提高城市规划建设水平"
    "|稳定粮食播种面积，保障重要农产品供给|深化国有企业改革，完善现代企业制度"
    "|推动区域协调发展，支持中西部地区加快发展|加强重大水利工程和交通基础设施建设"
    "|防范化解地方债务风险|发展数字经济，推动人工智能与实体经济深度融合"
    "|完善宏观调控，保持经济运行在合理区间|深化“放管服”改革，优化营商环境"
    "|稳定房地产市场，满足居民合理住房需求|推动能源结构调整，发展风电、光伏等清洁能源"
    "|扩大有效投资，发挥政府投资的带动作用|促进民营经济发展壮大|深化金融体制改革，增强金融服务实体经济能力"
    "|落实减税降费政策，减轻企业负担|加快建设全国统一大市场|做好新学期开学准备和课程安排"
    "|抓好毕业年级复习备考工作|加强门诊流程管理，缩短患者候诊时间|推进医院等级评审工作"
    "|完成年度生产任务和经营指标|做好招生宣传和新生报到工作|加快推进智慧校园建设"
    "|强化成本管控，提高资金使用效率|优化病种结构，提升疑难重症诊治能力"
    # Page furniture around a plan: signatures, distribution lines, issuing notes, site text.
    "|{org}工会|{org}工会委员会办公室|抄报：区总工会|抄送：{org}各{unit}|主题词：工会 工作 计划"
    "|本计划由工会委员会负责解释|本办法自发布之日起施行|印发日期：2025年2月18日|（此页无正文）"
    "|共印30份|以上内容仅供参考|喜欢本文请点赞收藏|更多范文请访问本站|文章来源于网络，如有侵权请联系删除"
    "|上一页|下一页|第2页 共6页|扫码关注公众号|相关文章推荐|热门标签|工作计划频道|发布者：管理员"
    "|二〇二五年二月十日|2025年3月|20XX年XX月XX日|联系电话：0531-8xxxxxxx|邮箱：xxx@163.com"
    "|附件1：报名汇总表|附件2：评分细则|一、指导思想|二、工作目标|三、主要措施|四、有关事项"
    "|活动安排|具体要求|实施时间|组织实施|总结阶段|请各单位认真贯彻执行|请遵照执行"
    "|未尽事宜由组委会负责解释|本次活动最终解释权归工会所有",
    dev="活动时间：10月18日下午两点|参加对象：各{unit}在职{staff}|比赛时间及地点：另行通知"
    "|奖励办法：按名次颁发奖品和证书|报名截止时间：9月25日|实施步骤|经费预算|预期效果"
    "|本站所有文章均由用户上传|推动外贸优化升级，拓展多元化国际市场|加快发展现代农业，促进农民增收"
    "|加强城市更新和老旧小区改造|推进教学质量监测，提高课堂效率|加快建设区域医疗中心"
    "|深化财税体制改革，规范地方政府举债",
)

# Official-document phrasing of union-relevant policy: it does belong to a domain.
GOV = {
    "train": [
        ("健全劳动者权益保障制度，加大欠薪治理力度", ["rights_protection"]),
        ("大规模开展职业技能培训，培养更多高技能人才", ["skills_training"]),
        ("深入开展安全生产专项整治，坚决遏制重特大事故", ["labour_protection"]),
        ("加强困难群众兜底保障，做好临时救助", ["welfare_assistance"]),
        ("保障妇女合法权益，促进男女平等", ["women_workers"]),
        ("广泛开展全民健身运动，丰富群众文化生活", ["culture_sports"]),
        ("大力弘扬劳模精神、劳动精神、工匠精神，营造劳动光荣的社会风尚", ["model_workers"]),
        ("支持工会等群团组织更好发挥桥梁纽带作用", ["organization_building"]),
        ("培育和践行社会主义核心价值观，加强公民道德建设", ["ideology_publicity"]),
        ("健全以职工代表大会为基本形式的企事业单位民主管理制度", ["democratic_management"]),
        ("推动构建和谐劳动关系，完善劳动争议调处机制", ["rights_protection"]),
        ("完善职业病防治体系，保障劳动者职业健康", ["labour_protection"]),
    ],
    "dev": [
        ("规范新就业形态劳动用工，保障劳动者报酬和休息权利", ["rights_protection"]),
        ("推行终身职业技能培训制度", ["skills_training"]),
        ("压实安全生产责任，强化重点行业隐患排查", ["labour_protection"]),
    ],
}

# Measures where two domains truly apply (same conventions as build.py's MULTI). Labels: primary first.
MULTI = {
    "train": [
        ("组织劳模工匠开展带徒传技", ["model_workers", "skills_training"]),
        ("开展安全操作技能比武", ["labour_protection", "competition"]),
        ("为困难女职工送去节日慰问", ["women_workers", "welfare_assistance"]),
        ("开展女职工维权法律咨询", ["women_workers", "rights_protection"]),
        ("组织职工代表审议工会经费收支情况报告", ["democratic_management", "union_self_building"]),
        ("在职工之家开设健身房和心理咨询室", ["organization_building", "health_services"]),
    ],
    "dev": [
        ("开展女职工岗位练兵", ["women_workers", "competition"]),
        ("为困难职工开展免费健康体检", ["welfare_assistance", "health_services"]),
    ],
}

# Training measures for the labelling conventions (conventions.toml: taxonomy.md's readings of ambiguous items,
# and 劳模疗休养 read the same way), so the model sees each reading in more than one wording. Train split only,
# written for planparse (none is a held-out phrase reworded). They are generated last, with their own random
# stream (CONVENTION_SEED), so every line above keeps its text.
CONVENTION_TRAIN = [
    ("高温季节开展“夏送清凉”活动，把绿豆汤、藿香正气水送到生产一线", ["welfare_assistance", "labour_protection"]),
    ("组织“夏送清凉”慰问小分队，走访露天和高温作业岗位", ["welfare_assistance", "labour_protection"]),
    ("寒冬时节开展“冬送温暖”慰问，看望坚守户外岗位的{staff}", ["welfare_assistance", "labour_protection"]),
    ("冬送温暖、夏送清凉", ["welfare_assistance", "labour_protection"]),
    ("组织新当选的工会委员参加履职能力培训", ["union_self_building", "skills_training"]),
    ("对专兼职工会干部开展工会业务知识培训", ["union_self_building", "skills_training"]),
    ("选送工会主席到市总工会干部学校参加培训", ["union_self_building", "skills_training"]),
    ("安排劳模参加一年一度的健康体检", ["model_workers", "health_services"]),
    ("组织省市级劳模到疗养院休养一周", ["model_workers", "health_services"]),
    ("劳模疗休养", ["model_workers", "health_services"]),
    ("开展女职工健康关爱月活动", ["women_workers"]),
    ("邀请医生为女职工讲解孕期保健和常见病预防知识", ["women_workers"]),
    ("定期跟踪女职工筛查结果，做好健康随访", ["women_workers"]),
    ("安排女员工参加一年一度的健康体检", ["women_workers"]),
    ("组织女教职工分批参加健康检查", ["women_workers"]),
    # 健康 as "wholesome" (taxonomy.toml [context] other_senses: 健康文明, 健康向上) is no health service.
    ("引导{staff}养成健康文明的生活习惯", ["ideology_publicity"]),
    ("组织健康向上、丰富多彩的群众性文化活动", ["culture_sports"]),
    ("在生产一线开展以“零事故”为目标的安全生产劳动竞赛", ["competition", "labour_protection"]),
    ("组织{staff}参加安全知识竞赛答题", ["labour_protection", "competition"]),
    ("推动{staff}参加住院医疗互助保障，减轻看病负担", ["welfare_assistance", "health_services"]),
    ("组织女职工开展岗位技能比赛，展示巾帼风采", ["women_workers", "competition"]),
    ("组织劳模走进课堂，向学生讲述劳模精神", ["model_workers", "ideology_publicity"]),
    ("在{congress}期间征集{staff}合理化建议并逐条答复", ["democratic_management", "competition"]),
]
CONVENTION_SEED = 20250901

# Activity-plan fields whose value names the activity (活动内容：…, 比赛项目：…): unlike the framing labels of
# taxonomy.toml's [context] (活动时间, 活动地点, 奖项设置), the value is content, so the line takes its domain; a bare
# 活动内容 with no value stays `other` (OTHER above). Train split only, generated like CONVENTION_TRAIN.
FIELD_TRAIN = [
    ("活动内容：拔河、跳绳、踢毽子等团体项目", ["culture_sports"]),
    ("比赛项目：男女混合接力跑、立定跳远", ["culture_sports"]),
    ("活动项目：象棋、围棋和扑克牌", ["culture_sports"]),
    ("活动内容：三八节女职工座谈交流", ["women_workers"]),
    ("活动内容：灭火器实操和紧急疏散演练", ["labour_protection"]),
    ("活动内容：走访慰问困难职工家庭，送去慰问金", ["welfare_assistance"]),
    ("比赛内容：电工接线、管道焊接实操比武", ["competition"]),
    ("活动内容：参观红色教育基地，重温入党誓词", ["ideology_publicity"]),
    ("活动内容：免费体检和健康咨询", ["health_services"]),
    ("培训内容：新版操作规程和岗位应知应会", ["skills_training"]),
]

# Lead-ins and tails in the styles of real pages and official documents. Train and dev use disjoint lists.
LEADS = {
    "train": ["按照上级工会部署，", "结合{org}实际，", "今年，", "上半年，", "年内", "继续", "认真", "要", "全年",
              "在全{org}范围内", "一是要", ""],
    "dev": ["根据年度工作要点，", "下半年，", "进一步", "抓紧", ""],
}
TAILS = {
    "train": ["", "；", "，确保取得实效", "，力争年内完成", "，让{staff}真正得到实惠", "，做到常态化、制度化",
              "。由工会办公室牵头负责", "（责任部门：工会办公室）", "，具体方案另行制定", "。"],
    "dev": ["", "。", "，具体时间另行通知", "，年底前进行总结", "（牵头：工会）"],
}
MONTHS = {
    "train": ["1月", "2月份", "3月", "4月份", "5月", "6月份", "7—8月", "9月", "10月份", "11月", "12月", "第二季度"],
    "dev": ["三月份", "5—6月", "第四季度", "十月"],
}
ORDINALS = ["一是", "二是", "三是", "四是"]
# Generic sentences that carry no domain (no cue word: checked in build()).
GENERIC = {
    "train": ["这项工作要纳入年度重点", "{unit}要明确专人负责", "全年要做到有计划、有安排、有总结",
              "要注重工作的连续性和实效性", "工作中要加强沟通协调，形成合力"],
    "dev": ["{unit}要按时报送相关材料", "做到责任到位、措施到位、落实到位"],
}

PER_DOMAIN = {"train": dict(heading=2, measure=2, noun=2, month=10, runs=8, long=10, md=4),
              "dev": dict(heading=1, measure=2, noun=2, month=3, runs=3, long=3, md=1)}


def _check_generic() -> None:
    import tomllib

    taxonomy = Path(__file__).resolve().parents[2] / "src" / "planparse" / "data" / "taxonomy.toml"
    cues = [c for d in tomllib.loads(taxonomy.read_text("utf-8"))["domain"] for c in d["cues"] + d["weak_cues"]]
    for sentence in GENERIC["train"] + GENERIC["dev"]:
        hits = [c for c in cues if c in sentence]
        if hits:
            raise SystemExit(f"generic sentence {sentence!r} contains cue words {hits}")


def _split_lists(domain: str, split: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Measures, noun phrases, explaining sentences and headings of one domain in one split."""
    v = V[domain]
    keys = (("m", "m2"), ("n",), ("e",), ("h",)) if split == "train" else (("dm",), ("dn",), ("de",), ("dh",))
    return tuple([p for k in group for p in v[k].split("|") if p] for group in keys)  # type: ignore[return-value]


def build() -> list[dict]:
    _check_generic()
    rng = random.Random(SEED)
    rows: list[dict] = []

    def add(text: str, labels: list[str], split: str, kind: str, org: str, group: str) -> None:
        rows.append({"text": text, "labels": labels, "split": split, "kind": kind, "org": org,
                     "group": f"varied/{group}"})

    for split in ("train", DEV):
        sp = split
        per = PER_DOMAIN[sp]
        for domain in V:
            measures, nouns, explains, headings = _split_lists(domain, sp)
            for n, heading in enumerate(headings):  # section headings, often slogans
                for _ in range(per["heading"]):
                    org, profile = _pick_org(rng, _text(heading))
                    add(_fill(_text(heading), rng, profile), _labels([domain], heading), split, "heading", org,
                        f"{domain}/{sp}/h{n}")
            for n, phrase in enumerate(measures):  # measures with lead-ins and tails
                for _ in range(per["measure"]):
                    org, profile = _pick_org(rng, _text(phrase))
                    text = rng.choice(LEADS[sp]) + _text(phrase) + rng.choice(TAILS[sp])
                    add(_fill(text, rng, profile), _labels([domain], phrase), split, "measure", org, f"{domain}/{sp}/{n}")
            for n, noun in enumerate(nouns):  # bare noun phrases, as short lists print them
                for _ in range(per["noun"]):
                    org, profile = _pick_org(rng, _text(noun))
                    add(_fill(_text(noun) + rng.choice(["", "", "；", "。", "活动" if not _text(noun).endswith("活动") else ""]),
                              rng, profile), _labels([domain], noun), split, "heading", org, f"{domain}/{sp}/n{n}")
            for n in range(per["month"]):  # month schedule lines: one or two entries
                entries = rng.sample(nouns + measures, 2)
                text = f"{rng.choice(MONTHS[sp])}{rng.choice(['：', ':', '，', ''])}{_text(entries[0])}"
                used = [entries[0]]
                if rng.random() < 0.4:
                    text += rng.choice(["；", "，", "、"]) + _text(entries[1])
                    used.append(entries[1])
                org, profile = _pick_org(rng, text)
                add(_fill(text, rng, profile), _labels([domain], *used), split, "measure", org, f"{domain}/{sp}/month{n}")
            for n in range(per["runs"]):  # 一是…二是… runs of one domain
                parts = rng.sample(measures, rng.randint(2, 3))
                text = "；".join(ORDINALS[i] + _text(p) for i, p in enumerate(parts)) + "。"
                org, profile = _pick_org(rng, text)
                add(_fill(text, rng, profile), _labels([domain], *parts), split, "paragraph", org, f"{domain}/{sp}/runs{n}")
            for n in range(per["long"]):  # long explained items: measure, why, another measure, a generic line
                a, b = rng.sample(measures, 2)
                parts = [_text(a) + "，" + rng.choice(explains), _text(b)]
                if rng.random() < 0.6:
                    parts.insert(rng.randint(1, 2), rng.choice(GENERIC[sp]))
                org, profile = _pick_org(rng, "".join(parts))
                add(_fill("。".join(parts) + "。", rng, profile), _labels([domain], a, b), split, "paragraph", org,
                    f"{domain}/{sp}/long{n}")
            for n in range(per["md"]):  # markdown bold headings and bullets of AI-written plans
                phrase = rng.choice(measures)
                clean = _text(phrase)
                text = rng.choice([f"**{n + 1}. {clean}**", f"- {clean}", f"**{clean}**"])
                org, profile = _pick_org(rng, clean)
                add(_fill(text, rng, profile), _labels([domain], phrase), split, "heading", org, f"{domain}/{sp}/md{n}")
        # Two domains in one month line or one run.
        domains = sorted(V)
        for n in range(30 if sp == "train" else 8):
            first, second = rng.sample(domains, 2)
            a = rng.choice(_split_lists(first, sp)[1])
            b = rng.choice(_split_lists(second, sp)[1])
            text = f"{rng.choice(MONTHS[sp])}：{_text(a)}；{_text(b)}"
            org, profile = _pick_org(rng, text)
            add(_fill(text, rng, profile), _labels([first, second], a, b), split, "measure", org, f"mixed/{sp}/month{n}")
        for n, phrase in enumerate(p for p in OTHER[sp].split("|") if p):
            for _ in range(2 if sp == "train" else 1):
                org, profile = _pick_org(rng, phrase)
                add(_fill(phrase, rng, profile), ["other"], split, "framing", org, f"other/{sp}/{n}")
        for n, (phrase, labels) in enumerate(MULTI[sp]):
            for _ in range(2):
                org, profile = _pick_org(rng, phrase)
                text = rng.choice(LEADS[sp]) + phrase + rng.choice(TAILS[sp])
                add(_fill(text, rng, profile), labels, split, "measure", org, f"multi/{sp}/{n}")
        for n, (phrase, labels) in enumerate(GOV[sp]):
            add(phrase + rng.choice(["。", "", "；"]), labels, split, "measure", "government", f"gov/{sp}/{n}")

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
    return unique + _extra_rows(seen, s2t)


def _extra_rows(seen: set[str], s2t) -> list[dict]:
    """Lines of CONVENTION_TRAIN (with lead-ins and tails) and FIELD_TRAIN (as printed), some in Traditional
    script, from their own random stream so that adding one changes no other line."""
    rng = random.Random(CONVENTION_SEED)
    rows = []
    for name, phrases in (("convention", CONVENTION_TRAIN), ("field", FIELD_TRAIN)):
        for n, (phrase, labels) in enumerate(phrases):
            for _ in range(3 if name == "convention" else 2):
                org, profile = _pick_org(rng, phrase)
                if name == "field":
                    text = _fill(phrase + rng.choice(["", "。", "；"]), rng, profile)
                elif len(phrase) <= 10:  # a bare noun phrase, as lists print it: no lead-in
                    text = _fill(phrase + rng.choice(["", "；", "。"]), rng, profile)
                else:
                    text = _fill(rng.choice(LEADS["train"]) + phrase + rng.choice(TAILS["train"]), rng, profile)
                if text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "labels": labels, "split": "train", "kind": "measure", "org": org,
                                 "group": f"varied/{name}/train/{n}", "script": "simplified"})
    for row in rng.sample(rows, int(len(rows) * TRADITIONAL_SHARE)):
        trad = s2t.convert(row["text"])
        if trad not in seen:
            seen.add(trad)
            rows.append({**row, "text": trad, "script": "traditional"})
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    from collections import Counter

    counts = Counter((lab, r["split"]) for r in rows for lab in r["labels"])
    print(f"{len(rows)} lines -> {OUT}")
    for lab in sorted({lab for lab, _ in counts}):
        print(f"  {lab:24s} train {counts[(lab, 'train')]:4d}  {DEV} {counts[(lab, DEV)]:4d}")


if __name__ == "__main__":
    main()
