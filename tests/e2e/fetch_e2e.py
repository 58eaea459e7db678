#!/usr/bin/env python3
"""fetch_e2e.py -- `winnow fetch` end to end against tests/e2e/httpd.py.

Starts the test web server on 127.0.0.1..127.0.0.8, a `winnow sink` and two
`winnow worker`s on ipc:// endpoints in a temporary directory, and checks:

  1. edge cases: every URL yields the right record (pages, timeout, redirect
     loop, 500, 503-then-200, 10 MB body over the cap, gzip, chunked, not
     HTML, robots.txt disallow, 404, refused, DNS failure, bad scheme);
  2. the WARC written by --warc is well formed WARC/1.1 (warcinfo first,
     request/response pairs linked by WARC-Concurrent-To, digests and
     Content-Length right) and `winnow replay` of it gives the same records;
  3. politeness: requests to one host start at least delay_ms apart;
  4. 500 URLs over 8 hosts at concurrency 32 all complete, with the per-host
     and total limits holding (the server's concurrency high-water marks)
     and robots.txt fetched once per host.

Stdlib only; prints TAP lines. Uses $WINNOW (default build/winnow).
"""
import base64
import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
WINNOW = os.environ.get("WINNOW") or os.path.join(ROOT, "build", "winnow")
SANITIZED = os.environ.get("WINNOW_SANITIZED") == "1"
PAGES = os.path.join(ROOT, "corpus", "pages")

procs = []
failures = 0


def tap(ok, name, detail=""):
    global failures
    print("%s - fetch %s" % ("ok" if ok else "not ok", name), flush=True)
    if not ok:
        failures += 1
        if detail:
            sys.stderr.write("fetch %s: %s\n" % (name, detail))


def start(args, **kw):
    p = subprocess.Popen(args, **kw)
    procs.append(p)
    return p


def stop(p, sig=signal.SIGTERM, wait=15):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(wait)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def cleanup():
    for p in procs:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass


class Pipeline:
    """A sink and two workers on ipc:// endpoints under `d`; one output file."""

    def __init__(self, d, name):
        self.d = d
        self.ep = [
            "--tasks", "ipc://%s/%s-tasks" % (d, name),
            "--results", "ipc://%s/%s-results" % (d, name),
            "--acks", "ipc://%s/%s-acks" % (d, name),
        ]
        self.out = os.path.join(d, name + ".jsonl")
        self.log = open(os.path.join(d, name + ".log"), "w")
        self.sink = start([WINNOW, "sink"] + self.ep + ["--output", self.out, "-q"], stderr=self.log, cwd=d)
        self.workers = [start([WINNOW, "worker"] + self.ep, stderr=self.log, cwd=d) for _ in range(2)]

    def close(self):
        for w in self.workers:
            stop(w)
        stop(self.sink)
        self.log.close()

    def records(self):
        recs = []
        if os.path.exists(self.out):
            with open(self.out) as f:
                for line in f:
                    recs.append(json.loads(line))
        return recs


def run_fetch(pipe, urls, extra, timeout):
    path = os.path.join(pipe.d, "urls-%d.txt" % len(procs))
    with open(path, "w") as f:
        f.write("# test URLs\n\n" + "\n".join(urls) + "\n")
    cmd = [WINNOW, "fetch"] + pipe.ep + ["--quiet"] + extra + [path]
    t0 = time.time()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, cwd=pipe.d)
    return r.returncode, r.stderr.decode(errors="replace"), time.time() - t0


def sha1_b32(b):
    return "sha1:" + base64.b32encode(hashlib.sha1(b).digest()).decode()


def dechunk(b):
    out, pos = b"", 0
    while True:
        eol = b.index(b"\r\n", pos)
        n = int(b[pos:eol].split(b";")[0], 16)
        if n == 0:
            return out
        out += b[eol + 2 : eol + 2 + n]
        pos = eol + 4 + n


def parse_warc(path):
    """Returns [(headers dict, block bytes)], checking framing; raises on damage."""
    with open(path, "rb") as f:
        raw = f.read()
    # one gzip member per record: count members
    members, rest = 0, raw
    while rest:
        d = __import__("zlib").decompressobj(31)
        d.decompress(rest)
        if not d.eof:
            raise ValueError("truncated gzip member")
        rest = d.unused_data
        members += 1
    data = gzip.decompress(raw)
    recs, pos = [], 0
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        lines = data[pos:end].decode().split("\r\n")
        if lines[0] != "WARC/1.1":
            raise ValueError("bad version line %r" % lines[0])
        h = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            h[k.strip()] = v.strip()
        n = int(h["Content-Length"])
        block = data[end + 4 : end + 4 + n]
        if data[end + 4 + n : end + 8 + n] != b"\r\n\r\n":
            raise ValueError("record not followed by CRLF CRLF")
        recs.append((h, block))
        pos = end + 8 + n
    if members != len(recs):
        raise ValueError("%d gzip members for %d records" % (members, len(recs)))
    return recs


def main():
    if not os.access(WINNOW, os.X_OK):
        print("ok - fetch e2e # SKIP %s not built" % WINNOW)
        return 0
    d = tempfile.mkdtemp(prefix="winnow-fetch-")
    try:
        return body(d)
    finally:
        cleanup()
        shutil.rmtree(d, ignore_errors=True)


def body(d):
    srv = start(
        [sys.executable, os.path.join(HERE, "httpd.py"), "serve", "--hosts", "8", "--pages", PAGES],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    line = srv.stdout.readline().decode().split()
    if len(line) != 2 or line[0] != "READY":
        tap(False, "test server starts", repr(line))
        return 1
    port = int(line[1])
    base = "http://127.0.0.1:%d" % port

    def stats():
        with urllib.request.urlopen("http://127.0.0.8:%d/__stats" % port, timeout=10) as r:
            return json.loads(r.read())

    # ------------------------------------------------------------ edge cases
    corpus = sorted(f[:-5] for f in os.listdir(PAGES) if f.endswith(".html"))[:3] if os.path.isdir(PAGES) else []
    corpus = corpus or ["generated-a", "generated-b"]
    expect = {}  # url -> ("ok", None) or ("error", substring of error)
    for name in corpus:
        expect["%s/page/%s" % (base, name)] = ("ok", None)
    h2 = "http://127.0.0.2:%d" % port
    expect.update({
        h2 + "/gen/alpha": ("ok", None),
        base + "/slow?s=5": ("error", "timeout"),
        base + "/loop/0": ("error", "too many redirects"),
        base + "/500": ("error", "HTTP 500"),
        h2 + "/flaky/one": ("ok", None),
        base + "/big": ("error", "exceeds max_body"),
        h2 + "/big-nolen?mb=10": ("error", "exceeds max_body"),
        base + "/gzip": ("ok", None),
        base + "/chunked": ("ok", None),
        base + "/image.png": ("error", "not HTML: image/png"),
        base + "/private/secret.html": ("error", "disallowed by robots.txt"),
        base + "/nothere": ("error", "HTTP 404"),
        "http://127.0.0.1:1/refused": ("error", "connection failed"),
        "http://nonexistent.invalid/x": ("error", "DNS lookup failed"),
        "ftp://127.0.0.1/x": ("error", "bad URL"),
        base + "/redirect": ("ok", None),
    })
    warc = os.path.join(d, "live.warc.gz")
    live = Pipeline(d, "live")
    rc, err, secs = run_fetch(
        live, list(expect),
        ["--delay-ms", "0", "--timeout-ms", "1500", "--connect-timeout-ms", "1000", "--retries", "1",
         "--backoff-ms", "200", "--max-body", "1M", "--warc", warc],
        timeout=90,
    )
    live.close()
    tap(rc == 0, "edge cases: exit status 0", "rc=%d\n%s" % (rc, err))
    recs = live.records()
    by_url = {}
    for r in recs:
        by_url.setdefault(r["url"], []).append(r)
    # a redirected page is recorded under its final URL
    redirected = base + "/gen/redirected"
    tap(len(recs) == len(expect), "edge cases: one record per URL (%d)" % len(expect),
        "%d records: %s" % (len(recs), sorted(by_url)))
    for url, (status, needle) in expect.items():
        got = by_url.get(redirected if url.endswith("/redirect") else url, [])
        ok = len(got) == 1 and got[0]["status"] == status and (needle is None or needle in (got[0]["error"] or ""))
        if ok and status == "ok":
            ok = len(got[0]["text"]) > 100
        tap(ok, "edge cases: %s -> %s%s" % (url.replace(str(port), "PORT"), status, " (%s)" % needle if needle else ""),
            json.dumps(got)[:600])
    gz = by_url.get(base + "/gzip", [{}])[0]
    tap("generated article gzip" in gz.get("text", ""), "edge cases: gzip body decoded", json.dumps(gz)[:300])
    fl = by_url.get(h2 + "/flaky/one", [{}])[0]
    tap(fl.get("http_status") == 200, "edge cases: 503 retried to 200", json.dumps(fl)[:300])
    errs = [r for r in recs if r["status"] == "error"]
    tap(all(r.get("error_code") in ("fetch", "too_big", "not_html") for r in errs), "edge cases: error codes",
        str([(r["url"], r.get("error_code")) for r in errs]))
    st = stats()
    flaky = [t for t, path in st["starts"].get("127.0.0.2", []) if path == "/flaky/one"]
    tap(len(flaky) == 2 and flaky[1] - flaky[0] >= 0.9, "edge cases: Retry-After: 1 honoured (backoff 200 ms)",
        str(flaky))
    tap(st["robots"].get("127.0.0.1") == 1 and st["robots"].get("127.0.0.2") == 1,
        "edge cases: robots.txt fetched once per host", str(st["robots"]))

    # -------------------------------------------------------------- the WARC
    oks = [r for r in recs if r["status"] == "ok"]
    try:
        wrecs = parse_warc(warc)
        good = wrecs[0][0]["WARC-Type"] == "warcinfo"
        resp = {h["WARC-Record-ID"]: (h, b) for h, b in wrecs if h["WARC-Type"] == "response"}
        reqs = {h["WARC-Record-ID"]: (h, b) for h, b in wrecs if h["WARC-Type"] == "request"}
        why = ""
        for h, b in wrecs:
            if sha1_b32(b) != h["WARC-Block-Digest"]:
                good, why = False, "block digest of %s" % h["WARC-Record-ID"]
        for rid, (h, b) in resp.items():
            req = reqs.get(h.get("WARC-Concurrent-To"))
            if not req or req[0].get("WARC-Concurrent-To") != rid or req[0]["WARC-Target-URI"] != h["WARC-Target-URI"]:
                good, why = False, "request/response link of %s" % rid
                continue
            head, _, payload = b.partition(b"\r\n\r\n")
            if b"transfer-encoding: chunked" in head.lower():
                payload = dechunk(payload)
            if sha1_b32(payload) != h.get("WARC-Payload-Digest"):
                good, why = False, "payload digest of %s" % rid
        # the page id is "fetch:" + SHA-1 of the URL (the same at every
        # fetch); the WARC-Record-ID of its copy is the record's provenance
        same_ids = sorted(resp) == sorted(r["warc_record_id"] for r in oks) and all(
            r["id"] == "fetch:" + hashlib.sha1(r["target_uri"].encode()).hexdigest() and r["warc_file"] == warc
            for r in oks)
        tap(good and same_ids and len(resp) == len(reqs) == len(oks),
            "WARC: warcinfo, linked request/response pairs, digests, warc_record_id = record ids, ids from URLs",
            "%s; %d responses, %d requests, %d ok records" % (why, len(resp), len(reqs), len(oks)))
    except (ValueError, KeyError, OSError) as e:
        tap(False, "WARC: well formed", repr(e))

    # ---------------------------------------------------- replay of the WARC
    rp = Pipeline(d, "replay")
    r = subprocess.run([WINNOW, "replay"] + rp.ep + ["-q", "--no-progress", warc], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60, cwd=d)
    rp.close()
    if r.returncode != 0 and b"not implemented" in r.stderr:
        print("ok - fetch replay of the WARC gives the same records # SKIP winnow replay not implemented")
    else:
        # a replay's ids are the WARC-Record-IDs, which the live records
        # carry as warc_record_id
        keys = ("url", "status", "title", "text", "http_status", "warc_date", "warc_record_id")
        a = sorted(tuple(json.dumps(x.get(k)) for k in keys) for x in oks)
        b = sorted(tuple(json.dumps(x.get(k)) for k in keys) for x in rp.records())
        tap(r.returncode == 0 and a == b and len(a) > 0, "replay of the WARC gives the same records (%d)" % len(a),
            "rc=%d %s; live %d vs replay %d" % (r.returncode, r.stderr.decode()[-300:], len(a), len(b)))

    # ------------------------------------------------------------- politeness
    urllib.request.urlopen("http://127.0.0.8:%d/__reset" % port, timeout=10).read()
    pol = Pipeline(d, "polite")
    rc, err, secs = run_fetch(pol, ["http://127.0.0.3:%d/gen/p%d" % (port, i) for i in range(4)],
                              ["--delay-ms", "300", "--per-host", "2"], timeout=60)
    pol.close()
    starts = [t for t, _ in stats()["starts"].get("127.0.0.3", [])]
    gaps = [round(b - a, 3) for a, b in zip(starts, starts[1:])]
    # Server-side times: a request on a fresh connection arrives a little
    # later than one on a reused connection, so allow some jitter per gap
    # (a mean of 0.279 s was seen under load; without the delay the gaps are ~0).
    tap(rc == 0 and len(starts) == 5 and min(gaps) >= 0.2 and sum(gaps) / len(gaps) >= 0.25,
        "politeness: requests to one host start delay_ms (300) apart", "rc=%d starts=%s gaps=%s" % (rc, starts, gaps))

    # ------------------------------------------- --no-robots, URLs on stdin
    nr = Pipeline(d, "norobots")
    url = "http://127.0.0.4:%d/private/allowed-now" % port
    r = subprocess.run([WINNOW, "fetch"] + nr.ep + ["--quiet", "--no-robots", "--delay-ms", "0", "-"],
                       input=("# from stdin\n%s\n" % url).encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60, cwd=d)
    nr.close()
    got = nr.records()
    tap(r.returncode == 0 and len(got) == 1 and got[0]["status"] == "ok" and got[0]["url"] == url
        and got[0]["id"] == "fetch:" + hashlib.sha1(url.encode()).hexdigest() and "127.0.0.4" not in stats()["robots"],
        "--no-robots: a disallowed path is fetched, robots.txt not asked; URLs from stdin; fetch: id without WARC",
        "rc=%d %s %s" % (r.returncode, r.stderr.decode()[-300:], got))

    # ------------------------------------------------------------------ scale
    n, hosts, per_host, conc = 500, 8, 6, 32
    urls = ["http://127.0.0.%d:%d/gen/s%d?ms=30" % (i % hosts + 1, port, i) for i in range(n)]
    urllib.request.urlopen("http://127.0.0.8:%d/__reset" % port, timeout=10).read()
    big = Pipeline(d, "scale")
    rc, err, secs = run_fetch(
        big, urls,
        ["--delay-ms", "0", "--concurrency", str(conc), "--per-host", str(per_host), "--max-in-flight", "256"],
        timeout=120,
    )
    big.close()
    recs = big.records()
    okn = sum(1 for x in recs if x["status"] == "ok")
    tap(rc == 0 and okn == n and len({x["id"] for x in recs}) == n,
        "scale: %d URLs over %d hosts complete (%.1f s)" % (n, hosts, secs),
        "rc=%d ok=%d records=%d\n%s" % (rc, okn, len(recs), err[-500:]))
    st = stats()
    high = st["high"]
    tap(all(high.get("127.0.0.%d" % i, 0) <= per_host for i in range(1, hosts + 1)),
        "scale: per-host limit %d holds" % per_host, str(high))
    tap(st["total_high"] <= conc and max(high.values()) >= 2, "scale: total limit %d holds (high-water %d)"
        % (conc, st["total_high"]), str(st))
    tap(all(st["robots"].get("127.0.0.%d" % i) == 1 for i in range(1, hosts + 1)),
        "scale: robots.txt fetched once per host", str(st["robots"]))

    srv.stdin.close()
    stop(srv)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
