#!/usr/bin/env python3
"""explain_json.py -- hold `winnow explain --format json` to the golden corpus.

For every corpus/pages/<case>.html with a <case>.expected.txt (run as
tests/e2e/golden.sh runs extract: with --content-type from <case>.headers):
  - every line of the expected text lies in blocks marked kept (or post):
    each line, without its list prefix and split into table cells, is found
    in the text of a kept block, or across consecutive kept blocks;
  - every block not kept names the pass that decided it: a name of
    `winnow extract --list-passes`, or a rendering rule ("render:...");
  - the counts match the blocks and every kept block's container exists.
Prints one TAP line per case.
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WINNOW = os.environ.get("WINNOW", os.path.join(ROOT, "build", "winnow"))
PAGES = os.path.join(ROOT, "corpus", "pages")
LIST_PREFIX = re.compile(r"^(?:[-*] |\d+\. )")
STATES = ("kept", "dropped", "chrome", "comment", "post")


def norm(s):
    return " ".join(s.replace("\u00a0", " ").split())


def content_type(case):
    try:
        with open(os.path.join(PAGES, case + ".headers"), encoding="utf-8") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k.strip().lower() == "content-type":
                    return v.strip()
    except OSError:
        pass
    return None


def pieces(line):
    line = LIST_PREFIX.sub("", line)
    return [p for p in (norm(x) for x in line.split(" | ")) if p]


def check(case, passes):
    cmd = [WINNOW, "explain", "--format", "json"]
    ct = content_type(case)
    if ct:
        cmd += ["--content-type", ct]
    cmd.append(os.path.join(PAGES, case + ".html"))
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    if r.returncode != 0:
        return ["exit %d: %s" % (r.returncode, r.stderr.decode("utf-8", "replace")[:300])]
    ex = json.loads(r.stdout)
    errs = []
    blocks = ex["blocks"]
    kept = [norm(b["text"]) for b in blocks if b["state"] in ("kept", "post")]
    joined_sp = " ".join(kept)
    joined = "".join(kept)
    with open(os.path.join(PAGES, case + ".expected.txt"), encoding="utf-8") as f:
        for line in f:
            line = norm(line)
            if not line:
                continue
            for p in pieces(line):
                if any(p in k for k in kept) or p in joined_sp or p in joined:
                    continue
                where = [b for b in blocks if p[:40] in norm(b["text"])]
                errs.append("expected %r is in no kept block%s" % (
                    p[:80], (" (it is %s by %s)" % (where[0]["state"], where[0]["pass"])) if where else ""))
    counts = {s: 0 for s in STATES}
    for b in blocks:
        counts[b["state"]] += 1
        if b["state"] not in ("kept", "post"):
            if not b["pass"] or (b["pass"] not in passes and not b["pass"].startswith("render:")):
                errs.append("block %d (%s, %r) names no pass: %r" % (b["i"], b["state"], b["text"][:40], b["pass"]))
        elif not (0 <= b["container"] < len(ex["containers"])):
            errs.append("kept block %d has no container" % b["i"])
        elif b["pass"] not in passes:
            errs.append("kept block %d: its container's pass %r is unknown" % (b["i"], b["pass"]))
    if counts != ex["counts"]:
        errs.append("counts %r, blocks say %r" % (ex["counts"], counts))
    return errs


def main():
    if not os.access(WINNOW, os.X_OK):
        print("not ok - explain json: %s missing (make build)" % WINNOW)
        return 1
    passes = set(subprocess.run([WINNOW, "extract", "--list-passes"], capture_output=True, text=True,
                                check=True).stdout.split())
    cases = sorted(f[:-len(".expected.txt")] for f in os.listdir(PAGES) if f.endswith(".expected.txt"))
    cases = [c for c in cases if os.path.exists(os.path.join(PAGES, c + ".html"))]
    failed = 0
    for case in cases:
        errs = check(case, passes)
        if errs:
            failed += 1
            print("not ok - explain json %s" % case)
            for e in errs[:8]:
                print("# " + e)
        else:
            print("ok - explain json %s" % case)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
