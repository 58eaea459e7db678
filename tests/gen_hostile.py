#!/usr/bin/env python3
"""Generate the hostile inputs of tests/e2e/hostile.sh into a directory.

Usage: python3 tests/gen_hostile.py DIR [--skip-huge]
       python3 tests/gen_hostile.py --warc DIR
       python3 tests/gen_hostile.py --check EXPECT CHECK STDOUT_FILE EXIT_CODE
       python3 tests/gen_hostile.py --check-run OUT_JSONL OK_URLS

Writes each input as DIR/<name>.<ext> and a manifest DIR/manifest.tsv with
one line per input:  name <TAB> file <TAB> expect <TAB> check
  expect  "ok"     the page must be extracted (status ok, exit 0)
          "error"  it must be refused with an error record (status error,
                   a non-empty reason, non-zero exit)
          "any"    either, as long as it is one of the two, cleanly
  check   "-", or "text~WORD" (the text must contain WORD), or
          "reason~REGEX" (the error reason must match REGEX, case-insensitive)
--skip-huge leaves out the 1 GiB gzip bomb and the 100 MB page (ASan runs).
--warc writes damaged WARC files for the pipeline (`winnow run`) instead,
with DIR/manifest.tsv lines  name <TAB> file <TAB> URLs that must come out
ok (comma-separated) <TAB> number of records in the file that are pages.
--check judges one run of `winnow extract --format json FILE`: prints the
outcome ("ok, 1234 bytes of text" / "error: too big ...") and exits 0 if it
meets EXPECT and CHECK, else prints why and exits 1.
--check-run judges the JSON Lines output of `winnow run` on one damaged
WARC: every line is a JSON object with an id and a status, ids are unique,
every URL in OK_URLS came out with status ok, and every error has a reason.
Standard library only; a few seconds; nothing is downloaded.
"""
import json
import os
import re
import struct
import sys
import zlib

MARK = 'Winnowmarker'
ARTICLE = ('<article><h1>Council approves the bridge budget</h1>' +
           ''.join('<p>%s %d: the council met on Tuesday to discuss the new budget, which will fund the '
                   'repair of three bridges and the library roof over the next two years. Members said '
                   'the plan was the result of months of negotiation with the regional government.</p>'
                   % (MARK, i) for i in range(6)) + '</article>')


def page(body, head='<meta charset="utf-8">'):
    return '<!DOCTYPE html><html><head>%s<title>Bridge budget</title></head><body>%s</body></html>' % (head, body)


def gzip_bytes(data, level=6):
    co = zlib.compressobj(level, zlib.DEFLATED, -15)
    raw = co.compress(data) + co.flush()
    return (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff' + raw +
            struct.pack('<II', zlib.crc32(data) & 0xffffffff, len(data) & 0xffffffff))


def write_gzip_bomb(path, total=1 << 30, unit=1 << 20):
    """A valid single-member gzip of `total` zero bytes, about 1 MB on disk.
    After a full flush the deflate state is reset, so every further 1 MiB
    block of zeros compresses to the same bytes: compress two, repeat the
    second, and write the CRC and size ourselves."""
    zeros = bytes(unit)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    rep = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    again = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    assert rep == again, 'deflate output not periodic'
    tail = co.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(total // unit):
        crc = zlib.crc32(zeros, crc)
    with open(path, 'wb') as f:
        f.write(b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff')
        f.write(first)
        for _ in range(total // unit - 1):
            f.write(rep)
        f.write(tail)
        f.write(struct.pack('<II', crc & 0xffffffff, total & 0xffffffff))


def write_big_page(path, size):
    """An ordinary article padded with paragraphs to `size` bytes."""
    para = ('<p>' + MARK + ': paragraph about the budget and the bridges, the library roof, the council and the '
            'regional government, with enough ordinary words to look like prose. </p>\n').encode()
    head = page(ARTICLE + '<div class="more">').encode()[:-len('</body></html>')]
    end = b'</div></body></html>'
    with open(path, 'wb') as f:
        f.write(head)
        left = size - len(head) - len(end)
        block = para * 1024
        while left >= len(block):
            f.write(block)
            left -= len(block)
        while left >= len(para):
            f.write(para)
            left -= len(para)
        f.write(b' ' * left)
        f.write(end)


def check(expect, what, stdout_file, rc):
    """Returns (passed, outcome) for one extract run."""
    rc = int(rc)
    with open(stdout_file, 'rb') as f:
        raw = f.read()
    lines = [l for l in raw.split(b'\n') if l.strip()]
    if len(lines) != 1:
        return False, 'expected one JSON line on stdout, got %d (exit %d)' % (len(lines), rc)
    try:
        doc = json.loads(lines[0].decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        return False, 'stdout is not JSON in UTF-8: %s (exit %d)' % (e, rc)
    status = doc.get('status')
    if status == 'ok':
        text = doc.get('text') or ''
        outcome = 'ok, %d chars of text' % len(text)
        if doc.get('truncated'):
            outcome += ', truncated: ' + ','.join(doc['truncated'])
        if doc.get('charset'):
            outcome += ', charset ' + doc['charset']
        if rc != 0:
            return False, outcome + ' but exit %d' % rc
    elif status == 'error':
        reason = doc.get('error') or ''
        outcome = 'error: ' + reason
        if not reason:
            return False, 'error record without a reason'
        if rc == 0:
            return False, outcome + ' but exit 0'
    else:
        return False, 'status is %r' % (status,)
    if expect in ('ok', 'error') and status != expect:
        return False, outcome + ' (expected %s)' % expect
    if what.startswith('text~') and what[5:] not in (doc.get('text') or ''):
        return False, outcome + ' (text lacks %r)' % what[5:]
    if what.startswith('reason~') and not re.search(what[7:], doc.get('error') or '', re.I):
        return False, outcome + ' (reason does not match %r)' % what[7:]
    return True, outcome


def warc_record(uri, block, rid, extra=b'', rtype=b'response', cl=None):
    """One WARC/1.1 record; `cl` overrides the true Content-Length."""
    hdr = (b'WARC/1.1\r\nWARC-Type: ' + rtype + b'\r\n'
           b'WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n' % rid +
           b'WARC-Date: 2024-03-12T10:00:00Z\r\nWARC-Target-URI: ' + uri.encode() + b'\r\n'
           b'Content-Type: application/http; msgtype=response\r\n' + extra +
           b'Content-Length: %d\r\n\r\n' % (len(block) if cl is None else cl))
    return hdr + block + b'\r\n\r\n'


def http_page(title, extra_headers=b''):
    body = page(ARTICLE.replace('Council approves the bridge budget', title)).encode()
    return (b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n' + extra_headers +
            b'Content-Length: %d\r\n\r\n' % len(body) + body)


def gen_warcs(out):
    """Damaged WARCs: each holds good pages A and B around the damage; the
    pipeline must deliver A and B and account for the damaged record."""
    os.makedirs(out, exist_ok=True)
    rows = []
    A = lambda n: warc_record('https://a.test/%s' % n, http_page('Page A'), 1)
    B = lambda n: warc_record('https://b.test/%s' % n, http_page('Page B'), 3)
    ok = lambda n: 'https://a.test/%s,https://b.test/%s' % (n, n)

    def put(name, data, pages):
        with open(os.path.join(out, name + '.warc'), 'wb') as f:
            f.write(data)
        rows.append((name, name + '.warc', ok(name), str(pages)))

    mid = http_page('Middle')
    put('warc-garbage-between', A('warc-garbage-between') + b'garbage, not a record\r\n' * 200 +
        b'\x00\xff\xfe binary junk\r\n' + B('warc-garbage-between'), 2)
    put('warc-content-length-overstates', A('warc-content-length-overstates') +
        warc_record('https://m.test/over', mid, 2, cl=len(mid) + 5000) + B('warc-content-length-overstates'), 3)
    put('warc-content-length-understates', A('warc-content-length-understates') +
        warc_record('https://m.test/under', mid, 2, cl=len(mid) - 700) + B('warc-content-length-understates'), 3)
    put('warc-1mb-header-line', A('warc-1mb-header-line') +
        warc_record('https://m.test/long', mid, 2, extra=b'X-Long: ' + b'x' * (1 << 20) + b'\r\n') +
        B('warc-1mb-header-line'), 3)
    put('warc-100k-headers', A('warc-100k-headers') +
        warc_record('https://m.test/many', mid, 2, extra=b''.join(b'X-H%d: v\r\n' % i for i in range(100000))) +
        B('warc-100k-headers'), 3)
    put('http-100k-headers', A('http-100k-headers') +
        warc_record('https://m.test/hmany', http_page('Many', b''.join(b'X-H%d: v\r\n' % i for i in range(100000))), 2) +
        B('http-100k-headers'), 3)
    put('http-1mb-header-line', A('http-1mb-header-line') +
        warc_record('https://m.test/hlong', http_page('Long', b'Set-Cookie: ' + b'c' * (1 << 20) + b'\r\n'), 2) +
        B('http-1mb-header-line'), 3)
    bomb = gzip_bytes(bytes(200 << 20), 9)
    put('http-gzip-bomb', A('http-gzip-bomb') +
        warc_record('https://m.test/bomb', b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n'
                    b'Content-Length: %d\r\n\r\n' % len(bomb) + bomb, 2) + B('http-gzip-bomb'), 3)
    # A 30 MB page in a record (within max_record, over max_page_bytes):
    # the source must refuse it with an error record, not ship it.
    big = page(ARTICLE + '<p>' + 'word ' * (6 << 20) + '</p>').encode()
    put('warc-30mb-page', A('warc-30mb-page') + warc_record(
        'https://m.test/big', b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n'
        % len(big) + big, 2) + B('warc-30mb-page'), 3)
    # gzip per record: junk between members, then a member whose deflate
    # data is damaged, then a member cut short of its trailer.
    name = 'warcgz-junk-corrupt-cut'
    bad = bytearray(gzip_bytes(warc_record('https://m.test/corrupt', mid, 2)))
    for i in range(30, 60):
        bad[i] ^= 0x5A
    cut = gzip_bytes(warc_record('https://m.test/cut', mid, 4))[:-6]
    with open(os.path.join(out, name + '.warc.gz'), 'wb') as f:
        f.write(gzip_bytes(A(name)) + b'junk between members\r\n' * 50 + bytes(bad) + gzip_bytes(B(name)) + cut)
    rows.append((name, name + '.warc.gz', ok(name), '4'))
    with open(os.path.join(out, 'manifest.tsv'), 'w') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')


def check_run(path, ok_urls):
    """Returns (passed, outcome) for one pipeline run."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        return False, 'no output: %s' % e
    docs = []
    for n, line in enumerate(raw.split(b'\n'), 1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line.decode('utf-8')))
        except (UnicodeDecodeError, ValueError) as e:
            return False, 'output line %d is not JSON: %s' % (n, e)
    ids = [d.get('id') for d in docs]
    if None in ids or len(set(ids)) != len(ids):
        return False, 'missing or duplicate ids in %d lines' % len(docs)
    okd = {d.get('url') for d in docs if d.get('status') == 'ok'}
    errors = [d.get('error') or '' for d in docs if d.get('status') != 'ok']
    if any(not e for e in errors):
        return False, 'an error line has no reason'
    missing = [u for u in ok_urls.split(',') if u and u not in okd]
    errors = [re.sub(r'^\S*\.warc(\.gz)?: ', '', e) for e in errors]
    outcome = '%d ok, %d error%s' % (len(docs) - len(errors), len(errors),
                                      (': ' + '; '.join(e[:90] for e in errors)) if errors else '')
    if missing:
        return False, outcome + ' (not delivered ok: %s)' % ', '.join(missing)
    return True, outcome


def main():
    if sys.argv[1] == '--check-run':
        ok, outcome = check_run(sys.argv[2], sys.argv[3])
        print(outcome)
        sys.exit(0 if ok else 1)
    if sys.argv[1] == '--warc':
        gen_warcs(sys.argv[2])
        return
    if sys.argv[1] == '--check':
        ok, outcome = check(*sys.argv[2:6])
        print(outcome)
        sys.exit(0 if ok else 1)
    out = sys.argv[1]
    skip_huge = '--skip-huge' in sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    rows = []

    def put(name, ext, data, expect, check='-'):
        fn = name + ext
        with open(os.path.join(out, fn), 'wb') as f:
            f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
        rows.append((name, fn, expect, check))

    normal = page(ARTICLE).encode()

    full = gzip_bytes(page(ARTICLE * 20).encode())
    put('truncated-gzip', '.html.gz', full[:len(full) // 2], 'any')

    if not skip_huge:
        write_gzip_bomb(os.path.join(out, 'gzip-bomb-1g.html.gz'))
        rows.append(('gzip-bomb-1g', 'gzip-bomb-1g.html.gz', 'error', 'reason~big|limit|cap|exceed|max_'))
        write_big_page(os.path.join(out, 'page-100mb.html'), 100 * 1000 * 1000)
        rows.append(('page-100mb', 'page-100mb.html', 'error', 'reason~big|limit|cap|exceed|max_'))
    write_big_page(os.path.join(out, 'page-10mb.html'), 10 * 1000 * 1000)
    rows.append(('page-10mb', 'page-10mb.html', 'ok', 'text~' + MARK))
    # Exactly at the default 16 MiB cap: the largest page that must be extracted.
    write_big_page(os.path.join(out, 'page-16mib-at-cap.html'), 16 << 20)
    rows.append(('page-16mib-at-cap', 'page-16mib-at-cap.html', 'ok', 'text~' + MARK))

    put('nested-div-1m', '.html', page(ARTICLE + '<div>' * 1000000 + 'deep' + '</div>' * 1000000), 'ok',
        'text~' + MARK)
    put('nested-td-100k', '.html', page(ARTICLE + '<table><tr><td>' * 100000 + 'cell'), 'ok', 'text~' + MARK)
    put('unclosed-bius-50k', '.html', page(ARTICLE + '<b><i><u><s>' * 50000 + 'formatted'), 'ok',
        'text~' + MARK)
    attrs = ' '.join('a%d="%d"' % (i, i) for i in range(100000))
    put('attrs-100k', '.html', page(ARTICLE + '<div %s>many attributes</div>' % attrs), 'ok', 'text~' + MARK)
    put('nul-bytes', '.html', page(ARTICLE).replace('the council', 'the\0council').encode() + b'\0' * 1000,
        'ok', 'text~' + MARK)
    put('invalid-utf8', '.html', normal.replace(b'Tuesday', b'Tues\xff\xfe\xc3(\xed\xa0\x80\xf8\x88\x80day'),
        'ok', 'text~' + MARK)
    put('utf16-bom', '.html', b'\xff\xfe' + page(ARTICLE.replace('Tuesday', 'Dienstag in Zürich'),
                                                 head='').encode('utf-16-le'), 'ok', 'text~Zürich')
    ru = ''.join('<p>%d. Комитет во вторник обсудил новый бюджет, который позволит отремонтировать три моста '
                 'и крышу библиотеки в течение следующих двух лет. Депутаты сказали, что план стал '
                 'результатом долгих переговоров с областным правительством.</p>' % i for i in range(6))
    put('charset-lies', '.html', page('<article><h1>Бюджет</h1>' + ru + '</article>',
                                      head='<meta charset="utf-8">').encode('cp1251'), 'ok', 'text~библиотеки')
    put('empty', '.html', b'', 'error')
    png = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00' +
           bytes(range(256)) * 64)
    put('png-as-html', '.html', png, 'error')
    pdf = (b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
           b'2 0 obj\n<< /Length 5000 /Filter /FlateDecode >>\nstream\n' +
           zlib.compress(b'BT /F1 12 Tf (Hello) Tj ET ' * 400) + b'\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
    put('pdf-as-html', '.html', pdf, 'error')

    with open(os.path.join(out, 'manifest.tsv'), 'w') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')


if __name__ == '__main__':
    main()
