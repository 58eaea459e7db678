"""fault_crash_page.py -- a page that kills every worker that touches it ends
as one error record after `attempts` sends; the run keeps going.

Uses the worker's test hook: with WINNOW_TEST_CRASH_MARKER set, a worker
aborts on a task body containing the marker (inert when the variable is
unset). `winnow run` with 2 workers, attempts = 3, over 40 dev pages plus 2
marked pages: each marked page crashes a worker on each of its 3 sends,
`winnow run` restarts the crashed workers, and the source gives up on the
page and writes "gave up after 3 attempts". Checks: run exits 0, every id
exactly once, the 2 marked pages are error records, ok + error = read,
3 to 6 worker restarts (one crash can take a send of both marked pages). Then the same marked pages without the variable: both ok,
no restart (the hook is inert).
"""
import os
import re
import resource
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # aborting workers leave no core files
MARKER = "wn-crash-7f3a9c"
N_GOOD = 40
pages = L.eval_pages(N_GOOD)
if len(pages) < N_GOOD:
    L.skip("crash page", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
d = L.tmpdir()
src = os.path.join(d, "pages")
crash_dir = os.path.join(d, "crash")
os.mkdir(src)
os.mkdir(crash_dir)
for name, html in pages:
    with open(os.path.join(src, name + ".html"), "wb") as f:
        f.write(html)
crash_ids = set()
for i in range(2):
    body = ("<html><head><title>Poison %d</title></head><body><article><p>This page carries %s and "
            "kills the worker. %s</p></article></body></html>" % (i, MARKER, "Filler words. " * 30))
    for where in (src, crash_dir):
        with open(os.path.join(where, "poison-%d.html" % i), "w") as f:
            f.write(body)
    crash_ids.add("poison-%d" % i)
n_pages = N_GOOD + 2
empty_conf = os.path.join(d, "empty.conf")
open(empty_conf, "w").close()


def run(srcdir, out, marker):
    env = dict(os.environ)
    env.pop("WINNOW_TEST_CRASH_MARKER", None)
    if marker:
        env["WINNOW_TEST_CRASH_MARKER"] = marker
    ep = L.endpoints(d)
    args = [L.WINNOW, "run", "--config", empty_conf, "--workers", "2", "--attempts", "3",
            "--deadline-ms", str(1500 * L.SLOW), "--hwm", "2", "--max-in-flight", "16", "--output", out] + \
        L.flags(ep) + [srcdir]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    L._procs.append(p)
    try:
        so, se = p.communicate(timeout=120 * L.SLOW)
    except subprocess.TimeoutExpired:
        p.kill()
        so, se = p.communicate()
        return None, so.decode(errors="replace"), se.decode(errors="replace")
    return p.returncode, so.decode(errors="replace"), se.decode(errors="replace")


out = os.path.join(d, "out.jsonl")
rc, so, se = run(src, out, MARKER)
rows = L.read_jsonl(out)
ids = [r["id"] for r in rows]
s = L.summary(so)
m = re.search(r"run: (\d+) worker/sink restarts, (\d+) tasks resent, (\d+) given up", so)
restarts = int(m.group(1)) if m else -1
poison = [r for r in rows if r["id"] in crash_ids]
print("# crash page: read %s = ok %s + error %s; %d lines, %d distinct; restarts %d; %s"
      % (s[0] if s else "?", s[1] if s else "?", s[2] if s else "?", len(ids), len(set(ids)), restarts,
         m.group(0) if m else "no run line"))
L.ok(rc == 0, "crash page: winnow run exits 0 with workers dying on a page", "rc=%r %s %s" % (rc, so[-300:], se[-500:]))
L.ok(len(ids) == len(set(ids)) and set(ids) == {n for n, _ in pages} | crash_ids,
     "crash page: every id exactly once in the output", "%d lines, %d distinct, %d pages" % (len(ids), len(set(ids)), n_pages))
L.ok(len(poison) == 2 and all(r["status"] == "error" and "gave up after 3 attempts" in (r["error"] or "")
                              for r in poison),
     "crash page: each marked page is an error record after 3 attempts", repr([(r["id"], r["error"]) for r in poison]))
L.ok(s is not None and s[0] == n_pages and s[1] + s[2] == s[0] and s[2] >= 2,
     "crash page: ok + error = read = %d" % n_pages, "summary=%r" % (s,))
# Each send of a marked page kills the worker holding it; one crash can take
# a send of both marked pages (and of ordinary pages queued behind them,
# which come back after the deadline -- or, unlucky 3 times, end as
# "gave up" records too: still accounted for).
L.ok(3 <= restarts <= 6, "crash page: run restarted the crashed workers (3..6 crashes) and kept going",
     "restarts=%d %s" % (restarts, se[-400:]))
others = [r for r in rows if r["status"] == "error" and r["id"] not in crash_ids]
print("# crash page: %d other error records: %r" % (len(others), [(r["id"], r["error"]) for r in others][:6]))
L.ok(not others, "crash page: no other page ends as an error (resends go one at a time)",
     "%r" % [(r["id"], r["error"]) for r in others][:6])

# Without the variable the hook does nothing: the same pages are ordinary pages.
out2 = os.path.join(d, "inert.jsonl")
rc2, so2, se2 = run(crash_dir, out2, None)
rows2 = L.read_jsonl(out2)
m2 = re.search(r"run: (\d+) worker/sink restarts", so2)
L.ok(rc2 == 0 and len(rows2) == 2 and all(r["status"] == "ok" for r in rows2) and (m2 is None or m2.group(1) == "0"),
     "crash page: the hook is inert when WINNOW_TEST_CRASH_MARKER is unset",
     "rc=%r %r %s" % (rc2, [(r["id"], r["status"]) for r in rows2], so2[-200:]))
L.finish()
