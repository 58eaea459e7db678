"""wet_reader.py -- a WET file from `winnow run`, read by a WARC reader
winnow's authors did not write.

The reader is webrecorder's warcio.js (npm `warcio`, pinned in
tests/wet/package-lock.json), installed with `npm ci` into
$WINNOW_BUILD/npm the first time. Without npm or the registry the test
fails (it never passes without reading the file).

`winnow run --format wet` and `winnow run` (JSON Lines) over corpus/
(the crawl corpus/crawl.warc.gz and the golden pages corpus/pages/, 109
pages); tests/wet/read_wet.mjs prints every record warcio
reads; the checks: a warcinfo record first; every page of the JSON Lines
output is one WET record (Winnow-Id = its id): ok pages `conversion`
records whose text is the JSON Lines text, with WARC-Target-URI
(target_uri, else url, else urn:winnow:ID), WARC-Refers-To (the response
record, for a WARC page), WARC-Date (warc_date; for a file, when written),
the language in ISO 639-3
and a WARC-Block-Digest that is the text's; error pages `metadata`
records holding the JSON record; one gzip member per record; and a second
run on the same file adds nothing (the sink and the source read the ids
back); an output named .warc.wet.gz is WET without --format wet; a file
cut inside a gzip member (a crash) is repaired by the next run, which
writes the lost pages again, each once.
"""
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("WINNOW_BUILD", "build"))
NPM = os.path.join(BUILD, "npm")
ISO3 = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "ru": "rus", "ja": "jpn", "zh": "zho", "ar": "ara",
        "ko": "kor", "pl": "pol", "pt": "por", "it": "ita", "nl": "nld"}


def reader():
    """The warcio.js install: returns (True, '') or (False, why)."""
    if not shutil.which("node") or not shutil.which("npm"):
        return False, "node/npm not installed (scripts/deps.sh installs nodejs)"
    os.makedirs(NPM, exist_ok=True)
    for f in ("package.json", "package-lock.json", "read_wet.mjs"):
        shutil.copy(os.path.join(ROOT, "tests", "wet", f), os.path.join(NPM, f))
    if os.path.exists(os.path.join(NPM, "node_modules", "warcio", "package.json")):
        return True, ""
    p = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=NPM, capture_output=True,
                       text=True, timeout=600)
    if p.returncode != 0:
        return False, "npm ci (warcio from the npm registry) failed: " + p.stderr[-400:]
    return True, ""


ok, why = reader()
if not ok:
    L.ok(False, "wet: the independent WARC reader (npm warcio) is installed", why)
    L.finish()

d = L.tmpdir()
wet = os.path.join(d, "corpus.warc.wet.gz")
jsonl = os.path.join(d, "corpus.jsonl")


def run(args):
    p = subprocess.run([L.WINNOW, "run", "--config", "pipeline.conf"] + args + ["corpus/"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120 * L.SLOW)
    return p.returncode, p.stdout + p.stderr


rc1, out1 = run(["--format", "wet", "--output", wet])
rc2, out2 = run(["--output", jsonl])
recs = {r["id"]: r for r in L.read_jsonl(jsonl)}
p = subprocess.run(["node", os.path.join(NPM, "read_wet.mjs"), wet], capture_output=True, text=True, timeout=120)
got = [json.loads(line) for line in p.stdout.splitlines()]
L.ok(rc1 == 0 and rc2 == 0 and p.returncode == 0 and len(recs) == 109 and len(got) == 110,
     "wet: run --format wet over corpus/ (crawl and golden pages); warcio.js reads %d records (warcinfo + %d pages)"
     % (len(got), len(recs)), "rc=%r/%r node=%r %s %s" % (rc1, rc2, p.returncode, p.stderr[-300:], out1[-300:]))

by_id = {}
for g in got[1:]:
    by_id.setdefault(g["headers"].get("winnow-id"), []).append(g)
bad = []
conv = meta = 0
for rid, r in recs.items():
    w = by_id.get(rid, [])
    if len(w) != 1:
        bad.append((rid, "%d WET records" % len(w)))
        continue
    w = w[0]
    h = w["headers"]
    if r["status"] == "ok":
        conv += 1
        digest = "sha1:" + base64.b32encode(hashlib.sha1(w["text"].encode()).digest()).decode()
        want_lang = ISO3.get(r["lang"]) if r["lang"] else None
        checks = {
            "type": w["type"] == "conversion",
            "text": w["text"] == r["text"],
            "target": h.get("warc-target-uri") == (r["target_uri"] or r["url"] or "urn:winnow:" + rid),
            "refers": h.get("warc-refers-to") == r["warc_record_id"],
            "date": h.get("warc-date") == r["warc_date"] if r["warc_date"] else
            re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", h.get("warc-date", "")) is not None,
            "lang": h.get("warc-identified-content-language") == want_lang,
            "ctype": h.get("content-type") == "text/plain",
            "digest": h.get("warc-block-digest") == digest,
            "id": h.get("warc-record-id", "").startswith("<urn:uuid:"),
        }
        if not all(checks.values()):
            bad.append((rid, [k for k, v in checks.items() if not v]))
    else:
        meta += 1
        try:
            j = json.loads(w["text"])
        except ValueError:
            j = {}
        if w["type"] != "metadata" or j.get("id") != rid or j.get("status") != r["status"]:
            bad.append((rid, "metadata record", w["type"]))
L.ok(got and got[0]["type"] == "warcinfo" and not bad and conv == 104 and meta == 5,
     "wet: every page once: %d conversion records with the JSON Lines text, target, refers-to, date, language, "
     "digest; %d metadata records holding the error record" % (conv, meta), repr(bad[:4]))

# one gzip member per record
with open(wet, "rb") as f:
    data = f.read()
members = 0
pos = 0
while pos < len(data):
    z = zlib.decompressobj(31)
    z.decompress(data[pos:])
    if not z.eof:
        break
    members += 1
    pos = len(data) - len(z.unused_data)
L.ok(members == len(got) and pos == len(data), "wet: one gzip member per record (%d members)" % members,
     "members %d, records %d, %d of %d bytes" % (members, len(got), pos, len(data)))
L.ok(gzip.decompress(data).startswith(b"WARC/1.0\r\nWARC-Type: warcinfo"), "wet: gzip tools read it as one stream")

# a second run adds nothing: the ids are read back from the WET file
rc3, out3 = run(["--format", "wet", "--output", wet])
p = subprocess.run(["node", os.path.join(NPM, "read_wet.mjs"), wet], capture_output=True, text=True, timeout=120)
L.ok(rc3 == 0 and len(p.stdout.splitlines()) == 110 and "already holds 109 ids" in out3
     and "109 already in the output, skipped as done" in out3,
     "wet: a second run reads the 109 ids back from the WET file (the source too: nothing is read again) and "
     "writes nothing", out3[-400:])

# an output named .warc.wet.gz is a WET file without --format wet
named = os.path.join(d, "named.warc.wet.gz")
p = subprocess.run([L.WINNOW, "run", "--config", "pipeline.conf", "--output", named, "corpus/pages/"], cwd=ROOT,
                   capture_output=True, text=True, timeout=120 * L.SLOW)
q = subprocess.run(["node", os.path.join(NPM, "read_wet.mjs"), named], capture_output=True, text=True, timeout=120)
types = [json.loads(line)["type"] for line in q.stdout.splitlines()]
L.ok(p.returncode == 0 and q.returncode == 0 and types[:1] == ["warcinfo"] and len(types) == 53
     and set(types[1:]) == {"conversion"},
     "wet: an output named .warc.wet.gz is written as WET without --format wet (warcinfo + 52 conversion records)",
     "%r %s %s" % (types[:3], p.stderr[-300:], q.stderr[-300:]))
# crash safety: the file cut in the middle of a gzip member (a sink killed
# while writing) is repaired by the next run, which writes the pages lost
bounds = []
pos = 0
while pos < len(data):
    z = zlib.decompressobj(31)
    z.decompress(data[pos:])
    pos = len(data) - len(z.unused_data)
    bounds.append(pos)
cut = bounds[79] + (bounds[80] - bounds[79]) // 2  # 80 members whole (warcinfo + 79 pages), the 81st cut
with open(wet, "r+b") as f:
    f.truncate(cut)
rc4, out4 = run(["--format", "wet", "--output", wet])
p = subprocess.run(["node", os.path.join(NPM, "read_wet.mjs"), wet], capture_output=True, text=True, timeout=120)
got4 = [json.loads(line) for line in p.stdout.splitlines()]
seen = {}
for g in got4[1:]:
    seen.setdefault(g["headers"].get("winnow-id"), []).append(g["text"])
L.ok(rc4 == 0 and p.returncode == 0 and len(got4) == 110 and sorted(seen) == sorted(recs)
     and all(len(v) == 1 for v in seen.values())
     and all(seen[k][0] == recs[k]["text"] for k in recs if recs[k]["status"] == "ok")
     and "already holds 79 ids" in out4 and "79 already in the output, skipped as done" in out4,
     "wet: cut inside its 81st gzip member, the file is repaired by the next run (79 pages read back, 30 written "
     "again): warcio.js reads every page once, texts equal to the JSON Lines", out4[-1500:])
L.finish()
