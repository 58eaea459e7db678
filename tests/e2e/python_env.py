"""python_env.py -- import the winnow module under test (a helper for the
tests/e2e/python_*.py tests, not a test: run directly it does nothing).

    import python_env
    winnow = python_env.load()   # or exits with a TAP SKIP line

The module is built for Debian's python3 (/usr/bin/python3, where
python3-distributed lives); a test started by another python3 (pyenv, a
venv: tests/run.sh runs whatever `python3` is first in PATH) re-executes
itself with Debian's. The module is taken from $WINNOW_BUILD/python
(default build/python). Under an ASan+UBSan build the sanitizer runtimes
are preloaded into the interpreter (leak detection off: CPython keeps
memory to the end by design), so the C extension runs sanitized.
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEB_PYTHON = os.environ.get("DEB_PYTHON", "/usr/bin/python3")
BUILD = os.path.join(ROOT, os.environ.get("WINNOW_BUILD", "build"))
SANITIZED = os.environ.get("WINNOW_SANITIZED") == "1"


def _runtime(name):
    cc = os.environ.get("CC", "cc")
    try:
        p = subprocess.run([cc, "-print-file-name=" + name], capture_output=True, text=True, timeout=30)
        path = p.stdout.strip()
        return path if os.path.isabs(path) and os.path.exists(path) else None
    except (OSError, subprocess.SubprocessError):
        return None


def load(name="python"):
    """Returns the imported winnow module, re-executing the test if needed."""
    want_preload = None
    if SANITIZED:
        libs = [_runtime("libasan.so"), _runtime("libubsan.so")]
        if all(libs):
            want_preload = ":".join(libs)
    if os.path.realpath(sys.executable) != os.path.realpath(DEB_PYTHON) or (
            want_preload and os.environ.get("LD_PRELOAD") != want_preload):
        if not os.path.exists(DEB_PYTHON):
            print("ok - %s # SKIP no %s (Debian's python3)" % (name, DEB_PYTHON))
            sys.exit(0)
        env = dict(os.environ)
        env.pop("PYTHONHOME", None)
        env.pop("PYTHONPATH", None)
        if want_preload:
            env["LD_PRELOAD"] = want_preload
            env["ASAN_OPTIONS"] = "detect_leaks=0:" + env.get("ASAN_OPTIONS", "")
        sys.stdout.flush()
        os.execve(DEB_PYTHON, [DEB_PYTHON] + sys.argv, env)
    sys.path.insert(0, os.path.join(BUILD, "python"))
    import winnow  # noqa: E402
    return winnow


if __name__ == "__main__":
    pass
