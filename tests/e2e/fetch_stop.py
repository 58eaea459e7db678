"""fetch_stop.py -- `winnow fetch` stops on SIGTERM while it waits for the
sink's acknowledgements, as every pipeline command does (the signal set-up
shared in src/cli/pipe_common.c).

A local HTTP server (127.0.0.1, a free port) serves one page; fetch sends it
as a task on ipc:// endpoints where no worker or sink listens, so after the
page it waits for an acknowledgement that never comes (up to deadline_ms x
(attempts + 1) + 5 s: 65 s here). SIGTERM must end that wait at once: exit
130 with "fetch: stopped by signal 15", within 10 s.
"""
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

served = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/robots.txt":
            self.send_error(404)
            return
        body = b"<html><head><title>Stop</title></head><body><p>A page to fetch.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        served.set()

    def log_message(self, *a):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
d = L.tmpdir()
urls = os.path.join(d, "urls.txt")
with open(urls, "w") as f:
    f.write("http://127.0.0.1:%d/page\n" % srv.server_address[1])
ep = L.endpoints(d)
fetch = L.start(["fetch", "--quiet", "--deadline-ms", "20000", "--attempts", "2"] + L.flags(ep) + [urls])
got = served.wait(20 * L.SLOW)
time.sleep(1.0)  # the page is with the source now: fetch waits for its acknowledgement
waiting = fetch.poll() is None
t0 = time.time()
fetch.send_signal(signal.SIGTERM)
try:
    rc = fetch.wait(10 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
took = time.time() - t0
err = fetch.stderr.read().decode(errors="replace") if rc is not None else ""
srv.shutdown()
L.ok(got and waiting, "fetch: page fetched, then waiting for its acknowledgement", "served=%r waiting=%r" % (got, waiting))
L.ok(rc == 130 and "fetch: stopped by signal 15" in err,
     "fetch: SIGTERM ends the wait for acknowledgements (exit 130)", "rc=%r after %.1f s: %s" % (rc, took, err[-400:]))
L.finish()
