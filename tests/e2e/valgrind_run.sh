#!/bin/sh
# valgrind_run.sh -- `winnow run` over the corpus crawl under
# valgrind --leak-check=full, every process (run, sink, workers, replay):
# 0 errors and 0 definitely-lost bytes in each.
cd "$(dirname "$0")/../.." || exit 2
WINNOW=${WINNOW:-$PWD/build/winnow}
if [ -n "${WINNOW_SANITIZED:-}" ]; then
    echo "ok - valgrind run # SKIP valgrind and ASan do not mix; runs on the plain build"
    exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "ok - valgrind run # SKIP valgrind not installed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite \
    --trace-children=yes --log-file="$tmp/vg.%p.log" \
    "$WINNOW" run --config pipeline.conf --output "$tmp/out.jsonl" corpus/crawl.warc.gz >"$tmp/run.log" 2>&1
rc=$?
procs=$(ls "$tmp"/vg.*.log | wc -l)
errors=$(grep -h "ERROR SUMMARY" "$tmp"/vg.*.log | awk '{s += $4} END {print s + 0}')
lost=$(grep -h "definitely lost:" "$tmp"/vg.*.log | awk '{gsub(",", "", $4); s += $4} END {print s + 0}')
summary=$(grep '^read ' "$tmp/run.log")
if [ $rc -eq 0 ] && [ "$errors" -eq 0 ] && [ "$lost" -eq 0 ] && [ -n "$summary" ]; then
    echo "ok - valgrind run: $procs processes, 0 errors, 0 bytes definitely lost ($summary)"
else
    echo "not ok - valgrind run: exit $rc, $procs processes, $errors errors, $lost bytes definitely lost"
    grep -h -B2 -A12 "Invalid\|uninitialised\|definitely lost in" "$tmp"/vg.*.log | head -60 | sed 's/^/# /'
    exit 1
fi
