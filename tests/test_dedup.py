"""find_duplicates and the comparison form, on hand-written plan paragraphs."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Indel

from planparse.dedup import comparison_form, comparison_forms, find_duplicates
from planparse.dedup.minhash import MinHasher, candidate_pairs, estimated_jaccard
from planparse.dedup.normal import clause_forms, forms_and_clauses
from planparse.errors import InputError

CARE = "积极开展困难职工帮扶工作，建立健全困难职工档案，做到底数清、情况明，确保帮扶资金及时足额发放到位。"
TRAINING = "围绕企业转型升级的需要，组织一线职工参加技能等级培训，全年举办培训班3期，力争持证上岗率达到90%以上。"
CULTURE = "丰富职工业余文化生活，利用节假日组织书法、摄影、健步走等群众性文体活动，增强职工队伍的凝聚力和向心力。"
SAFETY = "深入开展“安康杯”竞赛活动，发挥劳动保护监督检查员的作用，每季度对生产现场开展一次安全隐患排查。"
DEMOCRACY = "坚持和完善职工代表大会制度，认真办理职工代表提案，及时向职工公开涉及切身利益的重大事项。"


def test_comparison_form_ignores_markers_width_script_and_placeholders():
    forms = comparison_forms([
        "- 1、加强工會組織建設，做好20xx年會員發展工作。",
        "（一）加强工会组织建设,做好2025年会员发展工作.",
        "1. 加强工会组织建设，做好__年会员发展工作。",
        "一是加强工会组织建设，做好２０２４年会员发展工作。",
    ])
    assert len(set(forms)) == 1
    assert forms[0] == "加强工会组织建设做好#年会员发展工作"


def test_comparison_form_keeps_content_differences():
    assert comparison_form("加强工会组织建设") != comparison_form("加强职工之家建设")
    assert comparison_form("   ") == ""
    # a leading numeral that is content, not a marker, stays
    assert comparison_form("三八妇女节开展趣味运动会").startswith("三八")


def test_exact_duplicates_after_formatting():
    texts = [CARE, "- 2、" + CARE.replace("，", ","), TRAINING, "* " + CARE]
    groups = find_duplicates(texts)
    assert [(g.kind, g.indices) for g in groups] == [("exact", [0, 1, 3])]
    assert groups[0].similarity == 1.0


def test_traditional_copy_is_exact():
    import opencc

    traditional = opencc.OpenCC("s2t").convert(CULTURE)
    assert traditional != CULTURE
    groups = find_duplicates([CULTURE, traditional, SAFETY])
    assert [(g.kind, g.indices) for g in groups] == [("exact", [0, 1])]


def test_number_change_is_masked():
    changed = TRAINING.replace("3期", "5期").replace("90%", "95%")
    groups = find_duplicates([TRAINING, changed])
    assert [(g.kind, g.indices) for g in groups] == [("exact", [0, 1])]


def test_inserted_sentence_still_matches_its_source():
    inserted = CARE.replace("，做到底数清", "，对新增困难户做到当月建档、当月帮扶，做到底数清")
    assert Indel.normalized_similarity(comparison_form(CARE), comparison_form(inserted)) < 0.85
    groups = find_duplicates([CARE, SAFETY, inserted, CULTURE])
    assert len(groups) == 1
    group = groups[0]
    assert group.kind == "near" and group.indices == [0, 2]
    assert 0.6 < group.similarity < 1.0


def test_deleted_clause_matches_by_containment():
    longer = DEMOCRACY.replace("。", "，每半年召开一次职工代表团组长联席会议。")
    groups = find_duplicates([longer, TRAINING, DEMOCRACY])
    assert [(g.kind, g.indices) for g in groups] == [("near", [0, 2])]
    assert set(groups[0].matches.values()) <= {"exact", "ratio", "containment"}


def test_reordered_clauses_match():
    clauses = SAFETY.rstrip("。").split("，")
    reordered = "，".join([clauses[1], clauses[0], clauses[2]]) + "。"
    groups = find_duplicates([SAFETY, reordered, DEMOCRACY])
    assert [(g.kind, g.indices) for g in groups] == [("near", [0, 1])]


def test_character_edits_within_threshold_match_and_threshold_is_respected():
    edited = CULTURE.replace("书法", "绘画").replace("凝聚力", "战斗力")
    sim = Indel.normalized_similarity(comparison_form(CULTURE), comparison_form(edited))
    assert 0.75 < sim < 1.0
    assert [g.indices for g in find_duplicates([CULTURE, edited])] == [[0, 1]]
    assert find_duplicates([CULTURE, edited], threshold=min(1.0, sim + 0.05)) == []


def test_unrelated_paragraphs_sharing_stock_phrases_are_not_grouped():
    texts = [
        "切实维护职工合法权益，认真组织女职工开展健康体检，确保各项工作落到实处。",
        "切实维护职工合法权益，积极推进工资集体协商，确保各项工作落到实处。",
        "切实维护职工合法权益，扎实做好农民工入会工作，确保各项工作落到实处。",
        CARE, TRAINING, CULTURE, SAFETY, DEMOCRACY,
    ]
    for group in find_duplicates(texts):
        assert group.kind != "near", [texts[i] for i in group.indices]


def test_short_headings_match_exactly_or_not_at_all():
    texts = ["一、组织建设", "（三）组织建设", "二、组织建设工作", "四、其他", "五、其它"]
    groups = find_duplicates(texts)
    assert [(g.kind, g.indices) for g in groups] == [("exact", [0, 1])]


def test_groups_form_around_a_representative_without_chaining():
    # A sliding window over distinct clauses: neighbours share three of four clauses, texts two
    # steps apart only two. Transitive chaining would put the whole chain into one group.
    clauses = [
        "组织职工参加技能比武", "选拔优秀选手参加上级比赛", "对获奖职工给予表彰奖励", "建立技能人才库实行动态管理",
        "定期更新人才信息档案", "开展师带徒结对帮教活动", "推动创新工作室出成果", "总结推广先进操作方法",
    ]
    chain = ["，".join(clauses[k : k + 4]) + "。" for k in range(5)]
    forms = comparison_forms(chain)
    assert Indel.normalized_similarity(forms[0], forms[1]) >= 0.7 > Indel.normalized_similarity(forms[0], forms[2])
    groups = find_duplicates(chain, threshold=0.7)
    assert groups, "neighbours in the chain are duplicates"
    for group in groups:
        assert group.kind == "near"
        rep = forms[group.representative]
        for i in group.indices:
            assert Indel.normalized_similarity(rep, forms[i]) >= 0.7
        assert max(group.indices) - min(group.indices) <= 2  # only the representative's own neighbours
    assert sum(len(g.indices) for g in groups) <= len(chain)


def test_repeated_sentence_inside_one_paragraph():
    repeated = "要定期走访慰问困难职工家庭，及时了解他们的实际困难。"
    text = "做好帮扶工作。" + repeated + repeated + "帮扶资金实行专款专用。"
    groups = find_duplicates([text, CARE, repeated])
    sentence = [g for g in groups if g.kind == "sentence"]
    assert len(sentence) == 1
    assert sentence[0].indices == [0]
    assert [text[s:e] for s, e in sentence[0].spans] == [repeated, repeated]
    # the sentence also appears as a paragraph of its own: that is not a within-unit repeat
    assert all(g.indices != [2] for g in sentence)


def test_short_repeated_phrases_are_not_sentences():
    assert [g for g in find_duplicates(["好。好。好。很好。很好。"]) if g.kind == "sentence"] == []


def test_empty_and_blank_inputs():
    assert find_duplicates([]) == []
    assert find_duplicates(["", "  ", "。"]) == []


def test_bad_input_is_an_input_error():
    with pytest.raises(InputError):
        find_duplicates([CARE], threshold=1.5)
    with pytest.raises(InputError):
        find_duplicates(CARE)
    with pytest.raises(InputError):
        find_duplicates([CARE, None])


def test_indices_are_sorted_and_contain_the_representative():
    texts = [CULTURE, CARE, "- " + CULTURE, CARE.replace("及时足额", "按时足额"), "（二）" + CULTURE]
    for group in find_duplicates(texts):
        assert group.indices == sorted(group.indices)
        assert group.representative in group.indices


def test_package_reexport():
    import planparse

    assert [g.indices for g in planparse.find_duplicates([CARE, "- " + CARE])] == [[0, 1]]


# ---- MinHash internals ----------------------------------------------------------------------

def test_estimated_jaccard_tracks_true_jaccard():
    base = "组织开展职工技能比武活动选拔优秀选手参加上级比赛对获奖职工给予表彰奖励"
    variants = [base, base[:30] + "同时建立技能人才库实行动态管理", "完全不相干的一段文字用于对照检查效果如何呢"]
    sig = MinHasher(num_perm=240, shingle=2).signatures(variants)
    grams = [{v[i : i + 2] for i in range(len(v) - 1)} for v in variants]
    pairs = np.array([[0, 1], [0, 2]])
    est = estimated_jaccard(sig, pairs)
    for (i, j), e in zip(pairs, est):
        true = len(grams[i] & grams[j]) / len(grams[i] | grams[j])
        assert abs(e - true) < 0.1


def test_candidate_pairs_finds_identical_signatures_only_once():
    sig = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [9, 9, 9, 9], [1, 2, 3, 4]], dtype=np.uint32)
    pairs = candidate_pairs(sig, bands=2, rows=2)
    assert pairs.tolist() == [[0, 1], [0, 3], [1, 3]]


def test_minhasher_rejects_forms_shorter_than_a_shingle():
    with pytest.raises(ValueError):
        MinHasher(shingle=3).signatures(["ab"])


# ---- invariants on generated input --------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PHRASES = ["加强", "职工", "技能培训", "帮扶", "困难职工", "组织开展", "，", "。", "20xx年", "3期", "- ", "1、",
           "文体活动", "民主管理", "厂务公开", "确保落到实处", "進一步", "安康杯", "读书会", "慰问"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=14).map("".join), max_size=30))
def test_group_invariants(texts):
    forms = comparison_forms(texts)
    seen: set[int] = set()
    for group in find_duplicates(texts):
        assert group.representative in group.indices
        assert group.indices == sorted(set(group.indices))
        if group.kind == "sentence":
            assert len(group.indices) == 1 and len(group.spans) >= 2
            continue
        assert len(group.indices) >= 2
        assert not seen & set(group.indices), "a unit sits in one paragraph group only"
        seen |= set(group.indices)
        rep = forms[group.representative]
        for i in group.indices:
            if group.matches[i] == "exact":
                assert forms[i] == rep
            elif group.matches[i] == "ratio":
                assert Indel.normalized_similarity(forms[i], rep) >= 0.75 - 1e-9
            if forms[i] != rep:
                assert min(len(forms[i]), len(rep)) >= 15, "short units match exactly or not at all"
        if group.kind == "exact":
            assert len({forms[i] for i in group.indices}) == 1


def test_chinese_numerals_before_measure_words_are_masked():
    a = "开展“最美职工”评选活动，年内选树先进典型十名，在全公司范围内宣传他们的事迹。"
    b = a.replace("十名", "十二名")
    assert comparison_form(a) == comparison_form(b)
    # numerals inside words are content
    assert comparison_form("深入一线走访职工") != comparison_form("深入二线走访职工")


def test_all_candidates_filtered_out_is_not_an_error():
    texts = ["职工职工加强组织开展确保落到实处", "职工技能培训加强加强确保落到实处"]
    assert [g for g in find_duplicates(texts) if g.kind == "near"] == []


# ---- the edits plans get from one year to the next (issue 14) -------------------------------------

def _only_group(texts, **kw):
    groups = [g for g in find_duplicates(texts, **kw) if g.kind != "sentence"]
    assert len(groups) == 1, [(g.kind, g.indices) for g in groups]
    return groups[0]


def _ratio(a: str, b: str) -> float:
    return Indel.normalized_similarity(comparison_form(a), comparison_form(b))


def test_markers_are_stripped_at_every_clause_start():
    assert comparison_form("（5）加强学习，完善制度。") == comparison_form("加强学习，（5）完善制度。") == "加强学习完善制度"
    assert comparison_form("完善制度；六、加强学习") == comparison_form("六、完善制度；加强学习")
    # an inline list inside an item loses both numberings; a numeral inside a clause stays
    assert comparison_form("（3）一是建台账，二是抓整改") == "建台账抓整改"
    assert comparison_form("开展三八妇女节活动，七、八月份组织疗休养") == "开展三八妇女节活动#月份组织疗休养"


def test_clause_forms_mark_where_clauses_end():
    assert clause_forms(["（5）加强学习，完善制度；3、强化监督。"]) == ["加强学习|完善制度|强化监督"]
    # the list comma and stray spaces do not end a clause
    assert clause_forms(["宣传、教育并重 ，加强 督查"]) == ["宣传教育并重|加强督查"]


def test_clause_lengths_cut_the_comparison_form_into_the_clause_forms():
    texts = ["（5）加强学习，完善制度；3、强化监督。", "", "开展3，5次活动，20%，30%。", "一、。", CARE]
    forms, lengths, starts = forms_and_clauses(texts)
    assert forms == comparison_forms(texts)
    for i, clause_form in enumerate(clause_forms(texts)):
        assert clause_form.replace("|", "") == forms[i]  # a number run across a comma is one mask too
        cuts = np.cumsum(lengths[starts[i] : starts[i + 1]])
        assert "|".join(forms[i][a:b] for a, b in zip(np.r_[0, cuts[:-1]], cuts)) == clause_form


def test_swap_that_carries_the_leading_marker_into_the_middle():
    original = "（5）组织全体教职工开展消防疏散演练，邀请辖区消防站讲解灭火器使用方法。"
    swapped = "邀请辖区消防站讲解灭火器使用方法，（5）组织全体教职工开展消防疏散演练。"
    assert _ratio(original, swapped) < 0.6  # in character order they are far apart
    group = _only_group([original, CARE, swapped])
    assert group.indices == [0, 2] and group.matches[2] == "reordered"
    assert group.similarity == 1.0  # the same clauses


def test_inline_list_reordered_and_renumbered():
    original = "一是完善食堂食材采购验收制度；二是每月公示伙食费收支情况；三是定期组织家长代表陪餐。"
    reordered = "一是每月公示伙食费收支情况；二是完善食堂食材采购验收制度；三是定期组织家长代表陪餐。"
    assert _ratio(original, reordered) < 0.75
    group = _only_group([original, reordered, TRAINING])
    assert group.indices == [0, 1] and group.matches[1] == "reordered"


def test_swap_against_a_copy_whose_commas_became_list_commas():
    # The two first paragraphs are exact copies in characters, but the second has one clause fewer
    # (，→、); the swapped copy must match the clause split it shares with the first.
    original = "全面推行河湖长制巡河打卡，建立入河排污口动态台账，开展黑臭水体返潮排查。"
    joined = original.replace("，建立", "、建立")
    swapped = "建立入河排污口动态台账，全面推行河湖长制巡河打卡，开展黑臭水体返潮排查。"
    group = _only_group([joined, original, swapped])
    assert group.indices == [0, 1, 2]


def test_clause_deleted_is_containment():
    longer = "六、深入开展“安康杯”劳动竞赛，落实班组安全员每日巡查和交接班安全讲话制度，对查出的隐患实行限期整改销号。"
    shorter = "六、深入开展“安康杯”劳动竞赛，对查出的隐患实行限期整改销号。"
    assert _ratio(longer, shorter) < 0.75
    group = _only_group([SAFETY, longer, shorter])
    assert group.indices == [1, 2] and "containment" in group.matches.values()


def test_clause_inserted_is_containment():
    original = "（三）加快老旧小区雨污分流改造，年内完成三个片区的管网铺设。"
    inserted = "（三）加快老旧小区雨污分流改造，同步推进小区停车位和充电桩建设，力争居民满意率明显提升，年内完成三个片区的管网铺设。"
    assert _ratio(original, inserted) < 0.7
    group = _only_group([original, CULTURE, inserted])
    assert group.indices == [0, 2] and "containment" in group.matches.values()


def test_swap_and_deletion_together():
    original = "健全村级财务公开制度，每季度张榜公布收支明细，接受村民代表监督，年底开展集体资产清查。"
    edited = "年底开展集体资产清查，健全村级财务公开制度，接受村民代表监督。"
    group = _only_group([original, DEMOCRACY, edited])
    assert group.indices == [0, 2]


def test_heavy_edit_of_a_short_paragraph():
    original = "督促各分厂落实有限空间作业审批制度，每季度开展一次应急救援演练。"
    edited = "督促各分厂严格有限空间作业审查制度，每季开展一轮应急救护演练。"  # 6 of 30 characters changed
    assert 0.75 <= _ratio(original, edited) < 0.85
    assert _only_group([original, SAFETY, edited]).indices == [0, 2]


def test_punctuation_noise_is_exact():
    original = "（二）健全困难职工档案，做到一户一档；帮扶资金按季度发放。"
    noisy = "(二) 健全困难职工档案、做到一户一档,帮扶资金按季度发放 ."
    assert _only_group([original, noisy]).kind == "exact"


def test_short_paragraphs_sharing_one_clause_and_a_verb_are_not_duplicates():
    # 0.78 in characters: the same verb and the same second clause, but another first measure
    first = "统筹推进校园安全，切实抓好教师暑期师德培训。"
    second = "统筹推进食堂改造，切实抓好教师暑期师德培训。"
    assert _ratio(first, second) >= 0.75
    assert [g for g in find_duplicates([first, second]) if g.kind != "sentence"] == []
    # the same in another order, which the clause view would otherwise align
    third = "切实抓好教师暑期师德培训，统筹推进食堂改造。"
    assert [g for g in find_duplicates([first, third]) if g.kind != "sentence"] == []
