#!/bin/sh
# run.sh BUILD_DIR... -- run every test against each build directory.
#
# Suites: unit tests (cmocka, TAP output), golden corpus tests, end-to-end
# scripts in tests/e2e/. Every test prints TAP-style lines ("ok - name",
# "not ok - name", "ok - name # SKIP why"); this script counts them over all
# builds and ends with the line "N passed, N failed[, N skipped]".
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
: >"$log/all"

suite() { # name command...
    name=$1
    shift
    echo "== $name"
    "$@" >"$log/out" 2>"$log/err"
    rc=$?
    cat "$log/out"
    grep -E '^(not )?ok ' "$log/out" >>"$log/all"
    if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log/out"; then
        # A suite that failed without saying which test: count it as one failure.
        echo "not ok - $name exited $rc"
        echo "not ok - $name exited $rc" >>"$log/all"
        sed 's/^/  | /' "$log/err" | tail -20
    elif grep -q '^not ok' "$log/out"; then
        sed 's/^/  | /' "$log/err" | tail -40
    fi
}

for build in "$@"; do
    export WINNOW="$PWD/$build/winnow" WINNOW_BUILD="$build"
    case $build in *asan*) export WINNOW_SANITIZED=1 ;; *) unset WINNOW_SANITIZED ;; esac
    echo "### $build"
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        CMOCKA_MESSAGE_OUTPUT=TAP suite "$build/$(basename "$t")" "$t"
    done
    for t in tests/e2e/*.sh tests/e2e/*.py; do
        [ -f "$t" ] || continue
        case $t in
            *.py) suite "$build/$t" python3 "$t" ;;
            *) suite "$build/$t" sh "$t" ;;
        esac
    done
done

skipped=$(grep -c '# SKIP' "$log/all")
passed=$(grep '^ok ' "$log/all" | grep -vc '# SKIP')
failed=$(grep -c '^not ok' "$log/all")
echo
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
