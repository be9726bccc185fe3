"""The map from cleaned text back to the original survives every edit cleaning and structure make."""

from planparse.clean import clean, drop_prefix, join_blocks
from planparse.read.types import RawDocument, blocks_from_lines

TEXT = (
    "  一、加强职工思想引领  \n"
    "组织职工 学习 党的二十大精神，开展“中国梦·劳动美”主题宣传教育活动\n"
    "  和职工书屋建设。\t\n"
    "2/5\n"
    "二、维护职工合法权益\u3000\u3000推进集体协商工作。\n"
)


def _cleaned():
    raw = RawDocument(text=TEXT, blocks=blocks_from_lines(TEXT))
    return raw, clean(raw)


def _maps_back(raw, block) -> bool:
    return all(raw.text[block.original_offset(i)] == ch for i, ch in enumerate(block.text))


def test_every_cleaned_character_maps_to_itself_in_the_original():
    raw, doc = _cleaned()
    assert [b.text for b in doc.blocks][:3] == [
        "一、加强职工思想引领", "组织职工学习党的二十大精神，开展“中国梦·劳动美”主题宣传教育活动", "和职工书屋建设。"]
    assert len(doc.blocks[1].pieces) == 3  # two stray spaces deleted inside the line
    for block in doc.blocks:
        assert _maps_back(raw, block), block.text
        end = block.original_offset(len(block.text))
        assert raw.text[end - 1] == block.text[-1]  # one past the end maps one past the last character


def test_joins_and_cut_prefixes_keep_the_map():
    raw, doc = _cleaned()
    title, body, rest = doc.blocks[:3]
    join_blocks(body, rest)  # a line a page break cut, rejoined
    assert body.text.endswith("主题宣传教育活动和职工书屋建设。") and list(body.indices) == [1, 2]
    assert _maps_back(raw, body)
    drop_prefix(body, 4)  # "组织职工" removed, as a viewer counter would be
    assert body.text.startswith("学习党的") and _maps_back(raw, body)
    drop_prefix(title, 2)
    join_blocks(title, body)
    assert title.text.startswith("加强职工思想引领学习党的") and _maps_back(raw, title)
    assert title.original_span(0, 2) == (TEXT.index("加强"), TEXT.index("加强") + 2)


def test_a_long_run_of_joins_maps_every_line():
    lines = [f"第{n}段落的文字被分页截断了并且还在继续" for n in range(300)]
    text = "\n".join(lines)
    raw = RawDocument(text=text, blocks=blocks_from_lines(text))
    doc = clean(raw)
    head = doc.blocks[0]
    for block in doc.blocks[1:]:
        join_blocks(head, block)
    assert head.text == "".join(lines) and len(head.indices) == 300
    assert _maps_back(raw, head)
