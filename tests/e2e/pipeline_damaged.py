"""pipeline_damaged.py -- replay of a damaged WARC: every readable record
comes through, every damaged one becomes an error record with a reason.

The WARC (plain, then the same records as WARC.gz with one gzip member per
record) holds: warcinfo, request, a good response, garbage bytes, a response
after the garbage, a response with chunked transfer encoding, one with gzip
content encoding, a revisit, an image, a response whose Content-Length
overstates the record, another good one, and a last record cut short.
"""
import gzip
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_lib as L  # noqa: E402


def page(title):
    body = "<p>%s is a paragraph long enough to be taken for the article body of this page, " \
           "with plenty of words in it so that the extractor keeps it.</p>" % title
    return ("<html><head><title>%s</title></head><body><article><h1>%s</h1>%s</article></body></html>"
            % (title, title, body * 4)).encode()


def chunked(data, size=64):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


R = L.warc_record
ID = L.record_id
recs = [
    ("skip", R("warcinfo", ID("info"), None, b"software: test\r\n", "application/warc-fields")),
    ("skip", R("request", ID("req"), "https://d.test/good", b"GET /good HTTP/1.1\r\nHost: d.test\r\n\r\n",
               "application/http;msgtype=request")),
    ("ok", R("response", ID("good"), "https://d.test/good", L.http_response(page("Good page")))),
    ("garbage", b"this is not a WARC record\r\n\x00\x01\x02 garbage garbage\r\n\r\n"),
    ("ok", R("response", ID("after-garbage"), "https://d.test/after", L.http_response(page("After garbage")))),
    ("ok", R("response", ID("chunked"), "https://d.test/chunked",
             L.http_response(chunked(page("Chunked page")), headers=["Transfer-Encoding: chunked"]))),
    ("ok", R("response", ID("gzip"), "https://d.test/gzip",
             L.http_response(gzip.compress(page("Gzip page")), headers=["Content-Encoding: gzip"]))),
    ("skip", R("revisit", ID("revisit"), "https://d.test/good", b"",
               "application/http;msgtype=response",
               extra=["WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                      "WARC-Refers-To: " + ID("good")])),
    ("error", R("response", ID("image"), "https://d.test/a.png",
                L.http_response(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ctype="image/png"))),
    ("error", R("response", ID("overstated"), "https://d.test/over", L.http_response(page("Overstated")),
                length=len(L.http_response(page("Overstated"))) + 400)),
    ("ok", R("response", ID("last-good"), "https://d.test/last", L.http_response(page("Last good page")))),
    # a Latin-1 byte in the target URI (not UTF-8): the page still comes through
    ("ok", R("response", ID("latin1-uri"), "https://d.test/cafeX", L.http_response(page("Cafe page")))
     .replace(b"https://d.test/cafeX", b"https://d.test/caf\xe9")),
    ("error", R("response", ID("truncated"), "https://d.test/cut", L.http_response(page("Cut page")))[:300]),
]
expect_ok = {ID(n) for n in ("good", "after-garbage", "chunked", "gzip", "last-good", "latin1-uri")}
n_skip = sum(1 for k, _ in recs if k == "skip")


def run(name, warc_bytes_writer):
    d = L.tmpdir()
    ep = L.endpoints(d)
    warc = os.path.join(d, "damaged.warc" + (".gz" if name == "gz" else ""))
    warc_bytes_writer(warc)
    out = os.path.join(d, "out.jsonl")
    common = L.flags(ep) + ["--deadline-ms", str(5000 * L.SLOW)]
    sink = L.start(["sink", "-q", "--output", out] + common)
    worker = L.start(["worker", "-q"] + common)
    replay = L.start(["replay", "--no-progress", "--timeout", str(30000 * L.SLOW)] + common + [warc])
    try:
        rc = replay.wait(60 * L.SLOW)
    except subprocess.TimeoutExpired:
        rc = None
    err = replay.stderr.read().decode(errors="replace") if rc is not None else ""
    L.stop(worker)
    L.stop(sink)
    lines = L.read_jsonl(out)
    by_id = {r["id"]: r for r in lines}
    tag = "damaged %s:" % name
    L.ok(rc == 0, tag + " replay exits 0", "rc=%r %s" % (rc, err[-400:]))
    oks = {r["id"] for r in lines if r["status"] == "ok"}
    L.ok(oks == expect_ok, tag + " every readable record comes through ok",
         "missing %r extra %r" % (sorted(expect_ok - oks), sorted(oks - expect_ok)))
    errs = [r for r in lines if r["status"] == "error"]
    L.ok(all(r.get("error") for r in errs), tag + " every error record has a reason", repr(errs)[:400])
    img = by_id.get(ID("image"))
    L.ok(img is not None and img["error"].startswith("not HTML: image/png"), tag + " image is 'not HTML'", repr(img))
    over = [r for r in errs if "overstate" in r["error"] or "Content-Length" in r["error"] or r["id"] == ID("overstated")]
    L.ok(len(over) >= 1, tag + " overstating Content-Length is an error record", repr(errs)[:600])
    cut = [r for r in errs if "truncat" in r["error"] or "ended" in r["error"] or r["id"] == ID("truncated")]
    L.ok(len(cut) >= 1, tag + " truncated last record is an error record", repr(errs)[:600])
    L.ok(ID("revisit") not in by_id and ID("req") not in by_id and ID("info") not in by_id,
         tag + " revisit, request, warcinfo not in the output")
    s = L.summary(err)
    L.ok(s is not None and s[0] == len(lines) and s[1] + s[2] == s[0] and s[1] == len(expect_ok)
         and s[3] == n_skip, tag + " summary read = ok + error, skipped %d" % n_skip,
         "summary=%r lines=%d" % (s, len(lines)))
    L.ok(len(by_id) == len(lines), tag + " no duplicate ids")
    lat = by_id.get(ID("latin1-uri"))
    L.ok(lat is not None and lat["url"] == "https://d.test/caf\ufffd", tag + " invalid UTF-8 in a URI is repaired",
         repr(lat)[:200])
    if os.environ.get("VERBOSE"):
        for r in errs:
            sys.stderr.write("%s %s: %s\n" % (name, r["id"], r["error"]))


def write_plain(path):
    with open(path, "wb") as f:
        for _, r in recs:
            f.write(r)


def write_gz(path):
    with open(path, "wb") as f:
        for kind, r in recs:
            f.write(r if kind == "garbage" else gzip.compress(r)[: -12 if r is recs[-1][1] else None])


run("plain", write_plain)
run("gz", write_gz)
L.finish()
