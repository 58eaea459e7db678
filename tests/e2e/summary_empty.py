"""summary_empty.py -- the summaries count pages with no main content apart:
`ok M (E empty)` (docs/record.md, issue 15).

Five pages: two articles, two pages with no main content (an empty body, a
page of navigation only: `status` "ok", `text` "", `text_source` "none")
and an empty file (an error). Checked against the records written:
* `winnow run` (JSON Lines and WET): its line `read 5 = ok 4 (2 empty) +
  error 1` and the sink's `wrote 5 (ok 4 (2 empty), error 1)`, where 4 and
  2 are the ok records and those of them with text "" in the output;
* sink, worker and replay started apart: replay's and the sink's summaries;
  a second replay into a restarted sink (every id already written, the
  sink acknowledges them from what it read back) still says `(2 empty)`;
  the same with a WET sink;
* corpus/crawl.warc.gz: the count of empty records in the JSON Lines.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
d = L.tmpdir()
src = os.path.join(d, "pages")
os.makedirs(src)
for n in ("amp-article", "blog-ghost-post"):
    with open(os.path.join(ROOT, "corpus", "pages", n + ".html"), "rb") as f, \
            open(os.path.join(src, n + ".html"), "wb") as g:
        g.write(f.read())
PAGES = {
    "blank.html": "<html><head><title>Blank</title></head><body></body></html>",
    "nav.html": "<html><head><title>Nav only</title></head><body><nav><a href=/a>Home</a> "
                "<a href=/b>About</a></nav></body></html>",
    "zero.html": "",
}
for n, html in PAGES.items():
    with open(os.path.join(src, n), "w") as f:
        f.write(html)

RUN = re.compile(r"read (\d+) = ok (\d+) \((\d+) empty\) \+ error (\d+)")
SINK = re.compile(r"wrote (\d+) \(ok (\d+) \((\d+) empty\), error (\d+)")


def counts(recs):
    """(read, ok, empty, error) of the records written."""
    ok = [r for r in recs if r["status"] == "ok"]
    return (len(recs), len(ok), sum(1 for r in ok if r["text"] == ""), sum(1 for r in recs if r["status"] == "error"))


def found(rx, text):
    m = rx.search(text)
    return tuple(int(x) for x in m.groups()) if m else None


def run(out, *extra, target=src):
    p = subprocess.run([L.WINNOW, "run", "--config", os.path.join(ROOT, "pipeline.conf"), "--output", out]
                       + list(extra) + [target], capture_output=True, text=True, timeout=120 * L.SLOW)
    return p.returncode, p.stdout + p.stderr


# 1. winnow run, JSON Lines
out = os.path.join(d, "o.jsonl")
rc, text = run(out)
recs = L.read_jsonl(out)
want = counts(recs)
L.ok(rc == 0 and want == (5, 4, 2, 1) and all(r["text_source"] == "none" for r in recs
                                               if r["status"] == "ok" and not r["text"]),
     "summary: the output holds 5 records: ok 4, of which 2 with no main content (text_source none), error 1",
     repr(want))
L.ok(found(RUN, text) == want and found(SINK, text) == want,
     "summary: run says 'read 5 = ok 4 (2 empty) + error 1', its sink 'wrote 5 (ok 4 (2 empty), error 1)'",
     text[-600:])

# 2. winnow run, WET
rc, text = run(os.path.join(d, "o.warc.wet.gz"), "--format", "wet")
L.ok(rc == 0 and found(RUN, text) == want and found(SINK, text) == want,
     "summary: the same counts with --format wet", text[-600:])

# 3. sink, worker and replay apart; then again into a restarted sink
out2 = os.path.join(d, "apart.jsonl")


def one_pass(out=out2, extra=()):
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
    L.stop(sink)
    return rc, err, sink.stderr.read().decode(errors="replace")


rc, rerr, serr = one_pass()
L.ok(rc == 0 and counts(L.read_jsonl(out2)) == want and found(RUN, rerr) == want and found(SINK, serr) == want,
     "summary: replay says 'ok 4 (2 empty)', the sink 'wrote 5 (ok 4 (2 empty), error 1)'",
     "rc=%r replay: %s sink: %s" % (rc, rerr[-300:], serr[-300:]))
rc, rerr, serr = one_pass()
L.ok(rc == 0 and len(L.read_jsonl(out2)) == 5 and found(RUN, rerr) == want and found(SINK, serr) == (0, 0, 0, 0),
     "summary: replayed again into a restarted sink: nothing written, replay still says 'ok 4 (2 empty)' "
     "(the sink acknowledges the ids it read back with their state)",
     "rc=%r replay: %s sink: %s" % (rc, rerr[-300:], serr[-300:]))

wet = os.path.join(d, "apart.warc.wet.gz")
rc, rerr, serr = one_pass(wet, ["--format", "wet"])
rc2, rerr2, serr2 = one_pass(wet, ["--format", "wet"])
L.ok(rc == 0 and rc2 == 0 and found(RUN, rerr) == want and found(SINK, serr) == want
     and found(RUN, rerr2) == want and found(SINK, serr2) == (0, 0, 0, 0),
     "summary: the same with a WET sink, and replayed again into it restarted (ids and states read back from WET)",
     "rc=%r/%r replay: %s / %s sink: %s / %s" % (rc, rc2, rerr[-200:], rerr2[-200:], serr[-200:], serr2[-200:]))

# 4. the corpus crawl
out3 = os.path.join(d, "crawl.jsonl")
rc, text = run(out3, target=os.path.join(ROOT, "corpus", "crawl.warc.gz"))
c = counts(L.read_jsonl(out3))
L.ok(rc == 0 and c[2] >= 1 and found(RUN, text) == c and found(SINK, text) == c,
     "summary: corpus/crawl.warc.gz: 'read %d = ok %d (%d empty) + error %d' as the output holds" % c, text[-600:])
L.finish()
