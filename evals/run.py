"""`arkiv eval`: one table per question set — Arkiv beside BM25-only and dense-only
over the same chunks, in the same run — plus citation and abstention figures."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from api.answer import verify_quote
from api.refusal import Refusal
from evals.metrics import Question, all_evidence_within, first_relevant_rank, load_questions, supported_items


def retrieval_row(arkiv, questions: list[Question], fusion: str | None, smart: bool) -> dict:
    ranks, multi_ok, per_type = [], [], defaultdict(list)
    for q in questions:
        if not q.answerable:
            continue
        hits = arkiv.search(q.question, 10, fusion=fusion, smart=smart)
        results = [(h.hit.payload["document"], h.hit.text) for h in hits]
        rank = first_relevant_rank(q, results)
        ranks.append(rank)
        per_type[q.type].append(rank)
        if q.mode == "all" and len(q.evidence) > 1:
            multi_ok.append(all_evidence_within(q, results))
    return {"n": len(ranks), **_rank_metrics(ranks), "multi_all@10": _mean(multi_ok),
            "per_type": {t: _rank_metrics(r) for t, r in sorted(per_type.items())}}


def _rank_metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    hit = lambda k: sum(1 for r in ranks if r is not None and r <= k) / n  # noqa: E731
    return {"hit@1": hit(1), "hit@3": hit(3), "hit@5": hit(5), "hit@10": hit(10),
            "mrr@10": sum(1 / r for r in ranks if r) / n, "n": len(ranks)}


def _mean(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def answer_rows(arkiv, questions: list[Question]) -> tuple[dict, list[dict]]:
    details, latencies = [], []
    top1, anycite, page_ok, found_ans, abstain, verified, quotes = [], [], [], [], [], 0, 0
    top1_span, any_span = [], []
    for q in questions:
        began = time.perf_counter()
        answer = arkiv.ask(q.question, 5)
        latencies.append(time.perf_counter() - began)
        cites = answer.citations
        for c in cites:
            quotes += 1
            verified += verify_quote(c.quote, c.page, c.doc_id, arkiv.pages)
        row = {"id": q.id, "type": q.type, "question": q.question, "found": answer.found,
               "confidence": answer.confidence, "refusal": answer.refusal.value if answer.refusal else "",
               "answer": answer.answer,
               "citations": [{"document": c.document, "page": c.page, "quote": c.quote} for c in cites]}
        if q.answerable:
            found_ans.append(answer.found)
            # The rule speaks of the cited passage (the citation's text); the quote span is stricter.
            for field, t1, anyc in (("text", top1, anycite), ("quote", top1_span, any_span)):
                covered = [supported_items(q, c.document, getattr(c, field)) for c in cites]
                t1.append(bool(covered and covered[0]))
                union = set().union(*covered) if covered else set()
                anyc.append(len(union) == len(q.evidence) if q.mode == "all" else bool(union))
            if cites:
                page_ok.append(any(cites[0].page in e.pages for e in q.evidence if e.pdf == cites[0].document))
            row.update(top1=top1[-1], any=anycite[-1])
        else:
            abstain.append(not answer.found)
        details.append(row)
    curve = _tradeoff(details, questions)
    summary = {"curve": curve, "top1_citation": _mean(top1), "any_citation": _mean(anycite),
               "top1_quote": _mean(top1_span), "any_quote": _mean(any_span), "top1_page": _mean(page_ok),
               "found_rate_answerable": _mean(found_ans), "abstention_unanswerable": _mean(abstain),
               "verified_quotes": verified / quotes if quotes else None, "quotes": quotes,
               "ask_p50_ms": 1000 * statistics.median(latencies) if latencies else None}
    return summary, details


def _tradeoff(details: list[dict], questions: list[Question]) -> list[tuple[float, float, float]]:
    """(threshold, found-rate on answerable, abstention on unanswerable) for a sweep of thresholds.

    A question refused by a rule (a named identifier that no passage carries, no sentence stating the
    asked-for fact, …) stays refused at every threshold: its confidence counts as 0.
    """
    def conf(d: dict) -> float:
        return d["confidence"] if d["refusal"] in ("", Refusal.LOW_CONFIDENCE.value) else 0.0
    ans = [conf(d) for d, q in zip(details, questions) if q.answerable]
    una = [conf(d) for d, q in zip(details, questions) if not q.answerable]
    out = []
    for t in [x / 20 for x in range(4, 20)]:
        found = sum(c >= t for c in ans) / len(ans) if ans else 0
        abstain = sum(c < t for c in una) / len(una) if una else 0
        out.append((t, found, abstain))
    return out


def run_eval(arkiv, files: list[Path], fusions: list[str], out: Path | None = None) -> str:
    lines, dump = [], {}
    for path in files:
        questions = load_questions(path)
        systems = {f"arkiv ({arkiv.settings.search.fusion})": (None, True),
                   "bm25 only": ("bm25", False), "dense only": ("dense", False)}
        for f in fusions:
            systems[f"{f} fusion, no boosts"] = (f, False)
            systems[f"{f} fusion + boosts"] = (f, True)
        rows = {name: retrieval_row(arkiv, questions, fusion, smart) for name, (fusion, smart) in systems.items()}
        summary, details = answer_rows(arkiv, questions)
        dump[str(path)] = {"retrieval": rows, "answers": summary, "details": details}
        lines.append(_table(path, questions, rows, summary))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(dump, ensure_ascii=False, indent=1))
    return "\n\n".join(lines)


def _fmt(v) -> str:
    return "  –  " if v is None else f"{v:.3f}"


def _table(path: Path, questions: list[Question], rows: dict, summary: dict) -> str:
    n_ans = sum(q.answerable for q in questions)
    out = [f"## {path} — {len(questions)} questions ({n_ans} answerable, {len(questions) - n_ans} unanswerable)", "",
           "| system | hit@1 | hit@3 | hit@5 | hit@10 | MRR@10 | multi all@10 |", "|---|---|---|---|---|---|---|"]
    for name, r in rows.items():
        out.append(f"| {name} | {_fmt(r['hit@1'])} | {_fmt(r['hit@3'])} | {_fmt(r['hit@5'])} | {_fmt(r['hit@10'])} "
                   f"| {_fmt(r['mrr@10'])} | {_fmt(r['multi_all@10'])} |")
    out += ["", "Per question type (hit@5 / MRR@10):", "",
            "| type | n | " + " | ".join(rows) + " |", "|---|---|" + "---|" * len(rows)]
    types = sorted({t for r in rows.values() for t in r["per_type"]})
    for t in types:
        cells = [f"{_fmt(r['per_type'][t]['hit@5'])} / {_fmt(r['per_type'][t]['mrr@10'])}" if t in r["per_type"] else "–"
                 for r in rows.values()]
        n = next(r["per_type"][t]["n"] for r in rows.values() if t in r["per_type"])
        out.append(f"| {t} | {n} | " + " | ".join(cells) + " |")
    out += ["", "Answers (/ask, k=5):", "",
            f"- top-1 citation correct (cited passage): {_fmt(summary['top1_citation'])}; any citation correct: {_fmt(summary['any_citation'])}",
            f"- top-1 citation correct (quote span only): {_fmt(summary['top1_quote'])}; any: {_fmt(summary['any_quote'])}; "
            f"top-1 citation on a gold page: {_fmt(summary['top1_page'])}",
            f"- found on answerable: {_fmt(summary['found_rate_answerable'])}; abstained on unanswerable: {_fmt(summary['abstention_unanswerable'])}",
            "- confidence threshold trade-off (threshold: found on answerable / abstained on unanswerable; "
            "rule-based refusals count at every threshold): " + ", ".join(f"{t:.2f}: {f:.2f}/{a:.2f}" for t, f, a in summary["curve"]),
            f"- quotes verified on their page: {_fmt(summary['verified_quotes'])} of {summary['quotes']}; /ask p50 in-process: {_fmt(summary['ask_p50_ms'])} ms"]
    return "\n".join(out)
