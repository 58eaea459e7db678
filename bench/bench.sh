#!/bin/sh
# bench.sh BUILD PAGES_DIR -- the figures of `make bench`.
#
# 1. single-thread extraction vs Gumbo's bare parse, pages in memory (bench_extract)
# 2. peak RSS of one process extracting every page (winnow extract, like a worker)
# 3. the pipeline: `winnow run` with 1 and 2 workers over the pages packed as one
#    WARC.gz, against single-process `winnow extract` on the same pages
# 4. WARC.gz reading alone (bench_warc)
# Whole-process wall times, medians of RUNS runs (default 5; 3 for the pipeline).
set -u
build=$1
pages=$2
runs=${RUNS:-5}
pruns=${PIPELINE_RUNS:-3}
win=$build/winnow
[ -d "$pages" ] || { echo "bench: $pages: no such directory (../shared missing?)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
now() { date +%s.%N; }

echo "== extraction, single thread, pages decompressed in memory"
"$build/bench_extract" --runs "$runs" "$pages"/*.html.gz

npages=$(ls "$pages"/*.html.gz | wc -l)
echo
echo "== peak RSS of one process extracting all $npages pages (winnow extract)"
/usr/bin/time -f "%M" -o "$tmp/rss" "$win" extract --format json "$pages"/*.html.gz >/dev/null 2>"$tmp/err"
echo "peak RSS          $(awk '{printf "%.1f MiB", $1/1024}' "$tmp/rss")"

echo
echo "== pipeline over the same pages packed as one WARC.gz"
python3 tools/pages2warc.py "$tmp/pages.warc.gz" "$pages"/*.html.gz
mb=$(python3 -c "import gzip,sys; print(sum(len(gzip.open(p).read()) for p in sys.argv[1:])/1e6)" "$pages"/*.html.gz)
for i in $(seq "$pruns"); do
    t0=$(now); "$win" extract --format json "$pages"/*.html.gz >/dev/null 2>&1; t1=$(now)
    awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}"
done | median >"$tmp/single"
single=$(awk -v n="$npages" '{printf "%.1f", n/$1}' "$tmp/single")
echo "single process    winnow extract: $single pages/s"
for w in 1 2; do
    for i in $(seq "$pruns"); do
        rm -f "$tmp/out.jsonl"
        t0=$(now)
        "$win" run --workers "$w" --output "$tmp/out.jsonl" "$tmp/pages.warc.gz" >"$tmp/run.log" 2>&1 ||
            { echo "bench: winnow run failed:" >&2; tail -5 "$tmp/run.log" >&2; exit 1; }
        t1=$(now)
        awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}"
    done | median >"$tmp/run$w"
    awk -v n="$npages" -v w="$w" -v s="$single" '{r=n/$1; printf "winnow run        %d worker(s): %.1f pages/s, efficiency %.0f%% of %d x single\n", w, r, 100*r/(w*s), w}' "$tmp/run$w"
done
tail -1 "$tmp/run.log"

echo
echo "== WARC.gz reading alone"
"$build/bench_warc" --runs "$runs" "$tmp/pages.warc.gz"
