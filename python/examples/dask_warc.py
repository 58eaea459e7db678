#!/usr/bin/env python3
"""dask_warc.py -- extract WARC shards on a Dask cluster with the winnow module.

One task per shard: the task reads its WARC (a path every worker can see,
or an http(s) URL) with winnow.extract_warc and writes one JSON Lines file
per shard, OUT_DIR/<shard name>.jsonl, through a temporary file renamed at
the end -- a task that Dask retries (a worker died) rewrites its shard
whole, so no record is ever written twice, and a shard file exists only
complete. The task returns the shard's accounting: read = ok + error, and
skipped non-page records, as `winnow replay` prints it.

    python3 dask_warc.py OUT_DIR SHARD...                 # a LocalCluster, 2 worker processes
    python3 dask_warc.py --scheduler tcp://host:8786 OUT_DIR SHARD...
    python3 dask_warc.py --sources warc.paths.gz --base https://data.commoncrawl.org/ OUT_DIR

Workers must be able to `import winnow` (PYTHONPATH=build/python, or the
module installed); the winnow module releases the GIL, so threads_per_worker
> 1 also scales. See docs/python.md.
"""
import argparse
import gzip
import json
import os
import sys
import time


def shard_name(src):
    """A file name for a shard's output: its last path component without .warc(.gz)."""
    base = src.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "shard"
    for ext in (".gz", ".warc"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base


def extract_shard(src, out_dir, options=None):
    """The Dask task: one shard in, one JSONL out. Returns its accounting dict."""
    import winnow  # imported on the worker

    out = os.path.join(out_dir, shard_name(src) + ".jsonl")
    tmp = "%s.part-%d" % (out, os.getpid())
    t0 = time.monotonic()
    it = winnow.extract_warc(src, **(options or {}))
    with open(tmp, "w", encoding="utf-8") as f:
        for rec in it:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, out)
    res = {"shard": src, "output": out, "worker_pid": os.getpid(), "seconds": time.monotonic() - t0}
    res.update(it.stats)
    return res


def run(shards, out_dir, client, options=None):
    """Submits one task per shard on `client` and returns their results, in shard order."""
    os.makedirs(out_dir, exist_ok=True)
    futures = client.map(extract_shard, shards, out_dir=out_dir, options=options, pure=False)
    return client.gather(futures)


def read_sources(path, base=None):
    """The lines of a source list (plain or gzip, e.g. Common Crawl's warc.paths.gz)."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    out = []
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if base and "://" not in line and not line.startswith("/"):
                line = base.rstrip("/") + "/" + line
            out.append(line)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("shards", nargs="*")
    ap.add_argument("--sources", help="file listing shards, one per line (plain or gzip)")
    ap.add_argument("--base", help="prefix for relative lines of --sources")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--format", default="text", choices=("text", "markdown"))
    a = ap.parse_args(argv)
    shards = list(a.shards) + (read_sources(a.sources, a.base) if a.sources else [])
    if not shards:
        ap.error("no shards")
    from dask.distributed import Client, LocalCluster

    t0 = time.monotonic()
    if a.scheduler:
        client, cluster = Client(a.scheduler), None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        results = run(shards, a.out_dir, client, {"format": a.format})
    finally:
        client.close()
        if cluster:
            cluster.close()
    tot = {k: sum(r[k] for r in results) for k in ("read", "ok", "error", "skipped")}
    print("%d shards: read %d = ok %d + error %d (skipped %d non-page records) in %.1f s"
          % (len(results), tot["read"], tot["ok"], tot["error"], tot["skipped"], time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
