"""ops_cases.py -- issue 17's ten operator cases, end to end (docs/winnow-run.1).

Each case prints its figure ("# case N: ...") and checks the behaviour; every
wait is bounded (no speed assertions: the bounds only stop a hang). Loopback
(ipc:// in private directories) only.

 1 two runs on one output: the second is refused, the first's file is valid
 2 sink kill -9 with .jsonl.gz: gzip reads it whole, every id once, a rerun resumes
 3 kill -9 of run: no child left 5 s later, private directory gone
 4 64 and 10,000 forged ack endpoints: the real replay still finishes
 5 replay --timeout with a full window and no worker ends; SIGTERM ends it;
   a full disk (RLIMIT_FSIZE) and a missing directory end the run with a
   summary, no restart loop; the same endpoint for two roles is refused
 6 a worker killed near the end: its tasks are resent at once, not after the
   deadline (deadline_ms is longer than the bound)
 7 SIGINT to the process group: exit 130, 0 restarts, "interrupted: N not yet processed"
 8 rerun after the interrupt: pages already in the output are skipped, none extracted twice
 9 two local runs at once, default endpoints: both exit 0
10 config errors name the right line; port 99999 and --config DIR refused;
   every subcommand reads ./pipeline.conf; a wrongly typed header field
   becomes an error record
"""
import gzip
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

try:
    import zmq
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-zmq under another python3
    try:
        import zmq
    except ImportError:
        zmq = None

N = 600 if L.SANITIZED else 2000
pages = L.eval_pages(N)
if len(pages) < 200:
    L.skip("ops cases", "no dev pages in ../shared/eval/pages")
    sys.exit(0)
N = len(pages)
d = L.tmpdir()
src = os.path.join(d, "pages")
os.mkdir(src)
for name, html in pages:
    with open(os.path.join(src, name + ".html"), "wb") as f:
        f.write(html)
IDS = {name for name, _ in pages}
small = os.path.join(d, "small")
os.mkdir(small)
for name, html in pages[:50]:
    with open(os.path.join(small, name + ".html"), "wb") as f:
        f.write(html)


# OPS_BEFORE=1: measuring a build from before issue 17 (which binds fixed TCP
# ports in every run): each run gets ports of its own, as an operator would.
BEFORE = os.environ.get("OPS_BEFORE") == "1"


def conf(path, extra=""):
    eps = ""
    if BEFORE:
        t = L.tcp_endpoints()
        eps = "tasks = %s\nresults = %s\nacks = %s\n" % (t["tasks"], t["results"], t["acks"])
    with open(path, "w") as f:
        f.write("[pipeline]\nworkers = 2\n" + eps + "[delivery]\nhwm = 4\nmax_in_flight = 32\n" + extra)
    return path


def run(args, cwd=None, **kw):
    """`winnow run ARGS` in a process group of its own (so a hung run and
    whatever it left can be ended as a whole)."""
    kw.setdefault("start_new_session", True)
    p = subprocess.Popen([L.WINNOW, "run"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, **kw)
    L._procs.append(p)
    return p


def finish(p, timeout):
    try:
        out, err = p.communicate(timeout=timeout * L.SLOW)
        return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)  # the run and any child it left holding the pipes
        except OSError:
            p.kill()
        out, err = p.communicate()
        return None, out.decode(errors="replace"), err.decode(errors="replace")


def ids_of(path):
    """Ids of the lines of path; raises ValueError on a line that is not JSON
    (and zlib/EOF errors for a damaged .gz)."""
    rows = []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        for line in f:
            rows.append(json.loads(line))
    return [r["id"] for r in rows]


def census(path):
    """(lines, invalid lines, distinct ids) of a plain JSON Lines file."""
    lines = invalid = 0
    ids = set()
    with open(path, "rb") as f:
        for line in f:
            lines += 1
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                invalid += 1
    return lines, invalid, ids


# 1 -- two runs on one output
out1 = os.path.join(d, "one.jsonl")
a = run(["--config", conf(os.path.join(d, "a.conf")), "--output", out1, src])
L.wait_for(lambda: L.count_lines(out1) >= 20 or a.poll() is not None, 60 * L.SLOW)
b = run(["--config", conf(os.path.join(d, "b.conf")), "--output", out1, src])
rb, _, eb = finish(b, 120)
ra, _, ea = finish(a, 300)
try:
    got = ids_of(out1)
    valid = True
except ValueError:
    got, valid = [], False
nl, ninv, cids = census(out1)
print("# case 1: second run rc=%r, first rc=%r; %d lines, %d invalid JSON, %d duplicates, %d ids missing"
      % (rb, ra, nl, ninv, nl - ninv - len(cids), len(IDS - cids)))
L.ok(rb not in (0, None) and "another process is writing it" in eb, "ops 1: a second run on the same output is refused",
     eb[-400:])
L.ok(ra == 0 and valid and len(got) == len(set(got)) and set(got) == IDS, "ops 1: the first run's file is valid, every id once",
     "rc=%r %s" % (ra, ea[-300:]))

# 2 -- sink kill -9 with .jsonl.gz, then a rerun resumes
gz = os.path.join(d, "g.jsonl.gz")
p = run(["--config", conf(os.path.join(d, "g.conf")), "--output", gz, src])


def gz_bytes():
    try:
        return os.path.getsize(gz)
    except OSError:
        return 0


L.wait_for(lambda: gz_bytes() > 20000 or p.poll() is not None, 60 * L.SLOW)
sinks = [k for k, comm in L.children(p.pid) if comm == "winnow-sink"]
if sinks:
    os.kill(sinks[0], signal.SIGKILL)
rc, out, err = finish(p, 300)
try:
    got = ids_of(gz)
    readable = True
except Exception:  # zlib.error, EOFError, OSError, ValueError: gzip tools cannot read it
    got, readable = [], False
r2 = run(["--config", conf(os.path.join(d, "g.conf")), "--output", gz, src])
rc2, out2, err2 = finish(r2, 120)
m = re.search(r"(\d+) already in the output", out2)
print("# case 2: sink killed: %s; run rc=%r; gzip readable %s; %d lines, %d distinct; rerun rc=%r, %s already in the output"
      % (bool(sinks), rc, readable, len(got), len(set(got)), rc2, m.group(1) if m else "?"))
L.ok(bool(sinks) and rc == 0 and "restarted" in err, "ops 2: the run restarts a kill -9'd sink and exits 0", err[-400:])
L.ok(readable and len(got) == len(set(got)) and set(got) == IDS, "ops 2: gzip reads the whole .jsonl.gz, every id once",
     "readable=%r lines=%d distinct=%d" % (readable, len(got), len(set(got))))
L.ok(rc2 == 0 and m is not None and int(m.group(1)) == N, "ops 2: a rerun resumes (every page already done)", out2 + err2[-300:])

# 3 -- kill -9 of run
out3 = os.path.join(d, "three.jsonl")
p = run(["--config", conf(os.path.join(d, "k.conf")), "--output", out3, src])
# Its own private directory, as it names it (not a census of /tmp: other
# runs on the machine come and go meanwhile).
own = L.stderr_search(p, L.RUN_DIR, 60 * L.SLOW)
own = own.group(1).decode() if own else None
L.wait_for(lambda: L.count_lines(out3) >= 20 or p.poll() is not None, 60 * L.SLOW)
kids = [k for k, _ in L.children(p.pid)]
p.kill()
p.wait()
L.wait_for(lambda: not [k for k in kids if os.path.exists("/proc/%d" % k)], 5 * L.SLOW)
alive = [k for k in kids if os.path.exists("/proc/%d" % k) and
         open("/proc/%d/stat" % k).read().split(")")[1].split()[0] != "Z"]
L.wait_for(lambda: own and not os.path.exists(own), 5 * L.SLOW)
left_dir = own is None or os.path.exists(own)
print("# case 3: run kill -9'd with %d children; %d alive %d s later; private directory %s left: %s"
      % (len(kids), len(alive), 5 * L.SLOW, own, left_dir))
for k in alive:
    os.kill(k, signal.SIGKILL)
L.ok(kids and not alive, "ops 3: no child of a kill -9'd run is left", repr(alive))
L.ok(not left_dir, "ops 3: its private directory is removed", repr(own))

# 4 -- forged ack endpoints
if zmq is None:
    L.skip("ops 4: forged ack endpoints", "python3-zmq missing")
else:
    for forged in (64, 10000):
        e = L.tmpdir()
        ep = L.endpoints(e)
        out4 = os.path.join(e, "out.jsonl")
        sink = L.start(["sink", "-q", "--output", out4] + L.flags(ep))
        ctx = zmq.Context()
        push = ctx.socket(zmq.PUSH)
        push.connect(ep["results"])
        for i in range(forged):
            hdr = {"id": "forged-%d" % i, "url": None, "status": "ok", "error": None,
                   "ack": "ipc://%s/nowhere-%d" % (e, i) if i % 2 else "tcp://127.0.0.1:%d" % (1 + i % 60000)}
            push.send_multipart([b"WNR1", json.dumps(hdr).encode(), b""])
        L.wait_for(lambda: L.count_lines(out4) >= forged, 60 * L.SLOW)
        push.close(0)
        ctx.term()
        worker = L.start(["worker", "-q"] + L.flags(ep))
        t0 = time.time()
        rp = L.start(["replay", "-q", "--timeout", str(30000 * L.SLOW)] + L.flags(ep) + [small])
        try:
            rrc = rp.wait(90 * L.SLOW)
        except subprocess.TimeoutExpired:
            rrc = None
        took = time.time() - t0
        L.stop(worker)
        L.stop(sink)
        print("# case 4: %d forged ack endpoints: real replay rc=%r after %.1f s; %d lines" %
              (forged, rrc, took, L.count_lines(out4)))
        L.ok(rrc == 0, "ops 4: after %d forged ack endpoints the real replay finishes" % forged)

# 5 -- bounded waits
e = L.tmpdir()
ep = L.endpoints(e)
sink = L.start(["sink", "-q", "--output", os.path.join(e, "o.jsonl")] + L.flags(ep))
t0 = time.time()
rp = L.start(["replay", "-q", "--max-in-flight", "4", "--timeout", "2000"] + L.flags(ep) + [small])
try:
    rrc = rp.wait(60 * L.SLOW)
except subprocess.TimeoutExpired:
    rrc = None
took = time.time() - t0
rp2 = L.start(["replay", "-q", "--max-in-flight", "4"] + L.flags(L.endpoints(L.tmpdir())) + [small])
time.sleep(1)
t1 = time.time()
rp2.send_signal(signal.SIGTERM)
try:
    rrc2 = rp2.wait(30 * L.SLOW)
except subprocess.TimeoutExpired:
    rrc2 = None
took2 = time.time() - t1
L.stop(sink)
print("# case 5a: replay --timeout 2000, window full, no worker: rc=%r after %.1f s; one without --timeout, "
      "SIGTERM: rc=%r after %.1f s" % (rrc, took, rrc2, took2))
L.ok(rrc not in (0, None), "ops 5: replay --timeout ends with the window full and no worker")
L.ok(rrc2 is not None, "ops 5: the first SIGTERM ends a replay waiting for room")

fsz = os.path.join(d, "full")
os.mkdir(fsz)


def small_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))


p = run(["--config", conf(os.path.join(d, "f.conf")), "--output", os.path.join(fsz, "out.jsonl"), src],
        preexec_fn=small_files)
rc, out, err = finish(p, 120)
print("# case 5b: output limited to 200 kB: run rc=%r, %d restarts, summary %r"
      % (rc, err.count("restarted as"), out.strip().splitlines()[0] if out.strip() else None))
L.ok(rc not in (0, None) and "write failed" in err and err.count("restarted as") == 0 and "read " in out,
     "ops 5: a sink that cannot write ends the run with the reason and a summary", err[-500:] + out)
p = run(["--config", conf(os.path.join(d, "m.conf")), "--output", os.path.join(d, "no", "such", "dir", "o.jsonl"), small])
rc, out, err = finish(p, 60)
print("# case 5c: missing output directory: rc=%r, %d restarts" % (rc, err.count("restarted as")))
L.ok(rc not in (0, None) and "No such file or directory" in err and err.count("restarted as") == 0,
     "ops 5: a missing output directory ends the run at once", err[-400:])
same = "ipc://%s/same" % d
rc = subprocess.run([L.WINNOW, "replay", "--tasks", same, "--acks", same, "--timeout", "1000", small],
                    capture_output=True, timeout=30 * L.SLOW)
print("# case 5d: the same endpoint for tasks and acks: rc=%r %s" % (rc.returncode, rc.stderr.decode()[-120:].strip()))
L.ok(rc.returncode == 2 and b"same endpoint" in rc.stderr, "ops 5: the same endpoint for two roles is refused")

# 6 -- a worker killed near the end
out6 = os.path.join(d, "six.jsonl")
t0 = time.time()
DEADLINE = 30000 if BEFORE else 120000 * L.SLOW  # before: the default deadline the issue measured with
st6 = os.path.join(d, "stats6")
os.mkdir(st6)
p = run(["--config", conf(os.path.join(d, "w.conf"), "deadline_ms = %d\n" % DEADLINE), "--output", out6, src] +
        ([] if BEFORE else ["-o", "pipeline.stats=" + st6]))
L.wait_for(lambda: L.count_lines(out6) >= N * 9 // 10 or p.poll() is not None, 120 * L.SLOW)
ws = [k for k, comm in L.children(p.pid) if comm == "winnow-worker"]
if ws and p.poll() is None:
    os.kill(ws[0], signal.SIGKILL)
rc, out, err = finish(p, 100)
took = time.time() - t0
got = [r.get("id") for r in L.read_jsonl(out6)]
print("# case 6: %d pages, a worker kill -9'd at 90%%: rc=%r in %.1f s (deadline_ms %d s)"
      % (N, rc, took, DEADLINE // 1000))
L.ok(ws and rc == 0 and set(got) == IDS and len(got) == len(set(got)),
     "ops 6: a dead worker's tasks are resent at once (the run ends long before deadline_ms)", err[-500:])


def prom(role, name):
    """Sum of the samples of `name` (any labels) in the role's stats files."""
    tot = 0.0
    for fn in os.listdir(st6):
        if fn.startswith("winnow-%s-" % role) and fn.endswith(".prom"):
            with open(os.path.join(st6, fn)) as f:
                for ln in f:
                    if ln.startswith(name + "{"):
                        tot += float(ln.rsplit(" ", 1)[1])
    return tot


if not BEFORE:
    fo, lost, rs = (prom("replay", "winnow_source_failover_total"), prom("replay", "winnow_source_workers_lost_total"),
                    prom("run", "winnow_run_restarts_total"))
    print("# case 6: stats: failover %d tasks after %d worker deaths; run restarts %d" % (fo, lost, rs))
    L.ok(ws and lost >= 1 and fo >= 1 and rs == 1, "ops 6: the stats files count the worker death, its resends, the restart")

# 7 -- Ctrl-C, and 8 -- the rerun
out7 = os.path.join(d, "seven.jsonl")
p = run(["--config", conf(os.path.join(d, "c.conf")), "--output", out7, src])
L.wait_for(lambda: L.count_lines(out7) >= N // 4 or p.poll() is not None, 60 * L.SLOW)
os.killpg(p.pid, signal.SIGINT)
rc, out, err = finish(p, 60)
done7 = len(L.read_jsonl(out7))
m = re.search(r"interrupted: (\d+)\+? not yet processed", out)
print("# case 7: SIGINT to the group: rc=%r, %d restarts, %r; %d of %d written"
      % (rc, err.count("restarted as"), m.group(0) if m else None, done7, N))
L.ok(rc == 130 and err.count("restarted as") == 0 and "did not stop" not in err and m is not None,
     "ops 7: Ctrl-C drains, restarts nothing, exits 130 with what was left", out + err[-400:])
p = run(["--config", conf(os.path.join(d, "c.conf")), "--output", out7, src])
rc, out, err = finish(p, 300)
m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)(?: \+ skipped \d+ by language)? \(.*?(\d+) already in the output", out)
rows = L.read_jsonl(out7)
dups = re.search(r"dropped (\d+) duplicates", err)
print("# case 8: rerun: rc=%r; %s; pages re-extracted: %s" % (rc, m.group(0) if m else out.strip(),
      dups.group(1) if dups else "?"))
L.ok(rc == 0 and m is not None and int(m.group(4)) == done7 and int(m.group(1)) == N - done7 and
     len(rows) == N == len({r["id"] for r in rows}), "ops 8: the rerun skips what the output holds, extracts the rest once",
     out + err[-300:])

# 9 -- two local runs at once, default endpoints
outs = [os.path.join(d, "nine-%d.jsonl" % i) for i in range(2)]
ps = [run(["--workers", "1", "--output", o, small], cwd=d) for o in outs]
res = [finish(q, 120) for q in ps]
print("# case 9: two runs at once: rc=%r" % ([r[0] for r in res],))
L.ok(all(r[0] == 0 for r in res), "ops 9: two local runs at once both succeed", repr([r[2][-200:] for r in res]))

# 10 -- configuration and header checks
cd = L.tmpdir()
with open(os.path.join(cd, "pipeline.conf"), "w") as f:
    f.write("[pipeline]\nsources = " + " ".join("x%03d.warc.gz" % i for i in range(30)) + "\nworkers = 2\n")
r = subprocess.run([L.WINNOW, "replay"], cwd=cd, capture_output=True, timeout=30)
line_ok = b"pipeline.conf:2: line of" in r.stderr
r2 = subprocess.run([L.WINNOW, "replay", "--tasks", "tcp://127.0.0.1:99999", small], capture_output=True, timeout=30)
r3 = subprocess.run([L.WINNOW, "sink", "--config", cd], capture_output=True, timeout=30)
print("# case 10: long line: %r; port 99999: rc=%d %r; --config DIR: rc=%d" %
      (r.stderr.decode()[-90:].strip(), r2.returncode, r2.stderr.decode()[-60:].strip(), r3.returncode))
L.ok(line_ok, "ops 10: a long config line is reported at its own line", r.stderr.decode())
L.ok(r2.returncode == 2 and r3.returncode == 2, "ops 10: port 99999 and --config DIR are refused")
with open(os.path.join(cd, "pipeline.conf"), "w") as f:
    f.write("[pipeline]\nresults = ipc://%s/r\n[output]\npath = %s/o.jsonl\n" % (cd, cd))
sk = subprocess.Popen([L.WINNOW, "sink"], cwd=cd, stderr=subprocess.PIPE)
L.wait_for(lambda: os.path.exists(os.path.join(cd, "r")), 10 * L.SLOW)
if zmq is not None and os.path.exists(os.path.join(cd, "r")):
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.connect("ipc://%s/r" % cd)
    push.send_multipart([b"WNR1", json.dumps({"id": "typed", "url": None, "status": "ok", "title": {"x": 1}}).encode(),
                         b"text"])
    L.wait_for(lambda: L.count_lines(os.path.join(cd, "o.jsonl")) >= 1, 10 * L.SLOW)
    push.close(0)
    ctx.term()
sk.send_signal(signal.SIGTERM)
sk.wait(10 * L.SLOW)
rows = L.read_jsonl(os.path.join(cd, "o.jsonl"))
print("# case 10: sink from ./pipeline.conf wrote %r" % (rows[:1],))
L.ok(len(rows) == 1 and rows[0]["status"] == "error" and "title" in (rows[0].get("error") or ""),
     "ops 10: the sink reads ./pipeline.conf; a wrongly typed field becomes an error record", repr(rows)[:300])

# 10 -- a chunked body cut short is flagged in `truncated`
html = pages[0][1]
chunked = b"%x\r\n" % len(html) + html + b"\r\n"  # no last (zero-size) chunk: cut short
cw = os.path.join(cd, "cut.warc.gz")
L.write_warc_gz(cw, [L.warc_record("response", L.record_id("cut"), "https://example.test/cut",
                                   L.http_response(chunked, headers=["Transfer-Encoding: chunked"])),
                     L.warc_record("response", L.record_id("whole"), "https://example.test/whole",
                                   L.http_response(chunked + b"0\r\n\r\n", headers=["Transfer-Encoding: chunked"]))])
co = os.path.join(cd, "cut.jsonl")
rc, out, err = finish(run(["--config", conf(os.path.join(cd, "cut.conf")), "--output", co, cw]), 60)
rows = {r["url"]: r for r in L.read_jsonl(co)}
cut_r, whole_r = rows.get("https://example.test/cut", {}), rows.get("https://example.test/whole", {})
print("# case 10: chunked body without its last chunk: status %r truncated %r; complete one: truncated %r"
      % (cut_r.get("status"), cut_r.get("truncated"), whole_r.get("truncated")))
L.ok(rc == 0 and "body" in (cut_r.get("truncated") or []) and "body" not in (whole_r.get("truncated") or []),
     "ops 10: a chunked body cut short is flagged truncated: body", repr(rows)[:300])
L.finish()
