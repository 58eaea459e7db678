#!/bin/sh
# hostile.sh -- hostile inputs through the real binary: `winnow extract
# --format json FILE` must give a result or a clear error record (JSON with
# a reason, non-zero exit), never a crash (exit >= 128, a sanitizer report)
# or a hang (30 s; 90 s under ASan), with peak RSS under a cap.
#
# Inputs are generated at test time by tests/gen_hostile.py into a temp dir
# (nothing big is committed): truncated gzip, a 1 GiB gzip bomb, a 100 MB
# page, a 10 MB page, one of exactly 16 MiB (the default cap), 1,000,000
# nested <div>s, 100,000 nested table cells, 50,000 unclosed <b><i><u><s>,
# 100,000 attributes on one element, NUL bytes, invalid UTF-8, UTF-16 with
# BOM, a lying charset label, an empty file, a PNG and a PDF named .html.
#
# One TAP line per input:  ok - hostile <name>: <outcome> (<ms> ms, CPU <ms> ms, <KiB> KiB)
# Wall and CPU time are printed for docs/hardening.md but never asserted
# (timing assertions are flaky by nature: a loaded machine once pushed the
# links page to 1.1 s of CPU); the 1 s per page goal is measured by
# `make bench` (bench/bench.sh, "largest pages"). A page that hangs is still
# a failure (timeout). Pages of exactly the cap in ten
# shapes are generated here too. RSS cap: 512 MiB; under ASan+UBSan
# ($WINNOW_SANITIZED=1) 2 GiB. Set HOSTILE_TABLE=FILE to also get
# "name|outcome|ms|cpu ms|KiB" rows (the source of the table in docs/hardening.md).
cd "$(dirname "$0")/../.." || exit 2
WINNOW=${WINNOW:-$PWD/build/winnow}
PY=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ ! -x "$WINNOW" ]; then
    echo "not ok - hostile: no binary at $WINNOW"
    exit 1
fi
rss_cap=524288 # KiB
limit=30       # seconds before an input counts as a hang (the goal is < 1 s)
gen_flags=""
if [ "${WINNOW_SANITIZED:-0}" = 1 ]; then
    rss_cap=2097152
    limit=90
fi
# Both stop at their cap after a fraction of a second, also under ASan
# (measured: 254 ms and 106 ms), so they run in both builds. Where /tmp is
# small, HOSTILE_SKIP_HUGE=1 leaves them out.
if [ "${HOSTILE_SKIP_HUGE:-0}" = 1 ]; then
    gen_flags="--skip-huge"
    echo "ok - hostile gzip-bomb-1g # SKIP HOSTILE_SKIP_HUGE=1"
    echo "ok - hostile page-100mb # SKIP HOSTILE_SKIP_HUGE=1"
fi
# shellcheck disable=SC2086
if ! $PY tests/gen_hostile.py "$tmp/in" $gen_flags; then
    echo "not ok - hostile: tests/gen_hostile.py failed"
    exit 1
fi
# Pages of exactly the 16 MiB cap in every shape that loads the parser
# differently (issue 7: no page up to the cap may take over 1 s): many
# paragraphs, one giant text node, millions of tiny elements, a table, a
# list, links, nested lists, divs, entity-heavy text, <pre>. The article's
# marker word must come out (a single block larger than the text cap too),
# except for tiny elements (no marker) and divs (the extraction rules take a
# page of identical short blocks for no article); all within the CPU bound.
cap_shapes="cap-paras cap-giant-text cap-tiny-elems cap-table cap-list cap-links cap-nested-lists cap-divs cap-entities cap-pre"
if [ "${HOSTILE_SKIP_HUGE:-0}" = 1 ]; then
    for c in $cap_shapes; do echo "ok - hostile $c # SKIP HOSTILE_SKIP_HUGE=1"; done
elif ! $PY - "$tmp/in" <<'EOF'
import os, sys
CAP = 16 << 20
out = sys.argv[1]
H = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bridge budget</title></head><body>'
     '<article><h1>Council approves the bridge budget</h1>')
T = '</article></body></html>'
W = 'Winnowmarker the council met on Tuesday to discuss the new budget for three bridges '
shapes = [
    ('cap-paras', H, '<p>Winnowmarker: paragraph about the budget and the bridges, the library roof and the council.</p>\n', T),
    ('cap-giant-text', H + '<p>', W, '</p>' + T),
    ('cap-tiny-elems', H, '<b>x</b><i>y</i>', T),
    ('cap-table', H + '<table>', '<tr><td>Winnowmarker 1</td><td>budget 2</td><td>x</td></tr>', '</table>' + T),
    ('cap-list', H + '<ul>', '<li>Winnowmarker bridge item</li>', '</ul>' + T),
    ('cap-links', H + '<p>', '<a href="https://example.com/path/x">Winnowmarker link</a> ', '</p>' + T),
    ('cap-nested-lists', H, '<ul><li>a<ul><li>Winnowmarker</li></ul></li></ul>', T),
    ('cap-divs', H, '<div class="c">Winnowmarker text</div>', T),
    ('cap-entities', H + '<p>', 'Winnowmarker &amp; &lt;b&gt; &eacute;t&eacute; &#8212; &#x201C;q&#x201D; &nbsp;', '</p>' + T),
    ('cap-pre', H + '<pre>', 'Winnowmarker  int x = a &lt; b;\n', '</pre>' + T),
]
with open(os.path.join(out, 'manifest.tsv'), 'a') as m:
    for name, head, unit, tail in shapes:
        head, unit, tail = head.encode(), unit.encode(), tail.encode()
        body = head + unit * ((CAP - len(head) - len(tail)) // len(unit))
        body += b' ' * (CAP - len(body) - len(tail)) + tail
        assert len(body) == CAP
        with open(os.path.join(out, name + '.html'), 'wb') as f:
            f.write(body)
        check = '-' if name in ('cap-tiny-elems', 'cap-divs') else 'text~Winnowmarker'
        m.write('%s\t%s.html\tok\t%s\n' % (name, name, check))
EOF
then
    echo "not ok - hostile: generating the pages at the cap failed"
    exit 1
fi
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:allocator_may_return_null=1"
while IFS="$(printf '\t')" read -r name file expect what; do
    in="$tmp/in/$file"
    start=$(date +%s%N)
    if [ -n "$TIME" ]; then
        timeout "$limit" "$TIME" -f '%M
cpu %U %S' -o "$tmp/rss" "$WINNOW" extract --format json "$in" >"$tmp/out" 2>"$tmp/err"
    else
        timeout "$limit" "$WINNOW" extract --format json "$in" >"$tmp/out" 2>"$tmp/err"
    fi
    rc=$?
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    rss=0
    cpu_ms=0
    if [ -n "$TIME" ]; then
        rss=$(grep -Eo '^[0-9]+$' "$tmp/rss" | tail -1)
        cpu_ms=$(awk '$1 == "cpu" { printf "%d", ($2 + $3) * 1000 }' "$tmp/rss")
    fi
    rss=${rss:-0}
    cpu_ms=${cpu_ms:-0}
    # time(1) reports "Command terminated by signal N" / "exited with non-zero status"
    if [ -n "$TIME" ] && grep -q 'terminated by signal' "$tmp/rss"; then rc=$((128 + $(grep -o 'signal [0-9]*' "$tmp/rss" | grep -o '[0-9]*'))); fi
    fail=""
    if [ $rc -eq 124 ]; then
        fail="hung: killed after $limit s"
    elif [ $rc -ge 128 ]; then
        fail="crashed: exit $rc"
    elif grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|AddressSanitizer' "$tmp/err"; then
        fail="sanitizer report (exit $rc)"
    fi
    if [ -z "$fail" ]; then
        outcome=$($PY tests/gen_hostile.py --check "$expect" "$what" "$tmp/out" "$rc")
        [ $? -eq 0 ] || fail="$outcome"
    fi
    if [ -z "$fail" ] && [ "$rss" -gt "$rss_cap" ]; then
        fail="$outcome, but peak RSS $rss KiB > cap $rss_cap KiB"
    fi
    if [ -n "$fail" ]; then
        echo "not ok - hostile $name: $fail ($ms ms, CPU $cpu_ms ms, $rss KiB)"
        sed 's/^/# /' "$tmp/err" | head -15 >&2
    else
        echo "ok - hostile $name: $outcome ($ms ms, CPU $cpu_ms ms, $rss KiB)"
    fi
    [ -n "${HOSTILE_TABLE:-}" ] && echo "$name|${fail:-$outcome}|$ms|$cpu_ms|$rss" >>"$HOSTILE_TABLE"
done <"$tmp/in/manifest.tsv"

# --- WARC level: damaged crawls through the whole pipeline ------------------
# `winnow run` (sink + 1 worker + replay) over ipc:// endpoints in the temp
# dir. Each WARC holds good pages A and B around the damage; both must come
# out ok, the damaged record as an error line with a reason, and no process
# may crash. GNU timeout signals its whole process group, so a hang takes
# the workers and the sink down with it.
if ! $PY tests/gen_hostile.py --warc "$tmp/warc"; then
    echo "not ok - hostile: tests/gen_hostile.py --warc failed"
    exit 1
fi
printf '[pipeline]\n' >"$tmp/pipeline.conf"
k=0
while IFS="$(printf '\t')" read -r name file urls _pages; do
    in="$tmp/warc/$file"
    out="$tmp/run-$name.jsonl"
    k=$((k + 1))
    ep="ipc://$tmp/p$k" # short: a socket path has at most 107 bytes
    start=$(date +%s%N)
    set -- run --config "$tmp/pipeline.conf" -o "pipeline.tasks=$ep-t" -o "pipeline.results=$ep-r" \
        -o "pipeline.acks=$ep-a" -o "delivery.deadline_ms=20000" --workers 1 --output "$out" -q "$in"
    if [ -n "$TIME" ]; then
        timeout "$limit" "$TIME" -f %M -o "$tmp/rss" "$WINNOW" "$@" >"$tmp/stdout" 2>"$tmp/err"
    else
        timeout "$limit" "$WINNOW" "$@" >"$tmp/stdout" 2>"$tmp/err"
    fi
    rc=$?
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    rss=0
    [ -n "$TIME" ] && rss=$(grep -Eo '^[0-9]+$' "$tmp/rss" | tail -1)
    rss=${rss:-0}
    if [ -n "$TIME" ] && grep -q 'terminated by signal' "$tmp/rss"; then rc=$((128 + $(grep -o 'signal [0-9]*' "$tmp/rss" | grep -o '[0-9]*'))); fi
    fail=""
    if [ $rc -eq 124 ]; then
        fail="hung: killed after $limit s"
    elif [ $rc -ge 128 ]; then
        fail="crashed: exit $rc"
    elif grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|AddressSanitizer' "$tmp/err"; then
        fail="sanitizer report (exit $rc)"
    elif grep -qE '(^|[^0-9])[1-9][0-9]* worker/sink restarts|killed by signal|dumped core' "$tmp/err" "$tmp/stdout"; then
        fail="a pipeline process died (exit $rc)"
    fi
    if [ -z "$fail" ]; then
        outcome=$($PY tests/gen_hostile.py --check-run "$out" "$urls")
        [ $? -eq 0 ] || fail="$outcome"
    fi
    if [ -z "$fail" ] && [ "$rss" -gt "$rss_cap" ]; then
        fail="$outcome, but peak RSS $rss KiB > cap $rss_cap KiB"
    fi
    if [ -n "$fail" ]; then
        echo "not ok - hostile $name: $fail ($ms ms, $rss KiB)"
        sed 's/^/# /' "$tmp/err" | head -15 >&2
    else
        echo "ok - hostile $name: $outcome ($ms ms, $rss KiB)"
    fi
    [ -n "${HOSTILE_TABLE:-}" ] && echo "$name|${fail:-$outcome}|$ms|$rss" >>"$HOSTILE_TABLE"
done <"$tmp/warc/manifest.tsv"
exit 0
