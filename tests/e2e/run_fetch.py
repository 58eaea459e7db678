#!/usr/bin/env python3
"""run_fetch.py -- `winnow run --fetch URLS-FILE` end to end.

Starts tests/e2e/httpd.py on loopback and runs `winnow run --fetch` (sink,
2 workers, `winnow fetch` as the source, ipc:// endpoints in a temporary
directory) over a handful of URLs: article pages, a gzip-encoded and a
chunked page, a 404 and a non-HTML (image/png) one. Checks: run exits 0,
prints `read N = ok M + error E` with the right figures, and the output holds
every URL id exactly once, with the 404 and the image as errors. Also checks
that `winnow run` refuses SRC arguments together with --fetch.

Stdlib only; prints TAP lines. Uses $WINNOW (default build/winnow).
"""
import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

if not os.access(L.WINNOW, os.X_OK):
    L.skip("run --fetch", "%s not built" % L.WINNOW)
    sys.exit(0)

d = L.tmpdir()
srv = subprocess.Popen([sys.executable, os.path.join(HERE, "httpd.py"), "serve", "--hosts", "1"],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
L._procs.append(srv)  # killed at exit like the winnow processes
ready = srv.stdout.readline().decode().split()
if len(ready) != 2 or ready[0] != "READY":
    L.ok(False, "run --fetch: test web server starts", repr(ready))
    L.finish()
base = "http://127.0.0.1:%s" % ready[1]

good = [base + p for p in ("/gen/1", "/gen/2", "/gen/3", "/gzip", "/chunked")]
bad = {base + "/missing-page": "404", base + "/image.png": "image/png"}
urls = good + list(bad)
urls_file = os.path.join(d, "urls.txt")
with open(urls_file, "w") as f:
    f.write("# run --fetch test\n\n" + "\n".join(urls) + "\n")

ep = L.endpoints(d)
out = os.path.join(d, "out.jsonl")
conf = os.path.join(d, "test.conf")
with open(conf, "w") as f:
    f.write("[pipeline]\nworkers = 2\ntasks = %s\nresults = %s\nacks = %s\n"
            "[delivery]\ndeadline_ms = %d\n"
            "[fetch]\ndelay_ms = 0\nretries = 0\ntimeout_ms = %d\n"
            "[output]\npath = %s\n" % (ep["tasks"], ep["results"], ep["acks"], 10000 * L.SLOW,
                                       10000 * L.SLOW, out))

try:
    r = subprocess.run([L.WINNOW, "run", "--config", conf, "--fetch", urls_file], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60 * L.SLOW, cwd=d)
    rc, stdout, stderr = r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
except subprocess.TimeoutExpired:
    rc, stdout, stderr = None, "", "timed out"

L.ok(rc == 0, "run --fetch: exits 0 once every URL is accounted for", "rc=%r\n%s" % (rc, stderr[-800:]))
m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)(?: \+ skipped \d+ by language)? \(skipped (\d+)", stdout)
L.ok(m is not None and tuple(int(x) for x in m.groups()) == (len(urls), len(good), len(bad), 0),
     "run --fetch: read %d = ok %d + error %d" % (len(urls), len(good), len(bad)), stdout + stderr[-400:])
recs = L.read_jsonl(out)
ids = [x["id"] for x in recs]
# Without --warc, `winnow fetch` names a page "fetch:" + hex SHA-1 of its URL (docs/fetch.md).
want = {"fetch:" + hashlib.sha1(u.encode()).hexdigest(): u for u in urls}
L.ok(len(ids) == len(set(ids)) and set(ids) == set(want), "run --fetch: every URL id in the output exactly once",
     "%d lines, %d distinct, %d expected: %r" % (len(ids), len(set(ids)), len(urls), sorted(set(want) ^ set(ids))))
by_id = {want.get(x["id"], x["id"]): x for x in recs}
L.ok(all(by_id.get(u, {}).get("status") == "ok" and by_id[u].get("text_bytes", 0) > 0 for u in good),
     "run --fetch: pages extracted (plain, gzip, chunked)", repr([(u, by_id.get(u, {}).get("error")) for u in good]))
L.ok(all(by_id.get(u, {}).get("status") == "error" and why in (by_id[u].get("error") or "") for u, why in bad.items()),
     "run --fetch: 404 and image/png are error records",
     repr([(u, by_id.get(u, {}).get("error")) for u in bad]))

r = subprocess.run([L.WINNOW, "run", "--config", conf, "--fetch", urls_file, "x.warc.gz"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, timeout=30, cwd=d)
L.ok(r.returncode == 2 and b"not both" in r.stderr, "run --fetch: SRC arguments with --fetch are a usage error",
     "rc=%d %s" % (r.returncode, r.stderr.decode(errors="replace")))

srv.stdin.close()
L.finish()
