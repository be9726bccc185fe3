"""A user's own taxonomy (issue 13 part 5): parse, classify, ingest and trends with it, training a model for it,
and evidence that carries the model's terms (part 3). The example is examples/school_taxonomy.toml."""

from __future__ import annotations

import json
import shutil
import sqlite3
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.classify import classify_texts, get_classifier
from planparse.classify.pipeline import NoModelWarning
from planparse.classify.taxonomy import Taxonomy, default_taxonomy
from planparse.cli import app
from planparse.errors import InputError
from planparse.text.normalize import match_form

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()

SCHOOL_PLAN = """北湖实验小学2025年春季学期工作计划

一、加强师德师风建设
1、组织全体教师签订师德承诺书，严禁有偿补课。
2、开展师德标兵评选活动，宣传身边的好老师。
二、深化教研教改
1、每周开展学科组集体备课。
2、组织公开课展示周，开展听课评课活动。
三、确保校园安全
1、每月开展一次消防疏散演练。
2、加强学生防溺水安全教育。
四、做好后勤保障
1、加强学校食堂管理，落实陪餐制度。
2、暑假完成校舍维修。

北湖实验小学
2025年2月
"""
SECTIONS = ["ethics", "teaching_research", "safety", "logistics"]

UNION_PLAN = """城西机械厂工会2025年工作计划

一、开展劳动竞赛
1、组织一线职工开展技术比武和岗位练兵。
2、征集合理化建议和金点子。
二、做好困难职工帮扶
1、春节前走访慰问困难职工。
2、开展金秋助学活动。

城西机械厂工会
2025年1月
"""


def school_copy(folder: Path, model: str | None = "school_model") -> Path:
    """The example taxonomy copied into ``folder`` (its ``model`` key rewritten or removed)."""
    text = (EXAMPLES / "school_taxonomy.toml").read_text(encoding="utf-8")
    if model is None:
        text = text.replace('model = "school_model"\n', "")
    else:
        text = text.replace('model = "school_model"', f'model = "{model}"')
    path = folder / "school_taxonomy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """The school example trained by the command line, in a temporary folder: the taxonomy file beside its model."""
    folder = tmp_path_factory.mktemp("school")
    taxonomy = school_copy(folder)
    data = folder / "school_labelled.jsonl"
    shutil.copy(EXAMPLES / "school_labelled.jsonl", data)
    result = runner.invoke(app, ["train", "--taxonomy", str(taxonomy), "--data", str(data),
                                 "--out", str(folder / "school_model")])
    assert result.exit_code == 0, result.output
    return taxonomy


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the default taxonomy ------------------------------------------------------------------------------------


def test_the_packaged_taxonomy_by_path_or_object_classifies_as_the_default():
    default_file = ROOT / "src" / "planparse" / "data" / "taxonomy.toml"
    plan = ROOT / "corpus" / "plans" / "enterprise_union_2025.txt"
    expected = planparse.load(plan).model_dump(mode="json")
    assert planparse.load(plan, taxonomy=default_taxonomy()).model_dump(mode="json") == expected
    by_path = Taxonomy.load(default_file)
    assert not by_path.builtin and by_path.name == default_taxonomy().name == "union"
    assert planparse.load(plan, taxonomy=by_path).model_dump(mode="json") == expected
    assert get_classifier() is get_classifier(None) is get_classifier(default_taxonomy())
    assert planparse.Taxonomy is Taxonomy and "Taxonomy" in planparse.__all__


def test_evidence_is_cue_words_then_model_terms_never_a_placeholder():
    texts = ["积极引导青年职工多读书、读好书", "请中医专家为职工讲授艾灸理疗知识", "深入开展安全生产劳动竞赛"]
    cues_of = [s.cues for s in get_classifier().score(texts)]
    rows = classify_texts(texts)
    for text, cues, row in zip(texts, cues_of, rows):
        for score in row:
            assert score.evidence and "model" not in score.evidence
            words = list(cues.get(score.id, ()))
            assert score.evidence[:len(words)] == sorted(words, key=score.evidence.index)  # cue words first
            assert all(w in match_form(text) for w in score.evidence)  # every word is in the text
    reading, massage, _ = rows
    assert reading[0].id == "skills_training" and reading[0].evidence[0] == "读书" and len(reading[0].evidence) > 1
    # No cue at all: the model decided, and its heaviest n-grams are the evidence.
    assert massage[0].id == "health_services" and not cues_of[1] and massage[0].evidence


def test_a_section_gathers_the_model_terms_of_its_parts():
    col = planparse.parse(UNION_PLAN)
    section = col.plans[0].sections[1]
    assert section.domains[0] == "welfare_assistance"
    evidence = section.domain_scores[0].evidence
    cue_words = {"慰问", "困难职工", "金秋助学", "帮扶"}
    parts = [section.title] + [i.text for i in section.items]
    scores = get_classifier().score(parts)
    terms = [t for s in scores for t in s.terms("welfare_assistance")]
    assert terms and all(s.terms("welfare_assistance") for s in scores)  # the model weighed for it in every part
    # Cue words of all the parts first (title and both items), then the model's n-grams of the parts. An n-gram is
    # left out only when it repeats a span of a word listed before it (慰问困难职工 after 慰问 and 困难职工), so
    # which n-grams show depends on how the model merges its spans, not whether the parts' terms are gathered.
    n_cues = len(cue_words)
    assert set(evidence[:n_cues]) == cue_words
    assert all(w in terms for w in evidence[n_cues:])
    spans = {w[k:k + 2] for w in evidence for k in range(len(w) - 1)}
    for term in terms:
        assert term in evidence or {term[k:k + 2] for k in range(len(term) - 1)} & spans, term
    text = match_form("".join(parts))
    assert all(w in text for w in evidence)


# --- a user's taxonomy without a model -----------------------------------------------------------------------


def test_a_taxonomy_without_a_model_classifies_by_its_cues_and_warns_once(tmp_path):
    path = school_copy(tmp_path, model="not_trained")
    taxonomy = Taxonomy.load(path)
    assert taxonomy.name == "school" and taxonomy.model_dir == tmp_path / "not_trained"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = planparse.parse(SCHOOL_PLAN, taxonomy=taxonomy)
        again = planparse.parse(SCHOOL_PLAN, taxonomy=taxonomy)
    notices = [w for w in caught if issubclass(w.category, NoModelWarning)]
    assert len(notices) == 1 and "cue words alone" in str(notices[0].message)
    assert not get_classifier(taxonomy).has_model
    assert [s.domains[0] for s in first.plans[0].sections] == SECTIONS
    assert first.model_dump(mode="json") == again.model_dump(mode="json")
    assert all(d in taxonomy.ids for _s, item, _p in first.plans[0].iter_items() for d in item.domains)


def test_a_taxonomy_file_without_model_key_looks_beside_itself(tmp_path):
    taxonomy = Taxonomy.load(school_copy(tmp_path, model=None))
    assert taxonomy.model_dir == tmp_path / "school_taxonomy_model"


def test_scope_of_a_users_taxonomy(tmp_path):
    """A plan with few of the taxonomy's scope words is flagged with the taxonomy's name; none: every plan fits."""
    school = Taxonomy.load(school_copy(tmp_path, model="none"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoModelWarning)
        union_plan = planparse.parse(UNION_PLAN * 3, taxonomy=school)
        assert {p.domain_scope for p in union_plan.plans} == {"outside"}
        assert any("few school words" in w for w in union_plan.warnings)
        assert planparse.parse(SCHOOL_PLAN * 2, taxonomy=school).plans[0].domain_scope == "union"
        text = (tmp_path / "school_taxonomy.toml").read_text(encoding="utf-8")
        no_scope = write(tmp_path / "no_scope.toml", text[:text.index("[scope]")])
        assert {p.domain_scope for p in planparse.parse(UNION_PLAN * 3, taxonomy=no_scope).plans} == {"union"}


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace('id = "other"', 'id = "misc"'), "'other'"),
    (lambda t: t.replace('id = "ethics"', 'id = "safety"'), "unique"),
    (lambda t: t.replace('id = "ethics"', 'id = "Ethics!"'), "lower-case"),
    (lambda t: t.replace("weak_cues = [\"作风\"", "weak_cue = [\"作风\""), "unknown keys"),
    (lambda t: t.replace('name = "school"', 'name = "school'), "not valid TOML"),
])
def test_a_bad_taxonomy_file_is_one_line(tmp_path, change, message):
    path = write(tmp_path / "bad.toml", change((EXAMPLES / "school_taxonomy.toml").read_text(encoding="utf-8")))
    with pytest.raises(InputError, match=message):
        Taxonomy.load(path)
    plan = write(tmp_path / "plan.txt", SCHOOL_PLAN)
    result = runner.invoke(app, ["parse", str(plan), "--taxonomy", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "bad.toml" in result.stderr


# --- training a model for it -------------------------------------------------------------------------------------


def test_the_school_example_trains_and_classifies_its_held_out_lines(trained):
    from planparse.devtools.train_classifier import load_corpus

    taxonomy = Taxonomy.load(trained)
    meta = json.loads((trained.parent / "school_model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["taxonomy"] == {"name": "school", "digest": taxonomy.digest}
    assert meta["labels"] == list(taxonomy.ids)
    clf = get_classifier(taxonomy)
    assert clf.has_model and clf.notice is None
    for split, floor in (("train", 0.95), ("test", 0.75)):
        rows = load_corpus(EXAMPLES / "school_labelled.jsonl", split=split, taxonomy=taxonomy)
        primary = [r[0].id for r in classify_texts([r["text"] for r in rows], taxonomy)]
        right = sum(p == r["labels"][0] for p, r in zip(primary, rows))
        assert right >= floor * len(rows), (split, right, len(rows))
    # Calibrated on few rows, smoothed: no domain of the model is a step from 0 to 1.
    slopes = [a for a, _b in meta["calibration"]["platt"].values()]
    assert max(slopes) < 10


def test_a_trained_school_model_gives_sections_and_model_evidence(trained):
    col = planparse.parse(SCHOOL_PLAN, taxonomy=trained)
    assert [s.domains[0] for s in col.plans[0].sections] == SECTIONS
    items = [item for _s, item, _p in col.plans[0].iter_items()]
    cues = get_classifier(trained).score([i.text for i in items])
    with_terms = [i for i, c in zip(items, cues) if len(i.domain_scores[0].evidence) > len(c.cues.get(i.domains[0], ()))]
    assert with_terms and all("model" not in s.evidence for i in items for s in i.domain_scores)


def test_train_to_another_folder_says_how_to_use_it(trained, tmp_path):
    out = tmp_path / "elsewhere"
    result = runner.invoke(app, ["train", "--taxonomy", str(trained), "--data", str(EXAMPLES / "school_labelled.jsonl"),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "model.npz").is_file() and "set model = " in result.stderr
    assert result.stdout.strip() == str(out)
    # Its labels must be the taxonomy's: a union corpus is refused in one line.
    wrong = runner.invoke(app, ["train", "--taxonomy", str(trained), "--data", str(ROOT / "corpus" / "labelled"),
                                "-o", str(tmp_path / "wrong")])
    assert wrong.exit_code == 2 and "unknown or missing labels" in wrong.stderr
    assert runner.invoke(app, ["train", "--taxonomy", str(trained)]).exit_code == 2  # --data is required


def test_data_without_a_dev_split_calibrates_on_every_fifth_line(tmp_path):
    from planparse.devtools.train_classifier import train

    taxonomy = school_copy(tmp_path)
    lines = [json.loads(line) for line in (EXAMPLES / "school_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    data = write(tmp_path / "plain.jsonl", "".join(json.dumps({"text": r["text"], "labels": r["labels"]},
                                                              ensure_ascii=False) + "\n" for r in lines))
    said: list[str] = []
    train(data, taxonomy=taxonomy, log=said.append)
    meta = json.loads((tmp_path / "school_model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["examples"] == {"train": 162, "dev": 36}  # 4 of each 22 and "held out" in said[0]


# --- the command line ----------------------------------------------------------------------------------------------


def test_classify_and_parse_commands_with_a_taxonomy(trained, tmp_path):
    plan = write(tmp_path / "学校计划.txt", SCHOOL_PLAN)
    result = runner.invoke(app, ["classify", str(plan), "--taxonomy", str(trained), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["taxonomy"] == "school"
    assert [r["domains"][0] for r in payload["rows"] if r["kind"] == "section"] == SECTIONS
    table = runner.invoke(app, ["classify", str(plan), "--taxonomy", str(trained)], env={"COLUMNS": "160"})
    assert table.exit_code == 0 and "师德师风" in table.stdout and "后勤保障" in table.stdout
    parsed = runner.invoke(app, ["parse", str(plan), "--taxonomy", str(trained), "--format", "json"])
    assert parsed.exit_code == 0
    assert [s["domains"][0] for s in json.loads(parsed.stdout)["plans"][0]["sections"]] == SECTIONS
    folder = runner.invoke(app, ["classify", str(tmp_path), "--taxonomy", str(trained), "--format", "json"])
    assert folder.exit_code == 0 and json.loads(folder.stdout.splitlines()[0])["taxonomy"] == "school"
    parsed_dir = runner.invoke(app, ["parse", str(tmp_path), "--taxonomy", str(trained)])
    assert parsed_dir.exit_code == 0
    assert json.loads(parsed_dir.stdout.splitlines()[0])["plans"][0]["sections"][0]["domains"] == ["ethics"]


def test_the_command_line_says_once_that_a_taxonomy_has_no_model(tmp_path):
    taxonomy = school_copy(tmp_path, model="untrained")
    plan = write(tmp_path / "plan.txt", SCHOOL_PLAN)
    result = runner.invoke(app, ["classify", str(plan), "--taxonomy", str(taxonomy), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr.count("cue words alone") == 1 and "planparse train --taxonomy" in result.stderr
    assert "Warning" not in result.stderr  # one line of ours, not Python's warning with its source line


def test_ingest_and_trends_keep_taxonomies_apart(trained, tmp_path):
    school = write(tmp_path / "school.txt", SCHOOL_PLAN)
    union = write(tmp_path / "union.txt", UNION_PLAN)
    db = tmp_path / "t.db"
    assert runner.invoke(app, ["ingest", str(school), "--db", str(db), "--taxonomy", str(trained)]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(union), "--db", str(db)]).exit_code == 0
    conn = sqlite3.connect(db)
    stored = dict(conn.execute("SELECT source, taxonomy || '@' || taxonomy_hash FROM documents").fetchall())
    conn.close()
    assert stored == {str(school): Taxonomy.load(trained).identity, str(union): default_taxonomy().identity}

    mixed = runner.invoke(app, ["trends", "--db", str(db)])
    assert mixed.exit_code == 2 and "school (1 documents)" in mixed.stderr and "union (1 documents)" in mixed.stderr

    shown = runner.invoke(app, ["trends", "--db", str(db), "--taxonomy", str(trained), "-f", "json"])
    assert shown.exit_code == 0 and "taxonomy 'school'" in shown.stderr
    payload = json.loads(shown.stdout)
    assert payload["taxonomy"] == "school" and {r["domain"] for r in payload["rows"]} == set(SECTIONS)
    union_rows = json.loads(runner.invoke(app, ["trends", "--db", str(db), "--taxonomy", "union", "-f", "json"]).stdout)
    assert {r["domain"] for r in union_rows["rows"]} == {"competition", "welfare_assistance"}
    chart = runner.invoke(app, ["trends", "--db", str(db), "--taxonomy", str(trained), "-o", str(tmp_path / "t.png")])
    assert chart.exit_code == 0 and (tmp_path / "t.png").stat().st_size > 1000
    unknown = runner.invoke(app, ["trends", "--db", str(db), "--taxonomy", "hospital"])
    assert unknown.exit_code == 2 and "hospital" in unknown.stderr

    # The same file again with the union taxonomy: stored once, with the school's domains.
    again = runner.invoke(app, ["ingest", str(school), "--db", str(db)])
    assert again.exit_code == 2 and "taxonomy 'school'" in again.stderr
    assert runner.invoke(app, ["ingest", str(school), "--db", str(db), "--taxonomy", str(trained)]).exit_code == 0


def test_a_single_taxonomy_store_shows_it_without_being_asked(trained, tmp_path):
    db = tmp_path / "s.db"
    school = write(tmp_path / "school.txt", SCHOOL_PLAN)
    assert runner.invoke(app, ["ingest", str(school), "--db", str(db), "--taxonomy", str(trained)]).exit_code == 0
    result = runner.invoke(app, ["trends", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0 and "taxonomy 'school'" in result.stderr
    assert json.loads(result.stdout)["taxonomy"] == "school"


def test_a_schema_3_store_learns_its_documents_were_classified_with_the_union_taxonomy(tmp_path):
    from planparse.store import MIGRATIONS, connect, file_hash

    db = tmp_path / "old.db"
    old = sqlite3.connect(db)
    for steps in MIGRATIONS[:3]:
        for step in steps:
            step(old) if callable(step) else old.execute(step)
    old.execute("PRAGMA user_version = 3")
    for name, classify in (("classified", True), ("plain", False)):
        col = planparse.parse(UNION_PLAN, classify=classify)
        old.execute("INSERT INTO documents (source, source_hash, size, schema_version, planparse_version, ingested_at,"
                    " model_json) VALUES (?, ?, 1, '1', '0.1', 'then', ?)",
                    (name, file_hash(name.encode()), col.model_dump_json()))
    old.commit()
    old.close()
    conn = connect(db)
    assert dict(conn.execute("SELECT source, taxonomy FROM documents")) == {"classified": "union", "plain": None}
    conn.close()
