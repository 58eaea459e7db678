"""pipeline_kill.py -- every page exactly once while workers are kill -9'd.

Packs 320 dev pages (../shared/eval/pages) into a WARC.gz (one in eight
with gzip Content-Encoding), replays it through 3 workers started by hand,
kill -9's one worker after ~20% of the output and another after ~50%, and
checks: replay exits 0, the output holds every input id exactly once, and
ok + error = read = 320.
"""
import gzip
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

N = 320
pages = L.eval_pages(N)
if len(pages) < N:
    L.skip("pipeline kill -9 workers", "fewer than %d dev pages in ../shared/eval/pages" % N)
    sys.exit(0)

d = L.tmpdir()
ep = L.endpoints(d)
warc = os.path.join(d, "crawl.warc.gz")
out = os.path.join(d, "out.jsonl")
records, ids = [], set()
for i, (name, html) in enumerate(pages):
    rid = L.record_id(name)
    ids.add(rid)
    if i % 8 == 0:
        block = L.http_response(gzip.compress(html), headers=["Content-Encoding: gzip"])
    else:
        block = L.http_response(html)
    records.append(L.warc_record("response", rid, "https://example.test/%s" % name, block))
L.write_warc_gz(warc, records)

dl = str(3000 * L.SLOW)
common = L.flags(ep) + ["--hwm", "4", "--max-in-flight", "48", "--deadline-ms", dl, "--attempts", "5"]
sink = L.start(["sink", "-q", "--output", out] + common)
workers = [L.start(["worker", "-q"] + common, stderr=subprocess.DEVNULL) for _ in range(3)]
replay = L.start(["replay", "-q", "--timeout", str(120000 * L.SLOW)] + common + [warc])

L.wait_for(lambda: L.count_lines(out) >= N // 5 or replay.poll() is not None, 60 * L.SLOW)
killed_early = replay.poll() is None
workers[0].send_signal(signal.SIGKILL)
L.wait_for(lambda: L.count_lines(out) >= N // 2 or replay.poll() is not None, 60 * L.SLOW)
killed_early = killed_early and replay.poll() is None
workers[1].send_signal(signal.SIGKILL)

try:
    rc = replay.wait(150 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
L.stop(workers[2])
L.stop(sink)

L.ok(killed_early, "pipeline kill: both workers were killed while pages were in flight")
L.ok(rc == 0, "pipeline kill: replay accounts for every page and exits 0", "rc=%r stderr=%s" % (rc, err[-500:]))
lines = L.read_jsonl(out)
got = [r["id"] for r in lines]
L.ok(len(got) == len(set(got)), "pipeline kill: no id written twice",
     "%d lines, %d distinct" % (len(got), len(set(got))))
L.ok(set(got) == ids, "pipeline kill: every input id in the output",
     "missing %d, unexpected %d" % (len(ids - set(got)), len(set(got) - ids)))
s = L.summary(err)
L.ok(s is not None and s[0] == N and s[1] + s[2] == s[0], "pipeline kill: ok + error = read = %d" % N, "summary=%r" % (s,))
nok = sum(1 for r in lines if r["status"] == "ok")
L.ok(s is not None and s[1] == nok, "pipeline kill: acked ok count matches the output", "summary=%r ok lines=%d" % (s, nok))
L.finish()
