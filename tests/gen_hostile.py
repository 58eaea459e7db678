#!/usr/bin/env python3
"""Generate the hostile inputs of tests/e2e/hostile.sh into a directory.

Usage: python3 tests/gen_hostile.py DIR [--skip-huge]
       python3 tests/gen_hostile.py --check EXPECT CHECK STDOUT_FILE EXIT_CODE

Writes each input as DIR/<name>.<ext> and a manifest DIR/manifest.tsv with
one line per input:  name <TAB> file <TAB> expect <TAB> check
  expect  "ok"     the page must be extracted (status ok, exit 0)
          "error"  it must be refused with an error record (status error,
                   a non-empty reason, non-zero exit)
          "any"    either, as long as it is one of the two, cleanly
  check   "-", or "text~WORD" (the text must contain WORD), or
          "reason~REGEX" (the error reason must match REGEX, case-insensitive)
--skip-huge leaves out the 1 GiB gzip bomb and the 100 MB page (ASan runs).
--check judges one run of `winnow extract --format json FILE`: prints the
outcome ("ok, 1234 bytes of text" / "error: too big ...") and exits 0 if it
meets EXPECT and CHECK, else prints why and exits 1.
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


def main():
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
