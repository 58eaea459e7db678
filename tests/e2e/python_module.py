#!/usr/bin/env python3
"""python_module.py -- the winnow Python module (make python) against the C tool.

extract(): the record has the keys and values of `winnow extract --format
json` for the same page (bytes, gzip bytes, str whose <meta> names another
charset, Markdown); errors are winnow.Error subclasses with the library's
message and the error record. Extractor: threads sharing nothing give the
same records as one thread. read_warc()/extract_warc() on a path, a file
object and a loopback http:// URL (also one that drops the connection)
agree, report the damaged records of the corpus crawl, and count read =
ok + error as `winnow run` does. help(), docstrings and the .pyi stubs.
"""
import ast
import gzip
import io
import json
import os
import pydoc
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_env  # noqa: E402

winnow = python_env.load("python: module")
import pipeline_lib as L  # noqa: E402
import warc_httpd  # noqa: E402

ROOT = python_env.ROOT
PAGES = os.path.join(ROOT, "corpus", "pages")
CRAWL = os.path.join(ROOT, "corpus", "crawl.warc.gz")


def cli_json(path, *flags):
    p = subprocess.run([L.WINNOW, "extract", "--format", "json"] + list(flags) + [path],
                       capture_output=True, timeout=120 * L.SLOW)
    return json.loads(p.stdout.decode("utf-8").splitlines()[0])


def same_but_id(a, b):
    """The same keys in the same order with the same values, the id aside
    (extract() has no file name to make one from)."""
    return [(k, v) for k, v in a.items() if k != "id"] == [(k, v) for k, v in b.items() if k != "id"]


# --- extract() against the CLI ----------------------------------------------------
names = sorted(f[:-5] for f in os.listdir(PAGES) if f.endswith(".html"))[:12]
diff = []
for n in names:
    path = os.path.join(PAGES, n + ".html")
    with open(path, "rb") as f:
        raw = f.read()
    want = cli_json(path)
    got = winnow.extract(raw)
    if not same_but_id(got, want):
        diff.append(n)
L.ok(len(names) >= 10 and not diff, "python: extract(bytes) == `winnow extract --format json` on %d pages "
     "(keys, order, values)" % len(names),
     repr(diff))
print("# record of %s: %s" % (names[0], json.dumps(winnow.extract(open(os.path.join(PAGES, names[0] + ".html"), "rb")
                                                                   .read()), ensure_ascii=False)[:600]))

path = os.path.join(PAGES, names[0] + ".html")
raw = open(path, "rb").read()
L.ok(same_but_id(winnow.extract(gzip.compress(raw)), cli_json(path)), "python: gzip-compressed bytes")
md = winnow.extract(raw, format="markdown", links=True)
L.ok(same_but_id(md, cli_json(path, "--format", "markdown", "--links")) and md["text"],
     "python: format='markdown', links=True == the CLI's")
L.ok(set(winnow.extract(raw).keys()) == set(cli_json(path).keys()), "python: the record has the CLI's keys")
forum = winnow.extract(raw, page_type="forum")
L.ok(same_but_id(forum, cli_json(path, "--page-type", "forum")) and forum["page_type"] == "forum",
     "python: page_type='forum' == `winnow extract --page-type forum`")

latin = ("<html><head><meta charset=windows-1252><title>Caf\u00e9 cr\u00e8me</title></head><body><article>"
         "<h1>Caf\u00e9 cr\u00e8me</h1><p>" + "Un caf\u00e9 cr\u00e8me bien chaud, servi au comptoir. " * 8
         + "</p></article></body></html>")
r_str = winnow.extract(latin)
r_bytes = winnow.extract(latin.encode("cp1252"))
L.ok("caf\u00e9 cr\u00e8me" in r_str["text"] and r_str["text"] == r_bytes["text"],
     "python: str input is UTF-8 whatever its <meta charset> says; cp1252 bytes give the same text",
     "%r / %r" % (r_str["text"][:80], r_bytes["text"][:80]))
L.ok(winnow.extract(raw, url="https://example.org/x")["url"] == "https://example.org/x", "python: url is kept")

# --- errors ---------------------------------------------------------------------------
def raises(fn, cls):
    try:
        fn()
    except cls as e:
        return e
    except Exception as e:  # noqa: BLE001
        return None
    return None


e = raises(lambda: winnow.extract(b""), winnow.EmptyError)
L.ok(e is not None and isinstance(e, winnow.Error) and e.status == "empty" and e.record["status"] == "error"
     and e.record["error"] == str(e), "python: empty input raises EmptyError with the error record (%s)" % e)
png = b"\x89PNG\r\n\x1a\n" + bytes(200)
e = raises(lambda: winnow.extract(png), winnow.NotHTMLError)
L.ok(e is not None and "PNG" in str(e), "python: a PNG raises NotHTMLError: %s" % e)
png_path = os.path.join(L.tmpdir(), "png.html")
with open(png_path, "wb") as f:
    f.write(png)
L.ok(e is not None and same_but_id(e.record, cli_json(png_path)) and e.record["error_code"] == "not_html",
     "python: the PNG's error record == `winnow extract --format json`'s (error_code not_html)",
     repr(e and e.record)[:300])
ct = "text/html; charset=utf-8"
L.ok(same_but_id(winnow.extract(raw, content_type=ct), cli_json(path, "--content-type", ct))
     and winnow.extract(raw, content_type=ct)["content_type"] == ct,
     "python: content_type= is the record's content_type, as `winnow extract --content-type`")
L.ok(raises(lambda: winnow.extract(raw, format="pdf"), ValueError) is not None
     and raises(lambda: winnow.extract(12), TypeError) is not None
     and raises(lambda: winnow.extract(raw, bias=3), ValueError) is not None,
     "python: bad arguments raise ValueError / TypeError")
L.ok(raises(lambda: winnow.Extractor(max_page_bytes=100).extract(raw), winnow.TooBigError) is not None,
     "python: max_page_bytes: TooBigError")

# --- Extractor across threads --------------------------------------------------------
all_pages = []
for n in sorted(os.listdir(PAGES)):
    if n.endswith(".html"):
        all_pages.append(open(os.path.join(PAGES, n), "rb").read())
seq = [winnow.Extractor().extract(p)["text"] for p in all_pages]
results = [[None] * len(all_pages) for _ in range(4)]


def worker(k):
    ex = winnow.Extractor()
    for _ in range(2):
        for i, p in enumerate(all_pages):
            results[k][i] = ex.extract(p)["text"]


ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
L.ok(all(r == seq for r in results), "python: 4 threads with an Extractor each give the records of one thread "
     "(%d pages x 2)" % len(all_pages))
shared = winnow.Extractor()
out = [None] * 4


def shared_worker(k):
    out[k] = [shared.extract(p)["text"] for p in all_pages]


ts = [threading.Thread(target=shared_worker, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
L.ok(all(o == seq for o in out), "python: one Extractor shared by 4 threads is serialised, not corrupted")

# --- WARC -------------------------------------------------------------------------------
recs = list(winnow.read_warc(CRAWL))
damaged = [r for r in recs if r["status"] != "ok"]
resp = [r for r in recs if r["type"] == "response" and r["status"] == "ok"]
L.ok(len(damaged) == 3 and all(r["error"] and r["error"].startswith(CRAWL + ": record ") for r in damaged),
     "python: read_warc reports the corpus crawl's 3 damaged records: %s" % "; ".join(r["error"] for r in damaged))
L.ok(resp and all(isinstance(r["body"], bytes) and r["http_status"] for r in resp)
     and all(r["headers"].get("WARC-Record-ID") == r["id"] for r in resp),
     "python: read_warc records carry id, url, WARC headers, HTTP status/headers and body")
with open(CRAWL, "rb") as f:
    recs_fo = list(winnow.read_warc(f))
L.ok([(r["id"], r["status"], r["body"]) for r in recs_fo] == [(r["id"].replace(CRAWL, f.name), r["status"], r["body"])
                                                               for r in recs],
     "python: read_warc(file object) == read_warc(path)")
recs_bio = list(winnow.read_warc(io.BytesIO(open(CRAWL, "rb").read())))
L.ok(len(recs_bio) == len(recs), "python: read_warc(io.BytesIO) reads %d records" % len(recs_bio))

it = winnow.extract_warc(CRAWL)
local = list(it)
st = it.stats
L.ok(st["read"] == len(local) == st["ok"] + st["error"] and st == {"read": 57, "ok": 52, "error": 5, "skipped": 57},
     "python: extract_warc stats read %(read)d = ok %(ok)d + error %(error)d (skipped %(skipped)d), as winnow run" % st)
# the same records as `winnow run` over the same WARC, provenance included: keys,
# order and values equal but for the pipeline-only keys (docs/record.md)
PIPELINE_ONLY = {"attempt", "worker", "ms"}
run_out = os.path.join(L.tmpdir(), "run.jsonl")
p = subprocess.run([L.WINNOW, "run", "--config", os.path.join(ROOT, "pipeline.conf"), "--output", run_out, CRAWL],
                   capture_output=True, timeout=300 * L.SLOW)
by_run = {r["id"]: r for r in L.read_jsonl(run_out)}
diff = []
for r in local:
    w = by_run.get(r["id"])
    if w is None or [(k, v) for k, v in r.items() if k not in PIPELINE_ONLY] != \
            [(k, v) for k, v in w.items() if k not in PIPELINE_ONLY]:
        diff.append((r["id"], w and [k for k in r if r[k] != w.get(k)]))
prov = [r for r in local if r["warc_file"] == CRAWL and r["warc_offset"] is not None]
L.ok(p.returncode == 0 and len(by_run) == len(local) == 57 and not diff and len(prov) == 57
     and sum(1 for r in local if r["http_status"] == 200 and r["content_type"] and r["warc_record_id"]) >= 52,
     "python: extract_warc's %d records == `winnow run`'s, provenance (warc_file, warc_offset, warc_record_id, "
     "warc_date, target_uri, http_status, content_type) included; only %s differ"
     % (len(local), "/".join(sorted(PIPELINE_ONLY))), repr(diff[:4]) + p.stderr.decode()[-300:])
srv = warc_httpd.WarcServer(os.path.join(ROOT, "corpus"))


def norm(rs, src):
    return [{k: (v.replace(src, "SRC") if isinstance(v, str) else v) for k, v in r.items()} for r in rs]


for label, url in (("http://", srv.url("f/crawl.warc.gz")),
                   ("http:// cut every 40,000 bytes", srv.url("cut/crawl.warc.gz?every=40000"))):
    got = list(winnow.extract_warc(url))
    L.ok(norm(got, url) == norm(local, CRAWL), "python: extract_warc(%s URL) == extract_warc(path)" % label)
with open(CRAWL, "rb") as f:
    got = list(winnow.extract_warc(f))
L.ok(norm(got, CRAWL) == norm(local, CRAWL), "python: extract_warc(file object) == extract_warc(path)")
e = raises(lambda: winnow.read_warc(srv.url("f/missing.warc.gz")), winnow.FetchError)
L.ok(e is not None and "404" in str(e), "python: a URL answering 404 raises FetchError: %s" % e)
L.ok(raises(lambda: winnow.read_warc("/nonexistent/x.warc.gz"), FileNotFoundError) is not None,
     "python: a missing path raises FileNotFoundError")
srv.stop()


class Boom(io.RawIOBase):
    def __init__(self):
        self.n = 0

    def readable(self):
        return True

    def readinto(self, b):
        self.n += 1
        if self.n > 1:
            raise RuntimeError("boom")
        data = open(CRAWL, "rb").read(30000)
        b[:len(data)] = data
        return len(data)


e = raises(lambda: list(winnow.read_warc(Boom())), RuntimeError)
L.ok(e is not None and str(e) == "boom", "python: an exception of the file object propagates")

class Reenter(io.RawIOBase):
    """The crawl six times over (> 1 MiB: the reader's first read, at open, does
    not take it all); a read after the open re-enters the iterator reading it."""
    data = open(CRAWL, "rb").read() * 6
    pos = 0
    it = None

    def readable(self):
        return True

    def readinto(self, b):
        if self.it is not None:
            next(self.it)
        k = min(len(b), len(self.data) - self.pos)
        b[:k] = self.data[self.pos:self.pos + k]
        self.pos += k
        return k


f = Reenter()
f.it = winnow.read_warc(f)
e = raises(lambda: list(f.it), ValueError)
L.ok(e is not None and "already executing" in str(e),
     "python: an iterator entered again while it reads (e.g. from another thread) raises ValueError: %s" % e)

# --- documentation ------------------------------------------------------------------
h = pydoc.render_doc(winnow.extract, renderer=pydoc.plaintext)
L.ok(all(s in h for s in ("Parameters", "Returns", "Raises", "format", "content_type", "Examples")),
     "python: help(winnow.extract) documents parameters, return value, errors, examples")
stub = os.path.join(os.path.dirname(winnow.__file__), "winnow.pyi")
names_pyi = set()
if os.path.exists(stub):
    for node in ast.parse(open(stub).read()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names_pyi.add(node.name)
public = {n for n in dir(winnow) if not n.startswith("_") and n != "libwinnow_version"}
L.ok(public <= names_pyi, "python: winnow.pyi beside the module declares every public name",
     "missing %r" % sorted(public - names_pyi))
L.finish()
