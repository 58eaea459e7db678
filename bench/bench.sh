#!/bin/sh
# bench.sh BUILD PAGES_DIR -- the figures of `make bench`.
#
# 1. single-thread extraction vs Gumbo's bare parse, pages in memory (bench_extract)
# 2. peak RSS: one process extracting every page (winnow extract), and a real
#    `winnow worker` fed every page by `winnow replay` through a sink
# 3. the pipeline: `winnow run` with 1 and 2 workers over the pages packed as one
#    WARC.gz, against single-process `winnow extract` on the same pages
# 4. WARC.gz reading alone (bench_warc)
# 5. (after 1) the largest pages: three shapes of exactly 16 MiB, the page cap
# 6. failover: `winnow run` over 2,000 pages with a worker kill -9'd at 90%
#    (bench_failover.py; FAILOVER_RUNS rounds, default 3)
#
# Whole-process wall times, medians of RUNS runs (default 5) for 1 and 4, of
# PIPELINE_RUNS rounds (default 5) for 3. A round runs single extract, run
# with 1 worker and run with 2 workers back to back, so that a change in the
# machine's load hits all three alike. CPU seconds (user + system, the run's
# children included) are medians too; efficiency = pipeline pages/s over
# N x single-process pages/s. BASELINE=/path/to/other/winnow adds a round-robin
# row for that binary (e.g. a build of an older commit) to compare in the same run.
# The pipeline uses its own configuration (defaults, loopback TCP endpoints on
# free ports), not ./pipeline.conf.
set -u
build=$1
pages=$2
runs=${RUNS:-5}
pruns=${PIPELINE_RUNS:-5}
baseline=${BASELINE:-}
win=$build/winnow
[ -d "$pages" ] || { echo "bench: $pages: no such directory (../shared missing?)" >&2; exit 1; }
[ -x "$win" ] || { echo "bench: $win: not built" >&2; exit 1; }
if [ -n "$baseline" ] && [ ! -x "$baseline" ]; then echo "bench: BASELINE $baseline: not executable" >&2; exit 1; fi
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# Private copies of the binaries: a rebuild while the benchmark runs (another
# `make` in the same tree) must neither fail a run nor change what is measured.
for b in winnow bench_extract bench_warc; do cp "$build/$b" "$tmp/$b" || exit 1; done
win=$tmp/winnow
baseline_name=$baseline
if [ -n "$baseline" ]; then
    cp "$baseline" "$tmp/baseline" || exit 1
    baseline=$tmp/baseline
fi

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Three free loopback TCP ports, as ZeroMQ endpoints in a config file.
write_conf() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
ports = [s.getsockname()[1] for s in socks]
for s in socks:
    s.close()
with open(sys.argv[1], "w") as f:
    f.write("[pipeline]\ntasks = tcp://127.0.0.1:%d\nresults = tcp://127.0.0.1:%d\nacks = tcp://127.0.0.1:%d\n" % tuple(ports))
EOF
}
# timed LABEL CMD... -- runs CMD, appends "wall cpu" to $tmp/LABEL; fails loudly.
timed() {
    label=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >"$tmp/cmd.out" 2>"$tmp/cmd.err" ||
        { echo "bench: $label failed:" >&2; tail -5 "$tmp/cmd.err" >&2; exit 1; }
    awk '{print $1, $2 + $3}' "$tmp/time" >>"$tmp/$label"
}

echo "== machine: $(nproc) CPUs, load average $(load) at start"
echo
echo "== extraction, single thread, pages decompressed in memory"
"$tmp/bench_extract" --runs "$runs" "$pages"/*.html.gz || exit 1

echo
echo "== largest pages: exactly 16 MiB (the max_page_bytes cap), winnow extract --format json, medians of $runs runs"
# Issue 7: no page up to the cap may take over 1 s. The three heaviest
# shapes of tests/e2e/hostile.sh: paragraphs (text), links (tags with
# attributes), tiny elements (tags); the parse budget cuts all three.
python3 - "$tmp" <<'EOF' || exit 1
import sys
CAP = 16 << 20
H = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bridge budget</title></head><body>'
     '<article><h1>Council approves the bridge budget</h1>')
T = '</article></body></html>'
for name, head, unit, tail in [
        ('cap-paras', H, '<p>Winnowmarker: paragraph about the budget and the bridges, the library roof and the council.</p>\n', T),
        ('cap-links', H + '<p>', '<a href="https://example.com/path/x">Winnowmarker link</a> ', '</p>' + T),
        ('cap-tiny-elems', H, '<b>x</b><i>y</i>', T)]:
    head, unit, tail = head.encode(), unit.encode(), tail.encode()
    body = head + unit * ((CAP - len(head) - len(tail)) // len(unit))
    body += b' ' * (CAP - len(body) - len(tail)) + tail
    with open('%s/%s.html' % (sys.argv[1], name), 'wb') as f:
        f.write(body)
EOF
worst=0
for shape in cap-paras cap-links cap-tiny-elems; do
    for i in $(seq "$runs"); do timed "$shape" "$win" extract --format json "$tmp/$shape.html"; done
    wall=$(cut -d' ' -f1 "$tmp/$shape" | median)
    cpu=$(cut -d' ' -f2 "$tmp/$shape" | median)
    printf "largest page      %-15s CPU %.2f s, wall %.2f s\n" "$shape" "$cpu" "$wall"
    worst=$(awk -v a="$worst" -v b="$cpu" 'BEGIN {print (b > a) ? b : a}')
done
echo "largest page      slowest: CPU $worst s (goal: under 1 s)"

npages=$(ls "$pages"/*.html.gz | wc -l)
echo
echo "== peak RSS over all $npages pages"
/usr/bin/time -f "%M" -o "$tmp/rss" "$win" extract --format json "$pages"/*.html.gz >/dev/null 2>"$tmp/err"
echo "winnow extract    $(awk '{printf "%.1f MiB", $1/1024}' "$tmp/rss") (one process, every page in turn)"

python3 tools/pages2warc.py "$tmp/pages.warc.gz" "$pages"/*.html.gz || exit 1
write_conf "$tmp/rss.conf" || exit 1
"$win" sink --config "$tmp/rss.conf" --output "$tmp/rss.jsonl" -q 2>"$tmp/sink.err" &
sink=$!
/usr/bin/time -f "%M" -o "$tmp/wrss" "$win" worker --config "$tmp/rss.conf" -q 2>"$tmp/worker.err" &
worker=$!
pids="$sink $worker"
"$win" replay --config "$tmp/rss.conf" -q "$tmp/pages.warc.gz" 2>"$tmp/replay.err" ||
    { echo "bench: replay for the worker RSS failed:" >&2; tail -5 "$tmp/replay.err" >&2; exit 1; }
# Stop the worker itself (time's child); time then writes its figure.
kill $(cat "/proc/$worker/task/$worker/children" 2>/dev/null) 2>/dev/null
wait "$worker"
kill "$sink" 2>/dev/null
wait "$sink"
pids=""
echo "winnow worker     $(awk '{printf "%.1f MiB", $1/1024}' "$tmp/wrss") (fed all pages by winnow replay, through a sink)"

echo
echo "== pipeline over the same pages packed as one WARC.gz ($(du -m "$tmp/pages.warc.gz" | cut -f1) MB), $pruns rounds"
bins="$win"
[ -n "$baseline" ] && bins="$win $baseline"
for i in $(seq "$pruns"); do
    timed single "$win" extract --format json "$pages"/*.html.gz
    for b in $bins; do
        tag=cur
        [ "$b" = "$win" ] || tag=base
        for w in 1 2; do
            write_conf "$tmp/run.conf" || exit 1
            rm -f "$tmp/out.jsonl"
            timed "run$tag$w" "$b" run --config "$tmp/run.conf" --workers "$w" --output "$tmp/out.jsonl" \
                "$tmp/pages.warc.gz"
            cp "$tmp/cmd.err" "$tmp/run$tag$w.log"
            cp "$tmp/cmd.out" "$tmp/run$tag$w.sum"
            got=$(wc -l <"$tmp/out.jsonl")
            [ "$got" -eq "$npages" ] || { echo "bench: run wrote $got lines for $npages pages" >&2; exit 1; }
        done
        if [ "$tag" = base ]; then timed singlebase "$b" extract --format json "$pages"/*.html.gz; fi
    done
done
swall=$(cut -d' ' -f1 "$tmp/single" | median)
scpu=$(cut -d' ' -f2 "$tmp/single" | median)
single=$(awk -v n="$npages" -v t="$swall" 'BEGIN {printf "%.1f", n/t}')
echo "single process    winnow extract: $single pages/s (median wall $swall s, CPU $scpu s)"
# Under each pipeline line, two figures that a busy machine does not skew the
# way it skews the wall-clock efficiency (single extract, one process, loses a
# bigger share of the CPU to other jobs than the five processes of a run):
# CPU ratio = single-process CPU / pipeline CPU -- with as many workers as
# cores, the efficiency an otherwise idle machine would allow at best; and the
# efficiency against single extract's CPU-time rate (pages / its CPU seconds,
# its speed on an idle core) -- pessimistic while other jobs slow the run,
# equal to the efficiency on an idle machine.
report() { # tag label single_pages_per_s single_cpu_s
    for w in 1 2; do
        wall=$(cut -d' ' -f1 "$tmp/run$1$w" | median)
        cpu=$(cut -d' ' -f2 "$tmp/run$1$w" | median)
        awk -v n="$npages" -v w="$w" -v s="$3" -v t="$wall" -v c="$cpu" -v l="$2" -v sc="$4" 'BEGIN {r = n/t;
            printf "%-17s %d worker(s): %.1f pages/s, efficiency %.0f%% of %d x single (median wall %.2f s, CPU %.2f s)\n",
                   l, w, r, 100*r/(w*s), w, t, c;
            printf "%-17s CPU ratio %.0f%%; %.0f%% of %d x single'"'"'s CPU-time rate (%.1f pages/s)\n",
                   "", 100*sc/c, 100*r*sc/(w*n), w, n/sc}'
    done
}
report cur "winnow run" "$single" "$scpu"
if [ -n "$baseline" ]; then
    bwall=$(cut -d' ' -f1 "$tmp/singlebase" | median)
    bcpu=$(cut -d' ' -f2 "$tmp/singlebase" | median)
    bsingle=$(awk -v n="$npages" -v t="$bwall" 'BEGIN {printf "%.1f", n/t}')
    echo "baseline          winnow extract: $bsingle pages/s (median wall $bwall s, CPU $bcpu s; $baseline_name)"
    report base "baseline run" "$bsingle" "$bcpu"
fi
echo "last 2-worker run: $(head -1 "$tmp/runcur2.sum")"
grep -h "stopping after" "$tmp/runcur2.log" | sed 's/^winnow worker [^:]*: /  worker: /'
echo "load average $(load) at the end of the pipeline rounds"

echo
echo "== failover: a worker killed near the end (load average $(load))"
python3 bench/bench_failover.py "$win" "$pages" 2000 "${FAILOVER_RUNS:-3}" || exit 1

echo
echo "== WARC.gz reading alone"
"$tmp/bench_warc" --runs "$runs" "$tmp/pages.warc.gz" || exit 1
