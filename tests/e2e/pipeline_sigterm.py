"""pipeline_sigterm.py -- SIGTERM to a busy worker: it finishes the page in
hand, sends the result, and exits 0.

One worker gets one large page (~7 MB of HTML) that carries the marker of
the worker's test hook WINNOW_TEST_SLOW_MARKER: the worker says it holds the
page and waits 2 s before extracting it, so the test knows the page is in
hand however fast extraction is (a CPU-time threshold raced a faster
engine). It sends SIGTERM then (the result not yet written) and checks that
the worker exits 0, that the page's result is in the output as ok and
comes from that worker (not a redelivery: the deadline is long), and that
the replay drains.
"""
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

d = L.tmpdir()
ep = L.endpoints(d)
pages = os.path.join(d, "pages")
os.mkdir(pages)
para = "<p>" + "word " * 60 + "<a href='/x'>link</a> more words here.</p>\n"
with open(os.path.join(pages, "big.html"), "w") as f:
    f.write("<html><head><title>Big page</title></head><body><!-- wn-slow-page --><div>")
    for i in range(20000):
        f.write("<div class='c%d'>%s</div>" % (i, para))
    f.write("</div></body></html>")
out = os.path.join(d, "out.jsonl")
common = L.flags(ep) + ["--deadline-ms", "600000"]
sink = L.start(["sink", "-q", "--output", out] + common)
os.environ["WINNOW_TEST_SLOW_MARKER"] = "wn-slow-page"
worker = L.start(["worker", "-q"] + common)
del os.environ["WINNOW_TEST_SLOW_MARKER"]
replay = L.start(["replay", "--no-progress", "--timeout", str(60000 * L.SLOW)] + common + [pages])
# Busy: the worker holds the page and has not sent its result.
busy = L.wait_stderr(worker, b"holding a marked page", 30 * L.SLOW)
written_before = L.count_lines(out)
worker.send_signal(signal.SIGTERM)
t0 = time.time()
try:
    rc = worker.wait(60 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
took = time.time() - t0
try:
    rrc = replay.wait(30 * L.SLOW)
except subprocess.TimeoutExpired:
    rrc = None
L.stop(sink)
lines = L.read_jsonl(out)

L.ok(busy and written_before == 0, "sigterm: the worker was busy on the page when signalled",
     "busy=%r written_before=%d" % (busy, written_before))
L.ok(rc == 0, "sigterm: busy worker exits 0", "rc=%r after %.1fs" % (rc, took))
rec = lines[0] if lines else None
L.ok(rec is not None and rec["id"] == "big" and rec["status"] == "ok"
     and rec.get("worker") == "%s/%d" % (socket.gethostname(), worker.pid),
     "sigterm: the page in hand was finished and its result sent by that worker", repr(rec)[:300])
L.ok(rrc == 0 and len(lines) == 1, "sigterm: replay drains (page acknowledged)", "rc=%r lines=%d" % (rrc, len(lines)))
L.finish()
