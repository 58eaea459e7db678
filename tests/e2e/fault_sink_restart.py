"""fault_sink_restart.py -- the sink dies mid-run and comes back; the source
keeps redelivering what was not acknowledged; every id exactly once.

(pipeline_sink.py restarts the sink *between* two complete replays; this
test restarts it *during* one.) 240 dev pages in a WARC.gz, 2 workers, one
replay. The sink is kill -9'd after ~25% of the output (its last line may be
cut), started again on the same file after a pause; then stopped with
SIGTERM after ~60% and started again. The restarted sinks read the ids
already written back from the file and drop the duplicates the resends
bring. Checks: replay exits 0, every input id exactly once, ok + error =
read = 240, and the restarted sinks did see ids already written.
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

N = 240
pages = L.eval_pages(N)
if len(pages) < N:
    L.skip("sink restart mid-run", "fewer than %d dev pages in ../shared/eval/pages" % N)
    sys.exit(0)
d = L.tmpdir()
ep = L.endpoints(d)
warc = os.path.join(d, "crawl.warc.gz")
out = os.path.join(d, "out.jsonl")
records, ids = [], set()
for name, html in pages:
    rid = L.record_id(name)
    ids.add(rid)
    records.append(L.warc_record("response", rid, "https://example.test/%s" % name, L.http_response(html)))
L.write_warc_gz(warc, records)

common = L.flags(ep) + ["--hwm", "4", "--max-in-flight", "48", "--deadline-ms", str(2000 * L.SLOW),
                        "--attempts", "10"]
sinks = [L.start(["sink", "--output", out] + common)]
workers = [L.start(["worker", "-q"] + common, stderr=subprocess.DEVNULL) for _ in range(2)]
replay = L.start(["replay", "--timeout", str(120000 * L.SLOW)] + common + [warc])

L.wait_for(lambda: L.count_lines(out) >= N // 4 or replay.poll() is not None, 60 * L.SLOW)
mid_run_1 = replay.poll() is None
lines_at_kill = L.count_lines(out)
sinks[0].send_signal(signal.SIGKILL)
sinks[0].wait()
time.sleep(1.0 * L.SLOW)  # tasks finish meanwhile; their results and acks are lost
sinks.append(L.start(["sink", "--output", out] + common))
L.wait_for(lambda: L.count_lines(out) >= N * 6 // 10 or replay.poll() is not None, 60 * L.SLOW)
mid_run_2 = replay.poll() is None
L.stop(sinks[1])
time.sleep(0.5 * L.SLOW)
sinks.append(L.start(["sink", "--output", out] + common))

try:
    rc = replay.wait(150 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
for w in workers:
    L.stop(w)
L.stop(sinks[2])
serr = [sk.stderr.read().decode(errors="replace") for sk in sinks]
rows = L.read_jsonl(out)
got = [r["id"] for r in rows]
s = L.summary(err)
held = [re.search(r"already holds (\d+) ids", e) for e in serr[1:]]
dups = sum(int(m.group(1)) for e in serr for m in [re.search(r"dropped (\d+) duplicates", e)] if m)
rs = re.search(r"resent (\d+)", err)
print("# sink restart: read %s = ok %s + error %s; %d lines, %d distinct; killed at %d lines; restarted sinks held %s ids; "
      "sinks dropped %d duplicates; replay resent %s"
      % (s[0] if s else "?", s[1] if s else "?", s[2] if s else "?", len(got), len(set(got)), lines_at_kill,
         [int(m.group(1)) if m else None for m in held], dups, rs.group(1) if rs else "?"))
L.ok(mid_run_1 and mid_run_2, "sink restart: the sink was killed and stopped while pages were in flight")
L.ok(rc == 0, "sink restart: replay accounts for every page and exits 0", "rc=%r %s" % (rc, err[-400:]))
L.ok(len(got) == len(set(got)), "sink restart: no id written twice", "%d lines, %d distinct" % (len(got), len(set(got))))
L.ok(set(got) == ids, "sink restart: every input id in the output",
     "missing %d, unexpected %d" % (len(ids - set(got)), len(set(got) - ids)))
L.ok(s is not None and s[0] == N and s[1] + s[2] == s[0], "sink restart: ok + error = read = %d" % N, "summary=%r" % (s,))
L.ok(all(m and int(m.group(1)) > 0 for m in held), "sink restart: each restarted sink read back the ids already written",
     repr([e[-200:] for e in serr[1:]]))
L.finish()
