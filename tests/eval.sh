#!/bin/sh
# eval.sh WINNOW EVAL_DIR [score.py options...] -- extraction quality on the dev set.
#
# Runs `WINNOW extract --format json` over EVAL_DIR/pages/*.html.gz (in
# parallel batches; EVAL_JOBS, default 4) into a temporary JSON Lines file
# and prints the scorer's figures. Extra arguments go to score.py (e.g.
# --json, --per-page FILE). EVAL_KEEP=FILE keeps the predictions.
# EXTRACT_FLAGS adds options to every extract (e.g. --host-memory);
# EVAL_BATCH sets the pages per extract process (default 40; cross-page
# options only see the pages of their own batch).
# Without --json, the page-type accuracy and confusion matrix follow
# (tests/pagetype_eval.py).
# EVAL_EXPLAIN=DIR then explains the worst pages (tests/eval_explain.py):
# for the EVAL_WORST (default 20) worst pages of kind EVAL_KIND (snippets,
# wcxb, text; default any) and WCXB page type EVAL_TYPE (default any), the
# pass that dropped each missed `with` snippet and kept each `without` one,
# in DIR/summary.txt, with each page's explanation (DIR/<id>.json, .html).
# Exits 2 if the binary or the dev set is missing, else score.py's status.
bin=${1:-build/winnow}
dir=${2:-../shared/eval}
shift 2 2>/dev/null
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
    echo "eval.sh: $bin: no such binary (run make build)" >&2
    exit 2
fi
if [ ! -d "$dir/pages" ] || [ ! -f "$dir/score.py" ]; then
    echo "eval.sh: $dir: no dev set (pages/ and score.py)" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
jobs=${EVAL_JOBS:-4}
# One extract process per batch of 40 pages; each writes its own file.
ls "$dir"/pages/*.html.gz | split -l "${EVAL_BATCH:-40}" - "$tmp/batch."
# shellcheck disable=SC2016
ls "$tmp"/batch.* | xargs -P "$jobs" -I{} sh -c 'xargs "$0" extract $EXTRACT_FLAGS --format json <"$1" >"$1.jsonl" 2>"$1.err"; exit 0' "$bin" {}
cat "$tmp"/batch.*.jsonl >"$tmp/pred.jsonl"
if [ -n "$EVAL_KEEP" ]; then cp "$tmp/pred.jsonl" "$EVAL_KEEP"; fi
python3 "$dir/score.py" "$tmp/pred.jsonl" "$@"
rc=$?
if [ -n "$EVAL_EXPLAIN" ]; then
    python3 "$(dirname "$0")/eval_explain.py" --winnow "$bin" --eval "$dir" --pred "$tmp/pred.jsonl" \
        --out "$EVAL_EXPLAIN" --kind "${EVAL_KIND:-}" --type "${EVAL_TYPE:-}" --worst "${EVAL_WORST:-20}" || rc=1
fi
case " $* " in
    *" --json "*) ;;
    *) python3 "$(dirname "$0")/pagetype_eval.py" "$tmp/pred.jsonl" "$dir/truth.jsonl" ;;
esac
exit $rc
