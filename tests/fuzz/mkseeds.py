#!/usr/bin/env python3
"""Write the fuzz seed corpora into tests/fuzz/seeds/<target>/ (deterministic).

Usage: python3 tests/fuzz/mkseeds.py [CORPUS_PAGES_DIR]

Small hand-made inputs, one directory per fuzz target: HTML pages in several
charsets (plain and gzip), WARC files (plain, gzip per record, whole-file
gzip, damaged), HTTP responses (chunked, gzip, deflate), wire-protocol
frames, pipeline.conf files and robots.txt files (the corpus pages are
not copied: tests/fuzz/run.sh gives corpus/pages to the page fuzzer as a
second seed directory). Standard library only; rerunning it
gives the same bytes.
"""
import gzip
import json
import os
import struct
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seeds')


def gz(data):
    """One gzip member, fixed header (mtime 0) so output is deterministic."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = co.compress(data) + co.flush()
    return (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff' + raw +
            struct.pack('<II', zlib.crc32(data) & 0xffffffff, len(data) & 0xffffffff))


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


ARTICLE_EN = ('<p>The committee met on Tuesday to discuss the new budget, which will fund '
              'the repair of three bridges and the library roof over the next two years.</p>'
              '<p>Members said the plan was the result of months of negotiation with the '
              'regional government and local businesses.</p>')


def page(body, head='', lang='en'):
    return ('<!DOCTYPE html><html lang="%s"><head>%s<title>Budget approved</title></head>'
            '<body>%s</body></html>' % (lang, head, body))


CHROME = ('<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
          '<aside class="sidebar"><h3>Related</h3><ul><li><a href="/a">A story</a></li></ul></aside>'
          '<footer>(c) 2024 Example News. <a href="/privacy">Privacy</a></footer>')


def html_pages():
    """(name, bytes) pairs used by the extract, charset and prescan targets."""
    out = []
    out.append(('utf8-article.html', page(
        CHROME + '<main><article><h1>Budget approved</h1>' + ARTICLE_EN +
        '<ul><li>Bridges</li><li>Library</li></ul><table><tr><td>a</td><td>b</td></tr></table>'
        '<blockquote>Quote</blockquote><pre><code>x = 1</code></pre></article></main>',
        head='<meta charset="utf-8"><meta name="author" content="Ann Lee">'
             '<meta property="og:site_name" content="Example News">'
             '<link rel="canonical" href="https://example.test/budget">'
             '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget",'
             '"datePublished":"2024-03-12","author":{"name":"Ann Lee"}}</script>'
             '<style>body{color:red}</style><script>var x="</div>";</script>'
             '<!-- a comment with <div> inside -->').encode('utf-8')))
    ru = ('<p>Комитет во вторник обсудил новый бюджет, который позволит отремонтировать '
          'три моста и крышу библиотеки в течение следующих двух лет.</p>') * 3
    out.append(('cp1251-meta.html', page('<article>' + ru + '</article>',
                                        head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
                                        lang='ru').encode('cp1251')))
    out.append(('cp1251-unlabelled.html', page('<article>' + ru + '</article>', lang='ru').encode('cp1251')))
    ja = '<p>委員会は火曜日に新しい予算について話し合い、三つの橋と図書館の屋根を修理することを決めました。</p>' * 3
    out.append(('sjis-meta.html', page('<article>' + ja + '</article>', head='<meta charset="shift_jis">',
                                      lang='ja').encode('shift_jis')))
    zh = '<p>委员会星期二讨论了新的预算，该预算将在未来两年内修复三座桥梁和图书馆的屋顶。</p>' * 3
    out.append(('gbk-meta.html', page('<article>' + zh + '</article>', head='<meta charset="gb2312">',
                                     lang='zh').encode('gbk')))
    fr = ("<p>Le comité s'est réuni mardi pour discuter du nouveau budget, qui financera "
          "la réparation de trois ponts et du toit de la bibliothèque.</p>") * 2
    out.append(('latin1-meta.html', page('<article>' + fr + '</article>', head='<meta charset="iso-8859-1">',
                                        lang='fr').encode('latin-1')))
    out.append(('latin1-says-utf8.html', page('<article>' + fr + '</article>', head='<meta charset="utf-8">',
                                             lang='fr').encode('latin-1')))
    out.append(('utf16le-bom.html', b'\xff\xfe' + page('<article>' + ARTICLE_EN + '</article>').encode('utf-16-le')))
    out.append(('utf16be-bom.html', b'\xfe\xff' + page('<article>' + ARTICLE_EN + '</article>').encode('utf-16-be')))
    out.append(('utf8-bom.html', b'\xef\xbb\xbf' + page('<article>' + ARTICLE_EN + '</article>').encode('utf-8')))
    out.append(('gzip-page.html.gz', gz(page('<article>' + ARTICLE_EN + '</article>').encode('utf-8'))))
    out.append(('nested.html', page('<div>' * 40 + '<p>deep text</p>' + '</div>' * 40 +
                                    '<b><i><u><s>' * 20 + 'fmt' +
                                    '<table><tr><td>' * 10 + 'cell' +
                                    '<div ' + ' '.join('a%d="%d"' % (i, i) for i in range(50)) + '>attrs</div>'
                                    ).encode('utf-8')))
    out.append(('broken.html', b'<html><body><p>unclosed <div class="x\' id=y>\x00nul\xff\xfe bad '
                               b'<script>never closed <!-- <title>t</tit'))
    out.append(('empty.html', b''))
    out.append(('png.html', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00'))
    out.append(('pdf.html', b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'))
    out.append(('svg-noscript.html', page('<svg><path d="M0 0"/><text>svg text</text></svg>'
                                          '<noscript><p>noscript</p></noscript><template><p>t</p></template>'
                                          '<iframe srcdoc="<p>x</p>"></iframe><textarea><p>ta</p></textarea>'
                                          '<p hidden>hidden</p><p style="display:none">none</p>'
                                          '<div role="navigation">nav</div><p>' + 'word ' * 60 + '</p>'
                                          ).encode('utf-8')))
    return out


def extract_seeds(corpus):
    # The corpus pages themselves are not copied here: tests/fuzz/run.sh
    # hands corpus/pages to the extract fuzzer as a second seed directory,
    # and the golden tests already run every one of them through both builds.
    del corpus
    for name, data in html_pages():
        put('extract', name, data)


def charset_seeds():
    cts = {'cp1251-meta.html': 'text/html; charset=windows-1251',
           'sjis-meta.html': 'text/html; charset="Shift_JIS"',
           'latin1-says-utf8.html': 'text/html; charset=utf-8',
           'utf16le-bom.html': 'text/html; charset=iso-8859-1',
           'gbk-meta.html': 'text/html;charset=x-gbk'}
    for name, data in html_pages():
        if name.endswith('.gz') or name in ('png.html', 'pdf.html', 'nested.html', 'svg-noscript.html'):
            continue
        put('charset', name, data)
        if name in cts:
            put('charset', 'ct-' + name, ('ct=%s\n' % cts[name]).encode() + data)
    put('charset', 'ct-bogus.html', b'ct=text/html; charset=no-such-charset\n<p>caf\xe9</p>')
    put('charset', 'meta-late.html', b'<html><head>' + b' ' * 9000 + b'<meta charset="koi8-r"></head>\xf0\xd2\xc9')
    put('charset', 'meta-unterminated.html', b'<meta charset="utf-')
    put('charset', 'meta-equiv-odd.html', b"<META HTTP-EQUIV=content-type CONTENT='text/html;charset = \"big5\"'>"
                                          b"\xa4\xa4\xa4\xe5")


def prescan_seeds():
    for name, data in html_pages():
        if name.endswith('.gz') or name.startswith('utf16') or name in ('png.html', 'pdf.html'):
            continue
        put('prescan', name, data)
    put('prescan', 'scripts.html', b'<script>if (a < b) { document.write("</scr" + "ipt>"); }</script>'
                                   b'<script type="application/ld+json">{"a": "</p>"}</script>'
                                   b'<style>/* </style> */ p{}</style><!----><!-- -- --!><!--->'
                                   b'<p data-x="1" onclick="y()" class=c id=i>text</p><![CDATA[ x ]]>'
                                   b'<svg><style>x</style><script>y</script></svg><math><mi>x</mi></math>')
    put('prescan', 'attrs.html', b'<a href=x title="t" rel=\'r\' lang=en dir=ltr itemprop=url '
                                 b'aria-hidden=true hidden style="x" a=1 b c=3 d="4">x</a><img src=a alt=b/>')
    put('prescan', 'unterminated-tag.html', b'<div class="never closed')
    put('prescan', 'unterminated-comment.html', b'<p>x</p><!-- never closed <p>y</p>')


def warc_record(rtype, uri, block, extra=None, rid='1'):
    hdr = ['WARC/1.1', 'WARC-Type: ' + rtype,
           'WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>' % int(rid),
           'WARC-Date: 2024-03-12T10:00:00Z']
    if uri:
        hdr.append('WARC-Target-URI: ' + uri)
    if rtype in ('response', 'revisit'):
        hdr.append('Content-Type: application/http; msgtype=response')
    elif rtype == 'warcinfo':
        hdr.append('Content-Type: application/warc-fields')
    hdr += extra or []
    hdr.append('Content-Length: %d' % len(block))
    return ('\r\n'.join(hdr) + '\r\n\r\n').encode() + block + b'\r\n\r\n'


def http_response(body, headers):
    lines = ['HTTP/1.1 200 OK'] + headers
    return ('\r\n'.join(lines) + '\r\n\r\n').encode() + body


def chunked(body, size=17):
    out = b''
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b'%x\r\n' % len(part) + part + b'\r\n'
    return out + b'0\r\n\r\n'


def small_page():
    return page('<article>' + ARTICLE_EN + '</article>').encode('utf-8')


def warc_seeds():
    p = small_page()
    info = warc_record('warcinfo', None, b'software: winnow-seeds\r\nformat: WARC File Format 1.1\r\n', rid='1')
    resp = warc_record('response', 'https://example.test/a',
                       http_response(p, ['Content-Type: text/html; charset=utf-8',
                                         'Content-Length: %d' % len(p)]), rid='2')
    resp_gz = warc_record('response', 'https://example.test/b',
                          http_response(chunked(gz(p)), ['Content-Type: text/html', 'Content-Encoding: gzip',
                                                         'Transfer-Encoding: chunked']), rid='3')
    req = warc_record('request', 'https://example.test/a', b'GET /a HTTP/1.1\r\nHost: example.test\r\n\r\n', rid='4')
    meta = warc_record('metadata', 'https://example.test/a', b'via: seed\r\n', rid='5')
    res = warc_record('resource', 'file:///x.html', p, extra=['Content-Type: text/html'], rid='6')
    rev = warc_record('revisit', 'https://example.test/a', b'HTTP/1.1 304 Not Modified\r\n\r\n',
                      extra=['WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'],
                      rid='7')
    plain = info + resp + req + resp_gz + meta + res + rev
    put('warc', 'plain.warc', plain)
    put('warc', 'per-record.warc.gz', b''.join(gz(r) for r in (info, resp, req, resp_gz, meta, res, rev)))
    put('warc', 'whole-file.warc.gz', gz(plain))
    put('warc', 'warc10.warc', resp.replace(b'WARC/1.1', b'WARC/1.0'))
    put('warc', 'garbage-between.warc', info + b'garbage garbage\r\n\r\n\x00\xff' + resp)
    long_cl = resp.replace(b'Content-Length: %d\r\n\r\n' % (len(resp) - resp.index(b'HTTP/1.1') - 4),
                           b'Content-Length: 999999\r\n\r\n')
    put('warc', 'content-length-too-long.warc', long_cl + resp)
    put('warc', 'content-length-short.warc', warc_record('response', 'https://example.test/s', b'', rid='8')
        .replace(b'Content-Length: 0', b'Content-Length: 5') + resp)
    put('warc', 'content-length-bad.warc', resp.replace(b'Content-Length: ', b'Content-Length: -1x') + resp)
    put('warc', 'truncated.warc.gz', gz(info) + gz(resp)[:-30])
    put('warc', 'no-blank-line.warc', b'WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 3\r\nabc')
    put('warc', 'lf-only.warc', plain.replace(b'\r\n', b'\n')[:2000])
    put('warc', 'many-headers.warc', b'WARC/1.1\r\n' + b''.join(b'X-H%d: v\r\n' % i for i in range(300)) +
        b'Content-Length: 0\r\n\r\n\r\n\r\n')
    put('warc', 'empty.warc', b'')


def http_seeds():
    p = small_page()
    put('http', 'plain.http', http_response(p, ['Content-Type: text/html', 'Content-Length: %d' % len(p)]))
    put('http', 'chunked.http', http_response(chunked(p), ['Transfer-Encoding: chunked']))
    put('http', 'chunked-ext.http', http_response(b'5;name=val\r\nhello\r\n0\r\nTrailer: x\r\n\r\n',
                                                  ['Transfer-Encoding: chunked']))
    put('http', 'chunked-cut.http', http_response(chunked(p)[:200], ['Transfer-Encoding: chunked']))
    put('http', 'gzip.http', http_response(gz(p), ['Content-Encoding: gzip']))
    put('http', 'gzip-chunked.http', http_response(chunked(gz(p)), ['Content-Encoding: x-gzip',
                                                                    'Transfer-Encoding: chunked']))
    put('http', 'deflate-zlib.http', http_response(zlib.compress(p), ['Content-Encoding: deflate']))
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    put('http', 'deflate-raw.http', http_response(co.compress(p) + co.flush(), ['Content-Encoding: deflate']))
    put('http', 'gzip-truncated.http', http_response(gz(p)[:60], ['Content-Encoding: gzip']))
    put('http', 'br.http', http_response(b'\x1b\x00\x00', ['Content-Encoding: br']))
    put('http', 'two-members.gz', gz(b'first ') + gz(b'second'))
    put('http', 'folded.http', b'HTTP/1.0 404 Not Found\r\nX-A: 1\r\n continued\r\nContent-Type:text/html\r\n\r\nx')
    put('http', 'lf-only.http', b'HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>x</p>')
    put('http', 'no-reason.http', b'HTTP/1.1 200\r\n\r\n')
    put('http', 'headers-no-end.http', b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n')
    put('http', 'chunk-size-huge.http', http_response(b'ffffffffffffffff\r\nabc\r\n', ['Transfer-Encoding: chunked']))


def proto_seeds():
    task = {'id': '<urn:uuid:1>', 'url': 'https://example.test/a', 'ack': 'tcp://127.0.0.1:5559',
            'attempt': 1, 'http_status': 200, 'content_type': 'text/html; charset=utf-8',
            'content_encoding': 'gzip', 'transfer_encoding': 'chunked', 'fetch_time': '2024-03-12T10:00:00Z'}
    put('proto', 'task.json', json.dumps(task))
    put('proto', 'task-min.json', '{"id":"x"}')
    put('proto', 'task-bad-types.json', '{"id":1,"url":[],"attempt":"2","http_status":-5}')
    put('proto', 'task-nul.json', '{"id":"a\\u0000b","url":"\\ud800"}')
    result = {'id': '<urn:uuid:1>', 'url': 'https://example.test/a', 'ack': 'tcp://127.0.0.1:5559',
              'attempt': 1, 'status': 'ok', 'title': 'Budget', 'author': 'Ann', 'date': '2024-03-12',
              'lang': 'en', 'site_name': 'Example', 'worker': 'host/1', 'ms': 1.5}
    put('proto', 'result.json', json.dumps(result) + '\n--\nThe committee met on Tuesday.\n')
    err = dict(result, status='error', error='too big')
    put('proto', 'result-error.json', json.dumps(err) + '\n--\n')
    put('proto', 'result-bad-text.json', json.dumps(result).encode() + b'\n--\n\xff\xfe\xc3')
    put('proto', 'acks.json', '[{"id":"a","status":"ok"},{"id":"b","status":"error"},{"id":3},"x",{}]')
    put('proto', 'not-json', '{"id": "x", "url": "unterminated')
    put('proto', 'content-type', 'application/pdf')


def config_seeds():
    put('config', 'full.conf', """# pipeline.conf
[pipeline]
workers = 2
tasks = tcp://127.0.0.1:5557
results = tcp://127.0.0.1:5558
acks = tcp://127.0.0.1:5559
sources = corpus/crawl.warc.gz other.warc

[delivery]
hwm = 16
max_in_flight = 64
deadline_ms = 30000
attempts = 3

[limits]
max_page_bytes = 16M
max_inflated_bytes = 64M
max_depth = 512
max_headers = 256
max_header_line = 64k
max_record = 1G

[extract]
format = json
tables = yes
comments = off
links = 1
images = false
bias = precision

[output]
path = out/clean.jsonl.gz
gzip = auto

[fetch]
concurrency = 32
per_host = 2
delay_ms = 1000
user_agent = winnow/0.1 (+https://example.invalid/winnow)
robots = true
warc =
""")
    put('config', 'bad-key.conf', '[pipeline]\nwrokers = 2\n')
    put('config', 'bad-size.conf', '16Q\n[limits]\nmax_page_bytes = 99999999999999999999G\n')
    put('config', 'set-arg.conf', 'delivery.hwm=8\n[output]\ngzip = maybe\n')
    put('config', 'long-value.conf', '[pipeline]\ntasks = tcp://' + 'a' * 600 + ':1\n')
    put('config', 'no-section.conf', 'workers = 3\n')
    put('config', 'weird.conf', '[ pipeline ]\n; comment\nworkers=  4  ; trailing\n\n[unknown]\nx=y\n')


def robots_seeds():
    seeds = {
        'basic.txt': "User-agent: *\nDisallow: /private/\nAllow: /private/public$\n\nUser-agent: winnow\n"
                     "Disallow: /no-winnow\nCrawl-delay: 5\nSitemap: https://x.test/sitemap.xml\n#path:/private/x\n",
        'wildcards.txt': "user-agent: googlebot\nuser-agent: winnow\ndisallow: /*.php$\ndisallow: /a*b*c*d*e*f\n"
                         "allow: /*?\n#path:/a1b2c3d4e5f6.php\n",
        'empty-rules.txt': "User-agent: *\nDisallow:\n",
        'crlf-bom.txt': "\ufeffUser-Agent: *\r\nDisallow: /x\r\n# comment\r\nAllow: /x/y # trailing\r\n",
        'no-group.txt': "Disallow: /orphan\nUser-agent:\nAllow: /\n",
        'long-line.txt': "User-agent: *\nDisallow: /" + "a" * 3000 + "\nDisallow: /short\n#path:/short/x\n",
        'many-stars.txt': "User-agent: *\nDisallow: " + "*a" * 200 + "$\n#path:/" + "a" * 300 + "b\n",
    }
    for name, text in seeds.items():
        put('robots', name, text)


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else None
    extract_seeds(corpus)
    charset_seeds()
    prescan_seeds()
    warc_seeds()
    http_seeds()
    proto_seeds()
    config_seeds()
    robots_seeds()


if __name__ == '__main__':
    main()
