#!/bin/sh
# golden.sh -- hold `winnow extract` to the hand-written corpus.
#
# For every corpus/pages/<case>.html with a <case>.expected.txt: run
# `$WINNOW extract --format text` (with --content-type from <case>.headers
# when it has one), normalise both sides (strip each line, collapse runs of
# whitespace incl. no-break spaces, drop blank lines) and compare. Cases with
# a <case>.expected-comments.txt also compare the "comments" field of
# `--comments --format json`. Prints "ok - golden <case>" or "not ok - golden
# <case>" followed by the first lines of a unified diff, prefixed "# ".
# Then runs tests/seed_check.py if present.
cd "$(dirname "$0")/../.." || exit 2
WINNOW=${WINNOW:-$PWD/build/winnow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

norm() { # file -> normalised on stdout
    python3 -c '
import sys
for line in open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines():
    line = " ".join(line.split())
    if line:
        print(line)
' "$1"
}

fails=0
for page in corpus/pages/*.html; do
    [ -f "$page" ] || continue
    case=$(basename "$page" .html)
    exp="corpus/pages/$case.expected.txt"
    [ -f "$exp" ] || continue
    hdr="corpus/pages/$case.headers"
    ct=
    if [ -f "$hdr" ]; then
        ct=$(sed -n 's/^[Cc]ontent-[Tt]ype:[ 	]*//p' "$hdr" | head -1 | tr -d '\r')
    fi
    if [ -n "$ct" ]; then
        "$WINNOW" extract --format text --content-type "$ct" "$page" >"$tmp/out" 2>"$tmp/err"
    else
        "$WINNOW" extract --format text "$page" >"$tmp/out" 2>"$tmp/err"
    fi
    rc=$?
    norm "$exp" >"$tmp/want"
    norm "$tmp/out" >"$tmp/got"
    if [ $rc -ne 0 ]; then
        echo "not ok - golden $case"
        echo "# exit $rc: $(head -c 300 "$tmp/err")"
        fails=$((fails + 1))
    elif cmp -s "$tmp/want" "$tmp/got"; then
        echo "ok - golden $case"
    else
        echo "not ok - golden $case"
        diff -u "$tmp/want" "$tmp/got" | sed -n '3,32p' | sed 's/^/# /'
        fails=$((fails + 1))
    fi
    cexp="corpus/pages/$case.expected-comments.txt"
    if [ -f "$cexp" ]; then
        if [ -n "$ct" ]; then
            "$WINNOW" extract --format json --comments --content-type "$ct" "$page" >"$tmp/json" 2>/dev/null
        else
            "$WINNOW" extract --format json --comments "$page" >"$tmp/json" 2>/dev/null
        fi
        python3 -c '
import json, sys
rec = json.loads(open(sys.argv[1], encoding="utf-8").readline() or "{}")
open(sys.argv[2], "w", encoding="utf-8").write(rec.get("comments") or "")
' "$tmp/json" "$tmp/cout" 2>/dev/null || : >"$tmp/cout"
        norm "$cexp" >"$tmp/cwant"
        norm "$tmp/cout" >"$tmp/cgot"
        if cmp -s "$tmp/cwant" "$tmp/cgot"; then
            echo "ok - golden $case comments"
        else
            echo "not ok - golden $case comments"
            diff -u "$tmp/cwant" "$tmp/cgot" | sed -n '3,32p' | sed 's/^/# /'
            fails=$((fails + 1))
        fi
    fi
done

if [ -f tests/seed_check.py ]; then
    python3 tests/seed_check.py "$WINNOW" | grep -E '^(not )?ok ' || fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
