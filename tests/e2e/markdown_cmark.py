"""markdown_cmark.py -- winnow's Markdown read back by a real Markdown parser.

For each page, `winnow extract --format markdown` is parsed by cmark-gfm
(`cmark-gfm -e table -t xml`, the GitHub-flavoured reference parser) and the
page's HTML by html5lib (a WHATWG parser that is not Gumbo), and the two
structures are compared:

* tables: every table cmark-gfm finds equals, row for row and cell for cell
  (text with whitespace collapsed), a table of the page; every table of the
  page that the extraction kept as a table (a row of it is in the text
  output as "cell | cell") is a table in the Markdown;
* code: every <pre> of the page that the extraction kept (a line of it is in
  the text output) is one code block whose text is the <pre>'s text,
  comments of syntax highlighters included, and the text output holds that
  text verbatim too; every code block cmark-gfm finds is such a <pre>.

Pages: every golden page (corpus/pages), every dev page (../shared/eval)
with syntax-highlighted code (a <pre> holding elements with a class), and
every WINNOW_MD_EVERY-th (default 6; 20 under ASan) dev page with a table.
Needs cmark-gfm and python3-html5lib (scripts/deps.sh installs them): runs
under /usr/bin/python3 when the current python3 lacks html5lib. Missing
tools are a failure, not a skip.
"""
import gzip
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

try:
    import html5lib
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    html5lib = None

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WINNOW = os.environ.get("WINNOW", os.path.join(ROOT, "build", "winnow"))
EVAL = os.environ.get("WINNOW_EVAL", os.path.join(ROOT, "..", "shared", "eval"))
EVERY = int(os.environ.get("WINNOW_MD_EVERY", "20" if os.environ.get("WINNOW_SANITIZED") else "6"))
CM = "{http://commonmark.org/xml/1.0}"
HT = "{http://www.w3.org/1999/xhtml}"

if html5lib is None or subprocess.run(["sh", "-c", "command -v cmark-gfm"], capture_output=True).returncode:
    print("not ok - markdown: cmark-gfm and python3-html5lib are needed (scripts/deps.sh installs them)")
    sys.exit(1)

WS = re.compile(r"[\s\u00a0]+")
NEVER = {"script", "style", "template", "noscript", "button", "select", "textarea", "input", "svg", "math",
         "iframe", "object", "embed", "canvas", "audio", "video", "map", "rt", "rp", "head", "title"}
BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4",
         "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "tr", "td", "th", "dl", "dt", "dd",
         "figure", "hr", "br", "address", "details", "summary", "center", "form", "fieldset", "caption",
         "thead", "tbody", "tfoot", "figcaption", "legend", "option"}


C1 = re.compile("[\u0000-\u0008\u000b\u000e-\u001f\u0080-\u009f\ufffd]")


def norm(s):
    # bytes a charset does not define: U+FFFD (iconv) or C1 controls (WHATWG)
    return WS.sub(" ", C1.sub("\ufffd", s)).strip()


def tag(e):
    return e.tag.rsplit("}", 1)[-1] if isinstance(e.tag, str) else ""  # (svg and math have their own namespaces)


def html_text(e, out, pre=False):
    """Text of e as a reader sees it: blocks and <br> separate words."""
    t = tag(e)
    style = (e.get("style") or "").replace(" ", "").lower()
    if t in NEVER or e.get("hidden") is not None or e.get("aria-hidden") == "true" or \
            "display:none" in style or "visibility:hidden" in style:
        if e.tail:
            out.append(e.tail)
        return
    def sep():
        # in a <pre>, <br> is a newline and a block starts a line
        if not pre:
            out.append(" ")
        elif t == "br":
            out.append("\n")
        else:
            last = next((c for c in reversed(out) if c), "")
            if last and not last.endswith("\n"):
                out.append("\n")
    if t in BLOCK and t != "br":
        sep()
    if e.text:
        out.append(e.text)
    for c in e:
        html_text(c, out, pre)
    if t in BLOCK:
        sep()
    if e.tail:
        out.append(e.tail)


def text_of(e, pre=False):
    out = []
    tail = e.tail
    e.tail = None
    html_text(e, out, pre)
    e.tail = tail
    return "".join(out)


def hidden(e):
    style = (e.get("style") or "").replace(" ", "").lower()
    return e.get("hidden") is not None or e.get("aria-hidden") == "true" or "display:none" in style or \
        "visibility:hidden" in style


def visible_rows(e):
    """The <tr>s of table e in order, but hidden ones and those of a hidden
    row group (a pager's other pages)."""
    out = []
    for c in e:
        if tag(c) == "tr":
            if not hidden(c):
                out.append(c)
        elif tag(c) in ("thead", "tbody", "tfoot") and not hidden(c):
            out.extend(visible_rows(c))
    return out


def html_tables(doc):
    """Leaf tables (no table inside) as lists of rows of cell texts."""
    tables = []
    for t in doc.iter(HT + "table"):
        if any(True for _ in t.iter(HT + "table") if _ is not t):
            continue
        rows = []
        for tr in visible_rows(t):
            cells = [norm(text_of(c)) for c in tr if tag(c) in ("td", "th")]
            if any(cells):  # (a row of empty cells is left out, as in text)
                rows.append(cells)
        if rows:
            tables.append(rows)
    return tables


def html_pres(doc):
    """(text, highlighted) of every <pre> that holds no other <pre>."""
    pres = []
    for p in doc.iter(HT + "pre"):
        if any(True for _ in p.iter(HT + "pre") if _ is not p) or any(True for _ in p.iter(HT + "table")):
            continue  # a <pre> holding a table lays the page out: not code
        txt = C1.sub("\ufffd", text_of(p, pre=True))
        hl = any(c.get("class") for c in p.iter() if c is not p and tag(c) not in ("code",))
        pres.append((txt.strip("\r\n").rstrip(), hl))
    return pres


def md_text(e):
    if e.tag == CM + "image":
        return ""
    s = e.text if e.tag in (CM + "text", CM + "code", CM + "html_inline") and e.text else ""
    if e.tag in (CM + "softbreak", CM + "linebreak"):
        s = " "
    return s + "".join(md_text(c) for c in e)


def md_structure(md):
    p = subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-t", "xml"],
                       input=md.encode(), capture_output=True)
    root = ET.fromstring(p.stdout)
    tables = []
    for t in root.iter(CM + "table"):
        rows = [[norm(md_text(c)) for c in r if c.tag == CM + "table_cell"] for r in t
                if r.tag in (CM + "table_header", CM + "table_row")]
        if rows and not any(rows[0]):
            rows = rows[1:]  # the empty header row of a table without one
        tables.append(rows)
    codes = [C1.sub("\ufffd", c.text or "").rstrip() for c in root.iter(CM + "code_block")]
    return tables, codes


def trim_row(r):
    r = list(r)
    while r and not r[-1]:
        r.pop()
    return r


def same_table(md, ht):
    return len(md) == len(ht) and all(trim_row(a) == trim_row(b) for a, b in zip(md, ht))


def extract(path, fmt, ctype):
    p = subprocess.run([WINNOW, "extract", "--format", fmt, path] + (["--content-type", ctype] if ctype else []),
                       capture_output=True)
    return p.stdout.decode("utf-8", "replace")


def content_type(path, charsets):
    """The page's Content-Type: its .headers file (golden pages), or its
    charset from the dev set's truth."""
    hdr = path[:-5] + ".headers" if path.endswith(".html") else None
    if hdr and os.path.exists(hdr):
        for line in open(hdr, encoding="latin-1"):
            if line.lower().startswith("content-type:"):
                return line.split(":", 1)[1].strip()
    cs = charsets.get(os.path.basename(path).replace(".html.gz", ""))
    return "text/html; charset=" + cs if cs else None


def check_page(path, stats, fails, charsets):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    if b"<table" not in raw.lower() and b"<pre" not in raw.lower():
        return
    ctype = content_type(path, charsets)
    # html5lib decodes the page with the charset winnow decided on (what
    # charset detection does is not this test's subject)
    import json
    rec = json.loads(extract(path, "json", ctype) or "{}")
    try:
        doc = html5lib.parse(raw, transport_encoding=rec.get("charset") or "utf-8")
    except LookupError:
        doc = html5lib.parse(raw)
    tables, pres = html_tables(doc), html_pres(doc)
    if not tables and not pres:
        return
    text = C1.sub("\ufffd", extract(path, "text", ctype))
    md = extract(path, "markdown", ctype)
    mtables, mcodes = md_structure(md)
    name = os.path.basename(path)
    flat = norm(text)
    # tables
    # kept: a row of it (two or more cells) is in the text output, cells
    # joined by " | " as the text format writes a data table's rows
    # (a row that another table of the page has too tells nothing)
    joined = [[norm(" | ".join(r)) for r in t if sum(1 for c in r if c) >= 2] for t in tables]
    kept = [t for k, t in enumerate(tables)
            if any(j in flat and not any(j in o for q, o in enumerate(joined) if q != k) for j in joined[k])]
    bad = [m for m in mtables if not any(same_table(m, t) for t in tables)]
    missing = [t for t in kept if not any(same_table(m, t) for m in mtables)]
    if mtables or kept:
        stats["table_pages"] += 1
        stats["tables"] += len(mtables)
        stats["rows"] += sum(len(m) for m in mtables)
        stats["cells"] += sum(len(r) for m in mtables for r in m)
    for m in bad:
        near = max(tables, key=lambda t: sum(1 for a, b in zip(m, t) if trim_row(a) == trim_row(b)), default=[])
        diff = next(((a, b) for a, b in zip(m, near) if trim_row(a) != trim_row(b)), (m[:1], near[:1]))
        fails.append("%s: Markdown table of %d rows is no table of the page; first differing row: md %r html %r"
                     % (name, len(m), diff[0], diff[1]))
    for t in missing:
        if len(t) > 0 and any(trim_row(r) for r in t):
            fails.append("%s: page table (%d rows, first %r) kept in the text but not a Markdown table"
                         % (name, len(t), t[0][:4]))
    # code
    text_lines = set(ln.strip() for ln in text.splitlines())
    for txt, hl in pres:
        # kept: a line of it that no other <pre> has is in the text output
        lines = [ln.strip() for ln in txt.splitlines() if len(ln.strip()) >= 8]
        own = [ln for ln in lines if not any(ln in o for o, _ in pres if o != txt)]
        if not own or not any(ln in text_lines for ln in own):
            continue  # (a <pre> all of whose lines another one has cannot be told kept)
        stats["pres"] += 1
        stats["hl_pres"] += hl
        if txt not in mcodes:
            fails.append("%s: <pre> %r is no Markdown code block%s" % (name, txt[:80], " (highlighted)" if hl else ""))
        if txt not in text:
            fails.append("%s: <pre> %r is not verbatim in the text output" % (name, txt[:80]))
    for c in mcodes:
        if c and c not in [p for p, _ in pres]:
            fails.append("%s: Markdown code block %r is no <pre> of the page" % (name, c[:80]))
    if any(t for t, _ in pres):
        stats["code_pages"] += 1
        stats["hl_pages"] += any(hl for t, hl in pres if t and t in mcodes)


def run(label, paths, charsets):
    stats = dict(table_pages=0, tables=0, rows=0, cells=0, pres=0, hl_pres=0, code_pages=0, hl_pages=0)
    fails = []
    for p in paths:
        check_page(p, stats, fails, charsets)
    ok = not fails
    print("%s - markdown %s: %d pages with tables (%d tables, %d rows, %d cells) and %d pages with code (%d blocks, "
          "%d syntax-highlighted on %d pages) parse back equal"
          % ("ok" if ok else "not ok", label, stats["table_pages"], stats["tables"], stats["rows"], stats["cells"],
             stats["code_pages"], stats["pres"], stats["hl_pres"], stats["hl_pages"]))
    for f in fails[:int(os.environ.get("WINNOW_MD_SHOW", "40"))]:
        print("#", f)
    if len(fails) > 40:
        print("# ... %d more" % (len(fails) - 40))
    return ok, stats


golden = sorted(os.path.join(ROOT, "corpus", "pages", f) for f in os.listdir(os.path.join(ROOT, "corpus", "pages"))
                if f.endswith(".html"))
ok1, st = run("golden", golden, {})
if st["table_pages"] == 0 or st["pres"] == 0:
    print("not ok - markdown golden: the corpus has no table or no code left to check")
    ok1 = False

ok2 = True
pages = os.path.join(EVAL, "pages")
if os.path.isdir(pages):
    names = sorted(os.listdir(pages))
    chosen = []
    for i, f in enumerate(names):
        raw = gzip.decompress(open(os.path.join(pages, f), "rb").read()).lower()
        hl = re.search(rb"<pre[^>]*>(?:(?!</pre).){0,2000}?<span[^>]+class=", raw, re.S) is not None
        if hl or (b"<table" in raw and i % EVERY == 0):
            chosen.append(os.path.join(pages, f))
    charsets = {}
    if os.path.exists(os.path.join(EVAL, "truth.jsonl")):
        import json
        for line in open(os.path.join(EVAL, "truth.jsonl"), encoding="utf-8"):
            rec = json.loads(line)
            if rec.get("charset"):
                charsets[rec["id"]] = rec["charset"]
    ok2, st = run("dev (highlighted code, 1 in %d with tables)" % EVERY, chosen, charsets)
else:
    print("ok - markdown dev # SKIP no dev set at %s" % EVAL)
sys.exit(0 if ok1 and ok2 else 1)
