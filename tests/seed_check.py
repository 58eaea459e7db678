#!/usr/bin/env python3
"""Hold the extractor to the five seed pages.

Usage: python3 tests/seed_check.py <winnow-binary>

The seeds (../shared/seeds/) are one news story as five sites served it,
dumped by a naive extractor that kept the sites' chrome. corpus/pages/seed-*
holds a page per seed; corpus/seeds/<case>.noise.txt lists the seed's
non-article lines. For each case this runs

    <winnow-binary> extract --format text corpus/pages/<case>.html

and checks that (a) no noise line appears as a line of the output and
(b) every line of corpus/pages/<case>.expected.txt appears as a line of the
output. Lines are compared after NFC, stripping, collapsing whitespace
(including no-break spaces) and dropping a leading list marker ("- ", "1. ",
"• "); noise lines are also compared with all whitespace removed, so that
"potusBy potus..." matches "potus By potus ...".

Prints one TAP-like line per check and a closing "N passed, N failed" line;
exits 1 if any check failed. Python 3 standard library only.
"""
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = [
    'seed-0-news-portal',
    'seed-1-german-news',
    'seed-2-ai-newswire',
    'seed-3-dropship-syndication',
    'seed-4-wordpress-potus',
]
MARKER = re.compile(r'^(?:[-*\u2022]\s+|\d+[.)]\s+)')


def norm(line):
    """Normalise one line for comparison; returns '' for a blank line."""
    line = unicodedata.normalize('NFC', line)
    line = ' '.join(line.split())  # str.split() also splits on U+00A0
    return MARKER.sub('', line)


def squash(line):
    return ''.join(norm(line).split())


def read_lines(path):
    with open(path, encoding='utf-8') as f:
        return [n for n in (norm(l) for l in f.read().splitlines()) if n]


def shorten(s, n=70):
    return s if len(s) <= n else s[:n - 3] + '...'


def check_case(binary, case):
    """Returns a list of (ok, description) for one case."""
    page = os.path.join(ROOT, 'corpus', 'pages', case + '.html')
    expected = read_lines(os.path.join(ROOT, 'corpus', 'pages', case + '.expected.txt'))
    noise = read_lines(os.path.join(ROOT, 'corpus', 'seeds', case + '.noise.txt'))
    try:
        proc = subprocess.run([binary, 'extract', '--format', 'text', page],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return [(False, '%s extract: %s' % (case, e))]
    if proc.returncode != 0:
        err = proc.stderr.decode('utf-8', 'replace').strip().splitlines()
        return [(False, '%s extract exited %d: %s' % (case, proc.returncode, err[-1] if err else ''))]
    out = [n for n in (norm(l) for l in proc.stdout.decode('utf-8', 'replace').splitlines()) if n]
    out_set = set(out)
    out_squashed = {squash(l) for l in out}
    results = [(True, '%s extract ran' % case)]

    leaked = [n for n in noise if n in out_set or squash(n) in out_squashed]
    if leaked:
        results.append((False, '%s noise absent: %d noise line(s) in output, first: "%s"'
                        % (case, len(leaked), shorten(leaked[0]))))
    else:
        results.append((True, '%s noise absent' % case))

    missing = [e for e in expected if e not in out_set]
    if missing:
        results.append((False, '%s article present: %d of %d paragraph(s) missing, first: "%s"'
                        % (case, len(missing), len(expected), shorten(missing[0]))))
    else:
        results.append((True, '%s article present' % case))
    return results


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: python3 tests/seed_check.py <winnow-binary>\n')
        return 2
    binary = argv[1]
    passed = failed = 0
    for case in CASES:
        for ok, what in check_case(binary, case):
            print('%s - %s' % ('ok' if ok else 'not ok', what))
            if ok:
                passed += 1
            else:
                failed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
