#!/usr/bin/env python3
"""explain_chromium.py -- the HTML report of `winnow explain` renders.

For two golden pages (a blog post with comments, a forum thread), writes
the report with `winnow explain -o`, checks that it is self-contained (no
script, no stylesheet link, no external source, no url() in its style),
renders it in headless Chromium (Debian's `chromium`, fresh profile in a
temporary directory, no network features) to a PNG, decodes the PNG with
zlib and checks that it is not blank: at least 3% of the pixels differ
from the background, and the colours of the state marks are there (kept
green, and chrome grey / dropped red / comment purple / post blue as the
page has them). Prints one TAP line per page.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WINNOW = os.environ.get("WINNOW", os.path.join(ROOT, "build", "winnow"))
PAGES = os.path.join(ROOT, "corpus", "pages")
CASES = ["blog-wordpress-comments", "forum-thread-first-post"]
# the chips' colours in explain_out.c's style
COLOURS = {"kept": (0x2E, 0x7D, 0x32), "post": (0x15, 0x65, 0xC0), "dropped": (0xC6, 0x28, 0x28),
           "chrome": (0x6D, 0x6D, 0x6D), "comment": (0x8E, 0x24, 0xAA)}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1200,3000"]


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    return None


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG format %r not handled" % (hdr,))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def near(p, q, tol=24):
    return all(abs(a - b) <= tol for a, b in zip(p, q))


def check(case, chromium, tmp):
    html = os.path.join(tmp, case + ".html")
    png = os.path.join(tmp, case + ".png")
    r = subprocess.run([WINNOW, "explain", "-o", html, os.path.join(PAGES, case + ".html")],
                       capture_output=True, timeout=120)
    if r.returncode != 0:
        return ["winnow explain exited %d: %s" % (r.returncode, r.stderr.decode("utf-8", "replace")[:200])]
    text = open(html, encoding="utf-8").read().lower()
    errs = ["the report holds %r: not self-contained" % bad
            for bad in ("<script", "<link", " src=", "url(", "@import", "<iframe") if bad in text]
    j = subprocess.run([WINNOW, "explain", "--format", "json", os.path.join(PAGES, case + ".html")],
                       capture_output=True, timeout=120)
    counts = json.loads(j.stdout)["counts"]
    profile = os.path.join(tmp, "profile-" + case)
    os.mkdir(profile)
    r = subprocess.run([chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "--screenshot=" + png,
                                                       "file://" + html],
                       capture_output=True, timeout=300, cwd=tmp)
    if not os.path.exists(png):
        return errs + ["chromium wrote no screenshot (exit %d): %s" % (
            r.returncode, r.stderr.decode("utf-8", "replace")[-300:])]
    w, h, rows = png_pixels(png)
    hist = {}
    for row in rows:
        for p in row:
            hist[p] = hist.get(p, 0) + 1
    bg, nbg = max(hist.items(), key=lambda kv: kv[1])
    other = w * h - nbg
    share = other / float(w * h)
    print("# %s: %dx%d, background #%02x%02x%02x, %.1f%% other pixels, %d colours" % (
        case, w, h, bg[0], bg[1], bg[2], share * 100, len(hist)))
    if share < 0.03:
        errs.append("screenshot is blank: %.2f%% of the pixels differ from the background" % (share * 100))
    for state, rgb in COLOURS.items():
        if not counts.get(state):
            continue
        found = sum(n for p, n in hist.items() if near(p, rgb))
        if found < 50:
            errs.append("no %s mark in the screenshot (%d pixels near #%02x%02x%02x; the page has %d %s blocks)" % (
                state, found, rgb[0], rgb[1], rgb[2], counts[state], state))
    return errs


def main():
    if not os.access(WINNOW, os.X_OK):
        print("not ok - explain chromium: %s missing (make build)" % WINNOW)
        return 1
    chromium = find_chromium()
    if not chromium:
        # scripts/deps.sh installs it; a machine without it cannot run this test
        print("not ok - explain chromium: chromium not installed (apt-get install chromium; make deps)")
        return 1
    tmp = tempfile.mkdtemp(prefix="wn-explain-")
    failed = 0
    try:
        for case in CASES:
            errs = check(case, chromium, tmp)
            if errs:
                failed += 1
                print("not ok - explain chromium %s" % case)
                for e in errs:
                    print("# " + e)
            else:
                print("ok - explain chromium %s" % case)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
