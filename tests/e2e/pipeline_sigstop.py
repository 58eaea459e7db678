"""pipeline_sigstop.py -- a late result from a SIGSTOPped-then-resumed worker
does not duplicate a page.

Two workers; the first is SIGSTOPped while it holds a large page (the
worker's test hook WINNOW_TEST_SLOW_MARKER: it says it holds the marked page
and waits 2 s before extracting it, so the test knows the page is in hand --
a CPU-time threshold was reached by ASan's start-up alone, freezing a worker
that had no task yet). The source resends what it held (missed heartbeats,
else the deadline), the other worker does it, replay drains. Then the
stopped worker is resumed: it finishes the tasks it held and sends their
(late) results. The sink must drop them: every id exactly once, and the sink
reports the duplicates it dropped. Also checks that a replay with no sink
gives up waiting at --timeout and exits 1 with pages unacknowledged.
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

pages = L.eval_pages(120)
if len(pages) < 60:
    L.skip("sigstop late results", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
d = L.tmpdir()
ep = L.endpoints(d)
src = os.path.join(d, "pages")
os.mkdir(src)
for name, html in pages:
    with open(os.path.join(src, name + ".html"), "wb") as f:
        f.write(html)
# A large page, first in sorted order, with the hook's marker: the first
# worker is frozen while it holds it, so its result will certainly be late.
para = "<p>" + "word " * 60 + "<a href='/x'>link</a> more words here.</p>\n"
with open(os.path.join(src, "000-big.html"), "w") as f:
    f.write("<html><head><title>Big</title></head><body><!-- wn-slow-page --><div>")
    f.write("".join("<div class='c%d'>%s</div>" % (i, para) for i in range(8000)))
    f.write("</div></body></html>")
n_pages = len(pages) + 1
out = os.path.join(d, "out.jsonl")
common = L.flags(ep) + ["--hwm", "8", "--max-in-flight", "40", "--deadline-ms", str(1500 * L.SLOW), "--attempts", "5"]


def cpu_ticks(pid):  # user + system clock ticks of pid
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


sink = L.start(["sink", "--output", out] + common)
os.environ["WINNOW_TEST_SLOW_MARKER"] = "wn-slow-page"
stopped = L.start(["worker", "-q"] + common)
del os.environ["WINNOW_TEST_SLOW_MARKER"]
replay = L.start(["replay", "-q", "--timeout", str(60000 * L.SLOW)] + common + [src])
holds_big = L.wait_stderr(stopped, b"holding a marked page", 30 * L.SLOW)
stopped.send_signal(signal.SIGSTOP)
busy = L.start(["worker", "-q"] + common)
try:
    rc = replay.wait(90 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
before = L.count_lines(out)
stopped.send_signal(signal.SIGCONT)
# The resumed worker finishes what it held and sends its late results: wait
# until it has used no CPU for a second (bounded), not a fixed time -- on a
# loaded machine, under ASan, the big page alone can take longer than that.
time.sleep(0.5)
last, still = cpu_ticks(stopped.pid), 0
end = time.time() + 30 * L.SLOW
while still < 4 and time.time() < end:
    time.sleep(0.25)
    now = cpu_ticks(stopped.pid)
    still = still + 1 if now == last else 0
    last = now
L.stop(stopped)
L.stop(busy)
L.stop(sink)
sink_err = sink.stderr.read().decode(errors="replace")
ids = [r["id"] for r in L.read_jsonl(out)]
m = re.search(r"dropped (\d+) duplicates", sink_err)
L.ok(holds_big, "sigstop: the first worker was frozen while it held a page")
L.ok(rc == 0 and before == n_pages, "sigstop: replay drains with one worker frozen",
     "rc=%r lines=%d %s" % (rc, before, err[-300:]))
L.ok(m is not None and int(m.group(1)) > 0, "sigstop: the resumed worker's late results reached the sink",
     sink_err[-300:])
L.ok(len(ids) == len(set(ids)) == n_pages, "sigstop: late results dropped, every id once",
     "%d lines, %d distinct, %d pages" % (len(ids), len(set(ids)), n_pages))

# No sink at all: replay waits --timeout for acks, then fails with the count.
d2 = L.tmpdir()
ep2 = L.endpoints(d2)
w2 = L.start(["worker", "-q"] + L.flags(ep2))
r2 = L.start(["replay", "-q", "--timeout", "500"] + L.flags(ep2) + [os.path.join(src, pages[0][0] + ".html")])
try:
    rc2 = r2.wait(30 * L.SLOW)
except subprocess.TimeoutExpired:
    rc2 = None
err2 = r2.stderr.read().decode(errors="replace") if rc2 is not None else ""
L.stop(w2)
L.ok(rc2 == 1 and "1 unacknowledged" in err2, "sigstop: without a sink, replay times out and exits 1", err2[-300:])
L.finish()
