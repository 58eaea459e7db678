#!/bin/sh
# fuzz_regress.sh -- replay every fuzz seed and regression input through the
# fuzz targets, without libFuzzer.
#
# Each tests/fuzz/fuzz_<t>.c is linked with the standalone driver
# tests/fuzz/driver.c against $WINNOW_BUILD/libwinnow.a, with the ordinary
# compiler ($CC, default gcc) and, when $WINNOW_SANITIZED=1, the same
# ASan+UBSan flags as that build. Then every file in tests/fuzz/seeds/<t>/
# and tests/fuzz/regress/<t>/ is run, one process per file so a crash names
# its input. One TAP line per target:
#     ok - fuzz_regress <t>: N inputs
# A target that does not compile or link (an undefined symbol: a library the
# link line below lacks) is a failure, not a skip: a skipped target replays
# nothing.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${WINNOW_BUILD:-build}
CC=${CC:-gcc}
LIB="$BUILD/libwinnow.a"
PKGS="gumbo libcurl zlib libisal libbrotlidec libzmq inih uchardet jansson"
pkg-config --exists libcrypto 2>/dev/null && PKGS="$PKGS libcrypto"
# as the Makefile's LANG_LIBS: CLD2 is C++ and has no pkg-config file
LANG_LIBS="-lcld2 -lstdc++"
SAN=""
[ "${WINNOW_SANITIZED:-0}" = 1 ] && SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ ! -f "$LIB" ]; then
    echo "ok - fuzz_regress # SKIP no $LIB (build first)"
    exit 0
fi
# shellcheck disable=SC2086
PKG_CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null)
# shellcheck disable=SC2086
PKG_LIBS=$(pkg-config --libs $PKGS 2>/dev/null)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

header_of() {
    case $1 in
        extract) echo extract.h ;; charset) echo charset.h ;; prescan) echo prescan.h ;;
        warc) echo warc.h ;; http) echo http.h ;; proto) echo proto.h ;; config) echo config.h ;;
        *) echo "$1.h" ;;
    esac
}

for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    t=$(basename "$src" .c)
    t=${t#fuzz_}
    h=$(header_of "$t")
    if [ ! -f "include/winnow/$h" ]; then
        echo "ok - fuzz_regress $t # SKIP include/winnow/$h not written yet"
        continue
    fi
    bin="$tmp/fuzz_$t"
    # shellcheck disable=SC2086
    if ! $CC -std=c11 -D_GNU_SOURCE -O1 -g -Iinclude $PKG_CFLAGS $SAN -o "$bin" tests/fuzz/driver.c "$src" \
        "$LIB" $PKG_LIBS $LANG_LIBS -lm >"$tmp/cc.log" 2>&1; then
        echo "not ok - fuzz_regress $t: does not compile or link"
        sed 's/^/# /' "$tmp/cc.log" | head -20
        continue
    fi
    n=0
    bad=""
    for f in tests/fuzz/seeds/"$t"/* tests/fuzz/regress/"$t"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        "$bin" "$f" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        if [ $rc -ne 0 ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
            bad="$bad $f(exit $rc)"
            echo "# $f: exit $rc" >&2
            grep -E 'ERROR:|SUMMARY:|runtime error|contract check|#[0-9] ' "$tmp/err" | head -12 | sed 's/^/#   /' >&2
        fi
    done
    if [ -n "$bad" ]; then
        echo "not ok - fuzz_regress $t: crashed on$bad"
    else
        echo "ok - fuzz_regress $t: $n inputs"
    fi
done
exit 0
