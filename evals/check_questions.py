#!/usr/bin/env python3
"""Validate evaluation question files (JSONL) against the seed texts and PDFs.

Usage:
    python evals/check_questions.py evals/own.jsonl [../shared/evals/dev.jsonl ...]
        [--seeds DIR] [--corpus DIR] [--no-pages] [--require-pages]

Checks per file:
  * every line is a JSON object with the required fields and valid values
    (type, difficulty, query_style, evidence_mode, doc names);
  * ids are unique;
  * every quote occurs verbatim in its seed text after whitespace collapse;
  * every quote is on the stated page(s) (see "Page check" below);
  * unanswerable questions have empty evidence and an empty answer,
    answerable ones have both;
  * evidence_mode is present ("any"/"all") when there is more than one
    evidence item; multi questions have >= 2 items and evidence_mode "all".
Across files: no question text (case/whitespace-insensitive) occurs in two files.

Page check: if a seed text contains form feeds, page N is its N-th
form-feed-separated part. Otherwise the pages are taken from the matching PDF
in --corpus (with pypdf if installed, else the `pdftotext` command if
available). Quote and page text are compared the way citations are scored:
lowercased, reduced to letters and digits. A quote that runs over a page break
may be stated on either page. Without any page source the page check is
skipped with a warning (an error with --require-pages).

Only the standard library is required; pypdf is optional.
Exit status: 0 if every file passes, 1 if there are errors, 2 on bad usage.
"""

import argparse
import collections
import json
import shutil
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere: evals/ is a package of the repo
from evals.metrics import SEED_TO_PDF  # noqa: E402  (seed text -> PDF, one table for the repo)

TYPES = {"status", "decision", "recommendation", "fact", "paraphrase",
         "identifier", "multi", "unanswerable", "english"}
DIFFICULTIES = {"easy", "medium", "hard"}
STYLES = {"natural", "keyword", "colloquial", "english"}
MODES = {"any", "all"}
REQUIRED = ("id", "question", "answer", "evidence", "type", "difficulty", "query_style")
QUOTE_MIN, QUOTE_MAX = 40, 250  # recommended quote length (warning only)


def collapse(s):
    return " ".join(s.split())


def norm(s):
    """Lowercase, letters and digits only (as in the citation scoring)."""
    return "".join(c for c in unicodedata.normalize("NFKC", s).lower() if c.isalnum())


def norm_question(s):
    return collapse(unicodedata.normalize("NFKC", s).casefold()).strip(" ?!.")


class Pages:
    """Per-seed page texts (normalized), loaded lazily."""

    def __init__(self, seeds_dir, corpus_dir, enabled=True):
        self.seeds_dir = Path(seeds_dir)
        self.corpus_dir = Path(corpus_dir)
        self.enabled = enabled
        self.cache = {}
        self.source = {}
        self.problems = {}
        try:
            import pypdf  # noqa: F401
            self.pypdf = True
        except ImportError:
            self.pypdf = False
        self.pdftotext = shutil.which("pdftotext")

    def backend(self):
        if self.pypdf:
            return "pypdf"
        if self.pdftotext:
            return "pdftotext"
        return None

    def get(self, doc, raw_seed):
        """Return list of normalized page texts, or None if unavailable."""
        if not self.enabled:
            return None
        if doc in self.cache:
            return self.cache[doc]
        pages = None
        if "\f" in raw_seed:
            pages = raw_seed.split("\f")
            if pages and not pages[-1].strip():
                pages = pages[:-1]
            self.source[doc] = "seed form feeds"
        else:
            pdf = self.corpus_dir / SEED_TO_PDF.get(doc, "")
            if doc not in SEED_TO_PDF:
                self.problems[doc] = "no PDF known for this seed"
            elif not pdf.is_file():
                self.problems[doc] = f"PDF not found: {pdf}"
            elif self.pypdf:
                import pypdf
                try:
                    pages = list(pdf_pages(pdf))
                    self.source[doc] = f"pypdf:{pdf.name}"
                except Exception as e:  # pragma: no cover
                    self.problems[doc] = f"pypdf failed on {pdf.name}: {e}"
            elif self.pdftotext:
                try:
                    out = subprocess.run([self.pdftotext, "-enc", "UTF-8", str(pdf), "-"],
                                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
                    pages = out.split("\f")
                    if pages and not pages[-1].strip():
                        pages = pages[:-1]
                    self.source[doc] = f"pdftotext:{pdf.name}"
                except Exception as e:  # pragma: no cover
                    self.problems[doc] = f"pdftotext failed on {pdf.name}: {e}"
            else:
                self.problems[doc] = "no page source (seed has no form feeds; install pypdf or pdftotext)"
        self.cache[doc] = [norm(p) for p in pages] if pages is not None else None
        return self.cache[doc]


def longest_prefix_in(q, text):
    lo, hi = 0, len(q)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if q[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return lo


def longest_suffix_in(q, text):
    lo, hi = 0, len(q)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if q[len(q) - mid:] in text:
            lo = mid
        else:
            hi = mid - 1
    return lo


def locate(nq, pages):
    """1-based pages holding the normalized quote; spanning quotes give both pages."""
    found = {i + 1 for i, p in enumerate(pages) if nq in p}
    if found:
        return found, False
    spans = set()
    for i in range(len(pages) - 1):
        a = longest_prefix_in(nq, pages[i])
        if a == 0:
            continue
        b = longest_suffix_in(nq, pages[i + 1])
        if a + b >= len(nq):
            spans.update({i + 1, i + 2})
    return spans, bool(spans)


class Seeds:
    """Seed texts by name; a question set about PDFs without seed texts (evals/extra.jsonl) names
    the PDF itself, whose pypdf text (NFC, pages joined by form feeds) then serves as its seed."""

    def __init__(self, seeds_dir, corpus_dir=None):
        self.dir = Path(seeds_dir)
        self.corpus = Path(corpus_dir) if corpus_dir else None
        self.raw = {}
        self.collapsed = {}
        self.names = {p.name for p in self.dir.glob("*.txt")} if self.dir.is_dir() else set()
        if self.corpus and self.corpus.is_dir():
            self.names |= {p.name for p in self.corpus.glob("*.pdf")}

    def load(self, doc):
        if doc not in self.raw:
            if doc.endswith(".pdf"):
                texts = [unicodedata.normalize("NFC", text) for text in pdf_pages(self.corpus / doc)]
                raw = "\f".join(texts)
            else:
                raw = (self.dir / doc).read_text(encoding="utf-8")
            self.raw[doc] = raw
            self.collapsed[doc] = collapse(raw)
        return self.raw[doc], self.collapsed[doc]


def check_file(path, seeds, pages, warn_pages):
    errors = collections.defaultdict(list)   # qid -> messages
    warnings = collections.defaultdict(list)
    records = []
    ids = collections.Counter()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        errors["<file>"].append(f"cannot read: {e}")
        return records, errors, warnings
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            errors[f"line {lineno}"].append(f"invalid JSON: {e}")
            continue
        if not isinstance(rec, dict):
            errors[f"line {lineno}"].append("line is not a JSON object")
            continue
        qid = rec.get("id") if isinstance(rec.get("id"), str) and rec.get("id") else f"line {lineno}"
        E = errors[qid].append
        W = warnings[qid].append
        records.append((qid, rec))
        ids[qid] += 1

        for f in REQUIRED:
            if f not in rec:
                E(f"missing field '{f}'")
        known = set(REQUIRED) | {"evidence_mode", "note"}  # note: why an unanswerable question is one
        extra = set(rec) - known
        if extra:
            W(f"unknown field(s): {', '.join(sorted(extra))}")
        if not isinstance(rec.get("question"), str) or not rec.get("question", "").strip():
            E("'question' must be a non-empty string")
        if not isinstance(rec.get("answer", ""), str):
            E("'answer' must be a string")
        typ = rec.get("type")
        if typ not in TYPES:
            E(f"unknown type {typ!r} (expected one of {sorted(TYPES)})")
        if rec.get("difficulty") not in DIFFICULTIES:
            E(f"unknown difficulty {rec.get('difficulty')!r}")
        if rec.get("query_style") not in STYLES:
            E(f"unknown query_style {rec.get('query_style')!r}")

        ev = rec.get("evidence", [])
        if not isinstance(ev, list):
            E("'evidence' must be a list")
            ev = []
        answer = rec.get("answer", "")
        if typ == "unanswerable":
            if ev:
                E("unanswerable question must have empty evidence")
            if isinstance(answer, str) and answer.strip():
                E("unanswerable question must have an empty answer")
        elif typ in TYPES:
            if not ev:
                E("answerable question has no evidence")
            if isinstance(answer, str) and not answer.strip():
                E("answerable question has an empty answer")

        mode = rec.get("evidence_mode")
        if len(ev) > 1 and mode is None:
            E("several evidence items but no 'evidence_mode'")
        if mode is not None and mode not in MODES:
            E(f"evidence_mode must be 'any' or 'all', got {mode!r}")
        if mode is not None and len(ev) <= 1:
            W("evidence_mode given with fewer than two evidence items")
        if typ == "multi":
            if len(ev) < 2:
                E("multi question needs at least two evidence items")
            if mode != "all":
                E("multi question should have evidence_mode 'all'")
        if typ == "english" and rec.get("query_style") != "english":
            W("type 'english' but query_style is not 'english'")

        for k, item in enumerate(ev, 1):
            tag = f"evidence[{k}]"
            if not isinstance(item, dict):
                E(f"{tag} is not an object")
                continue
            doc, quote, pgs = item.get("doc"), item.get("quote"), item.get("pages")
            if doc not in seeds.names:
                E(f"{tag}: unknown doc {doc!r} (not in {seeds.dir})")
                continue
            if not isinstance(quote, str) or not quote.strip():
                E(f"{tag}: empty or missing quote")
                continue
            if not (isinstance(pgs, list) and pgs and all(isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in pgs)):
                E(f"{tag}: 'pages' must be a non-empty list of positive integers, got {pgs!r}")
                pgs = None
            raw, text = seeds.load(doc)
            if quote != collapse(quote):
                E(f"{tag}: quote has uncollapsed whitespace (use single spaces)")
            if collapse(quote) not in text:
                nq_ = norm(quote)
                hint = " (matches only after normalization: check punctuation/hyphenation/characters)" \
                    if nq_ and nq_ in norm(text) else ""
                E(f"{tag}: quote not found verbatim in {doc}{hint}: {quote[:90]!r}")
            n = len(quote)
            if n < QUOTE_MIN or n > QUOTE_MAX:
                W(f"{tag}: quote length {n} outside {QUOTE_MIN}-{QUOTE_MAX}")
            if pgs is None:
                continue
            ptexts = pages.get(doc, raw)
            if ptexts is None:
                continue
            bad = [p for p in pgs if p > len(ptexts)]
            if bad:
                E(f"{tag}: page(s) {bad} beyond the {len(ptexts)} pages of {doc}")
                continue
            nq = norm(quote)
            found, spanning = locate(nq, ptexts)
            if not found:
                (W if warn_pages else E)(f"{tag}: quote not located on any page of {pages.source.get(doc, doc)} (cannot verify page {pgs})")
            elif not set(pgs) <= found:
                E(f"{tag}: stated page(s) {pgs} but quote is on page(s) {sorted(found)}"
                  + (" (spans a page break)" if spanning else ""))

    for qid, c in ids.items():
        if c > 1:
            errors[qid].append(f"duplicate id ({c} times)")
    seen = {}
    for qid, rec in records:
        qn = norm_question(rec.get("question", "") or "")
        if qn and qn in seen and seen[qn] != qid:
            errors[qid].append(f"duplicate question text (same as {seen[qn]})")
        seen.setdefault(qn, qid)
    return records, errors, warnings


def summarize(path, records):
    types = collections.Counter(r.get("type") for _, r in records)
    diffs = collections.Counter(r.get("difficulty") for _, r in records)
    styles = collections.Counter(r.get("query_style") for _, r in records)
    modes = collections.Counter(r.get("evidence_mode", "-") for _, r in records)
    docs = collections.Counter()
    for _, r in records:
        for d in {e.get("doc") for e in r.get("evidence", []) if isinstance(e, dict)}:
            docs[d] += 1
    multi_cross = sum(1 for _, r in records if r.get("type") == "multi"
                      and len({e.get("doc") for e in r.get("evidence", []) if isinstance(e, dict)}) > 1)
    fmt = lambda c: ", ".join(f"{k}={v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0])))
    print(f"  questions: {len(records)}")
    print(f"  per type: {fmt(types)}")
    print(f"  per doc (questions citing it): {fmt(docs)}")
    print(f"  per difficulty: {fmt(diffs)}")
    print(f"  per query_style: {fmt(styles)}")
    print(f"  evidence_mode: {fmt(modes)}; multi across documents: {multi_cross}")


@lru_cache(maxsize=None)
def pdf_pages(pdf: Path) -> tuple[str, ...]:
    """pypdf's text of each page, read once per run (the seed and the page check both need it)."""
    import pypdf
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", help="JSONL question files")
    ap.add_argument("--seeds", default=str(DEFAULT_SEEDS), help=f"seed text directory (default {DEFAULT_SEEDS})")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help=f"PDF directory for the page check (default {DEFAULT_CORPUS})")
    ap.add_argument("--no-pages", action="store_true", help="skip the page check")
    ap.add_argument("--require-pages", action="store_true", help="fail if pages cannot be checked")
    ap.add_argument("--quiet-warnings", action="store_true", help="do not print warnings")
    ap.add_argument("--each-alone", action="store_true",
                    help="check each file on its own: no duplicate check across the files")
    args = ap.parse_args(argv)

    seeds = Seeds(args.seeds, args.corpus)
    if not seeds.names:
        print(f"ERROR: no seed texts found in {args.seeds} (use --seeds DIR)", file=sys.stderr)
        return 2
    pages = Pages(args.seeds, args.corpus, enabled=not args.no_pages)

    total_errors = 0
    questions_by_file = {}
    ids_by_file = {}
    for f in args.files:
        print(f"== {f}")
        records, errors, warnings = check_file(f, seeds, pages, warn_pages=False)
        questions_by_file[f] = {norm_question(r.get("question", "") or ""): qid for qid, r in records}
        ids_by_file[f] = {qid for qid, _ in records}
        summarize(f, records)
        n_err = sum(len(v) for v in errors.values())
        n_warn = sum(len(v) for v in warnings.values())
        for qid, msgs in errors.items():
            for m in msgs:
                print(f"  ERROR {qid}: {m}")
        if not args.quiet_warnings:
            for qid, msgs in warnings.items():
                for m in msgs:
                    print(f"  warning {qid}: {m}")
        print(f"  -> {'FAIL' if n_err else 'OK'}: {n_err} error(s), {n_warn} warning(s)")
        total_errors += n_err

    # cross-file checks
    files = [] if args.each_alone else list(questions_by_file)
    cross = 0
    for i, a in enumerate(files):
        for b in files[i + 1:]:
            for qn, qid in questions_by_file[a].items():
                if qn and qn in questions_by_file[b]:
                    print(f"ERROR: question {qid} in {a} duplicates {questions_by_file[b][qn]} in {b}")
                    cross += 1
            common = ids_by_file[a] & ids_by_file[b]
            if common:
                print(f"warning: {len(common)} id(s) occur in both {a} and {b}: {sorted(common)[:5]}")
    total_errors += cross

    # page-check status
    if not args.no_pages:
        if pages.problems:
            for doc, msg in sorted(pages.problems.items()):
                line = f"{'ERROR' if args.require_pages else 'warning'}: page check skipped for {doc}: {msg}"
                print(line)
            if args.require_pages:
                total_errors += len(pages.problems)
        used = sorted(set(pages.source.values()))
        if used:
            print(f"page source: {', '.join(used)}")
    else:
        print("page check disabled (--no-pages)")

    if total_errors:
        print(f"FAILED: {total_errors} error(s)")
        return 1
    skipped = args.no_pages or bool(pages.problems)
    print("ALL OK" + (" (pages not fully checked)" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
