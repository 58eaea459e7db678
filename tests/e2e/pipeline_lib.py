"""pipeline_lib.py -- helpers shared by the tests/e2e/pipeline_*.py tests.

Not a test itself (run directly, it does nothing). Python stdlib only:
process management with cleanup, private ipc:// endpoints, WARC writing,
reading the sink's JSON Lines, TAP output.
"""
import atexit
import gzip
import json
import os
import signal
import socket
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WINNOW = os.environ.get("WINNOW") or os.path.join(ROOT, "build", "winnow")
SANITIZED = os.environ.get("WINNOW_SANITIZED") == "1"
SLOW = 3 if SANITIZED else 1  # timeouts scale under ASan
EVAL_PAGES = os.path.join(ROOT, "..", "shared", "eval", "pages")

_procs = []
_tmp = []
failures = 0


def tmpdir():
    d = tempfile.mkdtemp(prefix="wnp-", dir="/tmp")  # short: ipc paths are limited to ~107 bytes
    _tmp.append(d)
    return d


def endpoints(d):
    return {"tasks": "ipc://%s/t" % d, "results": "ipc://%s/r" % d, "acks": "ipc://%s/a" % d}


def tcp_endpoints():
    """Loopback TCP endpoints on three free ports (for tests that need TCP, not ipc)."""
    socks = [socket.socket() for _ in range(3)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return {k: "tcp://127.0.0.1:%d" % p for k, p in zip(("tasks", "results", "acks"), ports)}


def flags(ep):
    return ["--tasks", ep["tasks"], "--results", ep["results"], "--acks", ep["acks"]]


def start(args, stdout=None, stderr=None):
    """Starts `winnow ARGS...`; the process is killed at exit if still running."""
    p = subprocess.Popen([WINNOW] + args, stdout=stdout or subprocess.DEVNULL,
                         stderr=stderr if stderr is not None else subprocess.PIPE)
    _procs.append(p)
    return p


def _cleanup(*_):
    for p in _procs:
        if p.poll() is None:
            try:
                p.kill()
                p.wait(5)
            except Exception:
                pass
    for d in _tmp:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)
for _s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_s, lambda s, f: (_cleanup(), os._exit(1)))


def wait_output(p, timeout):
    """Waits for a process started with stdout=PIPE; returns (rc, stdout, stderr)
    as text, with rc None and empty texts if it did not end within timeout."""
    try:
        rc = p.wait(timeout)
    except subprocess.TimeoutExpired:
        return None, "", ""
    return rc, p.stdout.read().decode(errors="replace"), p.stderr.read().decode(errors="replace")


def stop(p, sig=signal.SIGTERM, timeout=10):
    """Signals p and waits; returns its exit code (None if it did not exit)."""
    if p.poll() is None:
        p.send_signal(sig)
    try:
        return p.wait(timeout * SLOW)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None


def ok(cond, name, detail=""):
    global failures
    if cond:
        print("ok - %s" % name)
    else:
        failures += 1
        print("not ok - %s" % name)
        if detail:
            sys.stderr.write("%s: %s\n" % (name, detail))
    sys.stdout.flush()
    return cond


def skip(name, why):
    print("ok - %s # SKIP %s" % (name, why))
    sys.stdout.flush()


def read_jsonl(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break  # read while the sink writes: a line still being written
            try:
                out.append(json.loads(line))
            except ValueError:
                # Read while the sink writes: a reader can see a write(2)
                # in progress. Stop here; once the sink has stopped, a bad
                # line means missing ids, which the caller's counts catch.
                break
    return out


def children(pid):
    """(pid, comm) of pid's children. run's children are forks of it named
    winnow-ROLE (comm), not execs."""
    kids = []
    for e in os.listdir("/proc"):
        if not e.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % e) as f:
                head, tail = f.read().rsplit(")", 1)
            if int(tail.split()[1]) == pid:
                kids.append((int(e), head.split("(", 1)[1]))
        except (OSError, ValueError, IndexError):
            pass
    return kids


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def wait_for(pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def stderr_search(proc, pattern, timeout):
    """Reads proc's stderr (started with stderr=PIPE) until the regular
    expression `pattern` (bytes) matches what came; the match, or None if
    proc closed it or timeout passed first."""
    import re
    import select
    end = time.time() + timeout
    buf = b""
    while time.time() < end:
        r, _, _ = select.select([proc.stderr], [], [], 0.2)
        if r:
            chunk = os.read(proc.stderr.fileno(), 4096)
            if not chunk:
                return None
            buf += chunk
            m = re.search(pattern, buf)
            if m:
                return m
    return None


def wait_stderr(proc, text, timeout):
    """True once proc's stderr (stderr=PIPE) has said `text` (bytes)."""
    import re
    return stderr_search(proc, re.escape(text), timeout) is not None


# The private directory of a `winnow run`, as its messages name it.
RUN_DIR = rb"ipc://(/tmp/winnow-run\.[A-Za-z0-9]+)/"


def eval_pages(n):
    """Up to n (name, html bytes) from ../shared/eval/pages, sorted."""
    if not os.path.isdir(EVAL_PAGES):
        return []
    names = sorted(f for f in os.listdir(EVAL_PAGES) if f.endswith(".html.gz"))[:n]
    return [(f[:-8], gzip.open(os.path.join(EVAL_PAGES, f)).read()) for f in names]


def record_id(name):
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, name)


def warc_record(wtype, rid, uri, block, content_type="application/http;msgtype=response", extra=None,
                length=None):
    head = ["WARC/1.1", "WARC-Type: " + wtype, "WARC-Record-ID: " + rid,
            "WARC-Date: 2025-01-01T00:00:00Z"]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head += extra or []
    head.append("Content-Type: " + content_type)
    head.append("Content-Length: %d" % (len(block) if length is None else length))
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body, ctype="text/html; charset=utf-8", status="200 OK", headers=None):
    h = ["HTTP/1.1 " + status, "Content-Type: " + ctype]
    h += headers or []
    if not any(x.lower().startswith("transfer-encoding") for x in h):
        h.append("Content-Length: %d" % len(body))
    return ("\r\n".join(h) + "\r\n\r\n").encode() + body


def write_warc_gz(path, records):
    """One gzip member per record, as crawlers write them."""
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r))


def summary(stderr_text):
    """Parses 'read N = ok M + error E (skipped K ...)' into a tuple or None."""
    import re
    m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)(?: \+ skipped \d+ by language)? \(skipped (\d+)", stderr_text)
    return tuple(int(x) for x in m.groups()) if m else None


def finish():
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    pass
