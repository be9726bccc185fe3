"""The tree builder's models are what pydantic would have built field by field: the same fields set, the same
provenance, ids assigned as an assignment would."""

import planparse
from planparse.model import Item, Section
from planparse.structure import tree

PLAN = (
    "2025年机关工会工作计划\n"
    "为做好今年工会工作，制定本计划。\n"
    "一、加强思想引领\n"
    "1、组织职工学习，一是开展读书活动，二是举办专题讲座。\n"
    "全年安排四次集中学习。\n"
    "二、关心职工生活\n"
    "1、做好困难职工帮扶。\n"
)


def test_fields_set_and_provenance_as_if_assigned_one_by_one():
    col = planparse.parse(PLAN, source="plan.txt", classify=False)
    section = col.plans[0].sections[0]
    assert section.model_fields_set == {"id", "marker", "number", "title", "provenance"}
    item = section.items[0]
    assert item.model_fields_set == {"id", "marker", "number", "text", "kind", "provenance", "children"}
    run = item.children[0]
    assert run.marker == "一是" and run.model_fields_set == {"id", "marker", "number", "text", "children", "provenance"}
    for node in (section, item, run):
        assert node.provenance.model_fields_set == {"source", "block", "start", "end"}
        assert node.provenance.source == "plan.txt"
        assert PLAN[node.provenance.start : node.provenance.end].startswith(node.marker)
    assert item.text.endswith("全年安排四次集中学习。")  # the body paragraph joined its item
    ids = [n.id for n in (section, item, run)]
    assert all(len(i) == 12 for i in ids) and len(set(ids)) == 3


def test_ids_are_set_like_an_assignment():
    # tree._set_id writes the id as pydantic's assignment does; that holds while the models do not validate
    # assignments.
    assert not Item.model_config.get("validate_assignment") and not Section.model_config.get("validate_assignment")
    for model in (Item, Section):
        assigned = model(text="做好慰问") if model is Item else model(title="关心职工")
        written = assigned.model_copy(deep=True)
        assigned.id = "0a1b2c3d4e5f"
        tree._set_id(written, "0a1b2c3d4e5f")
        assert written.__dict__ == assigned.__dict__ and written.model_fields_set == assigned.model_fields_set


def test_the_outline_is_the_same_with_and_without_its_explanation():
    text = PLAN + "三、\n（一）春季活动\n（二）秋季活动\n1、\n2、\n第一，做好宣传；第二，抓好落实。\n"
    explained: list = []
    with_reasons = planparse.parse(text, classify=False, explain=explained)
    assert explained and {d.verdict for d in explained} >= {"section", "item"}
    assert with_reasons.model_dump_json() == planparse.parse(text, classify=False).model_dump_json()
