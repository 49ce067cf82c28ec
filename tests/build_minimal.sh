#!/bin/bash
# The program and library configure and build with their build dependencies
# alone: the .pc files of cmocka and Graphviz are hidden from pkg-config (a
# pkg-config path holding every other .pc file of this machine) and
# libwiretap's folders from CMake's find_*; CMake must say what is left
# out, the nspath it builds runs the router example, and graph and --pcapng
# say what they would need.  zlib's .pc stays: json-glib's gio-2.0.pc
# requires it, and on Debian libglib2.0-dev depends on zlib1g-dev, so no
# machine that builds nspath lacks it.
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
    case ${pc##*/} in cmocka.pc|libgvc.pc|libcgraph.pc) continue ;; esac
    [[ -e $work/pc/${pc##*/} ]] || ln -s "$pc" "$work/pc/"
  done
done
export PKG_CONFIG_LIBDIR=$work/pc PKG_CONFIG_PATH=
pkg-config --exists cmocka && { echo "FAIL cmocka still visible"; exit 1; }
wiretap=$(dirname "$(find /usr/lib /usr/lib64 -name 'libwiretap.so*' 2>/dev/null | head -1)")
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      "-DCMAKE_IGNORE_PATH=/usr/include/wireshark;$wiretap" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; echo "FAIL configure without cmocka"; exit 1; }
for what in "without tests and examples" "nspath graph and report are left out" "--pcapng is left out"; do
  grep -q -- "$what" "$work/configure.log" ||
    { cat "$work/configure.log"; echo "FAIL CMake does not say: $what"; exit 1; }
done
nice cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log"; echo "FAIL build without cmocka"; exit 1; }
out=$("$work/build/nspath" run --no-capture "$src/examples/03-router.sh" 2>&1)
grep -q '^64 bytes from 198.51.100.1: icmp_seq=3 ttl=63' <<<"$out" ||
  { echo "$out"; echo "FAIL the minimal build's nspath"; exit 1; }
out=$("$work/build/nspath" graph "$src/examples/03-router.sh" 2>&1)
[[ $? -eq 2 && $out == *"built without Graphviz"* ]] || { echo "$out"; echo "FAIL graph without Graphviz"; exit 1; }
out=$("$work/build/nspath" run --no-capture --pcapng "$work/x.pcapng" "$src/examples/03-router.sh" 2>&1 >/dev/null)
[[ $out == *"libwiretap-dev"* ]] || { echo "$out"; echo "FAIL --pcapng without libwiretap"; exit 1; }
echo "ok nspath and libnspath build with their build dependencies alone"
