"""pipeline_run.py -- `winnow run` restarts a killed worker and still
accounts for everything.

Runs `winnow run` with 2 workers over a directory of dev pages (from
../shared/eval/pages, or the corpus pages), kill -9's one of its worker
children once results are flowing, and checks: run exits 0, reports the
restart, prints read N = ok M + error E with N = number of pages, and the
output holds every page id exactly once.
"""
import os
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

d = L.tmpdir()
pages = os.path.join(d, "pages")
os.mkdir(pages)
n = 0
if os.path.isdir(L.EVAL_PAGES):
    for f in sorted(os.listdir(L.EVAL_PAGES))[:600]:
        if f.endswith(".html.gz"):
            os.symlink(os.path.join(os.path.abspath(L.EVAL_PAGES), f), os.path.join(pages, f))
            n += 1
if n < 50:
    L.skip("run restarts a killed worker", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
ids = {f[: -len(".html.gz")] for f in os.listdir(pages)}
ep = L.endpoints(d)
out = os.path.join(d, "out.jsonl")
conf = os.path.join(d, "test.conf")
with open(conf, "w") as f:
    f.write("[pipeline]\nworkers = 2\ntasks = %s\nresults = %s\nacks = %s\n"
            "[delivery]\nhwm = 4\nmax_in_flight = 32\ndeadline_ms = %d\nattempts = 5\n"
            "[output]\npath = %s\n" % (ep["tasks"], ep["results"], ep["acks"], 3000 * L.SLOW, out))
run = L.start(["run", "--config", conf, pages], stdout=subprocess.PIPE)


seen = set()


def worker_children():
    kids = [k for k, comm in L.children(run.pid) if comm == "winnow-worker"]
    seen.update(kids)
    return sorted(kids)


L.wait_for(lambda: L.count_lines(out) >= 40 or run.poll() is not None, 60 * L.SLOW)
victims = worker_children()
killed = None
if run.poll() is None and victims:
    killed = victims[0]
    os.kill(killed, signal.SIGKILL)
restarted = L.wait_for(lambda: run.poll() is not None or len([p for p in worker_children() if p != killed]) >= 2,
                       10 * L.SLOW)
rc, stdout, stderr = L.wait_output(run, 120 * L.SLOW)

L.ok(killed is not None, "run: a worker child was killed mid-run", "children=%r" % victims)
L.ok(restarted and re.search(r"worker pid %d killed by signal 9; restarted" % (killed or 0), stderr),
     "run: the killed worker was restarted", stderr[-600:])
L.ok(rc == 0, "run: exits 0 once everything is accounted for", "rc=%r\n%s" % (rc, stderr[-600:]))
m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)", stdout)
L.ok(m is not None and int(m.group(1)) == len(ids) and int(m.group(2)) + int(m.group(3)) == len(ids),
     "run: read %d = ok + error" % len(ids), stdout)
got = [r["id"] for r in L.read_jsonl(out)]
L.ok(len(got) == len(set(got)) and set(got) == ids, "run: output holds every page exactly once",
     "%d lines, %d distinct, %d expected" % (len(got), len(set(got)), len(ids)))
alive = [p for p in seen if os.path.exists("/proc/%d" % p)]
L.ok(seen and not alive, "run: no worker left running", "alive=%r" % alive)
L.finish()
