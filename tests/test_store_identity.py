"""Store identity (issue 12): a plan is its document and its index; versions link only the same plan of the
same organization; unsigned documents are never chained; the year falls back to the page title; a store of
schema 2 migrates; `trends --out` picks its format from the extension.

Plan texts are written here, in the styles of real reports, resolutions, template pages and union plans.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    connect,
    counts,
    current_plans,
    file_hash,
    ingest_paths,
    integrity_ok,
    trend_rows,
)
from planparse.text.normalize import match_form, match_forms
from planparse.trends import history

runner = CliRunner()
SHARED_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "government_work_reports.jsonl"

FOCUS = {2021: ("数控", "十"), 2022: ("焊接", "十二"), 2023: ("电工", "十五"), 2024: ("物流", "十八")}


def report(year: int) -> str:
    """A work report read to a congress: no title, no signature, its year only in the text."""
    trade, n = FOCUS[year]
    return f"""各位代表：

现在，我代表常委会向大会报告{year}年工作安排，请予审议。

一、{year - 1}年工作回顾

过去一年，我们围绕中心、服务大局，各项工作取得新进展。

二、{year}年主要任务

（一）深化劳动和技能竞赛
1、围绕重点工程开展{trade}岗位劳动竞赛，全年评选先进班组{n}个。
2、举办{trade}职工技能比武，参赛职工不少于三百人次。
3、推进职工创新工作室建设，新命名市级工作室五家。

（二）做好困难职工帮扶
1、开展春节送温暖活动，走访慰问困难职工八百户。
2、落实职工医疗互助保障，参保职工达到两万人。

（三）加强职工思想政治引领
1、组织职工宣讲团进企业、进车间，全年宣讲一百场。
2、评选表彰劳动模范和先进工作者，弘扬劳模精神。
"""


def resolution(year: int) -> str:
    """The congress's one-page resolution on that year's report."""
    return f"""代表大会关于工作报告的决议

大会听取和审议了常委会所作的工作报告，同意报告提出的{year}年工作安排。大会要求：

1、深入开展劳动竞赛，组织好{FOCUS[year][0]}职工技能比武。
2、切实维护职工合法权益，推进集体协商和厂务公开。
3、加强工会自身建设，提高服务职工的能力。
"""


def union_plan(title: str, year: int, variant: int = 0, signature: str = "") -> str:
    body = [
        ["开展职工读书月活动，建设职工书屋两个。", "举办职工篮球赛和拔河比赛，参赛职工五百人次。",
         "组织女职工“两癌”筛查，覆盖率达到百分之九十。"],
        ["推进厂务公开，每季度召开一次职工代表座谈会。", "开展安全生产隐患排查，查找整改隐患一百项。",
         "组织新入职员工岗前培训，培训合格率百分之百。"],
    ][variant]
    items = "\n".join(f"{k}、{text}" for k, text in enumerate(body, 1))
    return f"""{title}

{year}年，工会将紧紧依靠广大职工，做好以下几项工作。

一、重点工作
{items}

二、保障措施
1、加强工会干部队伍建设，每半年组织一次业务培训。
2、规范工会经费管理，按时向会员公布收支情况。
{signature}"""


# Eight unsigned documents of four years: four reports and two resolutions with no organization, a
# generic union plan ("企业工会" names no body), and one plan whose title names its union.
UNSIGNED = {
    "report_2021.txt": report(2021), "report_2022.txt": report(2022), "report_2023.txt": report(2023),
    "report_2024.txt": report(2024), "resolution_2021.txt": resolution(2021),
    "resolution_2023.txt": resolution(2023),
    "enterprise_union_2022.txt": union_plan("2022年企业工会工作计划", 2022),
    "sanitation_union_2024.txt": union_plan("青石区环卫所工会2024年工作计划", 2024, variant=1),
}


def write(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def rows_key(rows: list[dict]) -> Counter:
    return Counter({(r["organization"], r["year"], r["domain"]): r["count"] for r in rows})


def each_alone(paths: list[Path], folder: Path) -> Counter:
    """Trends of every file ingested into a store of its own, added up."""
    total: Counter = Counter()
    for k, path in enumerate(paths):
        conn = connect(folder / f"alone_{k}.db")
        assert [r.status for r in ingest_paths(conn, [path])] == ["added"]
        total.update(rows_key(trend_rows(conn)))
        conn.close()
    return total


def snapshot(conn: sqlite3.Connection) -> tuple:
    return (counts(conn), trend_rows(conn),
            conn.execute("SELECT document_id, plan_index, plan_key, version, organization, year FROM plans "
                         "ORDER BY id").fetchall())


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory) -> list[Path]:
    return write(tmp_path_factory.mktemp("unsigned"), UNSIGNED)


def test_the_eight_documents_parse_as_intended(unsigned):
    parsed = {p.name: planparse.load(p, classify=False).plans for p in unsigned}
    assert all(len(plans) == 1 for plans in parsed.values())
    orgs = {name: plans[0].organization for name, plans in parsed.items()}
    assert orgs.pop("sanitation_union_2024.txt") == "青石区环卫所工会" and set(orgs.values()) == {None}
    assert Counter(plans[0].year for plans in parsed.values()) == {2021: 2, 2022: 2, 2023: 2, 2024: 2}
    assert all(sum(1 for _ in plans[0].iter_items()) >= 3 for plans in parsed.values())


def test_unsigned_documents_ingested_together_count_as_each_alone(unsigned, tmp_path):
    conn = connect(tmp_path / "together.db")
    first = ingest_paths(conn, unsigned)
    assert [r.status for r in first] == ["added"] * 8
    assert all(r.versions == [1] for r in first)  # none is a version of another
    together = rows_key(trend_rows(conn))
    alone = each_alone(unsigned, tmp_path)
    assert together == alone
    # Every item of the eight is counted: none was hidden behind a "later version".
    items = sum(sum(1 for _ in planparse.load(p, classify=False).iter_items()) for p in unsigned)
    assert sum(together.values()) == items
    assert len(current_plans(conn)) == 8

    before = snapshot(conn)
    again = ingest_paths(conn, list(reversed(unsigned)))
    assert {r.status for r in again} == {"unchanged"}
    assert snapshot(conn) == before and integrity_ok(conn)
    conn.close()


def test_history_never_threads_unsigned_documents(unsigned, tmp_path):
    conn = connect(tmp_path / "history.db")
    ingest_paths(conn, unsigned, classify=False)
    threads = history(conn, "职工技能比武")
    # Six documents hold the words (four reports, two resolutions): six single-document threads.
    assert len(threads) == 6
    for thread in threads:
        assert thread.organization is None
        assert len({step.source for step in thread.steps}) == 1, [(s.year, s.source) for s in thread.steps]
    conn.close()


def test_signed_plans_thread_only_through_their_own_organization(unsigned, tmp_path):
    org = "青石区环卫所工会"
    signed = write(tmp_path / "signed", {
        f"sanitation_{year}.txt": union_plan(f"{org}{year}年工作计划", year, signature=f"\n{org}\n{year}年1月\n")
        for year in (2022, 2023)})
    conn = connect(tmp_path / "mixed.db")
    ingest_paths(conn, [*unsigned, *signed], classify=False)
    threads = history(conn, "开展职工读书月活动")
    by_org = {t.organization: t for t in threads if t.organization}
    # 2022 and 2023 of the union are one thread; its 2024 plan (no reading month) ends it; the unsigned
    # 2022 template with the same measure is a thread of its own.
    assert [(s.year, s.status) for s in by_org[org].steps] == [(2022, "found"), (2023, "unchanged"),
                                                               (2024, "removed")]
    (template,) = [t for t in threads if t.organization is None]
    assert [(s.year, s.status) for s in template.steps] == [(2022, "found")]
    conn.close()


def test_two_unsigned_plans_with_one_title_and_year_stay_apart(tmp_path):
    paths = write(tmp_path, {"a.txt": union_plan("2022年企业工会工作计划", 2022, 0),
                             "b.txt": union_plan("2022年企业工会工作计划", 2022, 1)})
    conn = connect(tmp_path / "t.db")
    assert [r.versions for r in ingest_paths(conn, paths, classify=False)] == [[1], [1]]
    assert len(current_plans(conn)) == 2
    conn.close()


def test_versions_link_the_same_plan_of_the_same_organization(tmp_path):
    org = "北湖小学工会"
    title = f"{org}2025年工作计划"
    sign = f"\n{org}\n2025年2月\n"
    original = union_plan(title, 2025, signature=sign)
    reissued = original.replace("2、规范工会经费管理", "2、每学期组织一次教职工篮球友谊赛。\n3、规范工会经费管理")
    retitled = original.replace(title, f"{org}2025年工作要点")  # the same text under another title
    activity = union_plan(f"{org}2025年教职工运动会活动方案", 2025, variant=1, signature=sign)
    next_year = union_plan(f"{org}2026年工作计划", 2026, signature=f"\n{org}\n2026年2月\n")
    other_org = union_plan("南岸中学工会2025年工作计划", 2025, signature="\n南岸中学工会\n2025年2月\n")
    paths = write(tmp_path, {"1_original.txt": original, "2_reissued.txt": reissued, "3_retitled.txt": retitled,
                             "4_activity.txt": activity, "5_next_year.txt": next_year, "6_other.txt": other_org})
    conn = connect(tmp_path / "v.db")
    results = ingest_paths(conn, paths, classify=False)
    assert [r.versions for r in results] == [[1], [2], [3], [1], [1], [1]]
    current = {(s.organization, s.year, s.title) for s in current_plans(conn)}
    assert current == {(org, 2025, f"{org}2025年工作要点"), (org, 2025, f"{org}2025年教职工运动会活动方案"),
                       (org, 2026, f"{org}2026年工作计划"), ("南岸中学工会", 2025, "南岸中学工会2025年工作计划")}
    conn.close()


def test_org_and_year_given_on_the_command_line(tmp_path):
    paths = write(tmp_path, {"r2023.txt": report(2023), "r2024.txt": report(2024)})
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--org", "青石区总工会",
                                 "--no-classify"])
    assert result.exit_code == 0, result.output
    conn = connect(db)
    assert [(s.organization, s.year) for s in current_plans(conn)] == [("青石区总工会", 2023), ("青石区总工会", 2024)]
    one = write(tmp_path / "one", {"draft.txt": report(2021)})
    result = runner.invoke(app, ["ingest", str(one[0]), "--db", str(db), "--org", "青石区总工会", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert ("青石区总工会", 2025) in [(s.organization, s.year) for s in current_plans(conn)]
    # The same file again with the same attributes changes nothing.
    before = snapshot(conn)
    again = runner.invoke(app, ["ingest", str(paths[0]), "--db", str(db), "--org", "青石区总工会"])
    assert again.exit_code == 0 and again.stdout.startswith("unchanged") and snapshot(conn) == before
    conn.close()
    for bad in (["--year", "25"], ["--org", "  "]):
        result = runner.invoke(app, ["ingest", str(paths[0]), "--db", str(db), *bad])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output


def test_signing_stored_documents_later_derives_their_versions_again(tmp_path):
    paths = write(tmp_path, {"a.txt": union_plan("2022年企业工会工作计划", 2022, 0),
                             "b.txt": union_plan("2022年企业工会工作计划", 2022, 1)})
    db = tmp_path / "later.db"
    assert runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--no-classify"]).exit_code == 0
    conn = connect(db)
    assert len(current_plans(conn)) == 2
    # Both turn out to be one union's plan for 2022, issued twice under one title: b replaces a.
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--org", "青石区总工会"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("updated") == 2 and "2 updated, 0 unchanged" in result.stderr
    assert [(Path(s.source).name, s.organization, s.version) for s in current_plans(conn)] == [
        ("b.txt", "青石区总工会", 2)]
    before = snapshot(conn)
    again = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--org", "青石区总工会"])
    assert again.exit_code == 0 and again.stdout.count("unchanged") == 2 and snapshot(conn) == before
    assert integrity_ok(conn)
    conn.close()


TEMPLATE_PAGE = """2023年企业工会工作计划(模板3篇)

篇一
企业工会工作计划

工会将以服务职工为中心，认真做好以下工作。

一、加强民主管理
1、坚持职工代表大会制度，每年召开职代会一次。
2、推进厂务公开，重大事项及时向职工公布。

二、丰富职工文化生活
1、举办职工书画摄影展，展出作品一百件。
2、组织职工春季健步走活动。

篇二
公司工会工作计划

一、做好送温暖工作
1、节日期间走访慰问困难职工，做到不漏一户。
2、为一线职工办理意外伤害互助保障。

二、加强劳动保护
1、开展夏季安全生产检查，整改隐患三十处。
2、组织职工安全知识竞赛。
"""


def test_a_plan_with_no_year_takes_the_page_titles(tmp_path):
    (page,) = write(tmp_path, {"page.txt": TEMPLATE_PAGE})
    col = planparse.load(page, classify=False)
    assert col.page_title.startswith("2023年") and [p.year for p in col.plans] == [None, None]
    conn = connect(tmp_path / "page.db")
    ingest_paths(conn, [page])
    assert [s.year for s in current_plans(conn)] == [2023, 2023]
    assert {r["year"] for r in trend_rows(conn)} == {2023}
    assert sum(r["count"] for r in trend_rows(conn)) == sum(1 for _ in col.iter_items())
    conn.close()


# --- migration from schema 2 --------------------------------------------------------------------------
# Today's (schema 2) tables, as a snapshot: the migration must upgrade stores that were made by them.
SCHEMA_2 = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_hash TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL, format TEXT, encoding TEXT, schema_version TEXT NOT NULL,
    planparse_version TEXT NOT NULL, ingested_at TEXT NOT NULL, model_json TEXT NOT NULL);
CREATE TABLE plans (id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, plan_index INTEGER NOT NULL,
    plan_key TEXT NOT NULL, version INTEGER NOT NULL, organization TEXT, org_key TEXT NOT NULL, year INTEGER,
    title TEXT NOT NULL, item_count INTEGER NOT NULL, UNIQUE (document_id, plan_index), UNIQUE (plan_key, version));
CREATE TABLE items (id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    item_uid TEXT NOT NULL, path TEXT NOT NULL, depth INTEGER NOT NULL, section_index INTEGER NOT NULL,
    section_title TEXT NOT NULL, marker TEXT, kind TEXT NOT NULL, text TEXT NOT NULL, norm_hash TEXT NOT NULL,
    primary_domain TEXT, domains TEXT NOT NULL);
CREATE INDEX items_plan ON items(plan_id);
CREATE INDEX items_norm_hash ON items(norm_hash);
CREATE INDEX plans_key ON plans(plan_key);
CREATE INDEX plans_org_year ON plans(org_key, year);
CREATE VIEW current_plans AS SELECT p.* FROM plans p
    WHERE p.version = (SELECT MAX(q.version) FROM plans q WHERE q.plan_key = p.plan_key);
PRAGMA application_id = 1349275745;
PRAGMA user_version = 2;
"""


def old_ingest(conn: sqlite3.Connection, path: Path) -> None:
    """Rows as the schema-2 writer stored them: plan_key organization|year|title, version = one more than
    the last plan with that key, year as parsed (no page-title fallback)."""
    data = path.read_bytes()
    col = planparse.load(path)
    doc = conn.execute("INSERT INTO documents (source, source_hash, size, format, encoding, schema_version,"
                       " planparse_version, ingested_at, model_json) VALUES (?, ?, ?, ?, ?, ?, '0.1', 'then', ?)",
                       (str(path), file_hash(data), len(data), col.format, col.encoding, col.schema_version,
                        col.model_dump_json())).lastrowid
    for index, plan in enumerate(col.plans):
        org_key = match_form(plan.organization or "")
        key = f"{org_key}|{plan.year or ''}|{match_form(plan.title or '')}"
        (version,) = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE plan_key = ?",
                                  (key,)).fetchone()
        entries = list(plan.iter_items())
        plan_id = conn.execute("INSERT INTO plans (document_id, plan_index, plan_key, version, organization, org_key,"
                               " year, title, item_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (doc, index, key, version, plan.organization, org_key, plan.year, plan.title,
                                len(entries))).lastrowid
        forms = match_forms([item.text for _s, item, _p in entries])
        conn.executemany(
            "INSERT INTO items (plan_id, item_uid, path, depth, section_index, section_title, marker, kind, text,"
            " norm_hash, primary_domain, domains) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
            [(plan_id, item.id, f"{index + 1}/{p}", p.count("/"), section.label, item.marker, item.kind, item.text,
              form, item.domains[0] if item.domains else None, json.dumps(item.domains))
             for (section, item, p), form in zip(entries, forms)])
    conn.commit()


def test_a_schema_2_store_migrates_and_its_trends_come_right(unsigned, tmp_path):
    org = "北湖小学工会"
    original = union_plan(f"{org}2025年工作计划", 2025, signature=f"\n{org}\n2025年2月\n")
    reissued = original.replace("2、规范工会经费管理", "2、每学期组织一次教职工篮球友谊赛。\n3、规范工会经费管理")
    extra = write(tmp_path / "extra", {"plan_v1.txt": original, "plan_v2.txt": reissued, "page.txt": TEMPLATE_PAGE})
    files = [*unsigned, *extra]

    db = tmp_path / "old.db"
    old = sqlite3.connect(db)
    old.executescript(SCHEMA_2)
    for path in files:
        old_ingest(old, path)
    wrong = sum(n for (n,) in old.execute(
        "SELECT COUNT(*) FROM items i JOIN current_plans p ON p.id = i.plan_id WHERE p.year IS NOT NULL "
        "AND i.primary_domain IS NOT NULL GROUP BY p.id"))
    old.close()

    conn = connect(db)  # migrates
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID and integrity_ok(conn)
    fresh = connect(tmp_path / "fresh.db")
    ingest_paths(fresh, files)
    assert rows_key(trend_rows(conn)) == rows_key(trend_rows(fresh))
    assert sum(rows_key(trend_rows(conn)).values()) > wrong  # the old store hid items behind false versions
    versions = lambda c: [(Path(s).name, v) for s, v in c.execute(  # noqa: E731
        "SELECT d.source, p.version FROM plans p JOIN documents d ON d.id = p.document_id ORDER BY p.id")]
    assert versions(conn) == versions(fresh)
    assert ("plan_v2.txt", 2) in versions(conn)  # the signed re-issue is still a version of its plan
    assert [p.year for p in current_plans(conn) if "page.txt" in p.source] == [2023, 2023]
    fresh.close()

    # The migrated store works as a new one: re-ingesting changes nothing, new files are added.
    before = snapshot(conn)
    assert {r.status for r in ingest_paths(conn, files)} == {"unchanged"}
    assert snapshot(conn) == before
    (later,) = write(tmp_path / "later", {"plan_v3.txt": reissued + "\n"})
    assert ingest_paths(conn, [later])[0].versions == [3]
    conn.close()
    assert connect(db, upgrade=False).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- trends --out picks the format --------------------------------------------------------------------
@pytest.fixture(scope="module")
def trends_db(unsigned, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("trends") / "t.db"
    conn = connect(db)
    ingest_paths(conn, unsigned)
    conn.close()
    return db


def test_trends_out_extension_picks_the_format(trends_db, tmp_path):
    def run(*args):
        return runner.invoke(app, ["trends", "--db", str(trends_db), *args])

    png, js, txt, upper = tmp_path / "t.png", tmp_path / "t.json", tmp_path / "t.txt", tmp_path / "T.JSON"
    for path in (png, js, txt, upper):
        result = run("--out", str(path))
        assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = json.loads(js.read_text(encoding="utf-8"))["rows"]
    assert sum(r["count"] for r in rows) > 40 and json.loads(upper.read_text(encoding="utf-8"))["rows"] == rows
    table = txt.read_text(encoding="utf-8")
    assert "2021" in table and "2024" in table and "(unsigned)" in table and not table.lstrip().startswith("{")
    # --format wins when the name does not say otherwise; a contradiction names both and writes nothing.
    log = tmp_path / "t.log"
    assert run("--format", "json", "--out", str(log)).exit_code == 0 and json.loads(log.read_text("utf-8"))
    clash = tmp_path / "clash.png"
    result = run("--format", "json", "--out", str(clash))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--format json" in result.stderr and "clash.png" in result.stderr and not clash.exists()
    unknown = run("--out", str(tmp_path / "t.csv"))
    assert unknown.exit_code == 2 and ".csv" in unknown.stderr and not (tmp_path / "t.csv").exists()
    assert run().stdout == run("--format", "table").stdout  # no --out, no --format: the table


# --- real reports (skipped when ../shared is absent) ----------------------------------------------------
@pytest.mark.skipif(not SHARED_REPORTS.exists(), reason="../shared/corpora/government_work_reports.jsonl is absent")
def test_real_reports_of_several_years_count_the_same_together_and_alone(tmp_path):
    records = [json.loads(line) for line in SHARED_REPORTS.read_text(encoding="utf-8").splitlines()]
    # The four latest reports and the resolutions printed beside them: unsigned, of four years.
    chosen = records[:8]
    paths = write(tmp_path / "reports", {f"r{k}.txt": r["content"] for k, r in enumerate(chosen)})
    conn = connect(tmp_path / "reports.db")
    assert {r.status for r in ingest_paths(conn, paths)} == {"added"}
    together = rows_key(trend_rows(conn))
    assert len({year for _o, year, _d in together}) >= 3
    assert together == each_alone(paths, tmp_path)
    conn.close()
