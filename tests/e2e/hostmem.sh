#!/bin/sh
# hostmem.sh -- `winnow extract --host-memory`: a "What's Hot" block that the
# structural rules keep (it sits inside the article container) is dropped
# once it has been seen on 3 earlier pages of the same host, not before, not
# on another host; the article text stays; same input order, same output.
# Pages are generated here (the golden corpus has one page per host).
cd "$(dirname "$0")/../.." || exit 2
WINNOW=${WINNOW:-$PWD/build/winnow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

page() { # file host n
    cat >"$1" <<EOF
<!doctype html><html lang="en"><head><title>Story $3 - The Herald</title>
<link rel="canonical" href="https://www.$2/news/story-$3"></head>
<body><div class="wrap"><div class="content"><h1>Story $3: the river rises</h1>
<p>The river rose $3$3 centimetres overnight, the council said on Tuesday, and roads near the old stone bridge were closed until further notice. Residents were asked to stay away from the banks.</p>
<p>Engineers from the regional water authority inspected the embankment at dawn ($3), and a spokesperson said the defences were holding, although heavy rain is forecast for the weekend.</p>
<div class="hotbox"><h3>What's Hot</h3>
<p>Ten things you never knew about the ducks of Mill Pond, ranked.</p>
<p>The best toasters of the year, tested by our readers at home.</p></div>
</div></div></body></html>
EOF
}
for i in 1 2 3 4 5; do page "$tmp/a$i.html" valleyherald.example "$i"; done
page "$tmp/b1.html" otherpaper.example 9
files="$tmp/a1.html $tmp/a2.html $tmp/a3.html $tmp/a4.html $tmp/b1.html $tmp/a5.html"

# shellcheck disable=SC2086
"$WINNOW" extract --format json $files >"$tmp/off.jsonl" 2>"$tmp/off.err"
rc1=$?
# shellcheck disable=SC2086
"$WINNOW" extract --format json --host-memory $files >"$tmp/on.jsonl" 2>"$tmp/on.err"
rc2=$?
# shellcheck disable=SC2086
"$WINNOW" extract --format json --host-memory=3 $files >"$tmp/on2.jsonl" 2>>"$tmp/on.err"
rc3=$?
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ] || [ $rc3 -ne 0 ]; then
    echo "not ok - hostmem extract exited $rc1/$rc2/$rc3"
    sed 's/^/# /' "$tmp/off.err" "$tmp/on.err" | tail -10
    exit 1
fi
if "$WINNOW" extract --host-memory=x "$tmp/a1.html" >/dev/null 2>&1; then
    echo "not ok - hostmem bad --host-memory value accepted"
else
    echo "ok - hostmem bad --host-memory value refused"
fi
if cmp -s "$tmp/on.jsonl" "$tmp/on2.jsonl"; then
    echo "ok - hostmem same input order, same output"
else
    echo "not ok - hostmem same input order, same output"
fi
python3 - "$tmp/off.jsonl" "$tmp/on.jsonl" <<'EOF'
import json, sys
off = [json.loads(l) for l in open(sys.argv[1])]
on = [json.loads(l) for l in open(sys.argv[2])]
bad = 0
def check(name, cond):
    global bad
    print(("ok - hostmem %s" if cond else "not ok - hostmem %s") % name)
    bad += not cond
check("6 pages out", len(off) == 6 and len(on) == 6)
if len(on) == 6:
    ids = [d["id"] for d in on]
    hot = lambda d: "What's Hot" in d["text"] or "toasters" in d["text"]
    check("block kept without --host-memory", all(hot(d) for d in off))
    check("block kept on the first 3 pages of a host", all(hot(on[i]) for i in range(3)))
    check("block dropped from the 4th page of the host on", not hot(on[3]) and not hot(on[5]))
    check("block kept on another host", hot(on[4]))
    check("article text stays", all("river rose" in d["text"] and "embankment" in d["text"] for d in on))
    check("pages without the block unchanged", all(on[i]["text"] == off[i]["text"] for i in (0, 1, 2, 4)))
    if bad:
        for d in on:
            print("# %s %r" % (d["id"], d["text"][-100:]))
sys.exit(1 if bad else 0)
EOF
status=$?

# The worker path: `winnow run` with one worker and [extract] host_memory = 3
# (one worker: tasks arrive in the order given, so the output is fixed).
ep=$(mktemp -d /tmp/wnhm-XXXXXX) # short: ipc paths are limited to ~107 bytes
trap 'rm -rf "$tmp" "$ep"' EXIT INT TERM
mkdir "$tmp/site"
for i in 1 2 3 4 5; do cp "$tmp/a$i.html" "$tmp/site/a$i.html"; done
printf '[extract]\nhost_memory = -1\n' >"$tmp/bad.conf"
if timeout 60 "$WINNOW" run -q --config "$tmp/bad.conf" -o pipeline.tasks="ipc://$ep/t" -o pipeline.results="ipc://$ep/r" \
    -o pipeline.acks="ipc://$ep/a" --workers 1 --output "$tmp/bad.jsonl" "$tmp/site" >/dev/null 2>&1; then
    echo "not ok - hostmem pipeline.conf host_memory = -1 accepted"
    status=1
else
    echo "ok - hostmem pipeline.conf host_memory = -1 refused"
fi
: >"$tmp/empty.conf"
timeout 120 "$WINNOW" run -q --config "$tmp/empty.conf" -o pipeline.tasks="ipc://$ep/t" -o pipeline.results="ipc://$ep/r" \
    -o pipeline.acks="ipc://$ep/a" -o extract.host_memory=3 --workers 1 --output "$tmp/run.jsonl" \
    "$tmp/site/a1.html" "$tmp/site/a2.html" "$tmp/site/a3.html" "$tmp/site/a4.html" "$tmp/site/a5.html" \
    >/dev/null 2>"$tmp/run.err"
rc=$?
if [ $rc -ne 0 ]; then
    echo "not ok - hostmem worker with host_memory = 3 (run exited $rc)"
    sed 's/^/# /' "$tmp/run.err" | tail -10
    exit 1
fi
python3 - "$tmp/run.jsonl" <<'EOF2' || status=1
import json, sys
recs = sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda r: r.get("id", ""))
hot = ["What's Hot" in (r.get("text") or "") for r in recs]
ok = len(recs) == 5 and hot == [True, True, True, False, False] and all("river rose" in r["text"] for r in recs)
print(("ok" if ok else "not ok") + " - hostmem worker with host_memory = 3 drops the block from the 4th page")
if not ok:
    print("# %d records, block kept: %s" % (len(recs), hot))
sys.exit(0 if ok else 1)
EOF2
exit $status
