"""Evaluate the boilerplate, copying and thin-text rules on labelled cases built from the real
corpus (../shared/corpus/real), and print precision / recall with their counts.

Models: the rules are judged with models that do NOT contain the reports under evaluation.
The 2019-and-later corpus is mapped once (corpus.build.map_documents), its units are split
into 3 folds, and for each fold a model is reduced from the documents of the other folds'
units only (leave-units-out, so neither the report nor the same body's other years are in
the model that judges it).

Cases
- copying (copied-from-previous B010, copied-from-peer B011): pairs (A, B) of 2021-format
  reports of different units from the same year. For each pair, A's 五; A's 一 and 五; all of
  A's prose sections (一, 五, 六); or A's 五 replaced by B's 五 with every figure changed are
  positives in the replaced sections; A's 五 replaced by B's 五 with every other sentence
  rewritten (half reused: not "almost unchanged") and A unchanged are negatives. Each variant
  is linted with B as --previous (B010) and as --compare (B011); counted per section (一, 五,
  六). A replaced section whose donor has under 40 characters of prose once required
  statements are set aside (a 六 saying only that no fee was charged) is not judgeable and is
  counted apart.
- boilerplate (boilerplate-sentence B001): positives are sentences of the evaluated reports
  that have a near-identical sentence (at least 50% of the normalised sentence's character
  3-grams found in it) in reports of at least 3 other units outside the report's fold, carry no
  specific mention and are not a required statement (whole sentences identical across 3 units
  turned out to be only required statements, which never count). Negatives are the SPECIFIC
  sentences below (figures, names, dates of fictional bodies), inserted at the start of 一 and
  of 五 of held-out real reports, and, as a harder set, specific sentences with no figure, date
  or name (SPECIFIC_WITHOUT_FIGURES) inserted in 五.
- thin 五 (thin-problems-section Q001): benchmarks/data/thin_labels.tsv, hand labels by the
  criteria written there: thin when (a) fewer than 200 Chinese characters, or (b) fewer than two
  distinct problems, or (c) no measure names a concrete action (a named mechanism, list,
  platform or channel, procedure, subject area, frequency or deadline). The rule must agree
  with at least 85% of the labels. The rule's thresholds were chosen with these labels in view
  (there is no separate held-out label set), so the agreement is optimistic.

Run from the repository root:  /work/venv/bin/python benchmarks/eval_text_rules.py [--calibrate]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "real"
FOLDS = 3

# Specific sentences of fictional bodies, written for this evaluation (not from any report).
SPECIFIC_SENTENCES = [
    "2024年3月12日，青禾县民政局在县政务服务中心举办政务公开业务培训2场，参训信息员46人次。",
    "全年通过“青禾民政”微信公众号发布最低生活保障政策解读8篇，阅读量1.2万次。",
    "松川市审计局于2024年6月修订《松川市审计局政府信息公开保密审查办法》，明确三级审核流程。",
    "针对上年度依申请公开答复超期1件的问题，我局自2024年1月起实行答复期限台账管理，全年无超期答复。",
    "2024年，松川市审计局在门户网站“审计结果公告”栏目公开审计结果公告14件，同比增加5件。",
    "青禾县民政局12345热线转办的信息公开咨询37件，均在5个工作日内答复。",
    "2025年4月底前，我局将完成养老服务补贴等3类重点领域信息公开目录的编制，由办公室负责。",
    "全年更新“社会救助”专栏信息63条，其中临时救助审批结果按季度公开4次。",
    "10月15日，松川市审计局邀请市司法局2名法律顾问就依申请公开答复文书规范开展专题授课。",
    "青禾县民政局政务公开领导小组于2024年召开专题会议3次，研究解决信息发布审核问题7个。",
]

# Harder negatives: specific to one fictional body's year but with nothing the specificity
# patterns count (no figure, date, named unit, document or channel) — the rule can only
# leave them alone if their wording is not stock wording.
SPECIFIC_WITHOUT_FIGURES = [
    "婚姻登记处把结婚登记预约延长到周六上午，预约结果改为短信告知。",
    "殡葬改革的宣传单张改用方言配音的短视频，村里老人反映能听懂了。",
    "养老院入住排队名单改为按申请先后公开，不再只公开入住结果。",
    "低保复核时发现有两户家庭的收入材料前后不一致，已退回乡镇重新核实。",
    "临时救助的审批权下放到乡镇后，审批结果改由乡镇在村务公开栏张贴。",
    "社会组织年检结论以往只发纸质通知，今年起在网上同步公布不合格名单。",
]


def manifest_rows() -> list[dict[str, str]]:
    lines = (CORPUS / "manifest.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def prf(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return f"precision {percent(precision)} ({tp}/{tp + fp})  recall {percent(recall)} ({tp}/{tp + fn})"


def build_fold_models(rows: list[dict[str, str]]):
    """(unit -> fold, [model per fold]) from one map over the 2019+ corpus."""
    from narrative_qa.corpus.build import BuildParameters, find_duplicates, map_documents, reduce_documents
    from narrative_qa.corpus.sources import collect_sources

    sources = [entry for entry in collect_sources([CORPUS / "manifest.tsv"]) if entry.year is None or entry.year >= 2019]
    mapped = [item for item in map_documents(sources, jobs=1) if hasattr(item, "tokens")]
    removed = find_duplicates(mapped)
    documents = [document for index, document in enumerate(mapped) if index not in removed]
    units = sorted({document.unit or document.name for document in documents})
    random.Random(7).shuffle(units)
    fold_of = {unit: index % FOLDS for index, unit in enumerate(units)}
    models = []
    for fold in range(FOLDS):
        training = [d for d in documents if fold_of[d.unit or d.name] != fold]
        models.append(reduce_documents(training, BuildParameters(min_year=2019)))
    return fold_of, models, documents


def splice(report, replacements):
    """A new report: for each (section key, text) the body of that section replaced."""
    from narrative_qa.document.model import RawDocument
    from narrative_qa.document.parse import parse_report

    text = report.text
    pieces = []
    for key, new_body in replacements:
        section = report.section(key)
        if section is None:
            return None
        pieces.append((section.body.start, section.body.end, new_body))
    pieces.sort()
    out, cursor = [], 0
    for start, end, body in pieces:
        out.append(text[cursor:start])
        out.append("\n" + body.strip() + "\n")
        cursor = end
    out.append(text[cursor:])
    raw = RawDocument(path=report.path.with_name(report.path.stem + "-spliced.txt"), format="txt", text="".join(out))
    return parse_report(raw)


def body_text(report, key: str) -> str | None:
    section = report.section(key)
    return None if section is None else report.text[section.body.start : section.body.end]


def judged_chars(report, key: str) -> int:
    from narrative_qa.rules._text import analyze_report
    from narrative_qa.rules.copying import is_compared_sentence

    return sum(info.chars for info in analyze_report(report).in_section(key) if is_compared_sentence(info))


def evaluate_copying(reports, fold_models, fold_of) -> None:
    from narrative_qa.rules.registry import Context, find_rule

    b010, b011 = find_rule("B010"), find_rule("B011")
    by_year = defaultdict(list)
    for report in reports:
        by_year[report.year].append(report)
    plans = {"five": ["problems"], "one+five": ["overview", "problems"], "all": ["overview", "problems", "other"]}
    counts = {"B010": Counter(), "B011": Counter()}
    cases = Counter()
    rng = random.Random(11)
    for year, group in sorted(by_year.items()):
        group = [r for r in group if all(r.section(k) for k in ("overview", "problems", "other"))]
        for index, report in enumerate(group):
            other = group[(index + 1 + rng.randrange(max(1, len(group) - 1))) % len(group)]
            if other is report or other.unit == report.unit:
                continue
            model = fold_models[fold_of.get(report.unit, 0)]
            variants = [("unrelated", report, set())]
            for name, keys in plans.items():
                spliced = splice(report, [(key, body_text(other, key) or "") for key in keys])
                if spliced is not None:
                    variants.append((name, spliced, set(keys)))
            donor = body_text(other, "problems") or ""
            # B's 五 with every figure changed: still copied.
            renumbered = splice(report, [("problems", re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), donor))])
            if renumbered is not None:
                variants.append(("five-figures-changed", renumbered, {"problems"}))
            # B's 五 with every other sentence replaced by a sentence of this evaluation: half
            # rewritten is not "almost unchanged", so nothing may be flagged.
            pieces = [piece for piece in re.split(r"(?<=[。；])", donor) if piece.strip()]
            half = "".join(
                SPECIFIC_SENTENCES[(number + index) % len(SPECIFIC_SENTENCES)] if number % 2 else piece
                for number, piece in enumerate(pieces)
            )
            halved = splice(report, [("problems", half)])
            if halved is not None and len(pieces) >= 4:
                variants.append(("five-half-rewritten", halved, set()))
            for name, variant, replaced in variants:
                cases[name] += 1
                for code, rule, context in (
                    ("B010", b010, Context(report=variant, model=model, previous=other)),
                    ("B011", b011, Context(report=variant, model=model, compare=[other])),
                ):
                    flagged = {f.section for f in rule.check(context, rule) if f.section}
                    for key in ("overview", "problems", "other"):
                        if key in replaced and judged_chars(other, key) < 40:
                            # The donor's section has under 40 characters of prose once the
                            # required statements are set aside (a 六 saying only that no fee
                            # was charged): nothing there to judge either way.
                            counts[code]["not judgeable"] += 1
                            continue
                        truth, said = key in replaced, key in flagged
                        counts[code]["tp" if truth and said else "fp" if said else "fn" if truth else "tn"] += 1
    print(f"copying: cases {dict(cases)} (sections judged: 一, 五, 六 of each case)")
    for code, count in counts.items():
        print(
            f"  {code}: {prf(count['tp'], count['fp'], count['fn'])}  true negatives {count['tn']}  "
            f"replaced sections too short to judge (< 40 chars of prose) {count['not judgeable']}"
        )


def _grams(text: str) -> set[str]:
    from narrative_qa.corpus.hashing import normalise_sentence

    text = normalise_sentence(text)
    return {text[i : i + 3] for i in range(len(text) - 2)}


def shared_sentences(reports, fold_of, min_units: int = 3, containment: float = 0.5):
    """Sentences of each report whose character 3-grams are at least `containment` contained in
    one sentence of each of `min_units` other units' reports outside the report's fold: the
    independent, character-level notion of "this sentence appears in many reports"."""
    from narrative_qa.rules._text import analyze_report

    entries = []  # (report index, sentence info, grams)
    for number, report in enumerate(reports):
        for info in analyze_report(report).sentences:
            if info.section in ("overview", "problems", "other") and len(info.tokens) >= 5:
                entries.append((number, info, _grams(info.text)))
    postings = defaultdict(list)
    for position, (_, _, grams) in enumerate(entries):
        for gram in grams:
            postings[gram].append(position)
    shared = []
    for position, (number, info, grams) in enumerate(entries):
        if len(grams) < 8:
            continue
        fold = fold_of.get(reports[number].unit, 0)
        overlap = Counter()
        for gram in grams:
            overlap.update(postings[gram])
        units = set()
        for other, count in overlap.items():
            other_report = reports[entries[other][0]]
            if count >= containment * len(grams) and fold_of.get(other_report.unit, 0) != fold:
                units.add(other_report.unit)
        if len(units) >= min_units:
            shared.append((number, info, len(units)))
    return shared


def evaluate_boilerplate(reports, fold_models, fold_of) -> None:
    from narrative_qa.corpus.hashing import sentence_fingerprint
    from narrative_qa.document.model import RawDocument
    from narrative_qa.document.parse import parse_report
    from narrative_qa.rules._text import analyze_report, is_required_statement
    from narrative_qa.rules.boilerplate import SENTENCE_DEFAULTS, judge_sentence

    tp = fn = 0
    misses = []
    for number, info, units in shared_sentences(reports, fold_of):
        report = reports[number]
        model = fold_models[fold_of.get(report.unit, 0)]
        analysis = analyze_report(report)
        if analysis.specifics(info) or is_required_statement(info.text):
            continue
        if judge_sentence(analysis, info, None, model, SENTENCE_DEFAULTS):
            tp += 1
        else:
            fn += 1
            misses.append(units)
    fp = tn = 0
    for index, report in enumerate(reports):
        model = fold_models[fold_of.get(report.unit, 0)]
        for key in ("overview", "problems"):
            sentence = SPECIFIC_SENTENCES[(index * 2 + (key == "problems")) % len(SPECIFIC_SENTENCES)]
            section = report.section(key)
            if section is None:
                continue
            at = section.body.start
            text = report.text[:at] + "\n" + sentence + "\n" + report.text[at:]
            spliced = parse_report(RawDocument(path=report.path, format="txt", text=text))
            analysis = analyze_report(spliced)
            target = sentence_fingerprint(sentence)
            for info in analysis.sentences:
                if info.fingerprint == target:
                    if judge_sentence(analysis, info, None, model, SENTENCE_DEFAULTS):
                        fp += 1
                    else:
                        tn += 1
                    break
    hard_fp = hard_tn = 0
    for index, report in enumerate(reports):
        model = fold_models[fold_of.get(report.unit, 0)]
        section = report.section("problems")
        if section is None:
            continue
        sentence = SPECIFIC_WITHOUT_FIGURES[index % len(SPECIFIC_WITHOUT_FIGURES)]
        at = section.body.start
        text = report.text[:at] + "\n" + sentence + "\n" + report.text[at:]
        analysis = analyze_report(parse_report(RawDocument(path=report.path, format="txt", text=text)))
        target = sentence_fingerprint(sentence)
        for info in analysis.sentences:
            if info.fingerprint == target:
                if judge_sentence(analysis, info, None, model, SENTENCE_DEFAULTS):
                    hard_fp += 1
                else:
                    hard_tn += 1
                break
    print(
        f"boilerplate: positives = sentences with a near-identical sentence (char 3-gram containment >= 0.5) "
        f"in reports of >= 3 other units outside the fold, no specifics, not required ({tp + fn}); "
        f"negatives = written specific sentences inserted into 一 and 五 ({fp + tn})"
    )
    print(f"  B001: {prf(tp, fp, fn)}  specific sentences flagged {fp}/{fp + tn}")
    print(
        f"  B001 on harder negatives (specific but without figures, names or dates, inserted into 五): "
        f"flagged {hard_fp}/{hard_fp + hard_tn}; with them: {prf(tp, fp + hard_fp, fn)}"
    )


def evaluate_thin(fold_models, fold_of) -> None:
    from narrative_qa.document.parse import read_report
    from narrative_qa.rules.registry import Context, find_rule

    rule = find_rule("Q001")
    rows = [line.split("\t") for line in (REPO / "benchmarks" / "data" / "thin_labels.tsv").read_text("utf-8").splitlines()]
    rows = [row for row in rows if row and not row[0].startswith("#") and row[0] != "file"]
    agree = 0
    confusion = Counter()
    disagreements = []
    for file, label, reason in rows:
        report = read_report(SHARED / file)
        model = fold_models[fold_of.get(report.unit, 0)] if report.unit in fold_of else fold_models[0]
        said = bool(list(rule.check(Context(report=report, model=model), rule)))
        truth = label == "thin"
        confusion[(truth, said)] += 1
        if truth == said:
            agree += 1
        else:
            disagreements.append(f"{file} labelled {label} ({reason}); rule says {'thin' if said else 'ok'}")
    total = len(rows)
    tp, fp, fn = confusion[(True, True)], confusion[(False, True)], confusion[(True, False)]
    print(f"thin 五: {total} labelled sections ({tp + fn} thin, {total - tp - fn} ok)")
    print(f"  Q001: agreement {percent(agree / total)} ({agree}/{total})  {prf(tp, fp, fn)}")
    for line in disagreements:
        print(f"    disagrees: {line}")


def calibrate(reports, fold_models, fold_of) -> None:
    """Percentiles of the boilerplate share per section (for boilerplate-section's reference)
    and of the generic similarity of problem statements."""
    import numpy as np

    from narrative_qa.rules._text import analyze_report, problems_section_indexes, split_problems
    from narrative_qa.rules.boilerplate import SENTENCE_DEFAULTS, judge_sentence

    shares = defaultdict(list)
    generic = []
    for report in reports:
        model = fold_models[fold_of.get(report.unit, 0)]
        analysis = analyze_report(report)
        totals = defaultdict(lambda: [0, 0])
        for info in analysis.sentences:
            entry = totals[(info.section, info.section_index)]
            entry[0] += info.chars
            if judge_sentence(analysis, info, None, model, SENTENCE_DEFAULTS):
                entry[1] += info.chars
        for (key, _), (chars, boiler) in totals.items():
            if chars >= 40:
                shares[key].append(boiler / chars)
        for index in problems_section_indexes(report)[:1]:
            problems, _ = split_problems(analysis, index)
            if problems:
                generic.append(model.generic_similarity([t for info in problems for t in info.tokens]))
    for key, values in sorted(shares.items()):
        print(f"  boilerplate share {key}: n={len(values)} p50/75/90/95 = {np.percentile(values, [50, 75, 90, 95]).round(3).tolist()}")
    print(f"  generic similarity of problems: n={len(generic)} p50/75/85/95 = {np.percentile(generic, [50, 75, 85, 95]).round(3).tolist()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="print the reference distributions")
    args = parser.parse_args()
    from narrative_qa.document.parse import read_report

    rows = manifest_rows()
    print("building leave-units-out models ...", file=sys.stderr)
    fold_of, fold_models, documents = build_fold_models(rows)
    reports = []
    for row in rows:
        if row["era"] == "2021format" and row["format"] == "txt" and row["file"].startswith("pingtan/"):
            report = read_report(CORPUS / row["file"])
            report.unit = row["unit"]  # the manifest's unit: the folds are keyed by it
            reports.append(report)
    # Units in documents come from the manifest too, so the keys match.
    print(f"models: {FOLDS} folds by unit over {len(documents)} documents; evaluated reports: {len(reports)} (2021 format, 平潭 txt)")
    if args.calibrate:
        calibrate(reports, fold_models, fold_of)
    evaluate_copying(reports, fold_models, fold_of)
    evaluate_boilerplate(reports, fold_models, fold_of)
    evaluate_thin(fold_models, fold_of)


if __name__ == "__main__":
    main()
