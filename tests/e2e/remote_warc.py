#!/usr/bin/env python3
"""remote_warc.py -- `winnow run` over WARC files served by HTTP on loopback.

A stdlib server (warc_httpd.py) serves corpus/crawl.warc.gz. Against the
local replay of the same file (read N = ok M + error E, and the record of
every id), the test runs `winnow run` on:
  - the plain URL: the same accounting line and the same records;
  - a server that drops the connection every 50,000 bytes: the reader
    resumes with Range requests (If-Range: the ETag), and the accounting
    and records are again the same;
  - a server that drops the connection once and then ignores Range (200,
    the whole file): an error record says the server ignored the Range
    request, no id appears twice, every record before the cut is there;
  - --sources with a gzipped list of relative paths and --sources-base
    (as Common Crawl's warc.paths.gz): the same accounting;
  - a URL that answers 404: one error record naming the status.
"""
import gzip
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402
import warc_httpd  # noqa: E402

CORPUS = os.path.join(L.ROOT, "corpus")
srv = warc_httpd.WarcServer(CORPUS)
d = L.tmpdir()


def run(name, *src):
    """`winnow run` over src; returns (summary tuple or None, {id: record}, ids list, output text)."""
    out = os.path.join(d, name + ".jsonl")
    tcp = L.tcp_endpoints()
    conf = os.path.join(d, name + ".conf")
    with open(conf, "w") as f:
        f.write("[pipeline]\nworkers = 2\ntasks = %s\nresults = %s\nacks = %s\n[output]\npath = %s\n"
                % (tcp["tasks"], tcp["results"], tcp["acks"], out))
    p = L.start(["run", "--config", conf, "-q"] + list(src), stdout=subprocess.PIPE)
    rc, stdout, stderr = L.wait_output(p, 120 * L.SLOW)
    text = (stdout or "") + (stderr or "")
    recs = L.read_jsonl(out)
    return L.summary(text), {r.get("id"): r for r in recs}, [r.get("id") for r in recs], text




local_src = os.path.join(CORPUS, "crawl.warc.gz")
s_local, r_local, _, t_local = run("local", local_src)
L.ok(s_local is not None and s_local[0] > 0, "remote: local replay of the corpus WARC: read %s" % (s_local,),
     t_local[-400:])


def compare(name, src, summary, recs):
    diff = []
    for i, r in r_local.items():
        o = recs.get(i.replace(local_src, src) if i else i)
        if o is None:
            diff.append("missing %s" % i)
            continue
        for k in r:
            if k in ("worker", "ms"):  # who extracted it, and how long it took
                continue
            a, b = r[k], o.get(k)
            if isinstance(a, str):
                a = a.replace(local_src, src)
            if a != b:
                diff.append("%s %s: %r != %r" % (i, k, a, b))
    L.ok(summary == s_local and not diff and len(recs) == len(r_local),
         "remote: %s: read %s as the local replay, same records" % (name, summary),
         "local %r vs %r; %s" % (s_local, summary, "; ".join(diff[:5])))


url = srv.url("f/crawl.warc.gz")
s, recs, ids, text = run("plain", url)
compare("plain URL", url, s, recs)

n0 = len(srv.log)
url = srv.url("cut/crawl.warc.gz?every=50000")
s, recs, ids, text = run("cut", url)
ranges = [r for r in srv.log[n0:] if r[0].startswith("/cut/") and r[1]]
compare("connection cut every 50,000 bytes", url, s, recs)
size = os.path.getsize(local_src)
L.ok(len(ranges) >= size // 50000 and all(st == 206 for _, _, st in ranges),
     "remote: the cut stream resumed with %d Range requests (206)" % len(ranges), repr(srv.log[n0:]))

url = srv.url("norange/crawl.warc.gz?at=100000")
s, recs, ids, text = run("norange", url)
errs = [r for r in recs.values() if r.get("status") == "error" and "ignored the Range request" in (r.get("error") or "")]
before = [i for i in ids if i in r_local and recs[i].get("status") == "ok"]
L.ok(s is not None and len(errs) == 1 and len(ids) == len(set(ids)) and s[0] == len(ids),
     "remote: server ignoring Range after a cut: one error record, nothing duplicated (read %s)" % (s,),
     "summary %r errors %r ids %d unique %d" % (s, [r.get("error") for r in recs.values() if r.get("error")],
                                                 len(ids), len(set(ids))))
L.ok(len(before) >= 10 and all(recs[i].get("text") == r_local[i].get("text") for i in before),
     "remote: the %d pages before the cut are there with the same text" % len(before),
     repr([i for i in before if recs[i].get("text") != r_local[i].get("text")][:3]))
print("# " + (errs[0]["error"] if errs else "no error record"))

lst = os.path.join(d, "warc.paths.gz")
with gzip.open(lst, "wt") as f:
    f.write("# a crawl list\ncrawl.warc.gz\n")
s, recs, ids, text = run("sources", "--sources", lst, "--sources-base", srv.url("f/"))
compare("--sources warc.paths.gz --sources-base URL", srv.url("f/crawl.warc.gz"), s, recs)

url = srv.url("f/missing.warc.gz")
s, recs, ids, text = run("missing", url)
L.ok(s is not None and s[0] == 1 and s[2] == 1 and "HTTP status 404" in (recs.get(url) or {}).get("error", ""),
     "remote: a URL answering 404 is one error record (%s)" % ((recs.get(url) or {}).get("error"),), text[-300:])

srv.stop()
L.finish()
