"""pipeline_stats.py -- the [pipeline] stats files (Prometheus text) of a
`winnow run`: every process writes one, they parse, and their counts equal
the run's summary and each other.

A run over dev pages plus a WARC file holding a 404 page (a worker's error),
a PDF (the source's error record) and a request record (a non-page record),
with `-o pipeline.stats=DIR`. Each file is parsed strictly (TYPE before its
samples, label syntax, numeric values, histogram buckets cumulative and
ending in +Inf = _count). Then: replay's read/ok/error/non-page counts are
the summary's; nothing in flight; its latency histogram counts every
acknowledged page; the workers' pages add up to the sink's records less
the source's own error records; the sink's page times are those of the
records (ms); the bytes the workers received are the
bytes the source sent; the sink's bytes are the output file's size; run
counts no restart and no worker left.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

pages = L.eval_pages(80 if L.SANITIZED else 200)
if len(pages) < 20:
    L.skip("stats files", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
d = L.tmpdir()
src = os.path.join(d, "pages")
os.mkdir(src)
for name, html in pages:
    with open(os.path.join(src, name + ".html"), "wb") as f:
        f.write(html)
warc = os.path.join(d, "mixed.warc.gz")
body = b"<html><head><title>Gone</title></head><body><p>Not here.</p></body></html>"
L.write_warc_gz(warc, [
    L.warc_record("request", L.record_id("req"), "https://example.test/a", b"GET /a HTTP/1.1\r\n\r\n",
                  content_type="application/http;msgtype=request"),
    L.warc_record("response", L.record_id("404"), "https://example.test/gone",
                  L.http_response(body, status="404 Not Found")),
    L.warc_record("response", L.record_id("pdf"), "https://example.test/doc.pdf",
                  L.http_response(b"%PDF-1.4 not a page", ctype="application/pdf")),
])
stats = os.path.join(d, "stats")
os.mkdir(stats)
out = os.path.join(d, "out.jsonl")
conf = os.path.join(d, "s.conf")
with open(conf, "w") as f:
    # No resend (a long deadline, 25 s of missed heartbeats before a worker
    # is declared dead, even on a loaded machine): every count is exact.
    f.write("[pipeline]\nworkers = 2\n[delivery]\nhwm = 4\nmax_in_flight = 32\ndeadline_ms = 600000\nliveness = 100\n")
p = subprocess.run([L.WINNOW, "run", "--config", conf, "-o", "pipeline.stats=" + stats, "--output", out, src, warc],
                   capture_output=True, timeout=300 * L.SLOW, start_new_session=True)
sout = p.stdout.decode(errors="replace")
m = re.search(r"read (\d+) = ok (\d+) \((\d+) empty\) \+ error (\d+) \(skipped (\d+) non-page", sout)
L.ok(p.returncode == 0 and m is not None, "stats: the run ends with its summary",
     "rc=%r %s %s" % (p.returncode, sout, p.stderr.decode(errors="replace")[-400:]))
if m is None:
    L.finish()
read, ok, empty, error, nonpage = (int(x) for x in m.groups())

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\} (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"')


def parse(path):
    """{(name, frozenset(labels but process)): value}, {family: type}; raises
    ValueError on anything the text format does not allow."""
    types, samples = {}, {}
    with open(path) as f:
        text = f.read()
    if not text.endswith("\n"):
        raise ValueError("no final newline")
    for ln in text.splitlines():
        if ln.startswith("# TYPE "):
            _, _, fam, typ = ln.split(" ")
            if typ not in ("counter", "gauge", "histogram") or fam in types:
                raise ValueError("bad TYPE line: " + ln)
            types[fam] = typ
            continue
        s = SAMPLE.match(ln)
        if not s:
            raise ValueError("bad line: " + ln)
        name, labels, value = s.group(1), dict(LABEL.findall(s.group(2))), float(s.group(3))
        fam = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        if fam not in types:
            raise ValueError("sample before its TYPE: " + ln)
        if "process" not in labels:
            raise ValueError("no process label: " + ln)
        key = (name, frozenset((k, v) for k, v in labels.items() if k != "process"))
        if key in samples:
            raise ValueError("repeated sample: " + ln)
        samples[key] = value
    for fam, typ in types.items():
        if typ != "histogram":
            continue
        bounds = sorted(((float(dict(k[1])["le"]), v) for k, v in samples.items() if k[0] == fam + "_bucket"))
        if not bounds or bounds[-1][0] != float("inf"):
            raise ValueError(fam + ": no +Inf bucket")
        if any(b[1] > c[1] for b, c in zip(bounds, bounds[1:])):
            raise ValueError(fam + ": buckets not cumulative")
        if bounds[-1][1] != samples.get((fam + "_count", frozenset())):
            raise ValueError(fam + ": +Inf bucket is not _count")
        if samples.get((fam + "_sum", frozenset()), -1) < 0:
            raise ValueError(fam + ": no _sum")
    return samples, types


files = {}
bad = []
for fn in sorted(os.listdir(stats)):
    r = re.match(r"winnow-(\w+)-(\d+)\.prom$", fn)
    if not r:
        bad.append(fn)
        continue
    try:
        files.setdefault(r.group(1), []).append(parse(os.path.join(stats, fn))[0])
    except ValueError as e:
        bad.append("%s: %s" % (fn, e))
roles = {k: len(v) for k, v in files.items()}
L.ok(not bad and roles == {"replay": 1, "sink": 1, "run": 1, "worker": 2},
     "stats: run, replay, sink and each worker write one file that parses", repr((bad, roles)))
if bad or roles.get("replay") != 1 or roles.get("sink") != 1 or roles.get("run") != 1:
    L.finish()


def v(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def total(role, name, **labels):
    return sum(v(s, name, **labels) or 0 for s in files.get(role, []))


rp, sk, rn = files["replay"][0], files["sink"][0], files["run"][0]
recs = L.read_jsonl(out)
timed = sum(1 for r in recs if r.get("ms") is not None)
timed_sum = sum(r["ms"] for r in recs if r.get("ms") is not None) / 1000.0
src_errors = v(rp, "winnow_source_errors_total", kind="record")
print("# stats: replay read %r ok %r error %r (records %r) in_flight %r bytes %r latency count %r; workers ok %r error %r "
      "in %r out %r; sink ok %r error %r bytes %r page count %r; summary read %d ok %d error %d non-page %d"
      % (v(rp, "winnow_source_pages_read_total"), v(rp, "winnow_source_pages_total", status="ok"),
         v(rp, "winnow_source_pages_total", status="error"), src_errors, v(rp, "winnow_source_in_flight"),
         v(rp, "winnow_source_bytes_total"), v(rp, "winnow_source_page_latency_seconds_count"),
         total("worker", "winnow_worker_pages_total", status="ok"),
         total("worker", "winnow_worker_pages_total", status="error"),
         total("worker", "winnow_worker_bytes_total", direction="in"),
         total("worker", "winnow_worker_bytes_total", direction="out"),
         v(sk, "winnow_sink_records_total", status="ok"), v(sk, "winnow_sink_records_total", status="error"),
         v(sk, "winnow_sink_bytes_total"), v(sk, "winnow_sink_page_seconds_count"), read, ok, error, nonpage))
L.ok(v(rp, "winnow_source_pages_read_total") == read and v(rp, "winnow_source_pages_total", status="ok") == ok and
     v(rp, "winnow_source_pages_total", status="error") == error and
     v(rp, "winnow_source_pages_empty_total") == empty and
     v(rp, "winnow_source_non_page_records_total") == nonpage == 1 and
     v(rp, "winnow_source_in_flight") == 0 and
     v(rp, "winnow_source_page_latency_seconds_count") == ok + error and
     v(rp, "winnow_source_tasks_sent_total") == read - src_errors and
     v(rp, "winnow_source_resends_total") == 0 and v(rp, "winnow_source_failover_total") == 0,
     "stats: replay's counts are the summary's (read, ok, error, empty, non-page, none in flight, latency of each)")
L.ok(error == 2 and src_errors == 1 and total("worker", "winnow_worker_pages_total", status="error") == 1 and
     total("worker", "winnow_worker_pages_total", status="ok") == ok,
     "stats: the workers' pages are the summary's (the 404 their error; the PDF the source's)")
L.ok(v(sk, "winnow_sink_records_total", status="ok") == ok and v(sk, "winnow_sink_records_total", status="error") == error
     and v(sk, "winnow_sink_records_empty_total") == empty and v(sk, "winnow_sink_duplicates_total") == 0 and
     v(sk, "winnow_sink_bytes_total") == os.path.getsize(out) and
     v(sk, "winnow_sink_page_seconds_count") == timed and
     abs(v(sk, "winnow_sink_page_seconds_sum") - timed_sum) < 0.001 * timed + 1e-6,
     "stats: the sink's records and bytes are the output's, its page times those of the records (ms)",
     "timed records %d (%.3f s)" % (timed, timed_sum))
L.ok(total("worker", "winnow_worker_bytes_total", direction="in") == v(rp, "winnow_source_bytes_total") > 0 and
     total("worker", "winnow_worker_page_seconds_count") == ok + 1 and
     total("worker", "winnow_worker_in_flight") == 0,
     "stats: the workers received the bytes the source sent and timed each page")
L.ok(v(rn, "winnow_run_restarts_total", role="worker") == 0 and v(rn, "winnow_run_restarts_total", role="sink") == 0
     and v(rn, "winnow_run_workers") == 0 and v(rn, "winnow_run_workers_lost_total") == 0,
     "stats: run counts no restart and, at the end, no worker")
L.finish()
