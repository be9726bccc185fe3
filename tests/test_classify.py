"""Domain classification: taxonomy, rules + model, sections and items, Traditional input, held-out F1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import opencc
import pytest

import planparse
from planparse.classify import classify_collection, classify_texts
from planparse.classify.taxonomy import cue_lexicon, domain_ids, load_taxonomy
from planparse.model import Item, Plan, PlanCollection, Section
from planparse.text.normalize import match_form

# The ids are the public contract (docs/taxonomy.md).
CONTRACT_IDS = {
    "competition", "team_building", "skills_training", "democratic_management", "rights_protection",
    "welfare_assistance", "women_workers", "labour_protection", "culture_sports", "organization_building",
    "union_self_building", "ideology_publicity", "model_workers", "health_services", "other",
}

S2T = opencc.OpenCC("s2t")


def primary(scores):
    return scores[0].id


def test_taxonomy_ids_are_the_contract_and_every_domain_has_names_and_cues():
    assert set(domain_ids()) == CONTRACT_IDS
    for domain in load_taxonomy():
        assert domain.zh and domain.en and domain.definition
        if domain.id != "other":
            assert len(domain.cues) >= 10, domain.id
            assert domain.examples, domain.id
    # Cues are written in the matching form, or they could never match.
    assert [c for c in cue_lexicon() if match_form(c) != c] == []


def test_importing_planparse_does_not_import_spacy():
    code = "import sys, planparse, planparse.classify; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("text, expected", [
    ("组织一线职工开展技术比武和岗位练兵活动", "competition"),
    ("每季度召开一次工会小组长会议", "team_building"),
    ("召开第六届职工代表大会第二次会议，审议年度工作报告", "democratic_management"),
    ("推进工资集体协商，提高集体合同履约率", "rights_protection"),
    ("春节前走访慰问困难职工和退休老同志", "welfare_assistance"),
    ("组织女职工开展两癌筛查", "women_workers"),
    ("做好高温季节防暑降温和安全隐患排查", "labour_protection"),
    ("举办职工趣味运动会和迎新春联欢会", "culture_sports"),
    ("推动快递企业依法建会，吸收快递员入会", "organization_building"),
    ("严格工会经费管理，配合经审委员会做好审查", "union_self_building"),
    ("组织干部职工深入学习贯彻全会精神", "ideology_publicity"),
    ("推荐评选市级劳动模范和五一劳动奖章", "model_workers"),
    ("组织全体教职工进行年度健康体检", "health_services"),
    ("本计划自印发之日起执行", "other"),
])
def test_primary_domain_of_typical_measures(text, expected):
    [scores] = classify_texts([text])
    assert primary(scores) == expected
    assert 0.0 < scores[0].score <= 1.0


def test_two_domains_and_their_cue_evidence():
    [scores] = classify_texts(["深入开展安全生产劳动竞赛"])
    ids = {s.id for s in scores}
    assert {"competition", "labour_protection"} <= ids
    evidence = {s.id: s.evidence for s in scores}
    assert "劳动竞赛" in evidence["competition"]
    assert "安全生产" in evidence["labour_protection"]


def test_longest_cue_wins_and_other_has_no_evidence():
    # 技能比赛 is a labour competition, not a sports match (比赛 alone is a weak culture cue).
    [scores] = classify_texts(["组织数控车工技能比赛"])
    assert primary(scores) == "competition"
    assert all("比赛" not in s.evidence for s in scores if s.id == "culture_sports")
    [other] = classify_texts(["以上安排如有变动，另行通知。"])
    assert [s.id for s in other] == ["other"] and other[0].evidence == []


def test_traditional_text_gets_the_same_domains_and_evidence():
    texts = ["深化厂务公开，做好职工代表提案办理", "开展金秋助学，资助困难职工子女入学", "创建模范职工之家"]
    simplified = classify_texts(texts)
    traditional = classify_texts([S2T.convert(t) for t in texts])
    assert [[(s.id, s.score, s.evidence) for s in row] for row in simplified] == \
           [[(s.id, s.score, s.evidence) for s in row] for row in traditional]


def test_empty_and_whitespace_texts_are_other():
    assert [[s.id for s in row] for row in classify_texts(["", "   \n"])] == [["other"], ["other"]]


def _collection() -> PlanCollection:
    culture = Section(title="丰富职工文体生活", items=[
        Item(text="举办职工篮球赛和羽毛球赛"),
        Item(text="组织迎新春文艺汇演", children=[Item(text="各车间至少报送一个节目"), Item(text="评选优秀节目")]),
    ])
    misc = Section(title="其他", items=[
        Item(text="加强工会委员会自身建设，按期做好换届工作"),
        Item(text="做好各类培训，提升工会干部履职能力"),
        Item(text="规范工会经费收支，做好台账管理"),
        Item(text="关心退休职工的生活"),
    ])
    empty = Section(title="具体工作安排", items=[])
    return PlanCollection(plans=[Plan(title="某公司工会2025年工作计划", sections=[culture, misc, empty])])


def test_collection_sections_and_items_at_every_depth():
    col = classify_collection(_collection())
    culture, misc, empty = col.plans[0].sections
    assert culture.domains[0] == "culture_sports"
    assert misc.domains[0] == "union_self_building"  # from its items: the title says nothing
    assert empty.domains == ["other"]
    for *_, item, path in col.iter_items():
        assert item.domains, path
        assert [s.id for s in item.domain_scores] == item.domains
    gala = culture.items[1]
    assert gala.domains[0] == "culture_sports"
    assert all(child.domains for child in gala.children)
    assert misc.items[3].domains[0] == "welfare_assistance"
    # Section evidence gathers the cue words of its title and items.
    evidence = misc.domain_scores[0].evidence
    assert "工会干部" in evidence and "工会经费" in evidence


def test_traditional_collection_matches_simplified():
    simplified = classify_collection(_collection())
    trad = _collection()
    for section in trad.plans[0].sections:
        section.title = S2T.convert(section.title)
        stack = list(section.items)
        while stack:
            item = stack.pop()
            item.text = S2T.convert(item.text)
            stack.extend(item.children)
    trad = classify_collection(trad)
    assert [s.domains for s in simplified.plans[0].sections] == [s.domains for s in trad.plans[0].sections]
    assert [i.domains for *_, i, _ in simplified.iter_items()] == [i.domains for *_, i, _ in trad.iter_items()]


def test_parse_output_carries_domains_with_evidence():
    text = ("某医院工会2025年工作计划\n\n一、深化院务公开\n1、召开职工代表大会，审议院长工作报告。\n"
            "2、做好提案征集和办理。\n二、关爱职工健康\n1、组织全院职工健康体检。\n2、开设心理咨询室。\n")
    col = planparse.parse(text)
    sections = col.plans[0].sections
    assert [s.domains[0] for s in sections] == ["democratic_management", "health_services"]
    dumped = col.model_dump(mode="json")
    first = dumped["plans"][0]["sections"][0]
    assert first["domains"][0] == "democratic_management"
    assert first["domain_scores"][0]["evidence"]


SEED_SECTIONS_PLAN1 = [
    {"competition"}, {"team_building"}, {"skills_training"}, {"democratic_management"},
    {"welfare_assistance", "rights_protection"}, {"women_workers"}, {"labour_protection"}, {"culture_sports"},
]


def test_seed_sections_read_as_a_union_officer_would(seed_path):
    col = planparse.load(seed_path)
    plan1 = col.plans[0]
    assert len(plan1.sections) == 8
    for section, accepted in zip(plan1.sections, SEED_SECTIONS_PLAN1):
        assert section.domains[0] in accepted, (section.title, section.domains)
    other = [s for s in col.plans[1].sections if s.title.startswith("其他")]
    assert other and other[0].domains[0] == "union_self_building"
    # Every node is classified.
    assert all(s.domains for p in col.plans for s in p.sections)
    assert all(i.domains for *_, i, _ in col.iter_items())


def test_seed_traditional_copy_gets_the_same_domains(seed_path):
    text = seed_path.read_text("utf-8")
    simplified, trad = planparse.parse(text), planparse.parse(S2T.convert(text))
    assert [s.domains for p in simplified.plans for s in p.sections] == \
           [s.domains for p in trad.plans for s in p.sections]
    assert [i.domains for *_, i, _ in simplified.iter_items()] == [i.domains for *_, i, _ in trad.iter_items()]


# A measure that *opens* with one of these phrases is about that domain, whatever follows.
OPENING_PHRASES = {
    "开好职工代表大会": "democratic_management", "推进厂务公开": "democratic_management",
    "开展职工技能比武": "competition", "做好工资集体协商": "rights_protection",
    "做好劳动保护监督": "labour_protection", "春节前走访慰问": "welfare_assistance",
    "组织职工体检": "health_services", "开展两癌筛查": "women_workers", "举办职工运动会": "culture_sports",
}


def test_items_in_corpus_plans_get_the_domains_their_text_names():
    from pathlib import Path

    plans = sorted((Path(__file__).resolve().parents[1] / "corpus" / "plans").glob("*.txt"))
    plans = [p for p in plans if not p.name.endswith(".gold.txt")]
    if not plans:
        pytest.skip("no corpus plans yet")
    counts: Counter[str] = Counter()
    checked = 0
    for path in plans:
        for *_, item, _ in planparse.load(path).iter_items():
            counts[item.domains[0]] += 1
            form = match_form(item.text)
            for phrase, domain in OPENING_PHRASES.items():
                if form.startswith(phrase):
                    checked += 1
                    assert domain in item.domains, (path.name, item.text, item.domains)
    assert checked >= 4
    # Real plans cover many domains; most measures are not `other`.
    assert len(counts) >= 10
    assert counts["other"] < 0.25 * sum(counts.values())


def test_very_short_texts_and_punctuation_do_not_break_the_model():
    rows = classify_texts(["的", "工会", "、", "1", "（一）", "a b"])
    assert all(row and row[0].id == "other" for row in rows)


def test_batched_matching_form_equals_match_form():
    from planparse.classify.pipeline import match_forms

    texts = ["職工代表大會 審議", "ＡＢＣ　全角", "", "①做好\n慰問", "工會經費\t收支", "乾隆"]
    assert match_forms(texts) == [match_form(t) for t in texts]


def test_userdict_keeps_union_terms_whole_for_jieba_users():
    import jieba

    from planparse.classify.taxonomy import userdict_lines, userdict_path

    shipped = userdict_path().read_text("utf-8").splitlines()
    assert shipped == userdict_lines()  # regenerated after every cue edit
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(userdict_path()))
    words = tokenizer.lcut("深化厂务公开，推进集体协商，加强班组建设")
    assert {"厂务公开", "集体协商", "班组建设"} <= set(words)
