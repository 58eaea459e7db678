"""run_local.py -- `winnow run` reaches its own workers over ipc:// and
still takes workers from other hosts over the configured endpoints.

`winnow run` binds the source's tasks and the sink's results twice: on the
configured endpoints (here loopback TCP on free ports) and on ipc://
endpoints in its private directory, which the workers it starts use
(local_tasks, local_results in pipeline.conf(5)). The test starts one
outside worker on the TCP endpoints, then `winnow run --workers 1` over 300
pages, and checks: the run's own worker said it connects over ipc://, both
workers extracted pages, every id is in the output once, read = ok + error,
and the private directory (with its sockets) is gone afterwards.
"""
import os
import re
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

pages = L.eval_pages(300)
if len(pages) < 100:
    L.skip("run: local workers over ipc, outside workers over tcp", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
d = L.tmpdir()
src = os.path.join(d, "pages")
os.mkdir(src)
for name, html in pages:
    with open(os.path.join(src, name + ".html"), "wb") as f:
        f.write(html)

tcp = L.tcp_endpoints()
out = os.path.join(d, "out.jsonl")
conf = os.path.join(d, "test.conf")
with open(conf, "w") as f:
    f.write("[pipeline]\nworkers = 1\nremote_workers = true\ntasks = %s\nresults = %s\nacks = %s\n"
            "[delivery]\nhwm = 2\n[output]\npath = %s\n" % (tcp["tasks"], tcp["results"], tcp["acks"], out))

outside = L.start(["worker", "-q"] + L.flags(tcp))
run = L.start(["run", "--config", conf, src], stdout=subprocess.PIPE)
rc, stdout, stderr = L.wait_output(run, 120 * L.SLOW)
L.stop(outside)
lines = L.read_jsonl(out)
ids = [r.get("id") for r in lines]
want = {name for name, _ in pages}
m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)", stdout)
workers = {}
for r in lines:
    workers[r.get("worker")] = workers.get(r.get("worker"), 0) + 1
mine = "%s/%d" % (socket.gethostname(), outside.pid)
# Its own directory, as its worker names it (not a census of /tmp: other
# runs on the machine come and go meanwhile).
own = re.search(L.RUN_DIR.decode(), stderr)

L.ok(rc == 0 and m is not None and int(m.group(1)) == len(want) == int(m.group(2)) + int(m.group(3)),
     "run: exits 0, read N = ok + error with N = pages", "rc=%r stdout=%r" % (rc, stdout[-300:]))
L.ok(re.search(r"winnow worker \S+: tasks ipc://\S*winnow-run\.\S+/tasks, results ipc://", stderr) is not None,
     "run: its own worker connects over ipc:// in the run's private directory", stderr[-600:])
L.ok(workers.get(mine, 0) > 0 and len(workers) >= 2,
     "run: the outside worker on the TCP endpoints got pages too", "pages per worker %r (outside %s)" % (workers, mine))
L.ok(len(ids) == len(set(ids)) and set(ids) == want, "run: every page id once",
     "%d lines, %d distinct, %d wanted" % (len(ids), len(set(ids)), len(want)))
L.ok(own is not None and not os.path.exists(own.group(1)), "run: its private directory is removed",
     own.group(1) if own else "no private directory named in: " + stderr[-300:])
L.finish()
