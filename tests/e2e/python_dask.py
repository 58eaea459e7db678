#!/usr/bin/env python3
"""python_dask.py -- WARC shards extracted on a dask.distributed LocalCluster
(2 worker processes) with the winnow module, against `winnow run`.

Shards: 4 WARC.gz files of dev pages (../shared/eval/pages; the corpus
pages when it is absent), one with a PNG and a 404 response among them,
one with a brotli-encoded body,
plus corpus/crawl.warc.gz with its damaged records. python/examples/
dask_warc.py runs one task per shard, each writing a JSONL file. Then
`winnow run` over the same shards. Checks: one result per shard, each
shard's read = ok + error; every id of the run's output is in the Dask
output exactly once (duplicates 0, lost 0, extra 0); the same status,
text and error for every id. Prints the accounting and both wall times.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_env  # noqa: E402

winnow = python_env.load("python: dask")
import pipeline_lib as L  # noqa: E402

try:
    from dask.distributed import Client, LocalCluster
except ImportError as e:
    print("not ok - python: dask: import dask.distributed (%s; apt-get install python3-distributed)" % e)
    sys.exit(1)

sys.path.insert(0, os.path.join(python_env.ROOT, "python", "examples"))
import dask_warc  # noqa: E402


def main():
    d = L.tmpdir()
    pages = L.eval_pages(240)
    if len(pages) < 100:
        pdir = os.path.join(python_env.ROOT, "corpus", "pages")
        pages = [(n[:-5], open(os.path.join(pdir, n), "rb").read()) for n in sorted(os.listdir(pdir))
                 if n.endswith(".html")]
    shards = []
    per = (len(pages) + 3) // 4
    for k in range(4):
        recs = []
        for name, html in pages[k * per:(k + 1) * per]:
            url = "https://shard%d.example.test/%s" % (k, name)
            recs.append(L.warc_record("request", L.record_id("req/" + url), url, b"GET / HTTP/1.1\r\n\r\n",
                                      content_type="application/http;msgtype=request"))
            recs.append(L.warc_record("response", L.record_id(url), url, L.http_response(html)))
        if k == 1:
            recs.append(L.warc_record("response", L.record_id("png"), "https://shard1.example.test/x.png",
                                      L.http_response(b"\x89PNG\r\n\x1a\n" + bytes(64), ctype="image/png")))
            recs.append(L.warc_record("response", L.record_id("404"), "https://shard1.example.test/gone",
                                      L.http_response(b"<html><body>gone</body></html>", status="404 Not Found")))
        if k == 2:  # a brotli-encoded body (libbrotlienc, quality 11), decoded by both paths
            br = bytes.fromhex("1b3300a01ca7c19a9f1d8f50e9fde20327a75b78c4e8641adb1b4ce480bd15909cfcd1e9cf08e5d285"
                               "466f8ed91f420c3024b901")
            recs.append(L.warc_record("response", L.record_id("br"), "https://shard2.example.test/br",
                                      L.http_response(br, headers=["Content-Encoding: br"])))
        path = os.path.join(d, "shard-%d.warc.gz" % k)
        L.write_warc_gz(path, recs)
        shards.append(path)
    shards.append(os.path.join(python_env.ROOT, "corpus", "crawl.warc.gz"))

    # Dask: workers import winnow from the build under test.
    os.environ["PYTHONPATH"] = os.path.join(python_env.BUILD, "python") + os.pathsep + os.environ.get("PYTHONPATH", "")
    out_dir = os.path.join(d, "dask")
    t0 = time.monotonic()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    nworkers = len(client.scheduler_info()["workers"])
    t1 = time.monotonic()
    try:
        results = dask_warc.run(shards, out_dir, client)
        t_tasks = time.monotonic() - t1
    finally:
        client.close()
        cluster.close()
    t_dask = time.monotonic() - t0

    dask_recs = []
    for r in results:
        dask_recs += L.read_jsonl(r["output"])
    pids = {r["worker_pid"] for r in results}
    L.ok(nworkers >= 2 and len(results) == len(shards) and all(r["read"] == r["ok"] + r["error"] for r in results),
         "python: dask: %d shards on a LocalCluster of %d worker processes, one task each (ran in %d processes)"
         % (len(shards), nworkers, len(pids)), repr(results))

    # winnow run over the same shards.
    out = os.path.join(d, "run.jsonl")
    tcp = L.tcp_endpoints()
    conf = os.path.join(d, "run.conf")
    with open(conf, "w") as f:
        f.write("[pipeline]\nworkers = 2\ntasks = %s\nresults = %s\nacks = %s\n[output]\npath = %s\n"
                % (tcp["tasks"], tcp["results"], tcp["acks"], out))
    t0 = time.monotonic()
    p = L.start(["run", "--config", conf, "-q"] + shards, stdout=subprocess.PIPE)
    rc, stdout, stderr = L.wait_output(p, 300 * L.SLOW)
    t_run = time.monotonic() - t0
    s_run = L.summary((stdout or "") + (stderr or ""))
    run_recs = {r["id"]: r for r in L.read_jsonl(out)}

    ids = [r["id"] for r in dask_recs]
    seen = {}
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
    dups = sum(n - 1 for n in seen.values())
    lost = [i for i in run_recs if i not in seen]
    extra = [i for i in seen if i not in run_recs]
    tot = {k: sum(r[k] for r in results) for k in ("read", "ok", "error", "skipped")}
    print("# dask: %d shards, %d records (ok %d, error %d, skipped %d non-page), %d duplicates, %d lost; "
          "wall %.1f s with the cluster's start, %.1f s for the tasks -- winnow run on the same shards: "
              "read %s, wall %.1f s"
          % (len(shards), len(ids), tot["ok"], tot["error"], tot["skipped"], dups, len(lost), t_dask, t_tasks,
             "%d = ok %d + error %d" % s_run[:3] if s_run else "?", t_run))
    L.ok(rc == 0 and s_run is not None and s_run[0] == len(run_recs), "python: dask: winnow run over the same shards: "
         "read %s" % (s_run,), (stderr or "")[-400:])
    L.ok(dups == 0 and not lost and not extra and len(ids) == tot["read"] == len(run_recs),
         "python: dask: every record exactly once (%d records, %d duplicates, %d lost, %d extra)"
         % (len(ids), dups, len(lost), len(extra)), repr((lost[:3], extra[:3])))
    by_id = {r["id"]: r for r in dask_recs}
    diff = [i for i in run_recs if i in by_id and
            (by_id[i]["status"], by_id[i]["text"], by_id[i]["error"]) !=
            (run_recs[i]["status"], run_recs[i]["text"], run_recs[i]["error"])]
    brr = by_id.get(L.record_id("br"), {})
    L.ok(brr.get("status") == "ok" and "brotli-encoded page" in brr.get("text", "")
         and run_recs.get(L.record_id("br"), {}).get("text") == brr.get("text"),
         "python: dask: a Content-Encoding br body is decoded (module and worker alike)", repr(brr)[:300])
    L.ok(not diff and len(by_id) == len(run_recs),
         "python: dask: the same status, text and error as winnow run for all %d records" % len(run_recs),
         "; ".join("%s: %r vs %r" % (i, by_id[i].get("error") or by_id[i]["text"][:60],
                                       run_recs[i].get("error") or run_recs[i]["text"][:60]) for i in diff[:3]))


if __name__ == "__main__":  # Dask's worker processes start with "spawn": they import this file
    main()
    L.finish()
