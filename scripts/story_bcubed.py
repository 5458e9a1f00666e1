"""B-cubed score of story merging against cross-document event instances.

Takes a JSONL corpus whose gold claims carry an ``instance`` id (the same
real event across articles), ingests it into a temporary store, and scores
the stories: each gold mention is matched to the stored claim at its
trigger; a mention whose claim is in no story counts as a story of its own.

    python scripts/story_bcubed.py GOLD.jsonl [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path


def bcubed(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over mentions (Bagga and Baldwin, 1998)."""
    by_gold, by_system = defaultdict(set), defaultdict(set)
    for mention, cluster in gold.items():
        by_gold[cluster].add(mention)
        by_system[system[mention]].add(mention)
    p = r = 0.0
    for mention in gold:
        g, s = by_gold[gold[mention]], by_system[system[mention]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(corpus: Path, db: Path) -> dict[str, float]:
    from tidings.store.db import Store
    from tidings.store.ingest import ingest

    ingest([corpus], db)
    with Store(db, readonly=True) as store:
        arts = {a["doc_id"]: a["id"] for a in store.articles()}
        claims = defaultdict(list)
        for row in store.query("SELECT article_id, cid, start, trigger FROM claims"):
            claims[row["article_id"]].append(row)
        in_story = {(r["article_id"], r["claim"]): r["story_id"]
                    for r in store.query("SELECT story_id, article_id, claim FROM story_reports")}
    gold, system = {}, {}
    for line in corpus.open(encoding="utf-8"):
        record = json.loads(line)
        aid = arts.get(record["id"])
        for n, mention in enumerate(record.get("gold", {}).get("claims", [])):
            if not mention.get("instance"):
                continue
            key = f"{record['id']}#{n}"
            gold[key] = mention["instance"]
            system[key] = f"alone:{key}"
            for row in claims.get(aid, []) if aid else []:
                if row["start"] <= mention["start"] < row["start"] + len(row["trigger"]) or \
                        mention["start"] <= row["start"] < mention["end"]:
                    story = in_story.get((aid, row["cid"]))
                    if story is not None:
                        system[key] = f"story:{story}"
                    break
    p, r, f = bcubed(gold, system)
    merged = sum(1 for v in system.values() if v.startswith("story:"))
    return {"mentions": len(gold), "in_stories": merged, "precision": p, "recall": r, "f1": f}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--db", type=Path, help="keep the store here (default: temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = score(args.corpus, args.db or Path(tmp) / "bcubed.db")
    print(json.dumps(result))
    print(f"story merging B-cubed: P {result['precision']:.3f} R {result['recall']:.3f} "
          f"F1 {result['f1']:.3f} ({result['in_stories']}/{result['mentions']} mentions in "
          "stories)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
