#!/usr/bin/env python3
"""Build the corpus crawl, a deterministic WARC/1.1 file, from corpus/pages.

Usage: python3 tools/mkwarc.py corpus/pages corpus/crawl.warc.gz [--list]

Every corpus/pages/*.html becomes a request + response record pair; a PNG
and a PDF response, a metadata and a revisit record, and three damaged
records followed by valid pages are added so that a reader's error paths
and resync are exercised. corpus/README.md describes the result.

Determinism: the same pages give the same bytes on every run. Dates and
record ids are derived from the case name (a hash for the date, uuid5 for
the id); every gzip member (one per record, and the gzip Content-Encoding
of some HTTP bodies) is written with mtime 0, no file name, OS byte 255,
compression level 9. Python 3 standard library only.

A case's optional <case>.headers holds the HTTP response headers the site
sent, one "Name: value" a line. "X-Winnow-Url: URL" gives the page's URL
(else https://example-<case>.test/<case>); other X-Winnow-* lines are
dropped; Content-Length, Content-Encoding, Transfer-Encoding and Date are
set here to match the body as sent.

--list prints one line per record: index, offset, member bytes, type, URI.
"""
import base64
import datetime
import hashlib
import os
import struct
import sys
import uuid
import zlib
from urllib.parse import urlsplit

NS = uuid.uuid5(uuid.NAMESPACE_URL, 'https://winnow.invalid/corpus')
EPOCH = datetime.datetime(2025, 6, 2, tzinfo=datetime.timezone.utc)
SERVERS = ['nginx', 'Apache', 'cloudflare', 'openresty', 'nginx/1.24.0', 'Apache/2.4.62 (Debian)']
REVISIT_PROFILE = 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'
DROP_HEADERS = {'content-length', 'content-encoding', 'transfer-encoding', 'date'}


# ---------------------------------------------------------------- helpers

def gzip_member(data):
    """One gzip member: fixed header (mtime 0, no name, XFL 2, OS 255)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    raw = co.compress(data) + co.flush()
    return (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff' + raw +
            struct.pack('<II', zlib.crc32(data) & 0xffffffff, len(data) & 0xffffffff))


def sha1_b32(data):
    return 'sha1:' + base64.b32encode(hashlib.sha1(data).digest()).decode('ascii')


def rec_id(*parts):
    return '<urn:uuid:%s>' % uuid.uuid5(NS, ':'.join(parts))


def hnum(name, salt=''):
    return int.from_bytes(hashlib.sha256((salt + name).encode('utf-8')).digest()[:8], 'big')


def case_date(name):
    """A fixed capture time in June 2025, derived from the case name."""
    return EPOCH + datetime.timedelta(seconds=hnum(name) % (28 * 86400))


def warc_date(dt):
    return dt.strftime('%Y-%m-%dT%H:%M:%SZ')


def http_date(dt):
    days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    return '%s, %02d %s %04d %02d:%02d:%02d GMT' % (
        days[dt.weekday()], dt.day, months[dt.month - 1], dt.year, dt.hour, dt.minute, dt.second)


def chunked(body, name):
    """Chunked transfer coding in 3-5 chunks whose sizes depend on the name."""
    n = 3 + hnum(name, 'chunks') % 3
    cuts = sorted({(len(body) * k) // n + (hnum(name, str(k)) % 97) for k in range(1, n)})
    cuts = [c for c in cuts if 0 < c < len(body)]
    out, prev = [], 0
    for c in cuts + [len(body)]:
        piece = body[prev:c]
        if piece:
            out.append(b'%x\r\n' % len(piece) + piece + b'\r\n')
        prev = c
    out.append(b'0\r\n\r\n')
    return b''.join(out)


def warc_record(wtype, fields, block, length=None):
    """Serialise one record; length overrides Content-Length (damage only)."""
    head = ['WARC/1.1', 'WARC-Type: ' + wtype]
    head += ['%s: %s' % kv for kv in fields]
    head.append('Content-Length: %d' % (len(block) if length is None else length))
    return ('\r\n'.join(head) + '\r\n\r\n').encode('utf-8') + block + b'\r\n\r\n'


# ---------------------------------------------------------------- payloads

def read_headers(path):
    """Returns (url or None, [(name, value)]) from a .headers file."""
    url, hdrs = None, []
    if not os.path.exists(path):
        return url, hdrs
    with open(path, encoding='utf-8') as f:
        for line in f.read().splitlines():
            if ':' not in line:
                continue
            name, value = line.split(':', 1)
            name, value = name.strip(), value.strip()
            if name.lower() == 'x-winnow-url':
                url = value
            elif name.lower().startswith('x-winnow-') or name.lower() in DROP_HEADERS:
                continue
            else:
                hdrs.append((name, value))
    return url, hdrs


def http_response(hdrs, body, dt, server, gzip_it=False, chunk_name=None):
    """Returns (block, entity_body). The payload digest is taken over the
    entity body: the body after removing the transfer coding (de-chunked)
    but still content-coded (gzip bytes when Content-Encoding: gzip)."""
    hdrs = list(hdrs)
    if not any(n.lower() == 'content-type' for n, _ in hdrs):
        hdrs.insert(0, ('Content-Type', 'text/html'))
    entity = gzip_member(body) if gzip_it else body
    lines = ['HTTP/1.1 200 OK', 'Date: ' + http_date(dt), 'Server: ' + server]
    lines += ['%s: %s' % kv for kv in hdrs]
    if gzip_it:
        lines += ['Content-Encoding: gzip', 'Vary: Accept-Encoding']
    if chunk_name is not None:
        lines.append('Transfer-Encoding: chunked')
        wire = chunked(entity, chunk_name)
    else:
        lines.append('Content-Length: %d' % len(entity))
        wire = entity
    lines.append('Connection: close')
    head = ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1')
    return head + wire, entity


def http_request(url, accept):
    u = urlsplit(url)
    path = u.path or '/'
    if u.query:
        path += '?' + u.query
    return ('GET %s HTTP/1.1\r\nHost: %s\r\n'
            'User-Agent: Mozilla/5.0 (compatible; winnow-corpus/1.0)\r\n'
            'Accept: %s\r\nAccept-Encoding: gzip, deflate\r\n'
            'Accept-Language: en-US,en;q=0.8\r\nConnection: close\r\n\r\n'
            % (path, u.netloc, accept)).encode('latin-1')


def png_bytes():
    """A valid 16x16 RGB PNG (a two-colour chart-like pattern)."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    w = h = 16
    rows = b''
    for y in range(h):
        row = b'\x00'
        for x in range(w):
            row += b'\x1e\x73\xbe' if x < (y * 3) // 4 + 2 else b'\xf2\xf2\xf2'
        rows += row
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))


def pdf_bytes():
    """A minimal valid one-page PDF with a correct xref table."""
    text = b'BT /F1 18 Tf 72 720 Td (NATO defence spending 2025) Tj ET'
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] '
            b'/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
            b'<< /Length %d >>\nstream\n' % len(text) + text + b'\nendstream']
    out = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for off in offsets:
        out += b'%010d 00000 n \n' % off
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return out


# ---------------------------------------------------------------- builder

class Warc:
    def __init__(self, filename):
        self.parts = []   # (bytes, type, uri, note)
        self.info_id = rec_id('warcinfo', filename)
        self.filename = filename

    def add(self, member, wtype, uri, note=''):
        self.parts.append((member, wtype, uri, note))

    def record(self, wtype, fields, block, uri='', note='', length=None):
        self.add(gzip_member(warc_record(wtype, fields, block, length)), wtype, uri, note)

    def exchange(self, key, url, dt, hdrs, body, accept, gzip_it=False, chunk=False, note=''):
        """A request + response pair; returns (response id, entity body, block)."""
        resp_id = rec_id('response', key)
        req_id = rec_id('request', key)
        block, entity = http_response(hdrs, body, dt, SERVERS[hnum(key, 'srv') % len(SERVERS)],
                                      gzip_it, key if chunk else None)
        ip = '192.0.2.%d' % (1 + hnum(urlsplit(url).netloc) % 254)
        req = http_request(url, accept)
        self.record('request', [
            ('WARC-Record-ID', req_id), ('WARC-Date', warc_date(dt)), ('WARC-Target-URI', url),
            ('WARC-Warcinfo-ID', self.info_id), ('WARC-Concurrent-To', resp_id),
            ('WARC-Block-Digest', sha1_b32(req)),
            ('Content-Type', 'application/http; msgtype=request')], req, url)
        self.record('response', [
            ('WARC-Record-ID', resp_id), ('WARC-Date', warc_date(dt)), ('WARC-Target-URI', url),
            ('WARC-IP-Address', ip), ('WARC-Warcinfo-ID', self.info_id),
            ('WARC-Payload-Digest', sha1_b32(entity)), ('WARC-Block-Digest', sha1_b32(block)),
            ('Content-Type', 'application/http; msgtype=response')], block, url, note)
        return resp_id, entity, block

    def bytes(self):
        return b''.join(p[0] for p in self.parts)


def load_pages(pages_dir):
    cases = sorted(f[:-5] for f in os.listdir(pages_dir)
                   if f.endswith('.html') and os.path.isfile(os.path.join(pages_dir, f)))
    pages = []
    for case in cases:
        with open(os.path.join(pages_dir, case + '.html'), 'rb') as f:
            body = f.read()
        url, hdrs = read_headers(os.path.join(pages_dir, case + '.headers'))
        pages.append((case, url or 'https://example-%s.test/%s' % (case, case), hdrs, body))
    return pages


def build(pages_dir, out_path):
    pages = load_pages(pages_dir)
    w = Warc(os.path.basename(out_path))
    start = EPOCH
    info = ('software: winnow tools/mkwarc.py\r\n'
            'format: WARC File Format 1.1\r\n'
            'conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n'
            'isPartOf: winnow-corpus\r\n'
            'description: deterministic test crawl of corpus/pages (%d pages), two non-HTML '
            'responses, a metadata and a revisit record, and three damaged records\r\n'
            'robots: ignore\r\n' % len(pages)).encode('utf-8')
    w.record('warcinfo', [('WARC-Record-ID', w.info_id), ('WARC-Date', warc_date(start)),
                          ('WARC-Filename', w.filename),
                          ('Content-Type', 'application/warc-fields')], info, '', 'warcinfo')

    html_accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
    tail = pages[-2:] if len(pages) >= 3 else []
    head = pages[:len(pages) - len(tail)]

    def page_exchange(i, page):
        case, url, hdrs, body = page
        gz, ch = i % 3 == 2, i % 4 == 3
        note = 'page %s%s%s' % (case, ', gzip' if gz else '', ', chunked' if ch else '')
        return w.exchange(case, url, case_date(case), hdrs, body, html_accept, gz, ch, note)

    first = None
    for i, page in enumerate(head):
        resp_id, entity, block = page_exchange(i, page)
        if i == 0:
            first = (page, resp_id, entity, block)
            case, url = page[0], page[1]
            meta = ('via: %s\r\nhopsFromSeed: L\r\nfetchTimeMs: %d\r\noutlink: %s/ L a/@href\r\n'
                    % ('https://%s/' % urlsplit(url).netloc, 120 + hnum(case, 'ms') % 900,
                       'https://%s' % urlsplit(url).netloc)).encode('utf-8')
            w.record('metadata', [
                ('WARC-Record-ID', rec_id('metadata', case)),
                ('WARC-Date', warc_date(case_date(case))), ('WARC-Target-URI', url),
                ('WARC-Warcinfo-ID', w.info_id), ('WARC-Concurrent-To', resp_id),
                ('WARC-Block-Digest', sha1_b32(meta)),
                ('Content-Type', 'application/warc-fields')], meta, url, 'metadata for ' + case)

    # Two non-HTML responses: the pipeline must emit a "not HTML" error for each.
    png_url = 'https://static.example-media.test/charts/nato-spending-2025.png'
    w.exchange('nonhtml-png', png_url, start + datetime.timedelta(days=3, hours=4),
               [('Content-Type', 'image/png'), ('Cache-Control', 'max-age=86400')], png_bytes(),
               'image/avif,image/webp,image/png,*/*;q=0.8', note='non-HTML: image/png')
    pdf_url = 'https://docs.example-media.test/reports/nato-spending-2025.pdf'
    w.exchange('nonhtml-pdf', pdf_url, start + datetime.timedelta(days=3, hours=5),
               [('Content-Type', 'application/pdf'),
                ('Content-Disposition', 'inline; filename="nato-spending-2025.pdf"')], pdf_bytes(),
               html_accept, note='non-HTML: application/pdf')

    # A revisit of the first page: same payload, recorded 30 days later.
    if first:
        (case, url, hdrs, body), resp_id, entity, block = first
        dt = case_date(case) + datetime.timedelta(days=30)
        rblock, _ = http_response(hdrs, body, dt, SERVERS[hnum(case, 'srv') % len(SERVERS)])
        rhead = rblock[:rblock.index(b'\r\n\r\n') + 4]
        w.record('revisit', [
            ('WARC-Record-ID', rec_id('revisit', case)), ('WARC-Date', warc_date(dt)),
            ('WARC-Target-URI', url), ('WARC-Warcinfo-ID', w.info_id),
            ('WARC-Profile', REVISIT_PROFILE), ('WARC-Refers-To', resp_id),
            ('WARC-Refers-To-Target-URI', url), ('WARC-Refers-To-Date', warc_date(case_date(case))),
            ('WARC-Payload-Digest', sha1_b32(entity)), ('WARC-Block-Digest', sha1_b32(rhead)),
            ('Content-Type', 'application/http; msgtype=response')], rhead, url, 'revisit of ' + case)

    # Damage, then valid pages after each kind so that resync is shown.
    def damaged_response(key, url, text):
        dt = start + datetime.timedelta(days=29, hours=hnum(key) % 24)
        body = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head>'
                '<body><article><h1>%s</h1><p>This record is damaged on purpose: %s</p>'
                '</article></body></html>' % (key, key, text)).encode('utf-8')
        block, entity = http_response([('Content-Type', 'text/html; charset=utf-8')], body, dt, 'nginx')
        fields = [('WARC-Record-ID', rec_id('response', key)), ('WARC-Date', warc_date(dt)),
                  ('WARC-Target-URI', url), ('WARC-Warcinfo-ID', w.info_id),
                  ('WARC-Payload-Digest', sha1_b32(entity)), ('WARC-Block-Digest', sha1_b32(block)),
                  ('Content-Type', 'application/http; msgtype=response')]
        return fields, block

    fields, block = damaged_response('damaged-truncated-member', 'https://damaged.example-corpus.test/truncated-member',
                                     'its gzip member is cut short.')
    member = gzip_member(warc_record('response', fields, block))
    w.add(member[:len(member) // 2], 'response', 'https://damaged.example-corpus.test/truncated-member',
          'DAMAGED: gzip member truncated to %d of %d bytes' % (len(member) // 2, len(member)))
    n = len(head)
    if tail:
        page_exchange(n, tail[0])
    garbage = b'\r\n-- stray bytes between records --\r\n' + hashlib.sha256(b'winnow garbage').digest()
    w.add(garbage, 'garbage', '', 'DAMAGED: %d garbage bytes between two records' % len(garbage))
    fields, block = damaged_response('damaged-overstated-length', 'https://damaged.example-corpus.test/overstated-length',
                                     'its WARC Content-Length claims 512 bytes more than its block holds.')
    w.record('response', fields, block, 'https://damaged.example-corpus.test/overstated-length',
             'DAMAGED: Content-Length %d, block is %d bytes' % (len(block) + 512, len(block)),
             length=len(block) + 512)
    if tail:
        page_exchange(n + 1, tail[1])
    return w


def main(argv):
    args = [a for a in argv[1:] if a != '--list']
    if len(args) != 2:
        sys.stderr.write('usage: python3 tools/mkwarc.py PAGES_DIR OUT.warc.gz [--list]\n')
        return 2
    w = build(args[0], args[1])
    data = w.bytes()
    tmp = args[1] + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, args[1])
    if '--list' in argv:
        off = 0
        for i, (member, wtype, uri, note) in enumerate(w.parts):
            print('%3d %8d %6d %-9s %s %s' % (i, off, len(member), wtype, uri, note))
            off += len(member)
    types = {}
    for _, wtype, _, _ in w.parts:
        types[wtype] = types.get(wtype, 0) + 1
    sys.stderr.write('mkwarc: %s: %d bytes, %s\n' % (
        args[1], len(data), ', '.join('%d %s' % (v, k) for k, v in sorted(types.items()))))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
