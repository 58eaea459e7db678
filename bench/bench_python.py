#!/usr/bin/env python3
"""bench_python.py BUILD PAGES_DIR -- the Python module's figures (make bench-python).

1. Threads: the pages (.html.gz, decompressed in memory) extracted by one
   thread with a winnow.Extractor, then by 2 threads with one each (pages
   interleaved); pages/s and the speed-up (goal: >= 1.8x on 2 cores, the
   GIL being released during extraction).
2. In-Python vs the tool, the same work: `winnow extract --format json` over
   the .html.gz files (read, gunzip, extract, one JSON line each to
   /dev/null) against a Python loop that reads each file, extracts it with
   one Extractor and writes json.dumps(record) to /dev/null (goal: >= 90%).
Medians of RUNS runs (default 5); wall-clock, so run it on a quiet machine.
Benchmarks only: nothing here is a pass/fail test.
"""
import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
import time

build, pages_dir = sys.argv[1], sys.argv[2]
runs = int(os.environ.get("RUNS", "5"))
sys.path.insert(0, os.path.join(build, "python"))
import winnow  # noqa: E402

files = sorted(os.path.join(pages_dir, f) for f in os.listdir(pages_dir) if f.endswith(".html.gz"))
if not files:
    sys.exit("bench-python: no .html.gz pages in %s" % pages_dir)
pages = [gzip.open(f).read() for f in files]
n = len(pages)


def run_threads(k):
    parts = [pages[i::k] for i in range(k)]
    xs = [winnow.Extractor() for _ in range(k)]

    def work(i):
        ex = xs[i]
        for p in parts[i]:
            try:
                ex.extract(p)
            except winnow.Error:
                pass

    ts = [threading.Thread(target=work, args=(i,)) for i in range(k)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


print("== Python module: threads (%d pages in memory, medians of %d runs)" % (n, runs))
run_threads(1)  # warm up
t1 = statistics.median(run_threads(1) for _ in range(runs))
t2 = statistics.median(run_threads(2) for _ in range(runs))
print("1 thread   %7.1f pages/s (%.2f s)" % (n / t1, t1))
print("2 threads  %7.1f pages/s (%.2f s): %.2fx one thread (goal >= 1.8x on 2 cores; %d cores here)"
      % (n / t2, t2, t1 / t2, os.cpu_count() or 0))


def python_json():
    ex = winnow.Extractor()
    c0 = time.process_time()
    t0 = time.perf_counter()
    with open(os.devnull, "w") as out:
        for f in files:
            with open(f, "rb") as fh:
                raw = fh.read()
            try:
                rec = ex.extract(raw)
            except winnow.Error as e:
                rec = e.record
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, time.process_time() - c0


def cli_json():
    t0 = time.perf_counter()
    p = subprocess.Popen([os.path.join(build, "winnow"), "extract", "--format", "json"] + files,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime


print("== Python module vs winnow extract, same work: %d .html.gz files -> JSON lines (medians of %d runs)"
      % (n, runs))
tp, tc, cp, cc = [], [], [], []
for _ in range(runs):  # alternate, so that a change of load hits both
    w, c = cli_json()
    tc.append(w)
    cc.append(c)
    w, c = python_json()
    tp.append(w)
    cp.append(c)
tp, tc, cp, cc = (statistics.median(x) for x in (tp, tc, cp, cc))
print("winnow extract  %7.1f pages/s (wall %.2f s, CPU %.2f s)" % (n / tc, tc, cc))
print("Python module   %7.1f pages/s (wall %.2f s, CPU %.2f s): %.0f%% of the tool's pages/s, %.0f%% by CPU time "
      "(goal >= 90%%)" % (n / tp, tp, cp, 100.0 * tc / tp, 100.0 * cc / cp))
