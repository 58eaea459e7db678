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
Run twice: plaintext, then with CURVE as a multi-host deployment would have
it (server pair + authorized_keys on A, a key pair of their own on B and C).

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
records, ids = [], set()
for name, html in pages:
    rid = L.record_id(name)
    ids.add(rid)
    records.append(L.warc_record("response", rid, "https://example.test/%s" % name, L.http_response(html)))
L.write_warc_gz(warc, records)

a = ADDR["A"]


def keygen(name):
    subprocess.run([L.WINNOW, "keygen", os.path.join(d, name)], check=True, capture_output=True)
    return [open(os.path.join(d, name + ext)).read().strip() for ext in (".pub", ".key")]


def start_in(key, args, stderr=subprocess.PIPE):
    p = subprocess.Popen(["ip", "netns", "exec", NS[key], L.WINNOW] + args, stdout=subprocess.DEVNULL, stderr=stderr)
    L._procs.append(p)
    return p


def connected(key, port):
    """True once host `key` has an established TCP connection to A's `port`."""
    r = subprocess.run(["ip", "netns", "exec", NS[key], "ss", "-Htn", "state", "established",
                        "dst", "%s:%d" % (a, port)], capture_output=True, text=True, timeout=20)
    return r.returncode == 0 and r.stdout.strip() != ""


def one_pass(label, port, curve):
    """One replay of the WARC across the three hosts; C's link is cut mid-run
    (and brought back up afterwards for the next pass)."""
    out = os.path.join(d, label + ".jsonl")
    common = ["--tasks", "tcp://%s:%d" % (a, port), "--results", "tcp://%s:%d" % (a, port + 1),
              "--acks", "tcp://%s:%d" % (a, port + 2), "--hwm", "4", "--max-in-flight", "32",
              "--deadline-ms", str(2000 * L.SLOW), "--attempts", "10"]
    conf = {k: [] for k in "ABC"}
    if curve:
        # Per-host configuration as a real deployment has it: the server pair
        # and authorized_keys on A only; B and C get their own pair each.
        spub, ssec = keygen(label + "-server")
        bpub, bsec = keygen(label + "-worker-b")
        cpub, csec = keygen(label + "-worker-c")
        auth = os.path.join(d, label + ".authorized_keys")
        with open(auth, "w") as f:
            f.write("%s worker-b\n%s worker-c\n" % (bpub, cpub))
        body = {"A": "server_public_key = %s\nserver_secret_key = %s\nauthorized_keys = %s\n" % (spub, ssec, auth),
                "B": "server_public_key = %s\nclient_public_key = %s\nclient_secret_key = %s\n" % (spub, bpub, bsec),
                "C": "server_public_key = %s\nclient_public_key = %s\nclient_secret_key = %s\n" % (spub, cpub, csec)}
        for k in "ABC":
            path = os.path.join(d, "%s-%s.conf" % (label, k))
            with open(path, "w") as f:
                f.write("[curve]\n" + body[k])
            conf[k] = ["--config", path]
    sink = start_in("A", ["sink", "-q", "--output", out] + conf["A"] + common)
    wb = start_in("B", ["worker", "-q"] + conf["B"] + common, stderr=subprocess.DEVNULL)
    wc = start_in("C", ["worker", "-q"] + conf["C"] + common, stderr=subprocess.DEVNULL)
    # Both workers up and connected to the sink before any task exists: under
    # load one worker can start late enough that the other does every page
    # before the cut, and then the test would not be testing a cut worker.
    L.wait_for(lambda: connected("B", port + 1) and connected("C", port + 1), 30 * L.SLOW)
    replay = start_in("A", ["replay", "--timeout", str(90000 * L.SLOW)] + conf["A"] + common + [warc])

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
    ip("-n", NS["C"], "link", "set", "eth0", "up", check=False)
    rows = L.read_jsonl(out)
    got = [r["id"] for r in rows]
    s = L.summary(err)
    rs = re.search(r"resent (\d+)", err)
    by_worker = {}
    for r in rows:
        pid = r.get("worker", "").rsplit("/", 1)[-1]
        by_worker[pid] = by_worker.get(pid, 0) + 1
    print("# netns %s: read %s = ok %s + error %s; %d lines, %d distinct; cut C at %d lines; resent %s; "
          "lines by worker B=%d C=%d"
          % (label, s[0] if s else "?", s[1] if s else "?", s[2] if s else "?", len(got), len(set(got)),
             lines_at_cut, rs.group(1) if rs else "?", by_worker.get(str(wb.pid), 0), by_worker.get(str(wc.pid), 0)))
    L.ok(cut.returncode == 0 and cut_mid_run, "netns %s: C's link cut while pages were in flight" % label, cut.stderr)
    L.ok(str(wb.pid) in pids_before and str(wc.pid) in pids_before,
         "netns %s: workers on B and C both worked before the cut" % label,
         "%r vs B=%d C=%d" % (pids_before, wb.pid, wc.pid))
    L.ok(rc == 0, "netns %s: replay accounts for every page and exits 0" % label, "rc=%r %s" % (rc, err[-400:]))
    L.ok(len(got) == len(set(got)) and set(got) == ids, "netns %s: every record arrives exactly once" % label,
         "%d lines, %d distinct, missing %d" % (len(got), len(set(got)), len(ids - set(got))))
    L.ok(s is not None and s[0] == N and s[1] + s[2] == s[0], "netns %s: ok + error = read = %d" % (label, N),
         "summary=%r" % (s,))


one_pass("plain", 5557, False)
one_pass("curve", 5567, True)
cleanup()
left = ip("netns", "list", check=False).stdout
L.ok(tag not in left, "netns: namespaces removed", left)
L.finish()
