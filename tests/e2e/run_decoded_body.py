"""run_decoded_body.py -- `winnow run` decodes a WARC record's body as the
library does (http.h): one stored already decoded passes through.

Archives often store a response's body decoded while keeping its
Content-Encoding header. wn_http_decode_body lets such a body through (a
"gzip" body without the gzip magic, a "deflate" body that does not inflate
and reads as text); the worker must do the same, not fail the page with
"Content-Encoding gzip: malformed input". The WARC holds: a plain body
labelled gzip, one labelled x-gzip and chunked, one labelled deflate, a
really gzipped body (control), and a really corrupt gzip body (still an
error, with a reason). Checks: read 5 = ok 4 + error 1, each ok page's
text, and the error's reason.
"""
import gzip
import os
import re
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
cases = {
    "gzip-label": L.http_response(page("Stored decoded gzip"), headers=["Content-Encoding: gzip"]),
    "xgzip-chunked": L.http_response(chunked(page("Stored decoded chunked")),
                                     headers=["Content-Encoding: x-gzip", "Transfer-Encoding: chunked"]),
    "deflate-label": L.http_response(page("Stored decoded deflate"), headers=["Content-Encoding: deflate"]),
    "real-gzip": L.http_response(gzip.compress(page("Really gzipped")), headers=["Content-Encoding: gzip"]),
    "bad-gzip": L.http_response(gzip.compress(page("Corrupt gzip"))[:40] + b"\x00" * 64,
                                headers=["Content-Encoding: gzip"]),
}
d = L.tmpdir()
warc = os.path.join(d, "decoded.warc.gz")
L.write_warc_gz(warc, [R("response", ID(k), "https://d.test/" + k, v) for k, v in cases.items()])
ep = L.endpoints(d)
out = os.path.join(d, "out.jsonl")
conf = os.path.join(d, "test.conf")
with open(conf, "w") as f:
    f.write("[pipeline]\nworkers = 1\ntasks = %s\nresults = %s\nacks = %s\n[output]\npath = %s\n"
            % (ep["tasks"], ep["results"], ep["acks"], out))
run = L.start(["run", "--config", conf, warc], stdout=subprocess.PIPE)
rc, stdout, stderr = L.wait_output(run, 60 * L.SLOW)
recs = {r.get("id"): r for r in L.read_jsonl(out)}
m = re.search(r"read (\d+) = ok (\d+)(?: \(\d+ empty\))? \+ error (\d+)", stdout or "")
L.ok(rc == 0 and m is not None and m.groups() == ("5", "4", "1"), "run: read 5 = ok 4 + error 1",
     "rc=%r stdout=%r stderr=%r" % (rc, (stdout or "")[-300:], (stderr or "")[-600:]))
for k, title in (("gzip-label", "Stored decoded gzip"), ("xgzip-chunked", "Stored decoded chunked"),
                 ("deflate-label", "Stored decoded deflate"), ("real-gzip", "Really gzipped")):
    r = recs.get(ID(k), {})
    L.ok(r.get("status") == "ok" and title + " is a paragraph" in (r.get("text") or ""),
         "run: %s body comes through decoded" % k, repr(r)[:400])
r = recs.get(ID("bad-gzip"), {})
L.ok(r.get("status") == "error" and "gzip" in (r.get("error") or ""),
     "run: a corrupt gzip body is an error naming gzip", repr(r)[:400])
L.finish()
