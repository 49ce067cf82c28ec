#!/bin/bash
# The program and library configure and build with glib, libpcap and libnl
# alone: cmocka's and zlib's .pc files are hidden from pkg-config (a
# pkg-config path holding every other .pc file of this machine), CMake must
# say that tests and examples are left out, and the nspath it builds runs
# the router example.
# usage: build_minimal.sh SOURCE_DIR
set -u
src=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pc"
IFS=: read -ra dirs <<<"$(pkg-config --variable pc_path pkg-config)"
for d in "${dirs[@]}"; do
  for pc in "$d"/*.pc; do
    [[ -e $pc ]] || continue
    case ${pc##*/} in cmocka.pc|zlib.pc) continue ;; esac
    [[ -e $work/pc/${pc##*/} ]] || ln -s "$pc" "$work/pc/"
  done
done
export PKG_CONFIG_LIBDIR=$work/pc PKG_CONFIG_PATH=
pkg-config --exists cmocka && { echo "FAIL cmocka still visible"; exit 1; }
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; echo "FAIL configure without cmocka"; exit 1; }
grep -q "without tests and examples" "$work/configure.log" ||
  { cat "$work/configure.log"; echo "FAIL CMake does not say the tests are left out"; exit 1; }
nice cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; echo "FAIL build without cmocka"; exit 1; }
out=$("$work/build/nspath" run --no-capture "$src/examples/03-router.sh" 2>&1)
grep -q '^64 bytes from 198.51.100.1: icmp_seq=3 ttl=63' <<<"$out" ||
  { echo "$out"; echo "FAIL the minimal build's nspath"; exit 1; }
echo "ok nspath and libnspath build without cmocka and zlib"
