"""warc_httpd.py -- a loopback HTTP server for remote-WARC tests (a helper,
not a test: run directly it does nothing).

    srv = WarcServer(root)      # serves files under `root` on 127.0.0.1:<free port>
    srv.url("f/crawl.warc.gz")  # -> http://127.0.0.1:PORT/f/crawl.warc.gz
    srv.stop()

Paths (NAME is a file under root):
    /f/NAME                 the file; honours "Range: bytes=N-" (206 + Content-Range),
                            ETag and If-Range
    /cut/NAME?every=B       as /f/, but every answer sends at most B bytes of its
                            body and then drops the connection (Content-Length
                            promised the whole range): the client must resume
    /norange/NAME?at=B      the first answer drops the connection after B bytes;
                            Range headers are ignored (200 and the whole file)
    anything else           404
srv.log holds (path, Range header or None, status) for every request.
Stdlib only.
"""
import hashlib
import os
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):  # quiet
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        parts = u.path.lstrip("/").split("/", 1)
        srv = self.server
        rng = self.headers.get("Range")
        if len(parts) != 2 or parts[0] not in ("f", "cut", "norange"):
            return self._answer(404, b"not found\n", rng)
        path = os.path.join(srv.root, parts[1])
        if not os.path.isfile(path):
            return self._answer(404, b"not found\n", rng)
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        start = 0
        status = 200
        if rng and parts[0] != "norange":
            ir = self.headers.get("If-Range")
            if rng.startswith("bytes=") and rng.endswith("-") and (ir is None or ir == etag):
                start = int(rng[6:-1])
                status = 206
        limit = None
        if parts[0] == "cut":
            limit = int(q.get("every", ["65536"])[0])
        elif parts[0] == "norange":
            with srv.lock:
                first = srv.seen.get(u.path, 0) == 0
                srv.seen[u.path] = srv.seen.get(u.path, 0) + 1
            if first:
                limit = int(q.get("at", ["65536"])[0])
        body = data[start:]
        with srv.lock:
            srv.log.append((u.path, rng, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/warc")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "none" if parts[0] == "norange" else "bytes")
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.end_headers()
        if limit is not None and limit < len(body):
            self.wfile.write(body[:limit])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.wfile.write(body)

    def _answer(self, code, body, rng):
        with self.server.lock:
            self.server.log.append((self.path, rng, code))
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that hangs up is expected here
        pass


class WarcServer:
    def __init__(self, root):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.root = root
        self.httpd.lock = threading.Lock()
        self.httpd.log = []
        self.httpd.seen = {}
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def log(self):
        with self.httpd.lock:
            return list(self.httpd.log)

    def url(self, path):
        return "http://127.0.0.1:%d/%s" % (self.port, path)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    pass
