"""curve_auth.py -- who may connect: CURVE keys and authorized_keys.

`winnow keygen` writes a server pair and two client pairs ("good", listed in
authorized_keys; "bad", not listed). With the [curve] keys in pipeline.conf:

* a worker with the unlisted key and a plaintext worker (no [curve]) are
  started first and get no task: the replay's pages all wait until the
  authorised worker starts, and every output line names that worker;
* a result pushed straight at the sink (pyzmq, CURVE with an unlisted key,
  and plaintext) never reaches the output, while the same message with the
  authorised key does (so the check can fail);
* malformed or mismatched keys are refused at start with a message.

Needs pyzmq for the forged results: runs under /usr/bin/python3 when the
current python3 lacks it.
"""
import os
import stat
import subprocess
import sys
import time

try:
    import zmq
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    zmq = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402

d = L.tmpdir()
ep = L.endpoints(d)


def keygen(name):
    p = subprocess.run([L.WINNOW, "keygen", os.path.join(d, name)], capture_output=True, text=True)
    with open(os.path.join(d, name + ".pub")) as f:
        pub = f.read().strip()
    with open(os.path.join(d, name + ".key")) as f:
        sec = f.read().strip()
    return p.returncode, pub, sec


rc, srv_pub, srv_sec = keygen("server")
_, good_pub, good_sec = keygen("good")
_, bad_pub, bad_sec = keygen("bad")
mode = stat.S_IMODE(os.stat(os.path.join(d, "server.key")).st_mode)
L.ok(rc == 0 and len(srv_pub) == 40 and len(srv_sec) == 40 and mode == 0o600 and srv_pub != srv_sec,
     "curve: keygen writes NAME.key (mode 0600) and NAME.pub, 40-character Z85 keys",
     "rc=%r mode=%o %r" % (rc, mode, srv_pub))
again = subprocess.run([L.WINNOW, "keygen", os.path.join(d, "server")], capture_output=True, text=True)
with open(os.path.join(d, "server.key")) as f:
    kept = f.read().strip() == srv_sec
L.ok(again.returncode != 0 and "exists" in again.stderr and kept, "curve: keygen does not overwrite a key pair",
     again.stderr)

auth = os.path.join(d, "authorized_keys")
with open(auth, "w") as f:
    f.write("# workers allowed to connect\n\n%s  good worker\n" % good_pub)


def conf(name, curve):
    path = os.path.join(d, name + ".conf")
    with open(path, "w") as f:
        f.write("[pipeline]\ntasks = %s\nresults = %s\nacks = %s\n" % (ep["tasks"], ep["results"], ep["acks"]))
        f.write("[delivery]\ndeadline_ms = %d\n" % (4000 * L.SLOW))
        if curve:
            f.write("[curve]\n" + "".join("%s = %s\n" % kv for kv in curve))
    return path


srv_conf = conf("server", [("server_public_key", srv_pub), ("server_secret_key", srv_sec),
                           ("authorized_keys", auth)])
good_conf = conf("good", [("server_public_key", srv_pub), ("client_public_key", good_pub),
                          ("client_secret_key", good_sec)])
bad_conf = conf("bad", [("server_public_key", srv_pub), ("client_public_key", bad_pub),
                        ("client_secret_key", bad_sec)])
plain_conf = conf("plain", None)

# Configuration errors are caught at start.
r = subprocess.run([L.WINNOW, "worker", "--config", good_conf, "-o", "curve.client_public_key=tooshort"],
                   capture_output=True, text=True, timeout=20)
L.ok(r.returncode == 2 and "Z85" in r.stderr, "curve: a malformed key is a configuration error", r.stderr)
r = subprocess.run([L.WINNOW, "worker", "--config", good_conf, "-o", "curve.client_public_key=" + bad_pub],
                   capture_output=True, text=True, timeout=20)
L.ok(r.returncode != 0 and "not the public key" in r.stderr, "curve: a public key that does not match its secret key is refused",
     r.stderr)
r = subprocess.run([L.WINNOW, "sink", "--config", good_conf, "--output", os.path.join(d, "x.jsonl")],
                   capture_output=True, text=True, timeout=20)
L.ok(r.returncode != 0 and "server_secret_key" in r.stderr, "curve: a sink without the server secret key does not start",
     r.stderr)

pages = os.path.join(d, "pages")
os.mkdir(pages)
N = 12
for i in range(N):
    with open(os.path.join(pages, "p%02d.html" % i), "w") as f:
        f.write("<html><head><title>Page %d</title></head><body><article><h1>Page %d</h1><p>%s</p></article>"
                "</body></html>" % (i, i, "Paragraph text about river restoration and willows. " * 8))
out = os.path.join(d, "out.jsonl")
sink = L.start(["sink", "--config", srv_conf, "--output", out])
bad = L.start(["worker", "--config", bad_conf])
plain = L.start(["worker", "--config", plain_conf])
replay = L.start(["replay", "-q", "--config", srv_conf, "--timeout", str(60000 * L.SLOW), pages])
time.sleep(2.0 * L.SLOW)
before = L.count_lines(out)
L.ok(before == 0 and replay.poll() is None,
     "curve: a worker with an unlisted key and a plaintext worker get no task", "%d lines before the good worker" % before)
good = L.start(["worker", "--config", good_conf])
try:
    rc = replay.wait(60 * L.SLOW)
except subprocess.TimeoutExpired:
    rc = None
rerr = replay.stderr.read().decode(errors="replace") if rc is not None else ""
s = L.summary(rerr)
rows = L.read_jsonl(out)
workers = {row.get("worker", "").rsplit("/", 1)[-1] for row in rows}
L.ok(rc == 0 and s is not None and s[0] == N and s[1] + s[2] == N,
     "curve: the authorised worker processes every page (read %d = ok + error)" % N, "rc=%r %r %s" % (rc, s, rerr[-300:]))
L.ok(len(rows) == N and workers == {str(good.pid)}, "curve: every result came from the authorised worker",
     "%d rows, workers %r, good pid %d" % (len(rows), workers, good.pid))

# Forged results straight at the sink's results socket.
forged_sent = {}
if zmq is None:
    L.skip("curve: forged results never reach the sink", "python3-zmq missing")
else:
    ctx = zmq.Context()

    def push(name, client_pair, server_pub):
        sock = ctx.socket(zmq.PUSH)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.SNDTIMEO, 1500)
        if client_pair:
            sock.curve_publickey, sock.curve_secretkey = client_pair
            sock.curve_serverkey = server_pub.encode()
        sock.connect(ep["results"])
        hdr = ('{"id":"%s","url":null,"status":"ok","error":null,"worker":"forger/1","ack":null}' % name).encode()
        try:
            sock.send_multipart([b"WNR1", hdr, b"forged text"])
            forged_sent[name] = True
        except zmq.Again:
            forged_sent[name] = False
        return sock

    socks = [push("forged-unlisted-key", zmq.curve_keypair(), srv_pub),
             push("forged-plaintext", None, srv_pub),
             push("control-authorised-key", (good_pub.encode(), good_sec.encode()), srv_pub)]
    L.wait_for(lambda: L.count_lines(out) > N, 5 * L.SLOW)
    time.sleep(0.5 * L.SLOW)
    for sck in socks:
        sck.close(0)
    ctx.term()
L.stop(good)
L.stop(bad)
L.stop(plain)
L.stop(sink)
serr = sink.stderr.read().decode(errors="replace")
berr = bad.stderr.read().decode(errors="replace")
perr = plain.stderr.read().decode(errors="replace")
ids = [row["id"] for row in L.read_jsonl(out)]
if zmq is not None:
    L.ok("control-authorised-key" in ids, "curve: a result pushed with an authorised key reaches the sink (control)",
         "sent=%r ids=%r" % (forged_sent, ids[-3:]))
    L.ok("forged-unlisted-key" not in ids and "forged-plaintext" not in ids,
         "curve: results pushed with an unlisted key or in plaintext never reach the sink",
         "sent=%r ids=%r" % (forged_sent, ids[-3:]))
L.ok(len(ids) == len(set(ids)), "curve: no id written twice")
L.ok("refused" in serr and "authorized_keys" in serr, "curve: the sink reports the refused handshakes", serr[-300:])
L.ok("not in the server's authorized_keys" in berr, "curve: the unlisted worker says its key was refused", berr[-300:])
L.ok("refused the handshake" in perr, "curve: the plaintext worker says the handshake was refused", perr[-300:])
L.finish()
