#!/usr/bin/env python3
"""eval_explain.py -- why the worst dev pages lose their snippets.

usage: eval_explain.py --winnow BIN --eval DIR --pred PRED.jsonl --out OUTDIR
                       [--kind snippets|wcxb|text] [--type TYPE] [--worst N]

Ranks the pages of the dev set (optionally of one kind, and for wcxb of one
page type) from worst to best by the scorer's own figures on PRED (wcxb and
text: F1; snippets: missed `with` plus kept `without` snippets), takes the
worst N (default 20), runs `winnow explain --format json` on each (as
`make eval` runs extract: no URL, default options) and writes to OUTDIR:

  <id>.json     the explanation
  <id>.html     the HTML report
  summary.txt   per page, each `with` snippet missing from the text and each
                `without` snippet kept in it, with the blocks that hold it:
                their state, the pass that decided them and the element it
                decided on; then, over all those pages, the passes that cost
                `with` snippets and the passes that kept `without` ones.

A snippet is looked for in the page's blocks the way the scorer looks for
it in the text (blanks collapsed; lower-cased for wcxb), across block
boundaries, else with every blank removed; one found in no block is
reported as "not in the page's text" (the truth names text the page does
not show as text, or text the pre-scan does not read).
`make eval EVAL_EXPLAIN=DIR [EVAL_KIND=wcxb] [EVAL_TYPE=forum] [EVAL_WORST=20]`
runs it after scoring.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

SPACE = re.compile(r"\s+")


def norm(s):
    return SPACE.sub(" ", s or "").strip()


def load_score(evaldir):
    sys.path.insert(0, evaldir)
    import score  # the dev set's scorer: its word_prf and text_scores

    return score


def badness(t, text, score):
    """Higher is worse."""
    if t["kind"] == "wcxb":
        return 1.0 - score.word_prf(t["text"], text)[2]
    if t["kind"] == "text":
        return 1.0 - score.text_scores([(t["text"], text)])[2]
    out = norm(text)
    missed = sum(1 for s in t.get("with") or [] if norm(s) not in out)
    kept = sum(1 for s in t.get("without") or [] if norm(s) in out)
    return float(missed + kept)


class Stream:
    """The blocks' texts joined, with the block of each character."""

    def __init__(self, blocks, lower, squeeze):
        parts, owner = [], []
        for k, b in enumerate(blocks):
            t = norm(b["text"])
            if squeeze:
                t = SPACE.sub("", t)
            if lower:
                t = t.lower()
            if parts:
                sep = "" if squeeze else " "
                parts.append(sep)
                owner.extend([k] * len(sep))
            parts.append(t)
            owner.extend([k] * len(t))
        self.text = "".join(parts)
        self.owner = owner

    def find(self, s):
        i = self.text.find(s)
        if i < 0:
            return None
        return sorted(set(self.owner[i:i + len(s)]))


def locate(snippet, blocks, lower):
    """(blocks holding the snippet, found only with blanks removed), or (None, False)."""
    s = norm(snippet)
    if lower:
        s = s.lower()
    for squeeze in (False, True):
        q = SPACE.sub("", s) if squeeze else s
        if not q:
            return [], squeeze
        hit = Stream(blocks, lower, squeeze).find(q)
        if hit is not None:
            return hit, squeeze
    return None, False


def describe(blocks, idx):
    """One line per distinct (state, pass, element) of the blocks."""
    seen, lines = set(), []
    for k in idx:
        b = blocks[k]
        key = (b["state"], b["pass"], b["why"], b.get("decider_element") or "the page")
        if key in seen:
            continue
        seen.add(key)
        lines.append("%s by %s: %s (%s; block %d %s: %d chars, links %.2f%s)" % (
            b["state"], b["pass"], b["why"], key[3], b["i"], b["element"][:60], b["chars"], b["link_density"],
            ", words " + " ".join(b["words"]) if b.get("words") else ""))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--winnow", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kind", default="")
    ap.add_argument("--type", default="")
    ap.add_argument("--worst", type=int, default=20)
    args = ap.parse_args()
    score = load_score(args.eval)
    truths = [json.loads(l) for l in open(os.path.join(args.eval, "truth.jsonl"), encoding="utf-8") if l.strip()]
    pred = {}
    for line in open(args.pred, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            pred[score.page_id(r.get("id") or "")] = r.get("text") or ""
    pages = [t for t in truths
             if (not args.kind or t["kind"] == args.kind) and (not args.type or t.get("page_type") == args.type)]
    if not pages:
        print("eval_explain: no page of kind %r and type %r" % (args.kind, args.type), file=sys.stderr)
        return 2
    ranked = sorted(pages, key=lambda t: (-badness(t, pred.get(t["id"], ""), score), t["id"]))[:args.worst]
    os.makedirs(args.out, exist_ok=True)
    lost_by, kept_by = collections.Counter(), collections.Counter()
    out = []
    out.append("eval_explain: the %d worst of %d pages (kind %s, type %s)\n" % (
        len(ranked), len(pages), args.kind or "any", args.type or "any"))
    for t in ranked:
        pid = t["id"]
        page = os.path.join(args.eval, "pages", pid + ".html.gz")
        r = subprocess.run([args.winnow, "explain", "--format", "json", page], capture_output=True, timeout=300)
        if not r.stdout:
            out.append("%s: winnow explain failed: %s\n" % (pid, r.stderr.decode("utf-8", "replace")[:200]))
            continue
        with open(os.path.join(args.out, pid + ".json"), "wb") as f:
            f.write(r.stdout)
        subprocess.run([args.winnow, "explain", "-o", os.path.join(args.out, pid + ".html"), page],
                       capture_output=True, timeout=300)
        ex = json.loads(r.stdout)
        blocks = ex.get("blocks") or []
        text = pred.get(pid, "")
        lower = t["kind"] == "wcxb"
        outn = norm(text).lower() if lower else norm(text)
        pt = ex.get("page_type") or {}
        out.append("== %s  (%s%s; read as %s; badness %.3f)" % (
            pid, t["kind"], "/" + t["page_type"] if t.get("page_type") else "", pt.get("type"),
            badness(t, text, score)))
        chosen = ", ".join("%s by %s" % (c["element"][:60], c["pass"]) for c in ex.get("containers") or [])
        out.append("   chosen: %s%s%s" % (chosen or "nothing", " (none: %s)" % ex["none_pass"] if ex.get("none_pass") else "",
                                         "; the text is the page's description" if ex.get("text_source") == "description" else ""))
        for kind_, snippets, want_in in (("MISSED with", t.get("with") or [], True),
                                         ("KEPT without", t.get("without") or [], False)):
            for s in snippets:
                ns = norm(s).lower() if lower else norm(s)
                if (ns in outn) == want_in:
                    continue  # as it should be
                hit, squeezed = locate(s, blocks, lower)
                out.append("  %s: %r" % (kind_, norm(s)[:100]))
                if hit is not None and squeezed and want_in and all(
                        blocks[k]["state"] in ("kept", "post") for k in hit):
                    out.append("    in the text but for blanks (the truth spaces it otherwise)")
                    (lost_by if want_in else kept_by)["(blanks differ)"] += 1
                    continue
                if hit is None:
                    out.append("    not in the page's text")
                    (lost_by if want_in else kept_by)["(not in the page's text)"] += 1
                    continue
                for line in describe(blocks, hit):
                    out.append("    " + line)
                for k in hit:
                    b = blocks[k]
                    if want_in and b["state"] not in ("kept", "post"):
                        lost_by[b["pass"]] += 1
                        break
                    if not want_in and b["state"] in ("kept", "post"):
                        kept_by[b["pass"]] += 1
                        break
        out.append("")
    out.append("passes that dropped `with` snippets (first block not kept):")
    for p, n in lost_by.most_common():
        out.append("  %4d  %s" % (n, p))
    out.append("passes that kept `without` snippets (the container's pass):")
    for p, n in kept_by.most_common():
        out.append("  %4d  %s" % (n, p))
    with open(os.path.join(args.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("eval_explain: %d pages explained in %s (summary.txt)" % (len(ranked), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
