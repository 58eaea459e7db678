"""record_schema.py -- one record for every output path (docs/record.md).

* `winnow extract --format json` and `winnow run` over corpus/pages give,
  for every golden page, records with the same keys in the same order
  (wn_record_keys: the key list below) and the same values, but for the
  pipeline-only keys attempt, worker and ms;
* ids: a file named by itself has the id it has when its directory is
  named; replay of corpus/crawl.warc.gz gives records whose provenance
  (warc_file, warc_offset, warc_record_id, warc_date, target_uri,
  http_status, content_type) is that of the record at warc_offset, read
  back with Python's gzip module;
* --lang: `run --lang de` turns every page not detected as German into a
  record with status "skipped" and the reason, and the summary says
  "+ skipped N by language"; `extract --lang` does the same for one page.
"""
import gzip
import json
import os
import re
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PAGES = os.path.join(ROOT, "corpus", "pages")
KEYS = ["id", "url", "status", "error", "error_code", "title", "author", "date", "site_name", "description",
        "canonical_url", "lang", "lang_declared", "lang_confidence", "page_type", "charset", "content_type",
        "http_status", "warc_file", "warc_offset", "warc_record_id", "warc_date", "target_uri", "text_source",
        "truncated", "in_bytes", "html_bytes", "text_bytes", "text", "posts", "comments", "record_version",
        "attempt", "worker", "ms"]
PIPELINE_ONLY = {"attempt", "worker", "ms"}


def run(args, timeout=120):
    p = subprocess.run([L.WINNOW] + args, capture_output=True, timeout=timeout * L.SLOW, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def conf(d, out, extra=""):
    path = os.path.join(d, "run-%d.conf" % len(os.listdir(d)))
    with open(path, "w") as f:
        f.write("[pipeline]\nworkers = 2\n[output]\npath = %s\n%s" % (out, extra))
    return path


d = L.tmpdir()
names = sorted(f[:-5] for f in os.listdir(PAGES) if f.endswith(".html"))

# 1. extract vs sink, every golden page
out = os.path.join(d, "pages.jsonl")
rc, so, se = run(["run", "--config", conf(d, out), PAGES])
sink = {r["id"]: r for r in L.read_jsonl(out)}
rc2, so2, _ = run(["extract", "--format", "json"] + [os.path.join(PAGES, n + ".html") for n in names])
ext = {}
for line in so2.splitlines():
    r = json.loads(line)
    ext[r["id"]] = r
order_ok = all(list(r.keys()) == KEYS for r in list(sink.values()) + list(ext.values()))
diff = []
for n in names:
    a, b = ext.get(n), sink.get(n)
    if a is None or b is None:
        diff.append((n, "missing from %s" % ("extract" if a is None else "the sink")))
        continue
    for k in KEYS:
        if k not in PIPELINE_ONLY and a.get(k) != b.get(k):
            diff.append((n, k, repr(a.get(k))[:60], repr(b.get(k))[:60]))
piped = sum(1 for r in sink.values() if r.get("worker") and r.get("attempt"))
L.ok(rc == 0 and len(sink) == len(names) and order_ok, "record: run over corpus/pages: %d records, every key of the "
     "record in its order (extract too)" % len(sink), "rc=%r %s" % (rc, se[-300:]))
L.ok(not diff and piped == len(names), "record: extract and the sink give the same record for each of %d pages "
     "(but attempt, worker, ms)" % len(names), repr(diff[:5]))
print("# extract: %s" % json.dumps({k: ext[names[0]][k] for k in KEYS if k != "text"})[:1500])
print("# sink:    %s" % json.dumps({k: sink[names[0]][k] for k in KEYS if k != "text"})[:1500])

# 2. ids: a file named by itself, as when its directory is named
one = os.path.join(d, "one.jsonl")
rc, so, se = run(["run", "--config", conf(d, one), os.path.join(PAGES, names[0] + ".html")])
got = [r["id"] for r in L.read_jsonl(one)]
L.ok(rc == 0 and got == [names[0]], "record: a file named by itself has the id it has under its directory (%s)"
     % names[0], repr(got))

# 3. provenance from a WARC: the record at warc_offset is the page's
wout = os.path.join(d, "crawl.jsonl")
rc, so, se = run(["run", "--config", conf(d, wout), "corpus/crawl.warc.gz"])
recs = L.read_jsonl(wout)
with open(os.path.join(ROOT, "corpus", "crawl.warc.gz"), "rb") as f:
    warc = f.read()


def head_at(off):
    """WARC header fields of the gzip member at off."""
    z = zlib.decompressobj(31)
    raw = z.decompress(warc[off:off + 1 << 20], 65536)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")
    return dict(h.split(": ", 1) for h in head[1:] if ": " in h)


bad = []
checked = 0
for r in recs:
    if r["warc_file"] != "corpus/crawl.warc.gz" or not isinstance(r["warc_offset"], int):
        bad.append((r["id"], "no warc_file/offset"))
        continue
    if r["status"] == "error" and "record" in (r["error"] or "") and not r["warc_record_id"]:
        continue  # a damaged record: no header to compare
    try:
        h = head_at(r["warc_offset"])
    except zlib.error as e:
        bad.append((r["id"], "offset %d: %s" % (r["warc_offset"], e)))
        continue
    checked += 1
    if (h.get("WARC-Record-ID") != r["warc_record_id"] or h.get("WARC-Target-URI") != r["target_uri"]
            or h.get("WARC-Date") != r["warc_date"] or r["id"] != r["warc_record_id"]):
        bad.append((r["id"], h.get("WARC-Record-ID"), r["warc_record_id"]))
oks = [r for r in recs if r["status"] == "ok"]
L.ok(rc == 0 and len(recs) == 57 and checked >= 54 and not bad and all(
    r["http_status"] == 200 and (r["content_type"] or "").startswith("text/html") for r in oks),
     "record: replay of corpus/crawl.warc.gz: warc_file, warc_offset (read back: %d records), warc_record_id, "
     "warc_date, target_uri, http_status, content_type" % checked, repr(bad[:4]))

# 4. --lang
lout = os.path.join(d, "lang.jsonl")
rc, so, se = run(["run", "--config", conf(d, lout), "--lang", "de", PAGES])
recs = L.read_jsonl(lout)
sk = [r for r in recs if r["status"] == "skipped"]
kept = [r for r in recs if r["status"] == "ok"]
m = re.search(r"read (\d+) = ok (\d+) \((\d+) empty\) \+ error (\d+) \+ skipped (\d+) by language", so)
L.ok(rc == 0 and kept and sk and all(r["lang"] == "de" for r in kept) and all(
    r["lang"] != "de" and r["text"] == "" and r["error"] for r in sk) and m is not None
     and int(m.group(5)) == len(sk) and int(m.group(1)) == len(recs) == int(m.group(2)) + int(m.group(4)) + len(sk),
     "record: run --lang de: %d pages kept, %d skipped with a reason, counted in the summary" % (len(kept), len(sk)),
     "rc=%r %r" % (rc, so[-300:]))
rc, so, se = run(["extract", "--format", "json", "--lang", "fr,es", os.path.join(PAGES, "lang-de-news.html")])
r = json.loads(so or "{}")
L.ok(rc == 0 and r.get("status") == "skipped" and r.get("lang") == "de" and "de" in (r.get("error") or ""),
     "record: extract --lang fr,es on a German page: skipped, the reason names its language", so[:300])
L.finish()
