#!/bin/sh
# same.sh [REF] -- is the extraction output of this tree byte-identical to REF's?
#
# Builds REF (default HEAD, i.e. the last commit against the working tree)
# from `git archive` into $SAME_CACHE/<sha> (kept, so a second call is
# quick), builds this tree, then runs both `winnow extract` binaries over
# every page of ../shared/eval (SHARED=dir) and every golden page of
# corpus/pages, in three settings:
#   text       --format text
#   markdown   --format markdown --links --images
#   json       --format json --comments
# and compares the JSON record of every page (text, metadata, every field).
# Prints "same: N pages x 3 formats, D differ" and, per format, the first
# differing ids; exits 0 only when nothing differs.
#   SAME_EVERY=K   only every K-th dev page (quick look; the proof is K=1)
#   SAME_JOBS=J    parallel extract processes (default 2)
#   WINNOW_NEW=bin compare this binary instead of building the tree's
set -eu
cd "$(dirname "$0")/.."
ref=${1:-HEAD}
shared=${SHARED:-../shared}
cache=${SAME_CACHE:-/tmp/winnow-same}
jobs=${SAME_JOBS:-2}
every=${SAME_EVERY:-1}
sha=$(git rev-parse --verify "$ref^{commit}")
base="$cache/$sha"
if [ ! -x "$base/build/winnow" ]; then
    echo "same: building $ref ($sha) in $base" >&2
    rm -rf "$base"
    mkdir -p "$base"
    git archive --format=tar "$sha" | tar -x -C "$base"
    make -C "$base" --no-print-directory -j"$jobs" build/winnow >"$base.log" 2>&1 ||
        { echo "same: cannot build $ref (see $base.log)" >&2; exit 2; }
fi
if [ -n "${WINNOW_NEW:-}" ]; then
    new=$WINNOW_NEW
else
    make --no-print-directory -j"$jobs" build/winnow >/dev/null
    new=$PWD/build/winnow
fi
old=$base/build/winnow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ls "$shared"/eval/pages/*.html.gz 2>/dev/null | awk -v k="$every" 'NR % k == 0' >"$tmp/pages"
ls corpus/pages/*.html >>"$tmp/pages"
split -l 60 "$tmp/pages" "$tmp/batch."

run() { # binary tag flags...
    bin=$1 tag=$2
    shift 2
    # shellcheck disable=SC2016
    ls "$tmp"/batch.* | grep -v '\.jsonl$' |
        xargs -P "$jobs" -I{} sh -c 'b=$1 f=$2 t=$3; shift 3; xargs "$b" extract "$@" <"$f" >"$f.$t.jsonl" 2>/dev/null; exit 0' \
            sh "$bin" {} "$tag" "$@"
    cat "$tmp"/batch.*."$tag".jsonl >"$tmp/$tag.jsonl"
}
for side in old new; do
    eval bin=\$$side
    run "$bin" "$side-text" --format text
    run "$bin" "$side-markdown" --format markdown --links --images
    run "$bin" "$side-json" --format json --comments
done

python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]
def load(tag):
    out = {}
    for line in open("%s/%s.jsonl" % (tmp, tag), encoding="utf-8", errors="surrogateescape"):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        out[rec.get("id")] = line
    return out
total = 0
bad = 0
pages = 0
for fmt in ("text", "markdown", "json"):
    a, b = load("old-" + fmt), load("new-" + fmt)
    ids = sorted(set(a) | set(b))
    pages = max(pages, len(ids))
    diff = [i for i in ids if a.get(i) != b.get(i)]
    total += len(ids)
    bad += len(diff)
    print("same: %-8s %d pages, %d differ%s" % (fmt, len(ids), len(diff),
          (": " + " ".join(str(d) for d in diff[:15]) + (" ..." if len(diff) > 15 else "")) if diff else ""))
print("same: %d pages x 3 formats, %d differ" % (pages, bad))
sys.exit(1 if bad else 0)
EOF
