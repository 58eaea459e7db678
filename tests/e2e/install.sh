#!/bin/sh
# install.sh -- libwinnow installs like a C library.
#
# `make install DESTDIR=stage PREFIX=/usr` from the build under test lays out
# the tool, libwinnow.so.N (soname, links), libwinnow.a, the headers,
# winnow.pc and the man pages; tests/install/wn_hello.c is built against the
# staging tree with `pkg-config --cflags --libs winnow` (and statically with
# --static) and run; the shared object exports exactly the functions
# include/winnow/ declares (WN_EXPORT), and only wn_ names; `winnow
# --version`, pkg-config's version and wn_version() agree; make uninstall
# leaves nothing behind; user CFLAGS on the make command line add to the
# project's flags.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${WINNOW_BUILD:-build}
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
stage="$tmp/stage"
san=
progflags=
if [ -n "$WINNOW_SANITIZED" ]; then
    san=SAN=1
    progflags="-fsanitize=address,undefined"
fi

ok() { echo "ok - install: $1"; }
nok() { echo "not ok - install: $1"; }
check() { # name command...
    name=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then ok "$name"; else nok "$name"; sed 's/^/# /' "$tmp/out" | tail -15; fi
}

# MAKEFLAGS from an outer make (jobserver, -s) would leak in; this make is ours.
unset MAKEFLAGS MFLAGS MAKELEVEL
check "make install DESTDIR PREFIX=/usr" $MAKE --no-print-directory BUILD="$BUILD" $san DESTDIR="$stage" PREFIX=/usr install

ver=$(sed -n 's/^#define WN_VERSION_STRING "\(.*\)"/\1/p' include/winnow/version.h)
major=${ver%%.*}
missing=
for f in usr/bin/winnow "usr/lib/libwinnow.so.$ver" usr/lib/libwinnow.a usr/lib/pkgconfig/winnow.pc \
    usr/share/man/man1/winnow.1 usr/share/man/man5/pipeline.conf.5; do
    [ -f "$stage/$f" ] || missing="$missing $f"
done
for f in include/winnow/*.h; do [ -f "$stage/usr/$f" ] || missing="$missing usr/$f"; done
[ "$(readlink "$stage/usr/lib/libwinnow.so.$major")" = "libwinnow.so.$ver" ] || missing="$missing libwinnow.so.$major"
[ "$(readlink "$stage/usr/lib/libwinnow.so")" = "libwinnow.so.$major" ] || missing="$missing libwinnow.so"
if [ -z "$missing" ]; then ok "tree complete (tool, .so.$ver + links, .a, headers, .pc, man pages)"
else nok "tree complete"; echo "# missing:$missing"; fi

soname=$(readelf -d "$stage/usr/lib/libwinnow.so.$ver" 2>/dev/null | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
if [ "$soname" = "libwinnow.so.$major" ]; then ok "soname $soname"; else nok "soname '$soname'"; fi

# Only the wn_ API is exported, and all of it: every function a public
# header declares (static inline helpers aside) is marked WN_EXPORT and
# present in the dynamic symbol table.
nm -D --defined-only "$stage/usr/lib/libwinnow.so.$ver" | awk '{print $3}' | sort -u >"$tmp/exported"
other=$(grep -vc '^wn_' "$tmp/exported")
if [ "$other" -eq 0 ] && [ -s "$tmp/exported" ]; then ok "only wn_ symbols exported ($(wc -l <"$tmp/exported") functions)"
else nok "$other exported symbols without the wn_ prefix"; grep -v '^wn_' "$tmp/exported" | head | sed 's/^/# /'; fi
unmarked=$(grep -n '^[A-Za-z_].*\bwn_[a-z0-9_]*(' include/winnow/*.h | grep -v ':WN_EXPORT \|:static \|:typedef \|:#')
if [ -z "$unmarked" ]; then ok "every public declaration is marked WN_EXPORT"
else nok "public declarations without WN_EXPORT"; echo "$unmarked" | sed 's/^/# /'; fi
grep -h -A3 '^WN_EXPORT' include/winnow/*.h | tr '\n' ' ' | grep -o 'wn_[a-z0-9_]*(' | tr -d '(' | sort -u >"$tmp/declared"
notexp=$(comm -23 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
if [ -z "$notexp" ]; then ok "every declared function is in libwinnow.so ($(wc -l <"$tmp/declared") declared)"
else nok "declared but not exported: $notexp"; fi

# A program built with pkg-config against the staging tree.
export PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
pcflags=$(pkg-config --cflags --libs winnow 2>"$tmp/pcerr")
if [ $? -eq 0 ] && [ -n "$pcflags" ]; then ok "pkg-config --cflags --libs winnow: $pcflags"
else nok "pkg-config winnow"; sed 's/^/# /' "$tmp/pcerr"; fi
cc=${CC:-cc}
# shellcheck disable=SC2086
check "cc wn_hello.c \$(pkg-config --cflags --libs winnow)" \
    $cc -std=c11 -Wall -Werror $progflags -o "$tmp/wn_hello" tests/install/wn_hello.c $pcflags
LD_LIBRARY_PATH="$stage/usr/lib" "$tmp/wn_hello" >"$tmp/hello.out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/hello.out"
if [ $rc -eq 0 ] && grep -q '^title: Hello from libwinnow$' "$tmp/hello.out" && grep -q '^text: This paragraph' "$tmp/hello.out"
then ok "wn_hello runs against the installed libwinnow.so"; else nok "wn_hello exited $rc"; fi
libpath=$(LD_LIBRARY_PATH="$stage/usr/lib" ldd "$tmp/wn_hello" 2>/dev/null | sed -n 's/.*libwinnow\.so[^ ]* => \([^ ]*\).*/\1/p')
case $libpath in
    "$stage"/usr/lib/libwinnow.so.$major) ok "wn_hello loads $libpath" ;;
    *) nok "wn_hello loads '$libpath', not the staged libwinnow.so.$major" ;;
esac
# libwinnow.a with the dynamic libraries winnow.pc requires and its
# Libs.private (CLD2, libstdc++, libm) (--static would also want the static
# archives of libcurl's own dependencies).
reqs=$(pkg-config --print-requires-private winnow | awk '{print $1}' | tr '\n' ' ')
# shellcheck disable=SC2086
check "static libwinnow.a + winnow.pc's Requires.private" \
    $cc -std=c11 -Wall -Werror $progflags -o "$tmp/wn_hello_static" tests/install/wn_hello.c \
    $(pkg-config --cflags winnow) "$stage/usr/lib/libwinnow.a" $(pkg-config --libs $reqs) \
    $(sed -n 's/^Libs.private: //p' "$(pkg-config --path winnow)")
check "static wn_hello runs" "$tmp/wn_hello_static"

tool=$("$stage/usr/bin/winnow" --version)
lib=$(sed -n 's/^library \([^,]*\),.*/\1/p' "$tmp/hello.out")
pcver=$(pkg-config --modversion winnow)
if [ "$tool" = "winnow $ver" ] && [ "$lib" = "$ver" ] && [ "$pcver" = "$ver" ]; then
    ok "versions agree: '$tool', wn_version() $lib, winnow.pc $pcver"
else nok "versions differ: '$tool', wn_version() '$lib', winnow.pc '$pcver', header $ver"; fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# The Python module installs beside them (make install-python), for Debian's python3.
if [ -x /usr/bin/python3 ] && [ -n "$(ls "$BUILD"/python/winnow*.so 2>/dev/null)" ]; then
    check "make install-python" $MAKE --no-print-directory BUILD="$BUILD" $san DESTDIR="$stage" PREFIX=/usr install-python
    pre=
    [ -n "$WINNOW_SANITIZED" ] && pre="$(${CC:-cc} -print-file-name=libasan.so):$(${CC:-cc} -print-file-name=libubsan.so)"
    pyver=$(LD_PRELOAD="$pre" ASAN_OPTIONS=detect_leaks=0 PYTHONPATH="$stage/usr/lib/python3/dist-packages" \
        /usr/bin/python3 -c 'import winnow; print(winnow.__version__, winnow.__file__)' 2>&1)
    case $pyver in
        "$ver $stage/usr/lib/python3/dist-packages/winnow"*) ok "installed Python module imports: $pyver" ;;
        *) nok "installed Python module: $pyver" ;;
    esac
    check "make uninstall-python" $MAKE --no-print-directory BUILD="$BUILD" $san DESTDIR="$stage" PREFIX=/usr uninstall-python
    rmdir -p "$stage/usr/lib/python3/dist-packages" 2>/dev/null
fi

check "make uninstall" $MAKE --no-print-directory BUILD="$BUILD" $san DESTDIR="$stage" PREFIX=/usr uninstall
left=$(find "$stage" -type f -o -type l)
if [ -z "$left" ]; then ok "uninstall leaves no file"; else nok "uninstall left files"; echo "$left" | sed 's/^/# /'; fi

# make CFLAGS=... adds to the project's flags (it used to replace them and
# lose -Iinclude -Isrc). Two objects compiled into a scratch build dir.
check "make CFLAGS='-O0 -DWN_USER_FLAG' builds" $MAKE --no-print-directory BUILD="$tmp/b" \
    CFLAGS="-O0 -DWN_USER_FLAG" LDFLAGS="-Wl,-O1" "$tmp/b/obj/src/cli/main.o" "$tmp/b/obj/src/base/buf.o"
if grep -q -- '-Iinclude.*-DWN_USER_FLAG' "$tmp/out" && grep -q -- '-fPIC' "$tmp/out"; then
    ok "user CFLAGS come after the project's, library objects are -fPIC"
else nok "compile lines"; sed 's/^/# /' "$tmp/out"; fi
