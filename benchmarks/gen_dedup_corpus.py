"""Generate a labelled corpus for the dedup benchmark: families of edited copies plus unrelated text.

Deterministic for a given --seed. Writes JSON lines {"id", "text", "family", "edit"}: family -1 is
unrelated text; within a family, "original" is the source paragraph and every other member is one
edited copy of it. Every pair inside a family is a true duplicate pair.

The vocabulary below is written for this benchmark (union-plan style, no text copied from any page).

    python benchmarks/gen_dedup_corpus.py --paragraphs 100000 --out /tmp/dedup_corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random

OPENERS = [
    "今年", "全年", "我们将", "工会要", "各分会要", "本年度", "下半年", "上半年", "工会委员会将", "各车间工会",
    "机关工会", "各基层工会小组", "工会女职工委员会", "经审委员会", "公司工会", "校工会", "院工会", "街道总工会",
    "各部门", "全体工会干部",
]
VERBS = [
    "进一步加强", "认真组织", "深入开展", "持续推进", "积极探索", "切实做好", "不断完善", "大力弘扬", "扎实推进",
    "全面落实", "严格执行", "广泛宣传", "着力提升", "精心策划", "定期举办", "主动协调", "稳步推进", "及时总结",
    "认真落实", "统筹安排", "牵头组织", "配合做好", "逐步健全", "规范开展", "创新开展", "用心办好", "重点抓好",
    "全力保障", "继续深化", "广泛动员", "细化分解", "有序推进", "扩大覆盖", "认真梳理", "加快建立", "集中开展",
    "常态化开展", "分批组织", "带头参与", "跟踪督办",
]
QUALIFIERS = [
    "职工", "青年职工", "女职工", "一线职工", "困难职工", "退休职工", "新入职员工", "农民工", "劳模", "班组长",
    "工会干部", "会员", "技术骨干", "外包人员", "教职工", "医护人员",
]
OBJECTS = [
    "技能培训", "劳动保护监督检查", "帮扶救助", "特殊权益保护", "厂务公开", "代表大会提案办理", "工资集体协商",
    "之家建设", "读书分享活动", "技术比武", "安全生产宣传", "健步走比赛", "疗休养", "子女助学", "实名制入会",
    "经费收支审计", "心理健康讲座", "合理化建议征集", "岗位练兵", "创新工作室建设", "文体协会活动", "法律援助服务",
    "健康体检", "节日慰问", "生日关怀", "婚恋交友联谊", "书法摄影展", "职业病防治", "夏季送清凉", "冬季送温暖",
    "师带徒结对", "先进事迹宣讲", "互助保障", "民主评议", "意见建议收集", "考勤休假权益", "劳动合同履约检查",
    "小家示范点创建", "爱心托管班", "母婴关爱室建设", "网上工会平台", "困难档案动态管理", "大病救助",
    "安康杯竞赛", "技能等级认定", "志愿服务队伍建设", "文明班组评比", "职业道德教育",
]
FRAMES = [
    "以{x}为载体", "围绕{x}这一中心", "结合{x}实际", "按照{x}的要求", "通过{x}", "依托{x}", "聚焦{x}",
    "紧扣{x}", "针对{x}中的薄弱环节",
]
FRAME_FILL = [
    "生产经营任务", "上级工会部署", "年度重点工作", "职工实际需求", "企业转型发展", "安全生产目标",
    "民主管理制度", "岗位建功活动", "和谐劳动关系建设", "职工素质提升工程", "数字化转型", "精细化管理",
    "基层组织建设", "服务职工工作", "党建带工建机制",
]
COMPLEMENTS = [
    "确保各项工作落到实处", "切实维护职工合法权益", "不断增强工会组织的凝聚力", "营造和谐稳定的劳动关系",
    "为企业高质量发展贡献力量", "让职工真正得到实惠", "提高职工的获得感和幸福感", "形成一批可推广的经验",
    "推动工作常态化制度化", "把好事办好实事办实", "激发职工的创造活力", "做到底数清情况明", "提升服务的精准度",
    "努力实现全覆盖", "充分发挥示范带动作用", "及时化解苗头性问题", "扩大工会工作的影响力", "增强职工的主人翁意识",
    "做到件件有回音", "营造比学赶超的浓厚氛围",
]
NUMBER_PHRASES = [
    "组织{n}期", "覆盖{n}名职工", "每季度开展{n}次", "参与率达到{n}%", "新建{n}个示范点", "全年投入{n}万元",
    "慰问{n}户", "培训{n}人次", "评选{n}名先进个人", "不少于{n}场",
]
JOINERS = ["，", "，", "，", "；", "，并", "，同时"]
BULLETS = ["- ", "* ", "• "]
MARKERS = ["{n}、", "（{n}）", "{n}.", "({n})"]
CN = "一二三四五六七八九十"

EDIT_TYPES = ["formatting", "char3", "char8", "char15", "clause_swap", "number_change", "clause_added", "clause_deleted"]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        vocab = "".join(OPENERS + VERBS + QUALIFIERS + OBJECTS + FRAME_FILL + COMPLEMENTS)
        self.chars = sorted(set(vocab))

    def clause(self, with_number: bool = False) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.35:
            parts.append(r.choice(OPENERS))
        if r.random() < 0.4:
            parts.append(r.choice(FRAMES).format(x=r.choice(FRAME_FILL)) + "，")
        parts.append(r.choice(VERBS) + r.choice(QUALIFIERS) + r.choice(OBJECTS))
        if with_number:
            parts.append("，" + r.choice(NUMBER_PHRASES).format(n=r.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50, 80, 95, 100, 120, 200, 300, 500])))
        if r.random() < 0.5:
            parts.append("，" + r.choice(COMPLEMENTS))
        return "".join(parts)

    def paragraph(self, numbers: bool | None = None) -> tuple[str, list[str], str]:
        """(text, clauses, leading marker) — clauses keep their own inner commas."""
        r = self.rng
        count = r.choice([2, 2, 3, 3, 3, 4, 4, 5, 6])
        numbered = r.random() < 0.5 if numbers is None else numbers
        number_at = r.randrange(count) if numbered else -1
        clauses = [self.clause(with_number=(i == number_at)) for i in range(count)]
        marker = r.choice(MARKERS).format(n=r.randint(1, 9)) if r.random() < 0.4 else ""
        return marker + self.join(clauses), clauses, marker

    def join(self, clauses: list[str]) -> str:
        r = self.rng
        text = clauses[0]
        for c in clauses[1:]:
            text += r.choice(JOINERS) + c
        return text + "。"

    def to_traditional(self, text: str) -> str:
        if not hasattr(self, "_s2t"):
            import opencc  # built once: constructing a converter costs ~20 ms

            self._s2t = opencc.OpenCC("s2t")
        return self._s2t.convert(text)

    # ---- edits -------------------------------------------------------------------------------
    def formatting(self, text: str, clauses, marker) -> str:
        r = self.rng
        out = text
        choice = r.sample(["bullet", "width", "space", "marker", "traditional"], k=r.randint(1, 3))
        if "traditional" in choice:
            out = self.to_traditional(out)
        if "marker" in choice:
            body = out[len(marker):] if marker else out
            out = r.choice(MARKERS).format(n=r.randint(1, 9)) + body if r.random() < 0.7 else body
        if "width" in choice:
            out = out.translate(str.maketrans({"，": ",", "；": ";", "。": ".", "（": "(", "）": ")", "%": "％"}))
        if "space" in choice:
            out = out.replace("，", "， ", r.randint(1, 3)).replace("。", " 。")
        if "bullet" in choice:
            out = r.choice(BULLETS) + out
        return out if out != text else "- " + text

    def char_edits(self, text: str, share: float) -> str:
        r = self.rng
        chars = list(text)
        cjk = [i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"]
        for i in sorted(r.sample(cjk, max(1, round(share * len(cjk)))), reverse=True):
            action = r.random()
            if action < 0.7:
                chars[i] = r.choice(self.chars)
            elif action < 0.85:
                del chars[i]
            else:
                chars.insert(i, r.choice(self.chars))
        return "".join(chars)

    def clause_swap(self, clauses, marker) -> str | None:
        if len(clauses) < 2:
            return None
        i, j = self.rng.sample(range(len(clauses)), 2)
        swapped = list(clauses)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        return marker + self.join(swapped)

    def number_change(self, text: str, marker: str) -> str | None:
        import re

        numbers = [m for m in re.finditer(r"\d+", text) if m.start() >= len(marker)]
        if not numbers:
            return None
        m = self.rng.choice(numbers)
        new = str(int(m.group()) + self.rng.choice([1, 2, 5, 10, 20]))
        return text[: m.start()] + new + text[m.end():]

    def clause_added(self, clauses, marker) -> str:
        added = list(clauses)
        added.insert(self.rng.randint(0, len(added)), self.clause())
        return marker + self.join(added)

    def clause_deleted(self, clauses, marker) -> str | None:
        if len(clauses) < 3:
            return None
        kept = list(clauses)
        del kept[self.rng.randrange(len(kept))]
        return marker + self.join(kept)

    def copy(self, edit: str, text: str, clauses, marker) -> str | None:
        if edit == "formatting":
            return self.formatting(text, clauses, marker)
        if edit.startswith("char"):
            return self.char_edits(text, int(edit[4:]) / 100)
        if edit == "clause_swap":
            return self.clause_swap(clauses, marker)
        if edit == "number_change":
            return self.number_change(text, marker)
        if edit == "clause_added":
            return self.clause_added(clauses, marker)
        return self.clause_deleted(clauses, marker)


def generate(paragraphs: int, seed: int = 7, family_share: float = 0.5):
    """Yield records until ``paragraphs`` are made; about family_share of them sit in families."""
    gen = Generator(seed)
    r = gen.rng
    seen: set[str] = set()
    records = []
    family = 0
    while len(records) < paragraphs:
        if r.random() < family_share / 3.2:  # a family has 1 original + ~3.2 copies on average
            text, clauses, marker = gen.paragraph(numbers=r.random() < 0.6)
            if text in seen:
                continue
            seen.add(text)
            members = [{"text": text, "family": family, "edit": "original"}]
            for edit in r.sample(EDIT_TYPES, k=r.randint(1, 5)):
                copy = gen.copy(edit, text, clauses, marker)
                if copy is not None and copy not in seen:
                    seen.add(copy)
                    members.append({"text": copy, "family": family, "edit": edit})
            if len(members) > 1:
                records.extend(members)
                family += 1
        else:
            text, _, _ = gen.paragraph()
            if text not in seen:
                seen.add(text)
                records.append({"text": text, "family": -1, "edit": "unrelated"})
    records = records[:paragraphs]
    r.shuffle(records)
    for i, rec in enumerate(records):
        rec["id"] = i
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="/tmp/dedup_corpus.jsonl")
    args = parser.parse_args()
    records = generate(args.paragraphs, args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    families = len({r["family"] for r in records if r["family"] >= 0})
    print(f"wrote {len(records)} paragraphs ({families} families) to {args.out}")


if __name__ == "__main__":
    main()
