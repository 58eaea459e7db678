#!/usr/bin/env python3
"""langacc.py PRED.jsonl TRUTH.jsonl [EXTTEXTCAT_CLASSIFIER] -- language
accuracy on the dev pages whose language is known (docs/record.md).

PRED is `winnow extract --format json` over the dev pages (EVAL_KEEP=PRED
sh tests/eval.sh build/winnow ../shared/eval). The optional classifier is a
program that reads "LENGTH\n" + text and prints libexttextcat's answer, for
the comparison; without it only winnow's (CLD2) figures are printed.
Truth: a page's declared language (<html lang>, Content-Language meta;
winnow's lang_declared) where it agrees with the main language of the
page's country-code TLD (two independent signals); and, noisier, every page
with a declared language."""
import json, sys, subprocess, urllib.parse, collections
pred = [json.loads(l) for l in open(sys.argv[1])]
truth = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2])}
CC = {"de": "de", "at": "de", "fr": "fr", "it": "it", "es": "es", "ru": "ru", "pl": "pl", "nl": "nl", "cz": "cs",
      "jp": "ja", "cn": "zh", "br": "pt", "pt": "pt", "se": "sv", "dk": "da", "fi": "fi", "gr": "el", "tr": "tr",
      "hu": "hu", "ro": "ro", "ua": "uk", "kr": "ko", "vn": "vi", "il": "he", "ir": "fa", "sk": "sk", "si": "sl",
      "hr": "hr", "bg": "bg", "rs": "sr", "lt": "lt", "lv": "lv", "ee": "et", "uk": "en", "ie": "en", "au": "en",
      "nz": "en", "us": "en", "mx": "es", "ar": "es", "cl": "es", "co": "es", "pe": "es", "id": "id", "th": "th",
      "tw": "zh", "eg": "ar", "sa": "ar", "is": "is", "no": "no"}
def tld(url):
    h = urllib.parse.urlsplit(url or "").hostname or ""
    return h.rsplit(".", 1)[-1] if "." in h else ""
def prim(tag):
    t = (tag or "").replace("_", "-").split("-")[0].lower()
    return {"nb": "no", "nn": "no", "iw": "he", "in": "id"}.get(t, t)
def etc_input(r):
    t = r.get("text") or ""
    if len(t.encode()) >= 400: return t
    return "\n".join(x for x in (r.get("title"), r.get("description")) if x) + "\n" + t
# exttextcat on the same input
etc = subprocess.Popen([sys.argv[3]], stdin=subprocess.PIPE, stdout=subprocess.PIPE) if len(sys.argv) > 3 else None
def etc_detect(s):
    if etc is None: return None
    b = s.encode()[:65536]
    etc.stdin.write(b"%d\n" % len(b) + b); etc.stdin.flush()
    out = etc.stdout.readline().decode().strip()
    if not out.startswith("[") or "][" in out: return None  # unknown or ambiguous
    return prim(out[1:].split("--")[0])
rows = []
for r in pred:
    if r.get("status") != "ok": continue
    t = truth.get(r["id"], {})
    d = prim(r.get("lang_declared"))
    if not d: continue
    cc = CC.get(tld(t.get("url")))
    rows.append((r["id"], d, cc, prim(r.get("lang")), etc_detect(etc_input(r)), len((r.get("text") or "").encode())))
def report(name, sel):
    n = len(sel)
    for k, label in ((3, "CLD2"), (4, "exttextcat")):
        ans = [x for x in sel if x[k]]
        ok = sum(1 for x in sel if x[k] == x[1])
        print("%-38s %-10s pages %4d  answered %4d  correct %4d  accuracy %.3f  precision %.3f" % (
            name, label, n, len(ans), ok, ok / n if n else 0, ok / len(ans) if ans else 0))
A = [x for x in rows if x[2] and x[2] == x[1]]
report("A: declared = ccTLD language", A)
report("A, text < 400 bytes", [x for x in A if x[5] < 400])
report("B: every page with a declared lang", rows)
print("A languages:", collections.Counter(x[1] for x in A).most_common())
print("B languages:", collections.Counter(x[1] for x in rows).most_common(15))
bad = [x for x in A if x[3] != x[1]]
print("A, CLD2 wrong or unsure:", [(x[0], x[1], x[3], x[5]) for x in bad][:20])
