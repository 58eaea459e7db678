"""netns_hosts.py -- three "hosts" (network namespaces), one worker host's
link cut mid-run: every record still arrives exactly once.

Namespaces (names carry this test's pid): A runs the sink and the replay,
its endpoints bound on A's address 10.231.0.1; B (10.231.0.2) and C
(10.231.0.3) run one worker each. Each namespace has a veth to a bridge in a
fourth, hub namespace. These 10.231.0.0/24 addresses exist only inside the
namespaces. After ~30% of the output, C's link goes down (`ip link set
eth0 down`): its worker's connections hang, the tasks it held come back
after their deadline and B does them. Checks: replay exits 0, every input
id exactly once, ok + error = read, both workers did work before the cut.

Skipped (# SKIP) without root, without `ip netns`, or where namespaces
cannot be created. Namespaces are deleted on any exit.
"""
import atexit
import os
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

NAME = "netns three hosts, one link cut"
N = 200
tag = "wn%d" % os.getpid()
NS = {"A": tag + "a", "B": tag + "b", "C": tag + "c", "H": tag + "h"}
ADDR = {"A": "10.231.0.1", "B": "10.231.0.2", "C": "10.231.0.3"}
created = []


def ip(*args, check=True):
    return subprocess.run(["ip"] + list(args), capture_output=True, text=True, check=check, timeout=20)


def cleanup():
    L._cleanup()  # processes first: they hold the namespaces
    for ns in reversed(created):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=20)
    created.clear()


atexit.register(cleanup)
for _s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_s, lambda s, f: (cleanup(), os._exit(1)))

if os.geteuid() != 0:
    L.skip(NAME, "not root: cannot create network namespaces")
    sys.exit(0)
if not shutil.which("ip"):
    L.skip(NAME, "no ip(8) (iproute2)")
    sys.exit(0)
pages = L.eval_pages(N)
if len(pages) < N:
    L.skip(NAME, "fewer than %d dev pages in ../shared/eval/pages" % N)
    sys.exit(0)
try:
    for key in ("H", "A", "B", "C"):
        ip("netns", "add", NS[key])
        created.append(NS[key])
        ip("-n", NS[key], "link", "set", "lo", "up")
except (subprocess.CalledProcessError, OSError) as e:
    cleanup()
    why = e.stderr.strip() if isinstance(e, subprocess.CalledProcessError) else str(e)
    L.skip(NAME, "cannot create network namespaces (%s)" % (why or "ip netns add failed"))
    sys.exit(0)

try:
    ip("-n", NS["H"], "link", "add", "br0", "type", "bridge")
    for key in ("A", "B", "C"):
        ip("-n", NS["H"], "link", "add", "h" + key, "type", "veth", "peer", "name", "eth0", "netns", NS[key])
        ip("-n", NS["H"], "link", "set", "h" + key, "master", "br0")
        ip("-n", NS["H"], "link", "set", "h" + key, "up")
        ip("-n", NS[key], "addr", "add", ADDR[key] + "/24", "dev", "eth0")
        ip("-n", NS[key], "link", "set", "eth0", "up")
    ip("-n", NS["H"], "link", "set", "br0", "up")
except subprocess.CalledProcessError as e:
    cleanup()
    L.skip(NAME, "cannot build the veth/bridge network (%s)" % e.stderr.strip())
    sys.exit(0)

d = L.tmpdir()
warc = os.path.join(d, "crawl.warc.gz")
out = os.path.join(d, "out.jsonl")
records, ids = [], set()
for name, html in pages:
    rid = L.record_id(name)
    ids.add(rid)
    records.append(L.warc_record("response", rid, "https://example.test/%s" % name, L.http_response(html)))
L.write_warc_gz(warc, records)

a = ADDR["A"]
common = ["--tasks", "tcp://%s:5557" % a, "--results", "tcp://%s:5558" % a, "--acks", "tcp://%s:5559" % a,
          "--hwm", "4", "--max-in-flight", "32", "--deadline-ms", str(2000 * L.SLOW), "--attempts", "10"]


def start_in(key, args, stderr=subprocess.PIPE):
    p = subprocess.Popen(["ip", "netns", "exec", NS[key], L.WINNOW] + args, stdout=subprocess.DEVNULL, stderr=stderr)
    L._procs.append(p)
    return p


sink = start_in("A", ["sink", "-q", "--output", out] + common)
wb = start_in("B", ["worker", "-q"] + common, stderr=subprocess.DEVNULL)
wc = start_in("C", ["worker", "-q"] + common, stderr=subprocess.DEVNULL)
replay = start_in("A", ["replay", "--timeout", str(90000 * L.SLOW)] + common + [warc])

L.wait_for(lambda: L.count_lines(out) >= N * 3 // 10 or replay.poll() is not None, 40 * L.SLOW)
cut_mid_run = replay.poll() is None
lines_at_cut = L.count_lines(out)
pids_before = {r.get("worker", "").rsplit("/", 1)[-1] for r in L.read_jsonl(out)}
cut = ip("-n", NS["C"], "link", "set", "eth0", "down", check=False)

try:
    rc = replay.wait(90 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
for p in (wb, wc):
    L.stop(p, signal.SIGKILL, 5)  # C's worker cannot flush anything any more
L.stop(sink)
rows = L.read_jsonl(out)
got = [r["id"] for r in rows]
s = L.summary(err)
rs = re.search(r"resent (\d+)", err)
by_worker = {}
for r in rows:
    pid = r.get("worker", "").rsplit("/", 1)[-1]
    by_worker[pid] = by_worker.get(pid, 0) + 1
print("# netns: read %s = ok %s + error %s; %d lines, %d distinct; cut C at %d lines; resent %s; "
      "lines by worker B=%d C=%d"
      % (s[0] if s else "?", s[1] if s else "?", s[2] if s else "?", len(got), len(set(got)), lines_at_cut,
         rs.group(1) if rs else "?", by_worker.get(str(wb.pid), 0), by_worker.get(str(wc.pid), 0)))
L.ok(cut.returncode == 0 and cut_mid_run, "netns: C's link cut while pages were in flight", cut.stderr)
L.ok(str(wb.pid) in pids_before and str(wc.pid) in pids_before, "netns: workers on B and C both worked before the cut",
     "%r vs B=%d C=%d" % (pids_before, wb.pid, wc.pid))
L.ok(rc == 0, "netns: replay accounts for every page and exits 0", "rc=%r %s" % (rc, err[-400:]))
L.ok(len(got) == len(set(got)) and set(got) == ids, "netns: every record arrives exactly once",
     "%d lines, %d distinct, missing %d" % (len(got), len(set(got)), len(ids - set(got))))
L.ok(s is not None and s[0] == N and s[1] + s[2] == s[0], "netns: ok + error = read = %d" % N, "summary=%r" % (s,))
cleanup()
left = ip("netns", "list", check=False).stdout
L.ok(tag not in left, "netns: namespaces removed", left)
L.finish()
