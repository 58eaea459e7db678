#!/bin/sh
# run.sh -- `make fuzz`: build and run every libFuzzer target in tests/fuzz/.
#
# Environment (set by the Makefile): FUZZ_BUILD (build-fuzz), FUZZ_SECONDS
# (60 per target), FUZZ_TARGETS (comma-separated parser names; default all),
# MAKE. For each target: build $FUZZ_BUILD/fuzz_<t>; run it from the seed
# corpus tests/fuzz/seeds/<t>/ with a working corpus in $FUZZ_BUILD/corpus/<t>/
# (not committed); crash reproducers land in $FUZZ_BUILD/artifacts/<t>/.
# libFuzzer stops at the first crash, so the run is restarted until the
# time is used up (at most 5 crashes per target). One summary line per target:
#     fuzz <t>: <seconds> s, <executions> execs, <crashes> crashes
cd "$(dirname "$0")/../.." || exit 2
B=${FUZZ_BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
MAKE=${MAKE:-make}
ALL="extract charset prescan warc http proto config robots"

# -max_len per target: big enough for a real page or record, small enough to
# keep executions fast.
maxlen() {
    case $1 in
        extract | prescan) echo 65536 ;;
        warc | http) echo 65536 ;;
        charset) echo 16384 ;;
        config | robots) echo 8192 ;;
        proto) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

targets=$(echo "${FUZZ_TARGETS:-$ALL}" | tr ',' ' ')
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
total_crashes=0
for t in $targets; do
    [ -f "tests/fuzz/fuzz_$t.c" ] || { echo "fuzz $t: no tests/fuzz/fuzz_$t.c" >>"$summary"; continue; }
    if ! $MAKE --no-print-directory "$B/fuzz_$t" >"$B/build-$t.log" 2>&1; then
        reason="build failed"
        grep -q 'undefined reference' "$B/build-$t.log" && reason="build failed: implementation not in libwinnow yet"
        echo "fuzz $t: $reason (see $B/build-$t.log)" | tee -a "$summary"
        continue
    fi
    mkdir -p "$B/corpus/$t" "$B/artifacts/$t"
    dict=""
    [ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"
    start=$(date +%s)
    execs=0
    crashes=0
    runs=0
    while :; do
        now=$(date +%s)
        left=$((SECS - (now - start)))
        [ "$left" -gt 0 ] || break
        [ "$crashes" -lt 5 ] || break
        runs=$((runs + 1))
        extra=
        [ "$t" = extract ] && extra=corpus/pages # the corpus pages seed the page fuzzer too
        log="$B/fuzz-$t.$runs.log"
        # shellcheck disable=SC2086
        "$B/fuzz_$t" -max_total_time="$left" -max_len="$(maxlen "$t")" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$B/artifacts/$t/" $dict \
            "$B/corpus/$t" "tests/fuzz/seeds/$t" $extra >"$log" 2>&1
        rc=$?
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        [ -n "$n" ] || n=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
        execs=$((execs + ${n:-0}))
        if [ $rc -ne 0 ]; then
            crashes=$((crashes + 1))
            echo "fuzz $t: crash (exit $rc), log $log:"
            grep -E 'ERROR: |SUMMARY: |runtime error|contract check failed|Test unit written' "$log" | head -5 | sed 's/^/    /'
            # Start again from the corpus; stop if it crashes at once again
            # (the same bug in a seed or corpus entry).
            [ "${n:-0}" -gt 0 ] || break
        fi
    done
    secs=$(($(date +%s) - start))
    total_crashes=$((total_crashes + crashes))
    echo "fuzz $t: $secs s, $execs execs, $crashes crashes, corpus $(ls "$B/corpus/$t" | wc -l) files" >>"$summary"
done
echo
echo "== fuzz summary (FUZZ_SECONDS=$SECS)"
cat "$summary"
[ "$total_crashes" -eq 0 ]
