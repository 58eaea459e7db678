"""pipeline_sink.py -- the sink's output: JSON Lines fields, .jsonl.gz,
and deduplication that survives a restart (ids read back from the file).

Replays 30 dev pages to a .jsonl.gz sink, stops it, starts a new sink on the
same file and replays the same pages again: nothing is written twice and the
replay still counts every page. Then a plain .jsonl whose last line was cut
by a "crash" is trimmed and completed.
"""
import gzip
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

pages = L.eval_pages(30)
if len(pages) < 30:
    L.skip("sink output and restart", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
d = L.tmpdir()
src = os.path.join(d, "pages")
os.makedirs(os.path.join(src, "sub"))
for i, (name, html) in enumerate(pages):
    sub = "sub/" if i % 2 else ""
    with gzip.open(os.path.join(src, sub + name + ".html.gz"), "wb") as f:
        f.write(html)
ids = {("sub/" if i % 2 else "") + name for i, (name, _) in enumerate(pages)}


def one_pass(out, extra=()):
    ep = L.endpoints(d)
    common = L.flags(ep) + ["--deadline-ms", str(10000 * L.SLOW)]
    sink = L.start(["sink", "--output", out] + list(extra) + common)
    worker = L.start(["worker", "-q"] + common)
    replay = L.start(["replay", "-q", "--timeout", str(60000 * L.SLOW)] + common + [src])
    try:
        rc = replay.wait(90 * L.SLOW)
    except subprocess.TimeoutExpired:
        rc = None
    err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
    L.stop(worker)
    src_rc = L.stop(sink)
    return rc, L.summary(err), src_rc, sink.stderr.read().decode(errors="replace")


out = os.path.join(d, "o", "clean.jsonl.gz")  # parent directory created by the sink
rc, s, sink_rc, _ = one_pass(out)
with gzip.open(out, "rt", encoding="utf-8") as f:
    rows = [json.loads(line) for line in f]
L.ok(rc == 0 and sink_rc == 0 and s == (30, s[1], 30 - s[1], 0) if s else False,
     "sink: replay of 30 pages into .jsonl.gz", "rc=%r summary=%r sink=%r" % (rc, s, sink_rc))
L.ok({r["id"] for r in rows} == ids and len(rows) == 30, "sink: ids are paths below the directory, no extension",
     repr(sorted(r["id"] for r in rows)[:4]))
keys = list(rows[0].keys()) if rows else []
# the record of docs/record.md: every key, in its order (the text in its place)
RECORD_KEYS = ["id", "url", "status", "error", "error_code", "title", "author", "date", "site_name", "description",
               "canonical_url", "lang", "lang_declared", "lang_confidence", "page_type", "charset", "content_type",
               "http_status", "warc_file", "warc_offset", "warc_record_id", "warc_date", "target_uri", "text_source",
               "truncated", "in_bytes", "html_bytes", "text_bytes", "text", "posts", "comments", "record_version",
               "attempt", "worker", "ms"]
L.ok(keys == RECORD_KEYS and "ack" not in keys, "sink: lines are the record, its keys in order (docs/record.md)",
     repr(keys))
rc, s2, _, sink_err = one_pass(out)
with gzip.open(out, "rt", encoding="utf-8") as f:
    rows2 = [json.loads(line) for line in f]
L.ok(len(rows2) == 30 and "already holds 30 ids" in sink_err, "sink: a restarted sink does not write ids again",
     "%d lines; %s" % (len(rows2), sink_err[-200:]))
L.ok(rc == 0 and s2 is not None and s2[:3] == s[:3], "sink: the second replay still accounts for every page",
     "rc=%r %r vs %r" % (rc, s2, s))

plain = os.path.join(d, "clean.jsonl")
with open(plain, "w") as f:
    f.write(json.dumps({"id": ids.__iter__().__next__(), "status": "ok"}) + "\n")
    f.write('{"id": "cut-by-a-crash", "status": "o')
rc, s3, _, sink_err = one_pass(plain, ["--gzip", "no"])
rows3 = L.read_jsonl(plain)  # raises if a line is not JSON
L.ok(rc == 0 and len(rows3) == 30 and "unfinished last line" in sink_err,
     "sink: a cut last line is trimmed, the pre-existing id kept once", "%d lines; %s" % (len(rows3), sink_err[-300:]))
L.finish()
