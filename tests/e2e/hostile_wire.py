"""hostile_wire.py -- hostile wire messages straight at `winnow worker`.

Part of the hostile-input suite (see tests/e2e/hostile.sh, docs/hardening.md).
The test binds the tasks PUSH and results PULL sockets itself, starts one
worker, and sends it frames no honest source would: a lone tag, empty frames,
eleven frames, a JSON array for a header, a header nested 100,000 deep, a
5 MiB header, a 100 KB id, invalid UTF-8 and NULs in the header, a gzip bomb
and 1,000,000 nested <div>s as bodies; last, a body over the worker's frame cap,
after which the worker must still take tasks from the same source.
Then it sends an ordinary page. Passes when: the worker is still running,
the ordinary page comes back ok, every hostile task that carried a usable id
comes back as an error result with a reason (the bodies) or is dropped (the
headers), and stderr holds no sanitizer report. One TAP line per check.
Needs pyzmq: re-executes itself with /usr/bin/python3 when needed.
"""
import os
import sys

try:
    import zmq
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("ok - hostile wire # SKIP python3-zmq missing")
    sys.exit(0)

import json  # noqa: E402
import time  # noqa: E402
import struct  # noqa: E402
import zlib  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

ARTICLE = ("<p>The committee met on Tuesday to review the river restoration plan, which "
           "proposes replanting willows along four kilometres of bank and removing two weirs.</p>") * 6
PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>River plan</title></head><body>"
        "<article><h1>River plan approved</h1>%s</article></body></html>" % ARTICLE).encode()


def gzip_zeros(n):
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = co.compress(bytes(n)) + co.flush()
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw +
            struct.pack("<II", zlib.crc32(bytes(n)) & 0xffffffff, n & 0xffffffff))


d = L.tmpdir()
ep = L.endpoints(d)
ctx = zmq.Context()
push = ctx.socket(zmq.PUSH)
push.setsockopt(zmq.LINGER, 0)
push.setsockopt(zmq.SNDHWM, 1000)
push.bind(ep["tasks"])
pull = ctx.socket(zmq.PULL)
pull.setsockopt(zmq.LINGER, 0)
pull.bind(ep["results"])
errpath = os.path.join(d, "worker.err")
errf = open(errpath, "wb")
worker = L.start(["worker", "-q", "--tasks", ep["tasks"], "--results", ep["results"]], stderr=errf)


def hdr(**kw):
    return json.dumps(kw).encode()


# (name, frames, expected: "error" = an error result for id `name`, "drop" = no result needed)
hostile = [
    ("lone-tag", [b"WNT1"], "drop"),
    ("empty-frames", [b"", b"", b""], "drop"),
    ("eleven-frames", [b"WNT1", hdr(id="eleven-frames")] + [b"x"] * 9, "any"),
    ("header-array", [b"WNT1", b"[1,2,3]", PAGE], "drop"),
    ("header-deep", [b"WNT1", b"[" * 100000 + b"]" * 100000, PAGE], "drop"),
    ("header-deep-obj", [b"WNT1", b'{"id":"header-deep-obj","x":' + b"[" * 100000 + b"]" * 100000 + b"}", PAGE], "any"),
    ("header-5mib", [b"WNT1", b'{"id":"header-5mib","pad":"' + b"p" * (5 << 20) + b'"}', PAGE], "any"),
    ("id-100kb", [b"WNT1", hdr(id="i" * 100000), PAGE], "drop"),
    ("header-bad-utf8", [b"WNT1", b'{"id":"header-bad-utf8","url":"\xff\xfe\xc0\x80"}', PAGE], "any"),
    ("header-nul", [b"WNT1", b'{"id":"header-nul","url":"a\\u0000b"}', PAGE], "any"),
    ("header-wrong-types", [b"WNT1", b'{"id":"header-wrong-types","attempt":"x","http_status":[],"url":7}', PAGE],
     "error"),
    ("body-gzip-bomb", [b"WNT1", hdr(id="body-gzip-bomb", content_type="text/html", content_encoding="gzip"),
                        gzip_zeros(256 << 20)], "error"),
    ("body-chunked-lies", [b"WNT1", hdr(id="body-chunked-lies", transfer_encoding="chunked"),
                           b"fffffffffff\r\n" + PAGE], "any"),
    ("body-nested-1m", [b"WNT1", hdr(id="body-nested-1m", content_type="text/html"),
                        PAGE + b"<div>" * 1000000], "any"),
    ("body-empty", [b"WNT1", hdr(id="body-empty"), b""], "error"),
]
for name, frames, _ in hostile:
    push.send_multipart(frames)
push.send_multipart([b"WNT1", hdr(id="canary", url="https://news.example/river", content_type="text/html"), PAGE])

results = {}
poller = zmq.Poller()
poller.register(pull, zmq.POLLIN)
deadline_ms = 30000 * L.SLOW
while "canary" not in results and poller.poll(deadline_ms):
    frames = pull.recv_multipart()
    try:
        h = json.loads(frames[1])
        results[h.get("id")] = h
    except (IndexError, ValueError):
        pass

# A body over the worker's frame cap (max_page_bytes + 4 MiB of header
# room, ZMQ_MAXMSGSIZE). libzmq drops the connection on such a frame and,
# counting it a protocol error, does not reconnect by itself. The worker must
# take ordinary tasks from the same source again afterwards (the oversized
# task itself may be lost: a real source redelivers it and records that it
# gave up).
over_wait = 10 * L.SLOW
push.setsockopt(zmq.SNDTIMEO, 500)
try:
    push.send_multipart([b"WNT1", hdr(id="body-over-cap"), b"<p>" + b"x" * (21 << 20)])
except zmq.Again:
    pass
t0 = time.time()
got = False
n = 0
while not got and time.time() - t0 < over_wait:
    n += 1
    try:
        push.send_multipart([b"WNT1", hdr(id="canary-%d" % n, content_type="text/html"), PAGE])
    except zmq.Again:
        time.sleep(0.5)  # no connected worker to send to
        continue
    while poller.poll(1000):
        frames = pull.recv_multipart()
        try:
            h = json.loads(frames[1])
            results[h.get("id")] = h
            got = got or h.get("id", "").startswith("canary-")
        except (IndexError, ValueError):
            pass
L.ok(got, "hostile wire body-over-cap: the worker takes tasks from the same source again afterwards",
     "after a 21 MiB task frame the worker's PULL connection was dropped and never re-established: "
     "no result for %d canary tasks in %d s (sends blocked: no connected peer)" % (n, over_wait))
over = results.get("body-over-cap")
L.ok(over is None or over.get("status") == "error",
     "hostile wire body-over-cap: %s" % ("not delivered (frame cap)" if over is None else over.get("error")))

alive = worker.poll() is None
L.ok(alive, "hostile wire: worker still running after %d hostile messages" % len(hostile),
     "exit %s" % worker.returncode)
canary = results.get("canary")
L.ok(canary is not None and canary.get("status") == "ok", "hostile wire: an ordinary page after them is extracted",
     json.dumps(canary)[:300] if canary else "no result for canary")
for name, _, expect in hostile:
    r = results.get(name)
    if expect == "error":
        L.ok(r is not None and r.get("status") == "error" and (r.get("error") or ""),
             "hostile wire %s: error result with a reason" % name, json.dumps(r)[:300] if r else "no result")
    elif r is not None:
        L.ok(r.get("status") in ("ok", "error") and (r.get("status") == "ok" or r.get("error")),
             "hostile wire %s: %s" % (name, r.get("status")), json.dumps(r)[:300])
    else:
        L.ok(True, "hostile wire %s: dropped" % name)
code = L.stop(worker)
errf.close()
with open(errpath, "rb") as f:
    err = f.read().decode("utf-8", "replace")
L.ok("Sanitizer" not in err and "runtime error" not in err, "hostile wire: no sanitizer report from the worker",
     err[-2000:])
L.ok(code == 0, "hostile wire: worker stops cleanly on SIGTERM", "exit %s" % code)
push.close()
pull.close()
ctx.term()
L.finish()
