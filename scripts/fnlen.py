#!/usr/bin/env python3
"""fnlen.py FILE... -- the longest C functions: lines from the line that
opens a function definition (at column 0, ending in '{') to its closing '}'
at column 0, comments and blank lines included. Prints the N longest (N =
$FNLEN_TOP, default 10) as "lines file:line name"."""
import os, re, sys
rows = []
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", l)
        if m and not l.startswith(("typedef", "#")) and not l.rstrip().endswith(";"):
            j = i
            while j < len(lines) and not lines[j].rstrip().endswith("{") and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j].rstrip().endswith("{") and "=" not in lines[i].split("(")[0]:
                k = j + 1
                while k < len(lines) and lines[k] != "}":
                    k += 1
                rows.append((k - i + 1, path, i + 1, m.group(1)))
                i = k
        i += 1
rows.sort(reverse=True)
for n, p, ln, name in rows[: int(os.environ.get("FNLEN_TOP", "10"))]:
    print("%5d %s:%d %s" % (n, p, ln, name))
