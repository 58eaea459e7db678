#!/bin/sh
# deps.sh -- install the Debian packages winnow needs, if any are missing.
# As root: apt-get update, then apt-get install. Otherwise: print the exact
# command and fail, so the build does not go on with half the libraries.
PKGS="gcc clang make pkg-config python3 python3-zmq python3-dev python3-distributed gzip time iproute2 valgrind chromium
libgumbo-dev libcurl4-openssl-dev zlib1g-dev libzmq3-dev libinih-dev
libuchardet-dev libjansson-dev libcmocka-dev libssl-dev libclang-rt-14-dev libisal-dev libbrotli-dev
g++ libcld2-dev iso-codes cmark-gfm python3-html5lib nodejs"

missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends $missing && exit 0
    echo "deps: apt-get install failed" >&2
    exit 1
fi
echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
exit 1
