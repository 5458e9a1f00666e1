"""Benchmark: tidings extraction against bare spaCy on the same documents.

Each configuration runs in its own process so that its peak memory is its
own.  Bare spaCy runs in two configurations (default thinc ops, and thinc
routed through numpy, which tidings uses); the faster one is the reference.
Speed excludes loading (model, gazetteer, lexicons), reported in its own
column.  The tidings run is the batch path of ``tidings extract --jsonl``.

    python bench/bench.py [--n 2000] [--corpus FILE.jsonl] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Building blocks for synthetic news articles of realistic length and mix.
LEADERS = [
    ("President", "Emmanuel Macron", "France"), ("Prime Minister", "Narendra Modi", "India"),
    ("President", "Xi Jinping", "China"), ("Chancellor", "Friedrich Merz", "Germany"),
    ("President", "Luiz Inacio Lula da Silva", "Brazil"), ("Prime Minister", "Keir Starmer",
    "Britain"), ("President", "Cyril Ramaphosa", "South Africa"), ("President", "Recep Tayyip "
    "Erdogan", "Turkey"), ("Foreign Minister", "Sergey Lavrov", "Russia"), ("President",
    "Volodymyr Zelensky", "Ukraine"), ("Prime Minister", "Shigeru Ishiba", "Japan"),
]
COUNTRIES = ["Kenya", "Indonesia", "Mexico", "Egypt", "Vietnam", "Poland", "Nigeria", "Canada",
             "Argentina", "Saudi Arabia", "Pakistan", "Australia", "South Korea", "Iran"]
DATES = ["on Monday", "on Tuesday", "last week", "next month", "on March 3", "in November",
         "earlier this year", "on December 5-6", "by the end of the year", "in 2023",
         "since February 2022", "in the 2024-25 fiscal year", "two days ago", "in mid-October"]
FIGURES = ["$4.5 billion", "1.2 trillion roubles", "about 300 troops", "at least 12 people",
           "more than 2,000 protesters", "15%", "Rs 3,000 crore", "€750 million", "40 aircraft"]
SENTENCES = [
    "{title} {leader} of {c1} is expected to visit {c2} {date} for talks on trade and security.",
    "Officials in {c2} said the two governments had agreed to expand cooperation {date}.",
    "{leader} met his counterpart from {c2} {date}, according to a statement from his office.",
    "Trade between {c1} and {c2} reached {fig} {date}, driven by energy and machinery exports.",
    "Police in the capital of {c2} arrested {fig} {date} after clashes near parliament.",
    "The government of {c1} condemned the attack and demanded an investigation.",
    "Sources familiar with the matter said {c1} may impose new sanctions on {c2} {date}.",
    "{c2} has not confirmed the visit, and a spokesman declined to comment {date}.",
    "Gunmen attacked a convoy in the north of {c2} {date}, killing {fig}, local media reported.",
    "Analysts said the agreement could be signed {date} if talks go well.",
    "The central bank of {c1} raised interest rates by {fig} {date}.",
    "Thousands of people protested in {c2} {date} against rising fuel prices.",
    "{title} {leader} warned that {c1} would respond to any threat to its territory.",
    "The two sides signed a memorandum on nuclear cooperation worth {fig} {date}.",
    "{c1} reportedly plans to sell {fig} to {c2}, though neither side has commented.",
]


def make_corpus(n: int, seed: int = 7) -> list[dict[str, str]]:
    """n synthetic articles of 12-20 sentences (about 250-450 words)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        title, leader, c1 = rng.choice(LEADERS)
        sentences = []
        for _ in range(rng.randint(12, 20)):
            template = rng.choice(SENTENCES)
            sentences.append(template.format(
                title=title, leader=leader, c1=c1, c2=rng.choice(COUNTRIES),
                date=rng.choice(DATES), fig=rng.choice(FIGURES)))
        paragraphs = [" ".join(sentences[j:j + 4]) for j in range(0, len(sentences), 4)]
        docs.append({"id": f"bench-{i}", "published": "2025-10-16", "text": "\n".join(paragraphs)})
    return docs


def _peak_mb() -> float:
    """Peak resident memory of this process or, for parallel runs, of its
    largest worker (each worker holds a whole pipeline)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def _barrier(directory: str | None, parties: int) -> None:
    """Wait until ``parties`` processes have loaded, so that concurrent runs
    time the same stretch of work and not each other's start-up."""
    if not directory:
        return
    Path(directory, f"ready-{os.getpid()}").touch()
    while len(list(Path(directory).glob("ready-*"))) < parties:
        time.sleep(0.01)


def worker(mode: str, corpus: Path, barrier: str | None = None,
           parties: int = 1) -> dict[str, float]:
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    started = time.perf_counter()
    if mode.startswith("tidings-jobs"):
        # Worker start-up (each loads the model) is excluded by timing from the
        # first result, and reported as the load time.
        from tidings.pipeline import Options, extract_parallel
        from tidings.reader import read_jsonl

        jobs = int(mode.removeprefix("tidings-jobs"))
        results = extract_parallel(read_jsonl(corpus), Options(batch_size=32), jobs=jobs)
        with open(os.devnull, "w", encoding="utf-8") as sink:
            first = next(results)
            loaded = time.perf_counter()
            load = loaded - started
            count = 1
            sink.write(first.to_json() + "\n")
            for result in results:
                sink.write(result.to_json() + "\n")
                count += 1
        # Rate over the documents after the first chunk (which was processed
        # during start-up); the other worker's first chunk may overlap start-up
        # too, so the figure can be high by up to one chunk in len(texts).
        elapsed = (time.perf_counter() - loaded) * len(texts) / max(count - 32, 1)
    elif mode == "tidings":
        # The batch path of `tidings extract --jsonl`: read, extract, serialise.
        from tidings.pipeline import Pipeline
        from tidings.reader import read_jsonl

        pipeline = Pipeline()
        pipeline.extract("Warm-up: the gazetteer and lexicons load on first use.")
        loaded = time.perf_counter()
        load = loaded - started
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for result in pipeline.extract_items(read_jsonl(corpus)):
                sink.write(result.to_json() + "\n")
        elapsed = time.perf_counter() - loaded
    else:
        import spacy

        if mode == "spacy-numpy":
            from thinc.api import NumpyOps, set_current_ops

            set_current_ops(NumpyOps(use_blis=False))
        from tidings.stages.nlp import resolve_model_name

        nlp = spacy.load(resolve_model_name(None))
        load = time.perf_counter() - started
        _barrier(barrier, parties)
        loaded = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        elapsed = time.perf_counter() - loaded
    words = sum(len(t.split()) for t in texts)
    return {"docs": len(texts), "words": words, "seconds": elapsed, "load_seconds": load,
            "docs_per_s": len(texts) / elapsed, "words_per_s": words / elapsed,
            "peak_mb": _peak_mb()}


def run_mode(mode: str, corpus: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--worker", mode, "--corpus", str(corpus)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run_concurrent(mode: str, corpus: Path, parties: int) -> dict[str, float]:
    """``parties`` processes of ``mode`` at once, each on its share of the
    corpus: how far the machine itself scales a bare spaCy workload.  On a
    virtual machine whose CPUs share physical cores this is well below
    ``parties``, and no multi-process extraction can beat it."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    # One numeric-library thread per process, as `--jobs` workers run.
    from tidings.pipeline import THREAD_VARIABLES

    env = {**os.environ, **{name: "1" for name in THREAD_VARIABLES}}
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for k in range(parties):
            share = Path(tmp, f"share-{k}.jsonl")
            share.write_text("".join(lines[k::parties]), encoding="utf-8")
            procs.append(subprocess.Popen(
                [sys.executable, __file__, "--worker", mode, "--corpus", str(share),
                 "--barrier", tmp, "--parties", str(parties)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
        outs = []
        for proc in procs:
            stdout, stderr = proc.communicate()
            if proc.returncode != 0:
                raise SystemExit(f"{mode} x{parties} failed:\n{stderr[-3000:]}")
            outs.append(json.loads(stdout.strip().splitlines()[-1]))
    seconds = max(o["seconds"] for o in outs)
    docs = sum(o["docs"] for o in outs)
    words = sum(o["words"] for o in outs)
    return {"docs": docs, "words": words, "seconds": seconds,
            "load_seconds": max(o["load_seconds"] for o in outs), "docs_per_s": docs / seconds,
            "words_per_s": words / seconds, "peak_mb": max(o["peak_mb"] for o in outs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="synthetic documents to generate")
    parser.add_argument("--corpus", help="JSONL with a 'text' field per line (instead of --n)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="also run `--jobs N` parallel extraction (1 to skip)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--barrier", help=argparse.SUPPRESS)
    parser.add_argument("--parties", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.corpus), args.barrier, args.parties)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(args.corpus) if args.corpus else Path(tmp) / "corpus.jsonl"
        if not args.corpus:
            corpus.write_text("".join(json.dumps(d) + "\n" for d in make_corpus(args.n)))
        modes = ["spacy", "spacy-numpy", "tidings"]
        if args.jobs > 1:
            modes.append(f"tidings-jobs{args.jobs}")
        results = {mode: run_mode(mode, corpus) for mode in modes}
        if args.jobs > 1:
            results[f"spacy-numpy-x{args.jobs}"] = run_concurrent("spacy-numpy", corpus, args.jobs)
    bare = max(("spacy", "spacy-numpy"), key=lambda m: results[m]["docs_per_s"])
    ratio = results["tidings"]["docs_per_s"] / results[bare]["docs_per_s"]
    first = results["tidings"]
    print(f"corpus: {first['docs']:.0f} docs, {first['words']:.0f} words")
    print(f"{'config':14s} {'docs/s':>8s} {'words/s':>9s} {'peak MB':>8s} {'load s':>7s}")
    for mode, r in results.items():
        print(f"{mode:14s} {r['docs_per_s']:8.1f} {r['words_per_s']:9.0f} {r['peak_mb']:8.0f} "
              f"{r['load_seconds']:7.2f}")
    print(f"tidings / fastest bare spaCy ({bare}): {ratio:.2f} (target >= 0.33)")
    parallel = f"tidings-jobs{args.jobs}"
    if parallel in results:
        speedup = results[parallel]["docs_per_s"] / results["tidings"]["docs_per_s"]
        machine = (results[f"spacy-numpy-x{args.jobs}"]["docs_per_s"]
                   / results["spacy-numpy"]["docs_per_s"])
        print(f"{parallel} / tidings: {speedup:.2f}x on {os.cpu_count()} CPUs "
              f"(bare spaCy in {args.jobs} processes at once: {machine:.2f}x; "
              f"target >= 1.6x where the CPUs are real cores)")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "bare": bare,
                                               "ratio": ratio}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
