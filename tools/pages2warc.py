#!/usr/bin/env python3
"""pages2warc.py OUT.warc.gz PAGE.html[.gz]... -- pack saved pages as a WARC.gz.

Each page becomes one WARC/1.1 `response` record (one gzip member per record)
holding an HTTP/1.1 200 response with the page bytes as body, so that
`winnow replay` / `winnow run` can be measured on exactly the pages that
`winnow extract` reads. Deterministic: ids and dates derive from file names.
Used by bench/bench.sh and by tests; stdlib only.
"""
import gzip
import hashlib
import os
import sys
import uuid
import zlib


def member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def record(headers, block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out, paths = argv[1], argv[2:]
    with open(out, "wb") as f:
        for path in paths:
            with open(path, "rb") as p:
                body = p.read()
            if body[:2] == b"\x1f\x8b":
                body = gzip.decompress(body)
            name = os.path.basename(path)
            for ext in (".gz", ".html"):
                if name.endswith(ext):
                    name = name[: -len(ext)]
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            rid = uuid.uuid5(uuid.NAMESPACE_URL, "winnow-bench:" + name)
            f.write(member(record([
                ("WARC-Type", "response"),
                ("WARC-Record-ID", f"<urn:uuid:{rid}>"),
                ("WARC-Date", "2025-01-01T00:00:00Z"),
                ("WARC-Target-URI", f"https://pages.test/{name}"),
                ("WARC-Payload-Digest", "sha1:" + hashlib.sha1(body).hexdigest()),
                ("Content-Type", "application/http; msgtype=response"),
            ], http)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
