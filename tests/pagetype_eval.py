#!/usr/bin/env python3
"""Page-type accuracy of winnow's predictions on the WCXB pages of the dev set.

usage: pagetype_eval.py PRED.jsonl [TRUTH.jsonl]

PRED is what `winnow extract --format json` prints (tests/eval.sh keeps it
with EVAL_KEEP=FILE, and `make eval` runs this script on it): one object per
page with "id" and "page_type". TRUTH (default ../shared/eval/truth.jsonl)
gives each wcxb-* page its WCXB page_type. Prints the accuracy, then the
confusion matrix (rows: truth, columns: prediction) with each type's recall
and precision. Standard library only.
"""
import json
import os
import sys
from collections import Counter, defaultdict

TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]


def page_id(raw):
    base = os.path.basename(str(raw))
    for suffix in (".gz", ".html", ".htm"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    truth_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "shared", "eval", "truth.jsonl")
    truth = {}
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if t.get("page_type"):
                truth[t["id"]] = t["page_type"]
    pred = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                pred[page_id(r.get("id"))] = r.get("page_type")
    cm = defaultdict(Counter)
    for i, t in truth.items():
        cm[t][pred.get(i)] += 1
    n = len(truth)
    ok = sum(cm[t][t] for t in TYPES)
    print("page type accuracy %.3f (%d of %d pages)" % (ok / n if n else 0, ok, n))
    print("%-14s" % "truth \\ pred" + "".join("%7s" % t[:6] for t in TYPES) + "  recall  precision")
    for t in TYPES:
        row = cm[t]
        total = sum(row.values())
        predicted = sum(cm[u][t] for u in TYPES)
        print("%-14s" % t + "".join("%7d" % row[u] for u in TYPES) +
              "  %6.3f  %9.3f" % (row[t] / total if total else 0, row[t] / predicted if predicted else 0))


if __name__ == "__main__":
    main()
