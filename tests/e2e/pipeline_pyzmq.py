"""pipeline_pyzmq.py -- a Python client, written from docs/protocol.md only,
feeds `winnow worker` tasks and reads its results.

The test binds the tasks PUSH and results PULL sockets itself (playing source
and sink), starts one worker connected to them, and checks the results of: a
plain HTML task, a gzip Content-Encoding + chunked task, an image, an unknown
protocol tag, and a header without an id (dropped). Needs pyzmq: re-executes
itself with /usr/bin/python3 when the current python3 lacks it.
"""
import os
import sys

try:
    import zmq
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("ok - pyzmq client # SKIP python3-zmq missing")
    sys.exit(0)

import gzip  # noqa: E402
import json  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

ARTICLE = ("<p>The committee met on Tuesday to review the river restoration plan, which "
           "proposes replanting willows along four kilometres of bank and removing two weirs.</p>") * 6
PAGE = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>River plan approved</title>"
        "<meta name='author' content='Ada Lovelace'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<article><h1>River plan approved</h1>%s</article>"
        "<footer>Copyright 2025 Example Gazette</footer></body></html>" % ARTICLE).encode()


def chunked(data, size=100):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


d = L.tmpdir()
tasks_ep, results_ep = "ipc://%s/tasks" % d, "ipc://%s/results" % d
ack_ep = "ipc://%s/acks-not-used" % d
ctx = zmq.Context()
push = ctx.socket(zmq.PUSH)
push.setsockopt(zmq.LINGER, 0)
push.bind(tasks_ep)
pull = ctx.socket(zmq.PULL)
pull.setsockopt(zmq.LINGER, 0)
pull.bind(results_ep)
worker = L.start(["worker", "-q", "--tasks", tasks_ep, "--results", results_ep])


def send(tag, header, body=b""):
    push.send_multipart([tag, json.dumps(header).encode() if isinstance(header, dict) else header, body])


send(b"WNT1", {"id": "plain", "url": "https://news.example/river", "ack": ack_ep, "attempt": 1,
               "http_status": 200, "content_type": "text/html; charset=utf-8",
               "fetch_time": "2025-01-01T00:00:00Z"}, PAGE)
send(b"WNT1", {"id": "gz-chunked", "url": "https://news.example/river2", "content_type": "text/html",
               "content_encoding": "gzip", "transfer_encoding": "chunked"}, chunked(gzip.compress(PAGE)))
send(b"WNT1", {"id": "img", "url": "https://news.example/a.png", "content_type": "image/png"}, b"\x89PNG\r\n")
send(b"WNT9", {"id": "future", "ack": ack_ep}, PAGE)
send(b"WNT1", b"{not json", PAGE)

results = {}
poller = zmq.Poller()
poller.register(pull, zmq.POLLIN)
deadline_ms = 20000 * L.SLOW
while len(results) < 4 and poller.poll(deadline_ms):
    frames = pull.recv_multipart()
    if len(frames) == 3 and frames[0] == b"WNR1":
        h = json.loads(frames[1])
        results[h["id"]] = (h, frames[2].decode("utf-8"))

extra = 0
while poller.poll(300 * L.SLOW):  # the id-less message must produce nothing
    pull.recv_multipart()
    extra += 1

p = results.get("plain")
L.ok(p is not None, "pyzmq: result for a plain task", "got %r" % list(results))
if p:
    h, text = p
    L.ok(h["status"] == "ok" and h["error"] is None, "pyzmq: plain task status ok", repr(h)[:300])
    L.ok(h["url"] == "https://news.example/river" and h["ack"] == ack_ep and h["attempt"] == 1,
         "pyzmq: url, ack and attempt copied from the task", repr(h)[:300])
    L.ok(h.get("title") and "River plan" in h["title"], "pyzmq: title extracted", repr(h.get("title")))
    L.ok("willows" in text and "Copyright 2025" not in text and "Home" not in text,
         "pyzmq: text holds the article and not the chrome", text[:200])
    # (a task's "fetch_time" -- protocol 1 before warc_date -- is the record's warc_date)
    L.ok(h.get("http_status") == 200 and h.get("warc_date") == "2025-01-01T00:00:00Z"
         and isinstance(h.get("worker"), str), "pyzmq: http_status, warc_date (the task's fetch_time), worker in header",
         repr(h)[:300])
g = results.get("gz-chunked")
L.ok(g is not None and g[0]["status"] == "ok" and "willows" in g[1],
     "pyzmq: chunked + gzip body decoded by the worker", repr(g)[:300])
i = results.get("img")
L.ok(i is not None and i[0]["status"] == "error" and i[0]["error"].startswith("not HTML: image/png")
     and i[0].get("error_code") == "not_html", "pyzmq: image becomes an error result", repr(i)[:300])
f = results.get("future")
L.ok(f is not None and f[0]["status"] == "error" and "WNT9" in f[0]["error"] and f[0].get("ack") == ack_ep,
     "pyzmq: unknown version gives an error result with the id", repr(f)[:300])
L.ok(len(results) == 4 and extra == 0, "pyzmq: header without id dropped, nothing else",
     "%r extra=%d" % (sorted(results), extra))
rc = L.stop(worker)
L.ok(rc == 0, "pyzmq: worker exits 0 on SIGTERM", "rc=%r" % rc)
ctx.destroy(0)
L.finish()
