#!/usr/bin/env python3
"""httpd.py -- the test web server for `winnow fetch` end-to-end tests.

Usage:
    python3 httpd.py serve --hosts N [--pages DIR] [--port P]
        Binds 127.0.0.1 .. 127.0.0.N (all on one port), prints
        "READY <port>" on stdout, and serves until stdin closes or it is
        killed. Stdlib only (ThreadingHTTPServer).
    python3 httpd.py
        Self-test: starts the server, checks each endpoint with urllib,
        prints TAP lines (this is what tests/run.sh runs).

Endpoints (HTTP/1.1, keep-alive):
    /robots.txt          User-agent: * / Disallow: /private
    /page/NAME           corpus/pages/NAME.html (or a generated page)
    /gen/N?ms=D          a generated article page N, after sleeping D ms
    /slow?s=S            sleeps S seconds (default 5) before answering
    /loop/N              302 -> /loop/N+1, forever
    /redirect            302 -> /gen/redirected
    /500                 500 Internal Server Error
    /flaky/KEY           503 + Retry-After: 1 the first time per KEY, then 200
    /big?mb=M            M MiB (default 10) with Content-Length
    /big-nolen?mb=M      M MiB, chunked (no Content-Length)
    /gzip                a gzip-encoded HTML page (Content-Encoding: gzip)
    /chunked             an HTML page with Transfer-Encoding: chunked
    /image.png           image/png bytes
    /private/...         an HTML page (robots.txt disallows it)
    /404 (anything else) 404
    /__reset             forget every counter below
    /__stats             JSON: per-address and overall concurrent-request
                         high-water marks, requests per address, robots.txt
                         fetches per address, [time, path] of each request
                         start per address (first 2000)
"""
import gzip
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = b"User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n"


def gen_page(n):
    paras = "".join(
        "<p>Paragraph %d of generated article %s. The committee met on Tuesday to discuss "
        "the new bridge, the budget, the timetable and the many letters from residents who "
        "asked for a safer crossing for bicycles and pedestrians alike.</p>\n" % (i, n)
        for i in range(6)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Generated %s</title></head>"
        "<body><nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>"
        "<article><h1>Generated article %s</h1>\n%s</article>"
        "<footer>Copyright footer text</footer></body></html>\n" % (n, n, paras)
    ).encode()


class State:
    def __init__(self, pages_dir):
        self.pages_dir = pages_dir
        self.lock = threading.Lock()
        self.active = {}
        self.high = {}
        self.total = 0
        self.total_high = 0
        self.requests = {}
        self.robots = {}
        self.flaky = set()
        self.epoch = 0
        self.starts = {}

    def reset(self):
        """Forgets counters and high-water marks (requests still running are
        no longer counted)."""
        self.epoch += 1
        self.active, self.high, self.requests, self.robots, self.starts = {}, {}, {}, {}, {}
        self.total = self.total_high = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "winnow-testd/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def finished(self):
        """Stops counting this request as active. Called before the last
        bytes of a response are written: once the client has them it may
        start its next request, which must not overlap this one in the
        high-water marks."""
        st, epoch = self.server.state, getattr(self, "epoch", None)
        if epoch is None:
            return
        self.epoch = None
        with st.lock:
            if epoch == st.epoch:  # requests from before a reset are not counted
                st.active[self.addr] -= 1
                st.total -= 1

    def send_body(self, code, body, ctype="text/html; charset=utf-8", extra=()):
        self.finished()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        st = self.server.state
        addr = self.connection.getsockname()[0]
        if self.path == "/__reset":
            with st.lock:
                st.reset()
            return self.send_body(200, b"reset\n", "text/plain")
        with st.lock:
            self.epoch, self.addr = st.epoch, addr
            st.active[addr] = st.active.get(addr, 0) + 1
            st.high[addr] = max(st.high.get(addr, 0), st.active[addr])
            st.total += 1
            st.total_high = max(st.total_high, st.total)
            starts = st.starts.setdefault(addr, [])
            if len(starts) < 2000:
                starts.append((round(time.time(), 3), self.path))
            st.requests[addr] = st.requests.get(addr, 0) + 1
        try:
            self.route(st, addr)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.finished()

    def route(self, st, addr):
        path, _, query = self.path.partition("?")
        q = dict(kv.partition("=")[::2] for kv in query.split("&") if kv)
        if path == "/robots.txt":
            with st.lock:
                st.robots[addr] = st.robots.get(addr, 0) + 1
            return self.send_body(200, ROBOTS, "text/plain")
        if path == "/__stats":
            with st.lock:
                body = json.dumps({"high": st.high, "total_high": st.total_high, "requests": st.requests,
                                   "robots": st.robots, "starts": st.starts}).encode()
            return self.send_body(200, body, "application/json")
        if path.startswith("/page/"):
            name = os.path.basename(path[6:])
            fn = os.path.join(st.pages_dir, name + ".html") if st.pages_dir else ""
            if fn and os.path.isfile(fn):
                with open(fn, "rb") as f:
                    return self.send_body(200, f.read())
            return self.send_body(200, gen_page(name))
        if path.startswith("/gen/"):
            ms = int(q.get("ms", "0") or 0)
            if ms:
                time.sleep(ms / 1000.0)
            return self.send_body(200, gen_page(path[5:]))
        if path == "/slow":
            time.sleep(float(q.get("s", "5")))
            return self.send_body(200, gen_page("slow"))
        if path.startswith("/loop/"):
            n = int(path[6:] or 0)
            return self.send_body(302, b"moved", extra=[("Location", "/loop/%d" % (n + 1))])
        if path == "/redirect":
            return self.send_body(301, b"moved", extra=[("Location", "/gen/redirected")])
        if path == "/500":
            return self.send_body(500, b"<html><body>Internal error</body></html>")
        if path.startswith("/flaky/"):
            with st.lock:
                first = path not in st.flaky
                st.flaky.add(path)
            if first:
                return self.send_body(503, b"busy", extra=[("Retry-After", "1")])
            return self.send_body(200, gen_page("flaky"))
        if path in ("/big", "/big-nolen"):
            size = int(float(q.get("mb", "10")) * 1024 * 1024)
            block = b"<p>" + b"x" * 1017 + b"</p>\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/big":
                self.send_header("Content-Length", str(size))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            while sent < size:
                chunk = block[: min(len(block), size - sent)]
                if path == "/big":
                    self.wfile.write(chunk)
                else:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            self.finished()
            if path == "/big-nolen":
                self.wfile.write(b"0\r\n\r\n")
            return
        if path == "/gzip":
            return self.send_body(200, gzip.compress(gen_page("gzip")), extra=[("Content-Encoding", "gzip")])
        if path == "/chunked":
            body = gen_page("chunked")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 500):
                part = body[i : i + 500]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.finished()
            self.wfile.write(b"0\r\n\r\n")
            return
        if path == "/image.png":
            return self.send_body(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        if path.startswith("/private/"):
            return self.send_body(200, gen_page("private"))
        return self.send_body(404, b"<html><body>not found</body></html>")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def start(nhosts, pages_dir, port=0):
    """Binds 127.0.0.1..127.0.0.nhosts on one port; returns (port, servers)."""
    state = State(pages_dir)
    for _ in range(50):
        servers = []
        try:
            first = Server(("127.0.0.1", port), Handler)
            servers.append(first)
            p = first.server_address[1]
            for i in range(2, nhosts + 1):
                servers.append(Server(("127.0.0.%d" % i, p), Handler))
        except OSError:
            for s in servers:
                s.server_close()
            if port:
                raise
            continue
        for s in servers:
            s.state = state
            threading.Thread(target=s.serve_forever, daemon=True).start()
        return p, servers
    raise OSError("no free port for %d addresses" % nhosts)


def serve(argv):
    nhosts, pages, port = 1, None, 0
    i = 0
    while i < len(argv):
        if argv[i] == "--hosts":
            nhosts = int(argv[i + 1]); i += 2
        elif argv[i] == "--pages":
            pages = argv[i + 1]; i += 2
        elif argv[i] == "--port":
            port = int(argv[i + 1]); i += 2
        else:
            sys.exit("httpd.py: unknown argument %s" % argv[i])
    p, servers = start(nhosts, pages, port)
    print("READY %d" % p, flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin (or dies)
    except KeyboardInterrupt:
        pass
    for s in servers:
        s.shutdown()


def selftest():
    here = os.path.dirname(os.path.abspath(__file__))
    pages = os.path.join(here, "..", "..", "corpus", "pages")
    port, servers = start(2, pages if os.path.isdir(pages) else None)
    base = "http://127.0.0.1:%d" % port
    n = 0
    fails = 0

    def check(name, cond):
        nonlocal n, fails
        n += 1
        print("%s - httpd %s" % ("ok" if cond else "not ok", name))
        if not cond:
            fails += 1

    def get(path, host="127.0.0.1"):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            r = opener.open("http://%s:%d%s" % (host, port, path), timeout=10)
            return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    code, _, body = get("/robots.txt")
    check("robots.txt", code == 200 and b"Disallow: /private" in body)
    code, _, body = get("/gen/7", "127.0.0.2")
    check("second address serves", code == 200 and b"Generated article 7" in body)
    code, h, body = get("/gzip")
    check("gzip", code == 200 and h.get("Content-Encoding") == "gzip" and b"article gzip" in gzip.decompress(body))
    check("500", get("/500")[0] == 500)
    check("loop", get("/loop/3")[0] == 302)
    c1, c2 = get("/flaky/x")[0], get("/flaky/x")[0]
    check("flaky 503 then 200", (c1, c2) == (503, 200))
    code, _, body = get("/big?mb=0.01")
    check("big", code == 200 and len(body) == int(0.01 * 1024 * 1024))
    code, _, body = get("/chunked")
    check("chunked", code == 200 and b"article chunked" in body)
    code, _, body = get("/__stats")
    stats = json.loads(body)
    check("stats", stats["high"].get("127.0.0.1", 0) >= 1 and stats["robots"].get("127.0.0.1") == 1)
    for s in servers:
        s.shutdown()
        s.server_close()
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(sys.argv[2:])
    else:
        sys.exit(selftest())
