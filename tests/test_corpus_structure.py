"""The plan corpus, its gold annotations, and the structure evaluator.

Three layers: the corpus files are what the README says (encodings, twins, length, original text);
the evaluator scores hand-built collections correctly (a right one 1.0, wrong ones lower, for the
right reasons); and the parser, run over the corpus, reaches the accuracy threshold with the GBK,
Traditional and one-line twins scoring as well as their clean UTF-8 twins.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planparse.errors import InputError
from planparse.model import Item, Plan, PlanCollection, Section
from planparse.text.normalize import match_form, to_simplified
from planparse.devtools import corpus_eval as ev

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "plans"
SEED = Path("/work/shared/seeds/000_61b02eac5361dbd5.txt")
THRESHOLD = 0.9
TWINS = {  # twin -> its clean UTF-8 source
    "enterprise_union_2025.gbk.txt": "enterprise_union_2025.txt",
    "school_union_2025.trad.txt": "school_union_2025.txt",
    "gov_office_union_2025.oneline.txt": "gov_office_union_2025.txt",
}


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if ".gbk." in path.name:
        return raw.decode("gbk")
    if ".utf16." in path.name:
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


# ---------------------------------------------------------------------------- the corpus itself


def test_corpus_has_at_least_18_annotated_documents_of_realistic_length():
    documents = ev.corpus_documents(CORPUS)
    assert len(documents) >= 18
    for document in documents:
        gold = ev.read_gold(ev.gold_path_for(document))  # raises on a malformed or missing twin
        assert gold.plans and all(plan.nodes for plan in gold.plans), document.name
        if document.name not in TWINS:
            assert 1500 <= len(_decode(document)) <= 6000, document.name


def test_encoded_files_are_what_their_names_say():
    gbk = (CORPUS / "enterprise_union_2025.gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert (CORPUS / "hospital_union_2025.utf16.txt").read_bytes()[:2] == b"\xff\xfe"
    assert (CORPUS / "district_federation_2025.bom.txt").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_twins_hold_the_same_text_as_their_source():
    source = _decode(CORPUS / "enterprise_union_2025.txt")
    assert _decode(CORPUS / "enterprise_union_2025.gbk.txt") == source

    oneline = _decode(CORPUS / "gov_office_union_2025.oneline.txt")
    assert oneline.rstrip("\n").count("\n") == 0
    assert oneline.rstrip("\n") == _decode(CORPUS / "gov_office_union_2025.txt").replace("\n", "")

    traditional = _decode(CORPUS / "school_union_2025.trad.txt")
    assert "學校" in traditional and "(jì)" in traditional and "您的位置" in traditional
    without_pinyin = to_simplified(re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)", "", traditional))
    for line in _decode(CORPUS / "school_union_2025.txt").splitlines():
        assert line in without_pinyin


def test_twin_gold_files_resolve_to_the_source_annotation():
    for twin, source in TWINS.items():
        twin_gold = ev.read_gold(ev.gold_path_for(CORPUS / twin))
        source_gold = ev.read_gold(ev.gold_path_for(CORPUS / source))
        assert twin_gold.twin_of == Path(source).stem
        assert twin_gold.nodes() == source_gold.nodes()


@pytest.mark.skipif(not SEED.exists(), reason="seed page not available")
def test_no_seed_sentence_is_copied_into_the_corpus():
    seed_sentences = {s.strip() for s in re.split(r"[。！？!?\n]", SEED.read_text(encoding="utf-8"))}
    seed_sentences = {match_form(s) for s in seed_sentences if len(s.strip()) >= 14}
    for document in ev.corpus_documents(CORPUS):
        text = match_form(_decode(document))
        copied = [s for s in seed_sentences if s in text]
        assert not copied, f"{document.name} repeats seed text: {copied[:2]}"


# ---------------------------------------------------------------------------- the evaluator

SMALL_GOLD = """\
# a two-section plan with nesting, an implied section and a closing
plans: 1
plan: 某某公司工会2025年工作计划
year: 2025
organization: 某某公司工会
section: 一、 | 加强学习
  item: 1、 | 组织职工学习
    item: （1） | 每月集中学习
    item: （2） | 每季度交流
  item: 2、 | 开展读书活动
section: (implied) |
  item: 一是 | 关心困难职工
  item: 二是 | 做好送温暖
closing: 新的一年
"""


def _small_collection(**changes) -> PlanCollection:
    children = [Item(marker="（1）", text="每月集中学习一次理论知识"), Item(marker="（2）", text="每季度交流一次心得")]
    plan = Plan(
        title="某某公司工会2025年工作计划", year=2025, organization="某某公司工会", closing="新的一年，工会将继续努力。",
        sections=[
            Section(marker="一、", title="加强学习", items=[
                Item(marker="1、", text="组织职工学习理论。", children=children),
                Item(marker="2、", text="开展读书活动，评选书香班组。"),
            ]),
            Section(implied=True, items=[Item(marker="一是", text="关心困难职工；"), Item(marker="二是", text="做好送温暖。")]),
        ],
    )
    for key, value in changes.items():
        setattr(plan, key, value)
    return PlanCollection(plans=[plan])


@pytest.fixture()
def small_gold(tmp_path):
    path = tmp_path / "small.gold.txt"
    path.write_text(SMALL_GOLD, encoding="utf-8")
    return ev.read_gold(path)


def test_a_correct_collection_scores_one(small_gold):
    report = ev.score_document(small_gold, _small_collection())
    assert (report.matched, report.gold_nodes, report.predicted_nodes) == (9, 9, 9)
    assert report.score == pytest.approx(1.0)
    assert not report.missing and not report.extra and not report.metadata_failures


def test_wrong_structure_scores_lower_and_says_why(small_gold):
    wrong = _small_collection()
    first = wrong.plans[0].sections[0].items[0]
    # children flattened to the item level, an item dropped, a marker changed, the closing lost
    wrong.plans[0].sections[0].items = [Item(marker="1、", text=first.text), *first.children]
    wrong.plans[0].sections[1].items[1].marker = "二、"
    wrong.plans[0].closing = ""
    report = ev.score_document(small_gold, wrong)
    assert report.score < 0.7
    assert report.loose_f1 > report.node_f1  # the texts are there, at the wrong level
    assert "    item: （1） | 每月集中学习" in report.missing
    assert "  item: 2、 | 开展读书活动" in report.missing
    assert "closing:  | 新的一年" in report.missing
    assert any(line.startswith("  item: 二、 |") for line in report.extra)


def test_wrong_metadata_costs_only_the_metadata_share(small_gold):
    report = ev.score_document(small_gold, _small_collection(year=2024, organization=None, title="工作计划"))
    assert report.node_f1 == pytest.approx(1.0)
    assert report.metadata == pytest.approx(1 / 4)  # plan count right; title, year, organization wrong
    assert report.score == pytest.approx(ev.NODE_WEIGHT + (1 - ev.NODE_WEIGHT) / 4)
    assert len(report.metadata_failures) == 3


def test_marker_and_text_comparison_rules():
    assert ev.marker_key("( 二 )") == ev.marker_key("(二)")
    assert ev.marker_key("第一，") == ev.marker_key("第一")
    assert ev.marker_key("最後，") == ev.marker_key("最后，")
    assert ev.marker_key("（一）") != ev.marker_key("(一)")
    assert ev.marker_key("1、") != ev.marker_key("1.")
    assert ev.text_matches("积极性和创造性", "积 极性和创造性得到发挥")
    assert ev.text_matches("加强学习", "加強學習，提高素質")  # Traditional against the Simplified gold
    assert not ev.text_matches("加强学习", "学习")


def test_gold_round_trip_on_a_real_annotation_scores_one_and_perturbations_lower():
    gold = ev.read_gold(CORPUS / "enterprise_union_2025.gold.txt")

    def build(nodes):  # a collection shaped exactly like the gold nodes
        sections, closing = [], ""
        stack: list[list[Item]] = []
        for node in nodes:
            if node.kind == "section":
                implied = node.marker == ev.IMPLIED
                sections.append(Section(marker=None if implied else node.marker, title=node.text, implied=implied))
                stack = [sections[-1].items]
            elif node.kind == "item":
                item = Item(marker=None if node.marker == "-" else node.marker, text=node.text + "……")
                del stack[node.depth:]
                stack[-1].append(item)
                stack.append(item.children)
            else:
                closing = node.text
        plan = gold.plans[0]
        return PlanCollection(plans=[Plan(title=plan.title, year=plan.year, organization=plan.organization,
                                          closing=closing, sections=sections)])

    assert ev.score_document(gold, build(gold.nodes())).score == pytest.approx(1.0)
    perturbed = build([n for n in gold.nodes() if not (n.kind == "item" and n.depth == 3)])
    report = ev.score_document(gold, perturbed)
    assert report.matched == report.gold_nodes - 6 and report.score < 1.0


def test_malformed_gold_is_a_one_line_input_error(tmp_path):
    bad = tmp_path / "bad.gold.txt"
    bad.write_text("plans: 1\nplan: x\nsection: 一、 | a\n   item: 1、 | odd indent\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.gold\.txt:4: item: lines are indented"):
        ev.read_gold(bad)
    bad.write_text("plans: 2\nplan: x\nsection: 一、 | a\n", encoding="utf-8")
    with pytest.raises(InputError, match="plans: 2 but has 1"):
        ev.read_gold(bad)
    bad.write_text("twin_of: nowhere\n", encoding="utf-8")
    with pytest.raises(InputError, match="nowhere.gold.txt does not exist"):
        ev.read_gold(bad)


def test_a_loader_crash_scores_zero_for_that_document_only(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text(SMALL_GOLD, encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    (tmp_path / "b.gold.txt").write_text(SMALL_GOLD, encoding="utf-8")
    (tmp_path / "c.txt").write_text("no gold", encoding="utf-8")

    def loader(path):
        if path.name == "a.txt":
            raise ValueError("boom")
        return _small_collection()

    report = ev.evaluate_corpus(tmp_path, loader=loader)
    assert report.document("a.txt").score == 0 and "boom" in report.document("a.txt").error
    assert report.document("b.txt").score == pytest.approx(1.0)
    assert report.unannotated == ["c.txt"] and report.overall == pytest.approx(0.5)
    assert "ERROR ValueError: boom" in ev.format_table(report)


# ---------------------------------------------------------------------------- the parser on the corpus


@pytest.fixture(scope="module")
def corpus_report():
    planparse = pytest.importorskip("planparse")
    if not hasattr(planparse, "load"):
        pytest.skip("planparse.load not available yet")
    return ev.evaluate_corpus(CORPUS)


def test_parser_structure_accuracy_reaches_the_threshold(corpus_report):
    assert not [d.name for d in corpus_report.documents if d.error], "the parser crashed on corpus documents"
    assert corpus_report.overall >= THRESHOLD, "\n" + ev.format_table(corpus_report)


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_twins_parse_as_well_as_their_clean_utf8_source(corpus_report, twin):
    twin_report, source_report = corpus_report.document(twin), corpus_report.document(TWINS[twin])
    assert twin_report.score >= source_report.score - 0.01, (
        f"{twin}: {twin_report.score:.3f} vs {TWINS[twin]}: {source_report.score:.3f}\n"
        + "\n".join(twin_report.metadata_failures + twin_report.missing[:10])
    )


def test_main_prints_the_table_and_applies_the_threshold(capsys):
    pytest.importorskip("planparse.pipeline")
    code = ev.main([str(CORPUS), "--threshold", "0"])
    out = capsys.readouterr().out
    assert code == 0 and "overall" in out and "multi_plan_page.txt" in out
